"""Autosave to a recovery file within two seconds of each change, and the offer to restore it after a crash.

Each window writes ``recovery-<pid>-<n>.json`` in a per-user data folder (``BODYMAPS_DATA_HOME`` overrides it;
otherwise ``platformdirs.user_data_dir("BodyMaps")``), atomically and readable by the owner only. The file names
the process that owns it, so two windows never clobber each other and the next start knows which files were
left by a process that is gone (a crash or ``kill -9``). A clean save or close removes the file.

The recovery file keeps the exam (format v1) together with the path it came from and whether it had unsaved
changes, so a restored exam saves back to the same file and nothing is lost.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from bodymaps.exam import Exam, ExamError, exam_to_dict, parse_exam
from bodymaps.files import write_private_atomic

AUTOSAVE_DELAY_MS = 1000  # within two seconds of each change, without writing on every keystroke
FORMAT = "bodymaps.recovery"
_counter = itertools.count(1)


def recovery_dir() -> Path:
    """The per-user folder for recovery files (created 0700 when missing)."""
    override = os.environ.get("BODYMAPS_DATA_HOME")
    if override:
        folder = Path(override)
    else:
        import platformdirs

        folder = Path(platformdirs.user_data_dir("BodyMaps", appauthor=False))
    folder = folder / "recovery"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class Recovered:
    """An exam left behind by a process that did not close cleanly."""

    file: Path
    exam: Exam
    path: str | None  # the exam's own file, if it had one
    saved_at: float

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        name = Path(self.path).name if self.path else "an untitled exam"
        return f"Unsaved changes to {name}, autosaved at {when}."

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.file.unlink()


def find_orphans(folder: Path | None = None) -> list[Recovered]:
    """Recovery files whose process is gone, newest first; unreadable ones are skipped (and left alone)."""
    folder = folder or recovery_dir()
    found = []
    for file in folder.glob("recovery-*.json"):
        try:
            pid = int(file.name.split("-")[1])
        except (IndexError, ValueError):
            continue
        if _pid_alive(pid):
            continue
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                continue
            exam = parse_exam(data["exam"])
        except (OSError, ValueError, KeyError, TypeError, ExamError):
            continue
        found.append(Recovered(file, exam, data.get("path"), float(data.get("saved_at", 0))))
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


class Autosaver(QObject):
    """Writes the controller's exam to this window's recovery file shortly after every change."""

    def __init__(self, controller, parent: QObject | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._folder = folder
        self.file: Path | None = None
        self._name = f"recovery-{os.getpid()}-{next(_counter)}.json"
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_DELAY_MS)
        self.timer.timeout.connect(self.write_now)
        controller.changed.connect(self._on_changed)
        controller.documentReplaced.connect(self._on_replaced)

    def _on_changed(self, change) -> None:
        if change.reason == "saved" or not self._controller.document.modified:
            self.timer.stop()
            self.remove()
        else:
            self.timer.start()

    def _on_replaced(self) -> None:
        self.timer.stop()
        if self._controller.document.modified:
            self.timer.start()
        else:
            self.remove()

    def write_now(self) -> None:
        """Write the recovery file now (the timer's job; tests call it to skip the wait)."""
        self.timer.stop()
        document = self._controller.document
        if not document.modified or document.in_group:
            if document.in_group:
                self.timer.start()  # mid-stroke: try again once the stroke ends
            return
        folder = self._folder or recovery_dir()
        self.file = folder / self._name
        data = {
            "format": FORMAT,
            "version": 1,
            "pid": os.getpid(),
            "saved_at": time.time(),
            "path": str(document.path) if document.path else None,
            "exam": exam_to_dict(document.exam),
        }
        try:
            write_private_atomic(self.file, json.dumps(data, ensure_ascii=False, indent=1))
        except OSError:
            self.file = None  # autosave is best effort; the real save reports its own errors

    def remove(self) -> None:
        """Remove this window's recovery file (clean save, clean close, or nothing left unsaved)."""
        if self.file is not None:
            with contextlib.suppress(OSError):
                self.file.unlink()
            self.file = None
