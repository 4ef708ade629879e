"""New, Open, Save, Save As, recent files, examples and restore: the document's life, for one window.

Every question to the user goes through :mod:`desktop.document.dialogs` (tests replace those functions).
An exam that cannot be opened is refused with the core's ExamError message and the open exam is untouched.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from bodymaps.exam import Exam, ExamDocument, ExamError, ExamInfo
from desktop.document import dialogs, settings


def example_files() -> list[Path]:
    """The bundled example exams (data/examples), found through bodymaps.resources."""
    from bodymaps import resources

    try:
        folder = resources.data_dir() / "examples"
    except resources.DataError:
        return []
    return sorted(folder.glob("*.bodymaps.json"))


def example_title(path: Path) -> str:
    name = path.name.removesuffix(".bodymaps.json").replace("_", " ")
    return name[:1].upper() + name[1:]


class FileOps(QObject):
    titleChanged = Signal(str)
    recentChanged = Signal(list)
    opened = Signal(str)  # a file was opened or saved (path)

    def __init__(self, window, controller, autosaver) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.autosaver = autosaver
        self.display_name: str | None = None  # for a document without a path (an example, a restored exam)
        controller.changed.connect(lambda _c: self._update_title())
        controller.documentReplaced.connect(self._update_title)

    # ------------------------------------------------------------------------------------- state

    @property
    def document(self) -> ExamDocument:
        return self.controller.document

    def name(self) -> str:
        if self.document.path is not None:
            return self.document.path.name
        return self.display_name or "Untitled exam"

    def _update_title(self) -> None:
        self.window.setWindowModified(self.document.modified)
        self.titleChanged.emit(f"{self.name()}[*] — BodyMaps")

    def new_exam(self) -> Exam:
        prefs = settings.load_preferences()
        return Exam(info=ExamInfo(date=dt.date.today().isoformat(), examiner=prefs.examiner or None))

    # ------------------------------------------------------------------------------------- actions

    def commit_pending(self) -> None:
        commit = getattr(self.window, "commit_pending", None)
        if commit is not None:
            commit()

    def maybe_save(self) -> bool:
        """True when it is safe to close or replace the exam (saved, discarded or nothing to save)."""
        self.commit_pending()
        if self.document.in_group:
            self.controller.cancel_group()
        if not self.document.modified:
            return True
        answer = dialogs.ask_save_changes(self.window, self.name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    def _replace(self, document: ExamDocument, display_name: str | None = None) -> None:
        self.display_name = display_name
        self.controller.set_document(document)

    def new(self) -> bool:
        if not self.maybe_save():
            return False
        self._replace(ExamDocument(self.new_exam()))
        return True

    def open(self) -> bool:
        if not self.maybe_save():
            return False
        folder = str(self.document.path.parent) if self.document.path else ""
        path = dialogs.ask_open_path(self.window, folder)
        return self.open_path(path, ask=False) if path else False

    def open_path(self, path: str | Path, ask: bool = True) -> bool:
        """Open a file; an invalid one is refused with a dialog naming the problem and nothing changes."""
        try:
            document = ExamDocument.open(path)  # read first: a broken file never costs the open exam anything
        except ExamError as exc:
            dialogs.show_error(self.window, "Cannot open exam", str(exc))
            return False
        if ask and not self.maybe_save():
            return False
        self._replace(document)
        self._remember(str(Path(path).resolve()))
        return True

    def open_example(self, path: Path) -> bool:
        """An example opens as an untitled copy, so Save never overwrites the bundled file."""
        if not self.maybe_save():
            return False
        try:
            document = ExamDocument.open(path)
        except ExamError as exc:
            dialogs.show_error(self.window, "Cannot open example", str(exc))
            return False
        document.path = None
        self._replace(document, f"{example_title(path)} (example)")
        return True

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        suggested = str(self.document.path) if self.document.path else (
            (self.display_name or "exam").split(" (")[0].replace(" ", "_").lower() + ".bodymaps.json")
        path = dialogs.ask_save_path(self.window, suggested)
        return self._save_to(Path(path)) if path else False

    def _save_to(self, path: Path) -> bool:
        self.commit_pending()
        if self.document.in_group:
            self.controller.cancel_group()
        try:
            self.document.save(path)
        except (OSError, ExamError) as exc:
            dialogs.show_error(self.window, "Cannot save exam", f"{path}: {getattr(exc, 'strerror', None) or exc}")
            return False
        self.display_name = None
        self.autosaver.remove()
        self._remember(str(path.resolve()))
        self._update_title()
        return True

    def _remember(self, path: str) -> None:
        self.recentChanged.emit(settings.add_recent_file(path))
        self.opened.emit(path)

    def restore(self, recovered) -> None:
        """Put autosaved work back: on top of its own file when that still opens, so undo shows the difference."""
        base = None
        if recovered.path:
            try:
                base = ExamDocument.open(recovered.path)
            except ExamError:
                base = ExamDocument(Exam(), recovered.path)
        self._replace(base or ExamDocument(Exam()), None if recovered.path else "Recovered exam")
        from desktop.document.replace_exam import ReplaceExam

        self.controller.apply(ReplaceExam(recovered.exam))
        self.autosaver.write_now()
        recovered.discard()
