"""Free-text notes: typing is committed as one edit when the typing pauses or the field loses focus."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPlainTextEdit

from bodymaps.exam import ExamError
from desktop.document.controller import marks_only

COMMIT_AFTER_MS = 800


class NotesPanel(QPlainTextEdit):
    def __init__(self, controller, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("notes")
        self.setPlaceholderText("Notes (free text)")
        self.setTabChangesFocus(True)
        self.controller = controller
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COMMIT_AFTER_MS)
        self._timer.timeout.connect(self.commit)
        self.textChanged.connect(self._typed)
        self._refreshing = False
        controller.changed.connect(self.refresh)
        controller.documentReplaced.connect(self.refresh)
        self.refresh()

    def _typed(self) -> None:
        if not self._refreshing:
            self._timer.start()

    def commit(self) -> None:
        """Record the text typed so far as one edit (no edit when nothing changed)."""
        self._timer.stop()
        text = self.toPlainText()
        if text != self.controller.document.exam.notes:
            from bodymaps.exam.edits import SetNotes  # not on the path to the first frame

            with contextlib.suppress(ExamError):  # too long or control characters: left uncommitted, as typed
                self.controller.apply(SetNotes(text))

    def focusOutEvent(self, event) -> None:
        self.commit()
        super().focusOutEvent(event)

    def refresh(self, *args) -> None:
        if args and marks_only(args[0]):
            return
        notes = self.controller.document.exam.notes
        if self._timer.isActive() or self.toPlainText() == notes:
            return
        self._refreshing = True
        self.setPlainText(notes)
        self._refreshing = False
