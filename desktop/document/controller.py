"""The open exam for the whole window: an ExamDocument, the QUndoStack that mirrors its history, and one signal.

Every edit from any widget goes through :meth:`ExamController.apply` (or a begin/end group for a paint
stroke). The document records the undo step and announces it; this controller pushes one QUndoCommand per
announced step (see the pairing rules in ``bodymaps.exam.document``). Undo and redo go only through the
stack. Views listen to :attr:`ExamController.changed` and recompute; they never edit the exam directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from bodymaps.exam import Change, ExamDocument

if TYPE_CHECKING:
    from bodymaps.exam.edits import Edit


def marks_only(change: object) -> bool:
    """Whether a change (``Change``) only marked or cleared zones of the body: the exam's other panels (grids,
    checklists, header, notes) have nothing to show for it (a click on the body skips their refresh)."""
    return _zones_only(getattr(change, "edit", None))


def _zones_only(edit: object) -> bool:
    from bodymaps.exam.edits import Macro, SetZoneFinding  # imported by the first edit (start-up: 6 ms)

    if isinstance(edit, SetZoneFinding):
        return True
    return isinstance(edit, Macro) and bool(edit.edits) and all(_zones_only(e) for e in edit.edits)


class _StepCommand(QUndoCommand):
    """One step of the document's history; the first redo is skipped (the edit is already applied)."""

    def __init__(self, document: ExamDocument, text: str) -> None:
        super().__init__(text)
        self._document = document
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._document.redo()

    def undo(self) -> None:
        self._document.undo()


class ExamController(QObject):
    """Owns the current :class:`ExamDocument` and its :class:`QUndoStack`."""

    changed = Signal(object)  # bodymaps.exam.Change, after every change to the exam or its file state
    documentReplaced = Signal()  # a new or opened document replaced the previous one

    def __init__(self, document: ExamDocument | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._document = document or ExamDocument()
        self._unsubscribe = self._document.subscribe(self._on_change)

    @property
    def document(self) -> ExamDocument:
        return self._document

    def set_document(self, document: ExamDocument) -> None:
        """Replace the open document (New, Open, restore); the undo history starts afresh."""
        self._unsubscribe()
        self._document = document
        self._unsubscribe = document.subscribe(self._on_change)
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.documentReplaced.emit()

    # -------------------------------------------------------------------------------------- editing

    def apply(self, edit: Edit) -> bool:
        """Apply one edit (one undo step, or part of the open group); False when it changes nothing."""
        return self._document.apply(edit)

    def begin_group(self, label: str) -> None:
        self._document.begin_group(label)

    def end_group(self) -> None:
        self._document.end_group()

    def cancel_group(self) -> None:
        self._document.cancel_group()

    def undo(self) -> None:
        self.undo_stack.undo()

    def redo(self) -> None:
        self.undo_stack.redo()

    # -------------------------------------------------------------------------------------- notification

    def _on_change(self, change: Change) -> None:
        if change.step is not None:
            self.undo_stack.push(_StepCommand(self._document, change.step.text))
        if change.reason == "saved":
            self.undo_stack.setClean()
        self.changed.emit(change)
