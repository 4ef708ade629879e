"""Undo texts as a clinician reads them in the Edit menu: "Mark left dorsum of foot: numbness".

The document's edits name themselves for any front end (``edit.text``); this refines the wording of the steps
the window shows most often (zone marks, paint strokes, erasing, grades) and falls back to ``edit.text``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from bodymaps.vocabulary import vocabulary

if TYPE_CHECKING:  # the edits are imported with the first one, after the window's first frame
    from bodymaps.exam.edits import Edit, SetZoneFinding, _SetValue

MAX_NAMED = 2  # zones named in a stroke's text before "and n more"


def _flatten(edit: Edit) -> list[Edit]:
    from bodymaps.exam.edits import Macro

    if isinstance(edit, Macro):
        return [leaf for child in edit.edits for leaf in _flatten(child)]
    return [edit]


def _zone(edit: SetZoneFinding) -> str:
    label = vocabulary().label("zone", edit.zone)
    label = label[:1].lower() + label[1:]
    return label if edit.side == "midline" else f"{edit.side} {label}"


def _kind(kind: str) -> str:
    return vocabulary().label("sensory_kind", kind).split(" (")[0].lower()


def _zones(edits: list[SetZoneFinding]) -> str:
    names = list(dict.fromkeys(_zone(e) for e in edits))
    shown = ", ".join(names[:MAX_NAMED])
    return shown if len(names) <= MAX_NAMED else f"{shown} and {len(names) - MAX_NAMED} more"


def _value(edit: _SetValue) -> str:
    if edit.value is None or edit.value == "not_tested":
        return "not tested"
    if edit.section == "motor":
        return f"MRC {edit.value}"
    return str(edit.value)


def step_text(edit: Edit) -> str:
    from bodymaps.exam.edits import SetZoneFinding, _SetValue

    leaves = _flatten(edit)
    if leaves and all(isinstance(e, SetZoneFinding) for e in leaves):
        zone_edits: list[SetZoneFinding] = leaves  # type: ignore[assignment]
        kinds = {e.kind for e in zone_edits}
        marks = {e.present for e in zone_edits}
        if marks == {True} and len(kinds) == 1:
            return f"Mark {_zones(zone_edits)}: {_kind(zone_edits[0].kind)}"
        if marks == {False}:
            what = ", ".join(sorted(_kind(k) for k in kinds)) if len(kinds) <= 2 else "findings"
            return f"Clear {_zones(zone_edits)}: {what}"
        return f"Change {_zones(zone_edits)}"
    if isinstance(edit, _SetValue):
        kind = {"reflexes": "reflex", "motor": "motor", "tests": "test"}[edit.section]
        label = vocabulary().label(kind, edit.item)
        return f"{label}{f' ({edit.side})' if edit.side else ''}: {_value(edit)}"
    return edit.text


class ReadableUndo(QObject):
    """Undo and Redo actions (and an undo-history menu) worded by :func:`step_text`, over the controller's stack.

    The QUndoStack keeps the document's own texts (the body view and other front ends rely on them); this keeps
    one readable text per stack position, so the Edit menu says "Undo Mark left dorsum of foot: numbness".
    """

    def __init__(self, controller, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.stack = controller.undo_stack
        self.texts: list[str] = []
        self.undo_action = QAction("&Undo", parent)
        self.undo_action.setIconText("Undo")  # the toolbar button stays short; the menu and tooltip say what
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.undo_action.triggered.connect(lambda: self.stack.undo())
        self.redo_action = QAction("&Redo", parent)
        self.redo_action.setIconText("Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.triggered.connect(lambda: self.stack.redo())
        controller.changed.connect(self._changed)
        controller.documentReplaced.connect(self._replaced)
        self.stack.indexChanged.connect(self._index_changed)
        self._update()

    def _index_changed(self, index: int) -> None:
        # a step pushed at the end has no readable text yet: the change announced next gives it one and updates
        # the actions then (updating twice changes them twice, and every change lays the toolbar out again)
        try:
            pushed = index == self.stack.count() and index - 1 >= len(self.texts)
        except RuntimeError:  # the stack is being destroyed with its window
            return
        if not pushed:
            self._update()

    def _changed(self, change) -> None:
        if change.reason in ("undo", "redo"):
            return  # the stack moves its index after the document has changed: _index_changed updates then
        if change.step is not None:
            index = self.stack.index()  # the stack has already pushed this step
            self.texts = [*self.texts[:index - 1], step_text(change.step)]
        self._update()

    def _replaced(self) -> None:
        self.texts = []
        self._update()

    def _text(self, position: int) -> str:
        if 0 <= position < len(self.texts):
            return self.texts[position]
        command = self.stack.command(position)
        return command.actionText() if command is not None else ""

    def undo_text(self) -> str:
        return self._text(self.stack.index() - 1) if self.stack.canUndo() else ""

    def redo_text(self) -> str:
        return self._text(self.stack.index()) if self.stack.canRedo() else ""

    def _update(self) -> None:
        try:
            undo, redo = self.undo_text(), self.redo_text()
        except RuntimeError:  # the stack is being destroyed with its window: nothing left to show
            return
        for action, verb, text in ((self.undo_action, "&Undo", undo), (self.redo_action, "&Redo", redo)):
            label = f"{verb} {text}".rstrip()
            if action.text() != label:  # menus show it; the toolbar keeps its short icon text
                action.setText(label)
                action.setToolTip(label.replace("&", ""))
            if action.isEnabled() != bool(text):
                action.setEnabled(bool(text))

    def fill_history_menu(self, menu) -> None:
        """The steps so far, newest first; choosing one goes back (or forward) to just after it."""
        menu.clear()
        count = self.stack.count()
        for position in reversed(range(count)):
            action = menu.addAction(self._text(position))
            action.setCheckable(True)
            action.setChecked(position == self.stack.index() - 1)
            action.triggered.connect(lambda _c=False, p=position: self.stack.setIndex(p + 1))
        start = menu.addAction("Opened exam (no changes)")
        start.setCheckable(True)
        start.setChecked(self.stack.index() == 0)
        start.triggered.connect(lambda: self.stack.setIndex(0))
