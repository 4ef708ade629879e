"""Shared set-up for the desktop tests: a shown main window over the real atlas."""

from __future__ import annotations

from pathlib import Path

from bodymaps.exam import Exam, ExamDocument

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
L5_EXAMPLE = EXAMPLES / "left_l5_radiculopathy.bodymaps.json"
CAUDA_EXAMPLE = EXAMPLES / "cauda_equina_red_flags.bodymaps.json"


def make_window(qtbot, exam: Exam | None = None, path=None, map_id: str | None = None, size=(1366, 768)):
    from bodymaps.atlas import load_atlas
    from desktop.app import make_application
    from desktop.main_window import MainWindow

    make_application()
    document = ExamDocument.open(path) if path is not None else ExamDocument(exam) if exam is not None else None
    window = MainWindow(load_atlas(), document, map_id)
    qtbot.addWidget(window)
    window.resize(*size)
    window.size_docks(size[0])
    window.show()
    qtbot.waitExposed(window)
    return window


def discard_on_close(monkeypatch):
    from desktop.document import dialogs

    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: "discard")


class DialogLog:
    """Every dialog the window tried to show: tests assert on it instead of clicking a real message box."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []  # (function, title, message)

    def titles(self) -> list[str]:
        return [title for _, title, _ in self.shown]


def guard_dialogs(monkeypatch) -> DialogLog:
    """Replace every dialog function: nothing modal can block a test; unsaved work is discarded on close."""
    from desktop.document import dialogs

    log = DialogLog()

    def record(name):
        def show(parent, title, message):
            log.shown.append((name, title, message))

        return show

    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: "discard")
    monkeypatch.setattr(dialogs, "show_error", record("show_error"))
    monkeypatch.setattr(dialogs, "show_info", record("show_info"))
    monkeypatch.setattr(dialogs, "show_about", record("show_about"))
    monkeypatch.setattr(dialogs, "ask_restore", lambda parent, text: False)
    for name in ("ask_open_path", "ask_save_path", "ask_pdf_path", "edit_preferences"):
        monkeypatch.setattr(dialogs, name, lambda *args, _n=name: None)
    return log
