"""An exam being worked on: the Exam, its file, its undo history and who to tell when it changes. No Qt.

**One history owner.** The document owns the undo history; a GUI's QUndoStack only mirrors it:

- Every new undo step is announced once, as a :class:`Change` whose ``step`` is the recorded edit: an
  ``apply()`` outside a group, or an ``end_group()`` that recorded something (one step for the whole group).
  The GUI pushes one QUndoCommand per announced step; its first ``redo()`` does nothing (the edit is already
  applied), later ``redo()`` calls ``document.redo()`` and ``undo()`` calls ``document.undo()``.
- An edit that changes nothing and an empty group announce no step, so nothing is pushed.
- Undo and redo are then driven only through the stack (Ctrl+Z -> QUndoStack.undo -> command.undo ->
  document.undo), so the stack's index and the document's history never drift. ``tests/test_document_history.py``
  checks the pairing with a small fake stack that behaves like QUndoStack.
- Views and the assessment subscribe and recompute from notifications, never from inside undo code.

**Groups.** A paint stroke spans a mouse press, moves and a release: ``begin_group(label)`` at the press,
``apply()`` per zone (listeners hear each, so the diagram updates live), ``end_group()`` at the release, which
records one step and notifies listeners (``can_undo``/``undo_text`` change then). ``cancel_group()`` rolls
the stroke back (Escape). ``with document.group(label):`` is sugar for begin/end (rolled back if it raises).

**Listeners.** Each listener is called in turn; one that raises does not stop the others nor leave the
document half-notified. Its error goes to :attr:`ExamDocument.on_listener_error` (by default logged with its
traceback); the GUI may replace it to show the error.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from bodymaps.exam.fileformat import load_exam, save_exam
from bodymaps.exam.model import Exam

if TYPE_CHECKING:  # the edits are imported when a group first closes: opening an exam does not need them
    from bodymaps.exam.edits import Edit

Reason = Literal["edit", "group", "undo", "redo", "rollback", "saved"]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    """What a listener is told, after the change happened.

    ``reason``: ``edit`` (an edit was applied), ``group`` (a group ended), ``undo``, ``redo``, ``rollback``
    (a cancelled or failed group's edit was reverted) or ``saved``. ``edit`` is the edit just applied to the
    exam (None for ``group`` and ``saved``). ``step`` is the new undo step this change recorded, or None.
    """

    document: ExamDocument
    reason: Reason
    edit: Edit | None
    step: Edit | None = None


Listener = Callable[[Change], None]


def _log_listener_error(callback: Listener, exc: BaseException) -> None:
    log.error("a listener of the exam document failed: %r", callback, exc_info=exc)


class ExamDocument:
    """Holds an :class:`Exam` and its path; ``apply``/``undo``/``redo`` edits; knows whether it is modified.

    The clean state works like QUndoStack's clean index: saving marks the current point in the history clean,
    undoing or redoing back to it makes the document clean again, and a new edit after undoing past it makes
    that point unreachable (modified until the next save).
    """

    def __init__(self, exam: Exam | None = None, path: str | os.PathLike[str] | None = None) -> None:
        self.exam = exam if exam is not None else Exam()
        self.path = Path(path) if path is not None else None
        self._done: list[tuple[Edit, Edit]] = []  # (edit as applied, its inverse)
        self._undone: list[Edit] = []  # edits that redo, last undone last
        self._clean: int | None = 0  # len(self._done) at the last save; None when it cannot be reached
        self._listeners: list[Listener] = []
        self._group: list[tuple[Edit, Edit]] | None = None
        self._group_label = ""
        self._group_depth = 0
        self.on_listener_error: Callable[[Listener, BaseException], None] = _log_listener_error

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> ExamDocument:
        """Load a file (ExamError if it is not a valid exam); the new document is clean."""
        return cls(load_exam(path), path)

    # ------------------------------------------------------------------------------------------ state

    @property
    def modified(self) -> bool:
        return len(self._done) != self._clean or bool(self._group)

    @property
    def in_group(self) -> bool:
        return self._group is not None

    @property
    def can_undo(self) -> bool:
        return bool(self._done) and self._group is None

    @property
    def can_redo(self) -> bool:
        return bool(self._undone) and self._group is None

    @property
    def undo_text(self) -> str:
        return self._done[-1][0].text if self._done else ""

    @property
    def redo_text(self) -> str:
        return self._undone[-1].text if self._undone else ""

    @property
    def history_length(self) -> int:
        """Number of steps that can be undone (QUndoStack.index() of a stack in step with this document)."""
        return len(self._done)

    # ------------------------------------------------------------------------------------------ listeners

    def subscribe(self, callback: Listener) -> Callable[[], None]:
        """Call ``callback(change)`` after every change; returns a function that unsubscribes it."""
        self._listeners.append(callback)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(callback)

        return unsubscribe

    def _notify(self, reason: Reason, edit: Edit | None, step: Edit | None = None) -> None:
        change = Change(self, reason, edit, step)
        for callback in list(self._listeners):
            try:
                callback(change)
            except Exception as exc:  # one bad listener must not starve the others
                self.on_listener_error(callback, exc)

    # ------------------------------------------------------------------------------------------ editing

    def apply(self, edit: Edit) -> bool:
        """Apply ``edit`` as a new undo step (or as part of the open group).

        Returns False, recording nothing and telling no one, when the edit leaves the exam as it was.
        """
        before = copy.deepcopy(self.exam)
        inverse = edit.apply(self.exam)
        if self.exam == before:
            return False
        if self._group is not None:
            self._group.append((edit, inverse))
            self._notify("edit", edit)
        else:
            self._push(edit, inverse)
            self._notify("edit", edit, step=edit)
        return True

    def _push(self, edit: Edit, inverse: Edit) -> None:
        if self._clean is not None and self._clean > len(self._done):
            self._clean = None  # the saved state was undone and is now replaced
        self._done.append((edit, inverse))
        self._undone.clear()

    def undo(self) -> bool:
        """Undo the last step; False if there is nothing to undo (or a group is open)."""
        if not self.can_undo:
            return False
        _, inverse = self._done.pop()
        self._undone.append(inverse.apply(self.exam))
        self._notify("undo", inverse)
        return True

    def redo(self) -> bool:
        """Redo the last undone step; False if there is nothing to redo (or a group is open)."""
        if not self.can_redo:
            return False
        edit = self._undone.pop()
        self._done.append((edit, edit.apply(self.exam)))
        self._notify("redo", edit)
        return True

    # ------------------------------------------------------------------------------------------ groups

    def begin_group(self, label: str = "") -> None:
        """Start a group: edits applied until :meth:`end_group` become one undo step. Groups nest."""
        self._group_depth += 1
        if self._group is None:
            self._group = []
            self._group_label = label

    def end_group(self) -> Edit | None:
        """Close the group; the outermost close records one step (if anything changed) and notifies.

        Returns the recorded step, or None (an inner close, or a group that changed nothing).
        """
        if self._group is None:
            raise RuntimeError("end_group() without begin_group()")
        self._group_depth -= 1
        if self._group_depth > 0:
            return None
        steps, self._group = self._group, None
        if not steps:
            return None
        label = self._group_label
        if len(steps) == 1 and not label:
            edit, inverse = steps[0]
        else:
            from bodymaps.exam.edits import Macro

            edit = Macro(tuple(e for e, _ in steps), label)
            inverse = Macro(tuple(i for _, i in reversed(steps)), label)
        self._push(edit, inverse)
        self._notify("group", None, step=edit)
        return edit

    def cancel_group(self) -> None:
        """Abandon the whole open group (every nesting level): revert its edits, record nothing."""
        if self._group is None:
            return
        steps, self._group = self._group, None
        self._group_depth = 0
        for _, inverse in reversed(steps):
            inverse.apply(self.exam)
            self._notify("rollback", inverse)

    @contextlib.contextmanager
    def group(self, label: str = "") -> Iterator[None]:
        """``with document.group("Paint numbness"):`` = begin/end; if the block raises, the group is cancelled."""
        self.begin_group(label)
        try:
            yield
        except BaseException:
            self.cancel_group()
            raise
        if self._group is not None:
            self.end_group()

    # ------------------------------------------------------------------------------------------ files

    def save(self, path: str | os.PathLike[str] | None = None) -> None:
        """Save to ``path`` (or the current path) atomically; the document becomes clean at this point."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("no path to save to")
        if self._group is not None:
            raise RuntimeError("cannot save in the middle of a group of edits")
        save_exam(self.exam, target)
        self.path = target
        self._clean = len(self._done)
        self._notify("saved", None)
