"""An exam being worked on: the Exam, its file, its undo history and who to tell when it changes. No Qt.

The GUI keeps a QUndoStack in step with this history: a QUndoCommand's first ``redo()`` calls
``document.apply(edit)``, later ones ``document.redo()``, and ``undo()`` calls ``document.undo()``.
Views and the assessment subscribe and recompute from the notification, never from inside undo code.
"""

from __future__ import annotations

import contextlib
import copy
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bodymaps.exam.document import load_exam, save_exam
from bodymaps.exam.edits import Edit, Macro
from bodymaps.exam.model import Exam

Reason = Literal["edit", "undo", "redo", "rollback", "saved"]


@dataclass(frozen=True)
class Change:
    """What a listener is told: which document, why, and the edit just applied to its exam (None on save)."""

    document: ExamDocument
    reason: Reason
    edit: Edit | None


Listener = Callable[[Change], None]


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

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> ExamDocument:
        """Load a file (ExamError if it is not a valid exam); the new document is clean."""
        return cls(load_exam(path), path)

    # ------------------------------------------------------------------------------------------ state

    @property
    def modified(self) -> bool:
        return len(self._done) != self._clean or bool(self._group)

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

    # ------------------------------------------------------------------------------------------ listeners

    def subscribe(self, callback: Listener) -> Callable[[], None]:
        """Call ``callback(change)`` after every change; returns a function that unsubscribes it."""
        self._listeners.append(callback)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(callback)

        return unsubscribe

    def _notify(self, reason: Reason, edit: Edit | None) -> None:
        change = Change(self, reason, edit)
        for callback in list(self._listeners):
            callback(change)

    # ------------------------------------------------------------------------------------------ editing

    def apply(self, edit: Edit) -> bool:
        """Apply ``edit`` as a new undo step (or as part of the open :meth:`group`).

        Returns False, recording nothing and telling no one, when the edit leaves the exam as it was.
        """
        before = copy.deepcopy(self.exam)
        inverse = edit.apply(self.exam)
        if self.exam == before:
            return False
        if self._group is not None:
            self._group.append((edit, inverse))
        else:
            self._push(edit, inverse)
        self._notify("edit", edit)
        return True

    def _push(self, edit: Edit, inverse: Edit) -> None:
        if self._clean is not None and self._clean > len(self._done):
            self._clean = None  # the saved state was undone and is now replaced
        self._done.append((edit, inverse))
        self._undone.clear()

    def undo(self) -> bool:
        """Undo the last step; False if there is nothing to undo."""
        if not self.can_undo:
            return False
        _, inverse = self._done.pop()
        self._undone.append(inverse.apply(self.exam))
        self._notify("undo", inverse)
        return True

    def redo(self) -> bool:
        """Redo the last undone step; False if there is nothing to redo."""
        if not self.can_redo:
            return False
        edit = self._undone.pop()
        self._done.append((edit, edit.apply(self.exam)))
        self._notify("redo", edit)
        return True

    @contextlib.contextmanager
    def group(self, label: str = "") -> Iterator[None]:
        """Edits applied inside become one undo step (a paint stroke); listeners still hear each one.

        If the block raises, its edits are rolled back and the error propagates. Groups nest into the outermost.
        """
        if self._group is not None:
            yield
            return
        self._group = []
        try:
            yield
        except BaseException:
            steps, self._group = self._group, None
            for _, inverse in reversed(steps):
                inverse.apply(self.exam)
                self._notify("rollback", inverse)
            raise
        steps, self._group = self._group, None
        if steps:
            self._push(
                Macro(tuple(e for e, _ in steps), label), Macro(tuple(i for _, i in reversed(steps)), label)
            )

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
