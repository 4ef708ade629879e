"""Tools of the body diagram as small interaction objects: one :class:`Stroke` per press..release.

A stroke turns what the mouse did into edits through the :class:`ExamController`, never by touching items:

- **Paint** (pain, numbness, paraesthesia): the press opens a group ("Paint numbness") and marks the zone;
  every other zone the drag enters is marked too; the release closes the group, so the whole stroke is one
  undo step. A single click on a zone that already has that kind clears it instead (a toggle); a drag only
  ever paints.
- **Eraser**: the same, clearing every kind in each zone entered (``bodymaps.exam.edits.clear_zone``).
- Escape during a drag cancels the group: the exam is as it was before the press.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QWidget

from desktop.document.controller import ExamController
from desktop.style import KIND_STYLES

TOOLS = ("pain", "numbness", "paresthesia", "eraser")
TOOL_LABELS = {"pain": "Pain", "numbness": "Numbness", "paresthesia": "Paraesthesia", "eraser": "Eraser"}

Key = tuple[str, str]  # (zone id, side)


class Stroke:
    """One press..release of a tool. ``first`` is the zone pressed on (None: the press was off the body)."""

    def __init__(self, controller: ExamController, first: Key | None) -> None:
        self.controller = controller
        self.visited: set[Key] = set()
        self.active = True
        self._group_open = False

    def _open_group(self, label: str) -> None:
        if not self._group_open:
            self.controller.begin_group(label)
            self._group_open = True

    def enter(self, key: Key) -> None:
        """The drag entered a zone."""

    def finish(self) -> None:
        """The button was released: close the group (one undo step)."""
        if self.active and self._group_open:
            self.controller.end_group()
        self._group_open = False
        self.active = False

    def abandon(self) -> None:
        """The document was replaced mid-stroke: stop without touching the new one."""
        self._group_open = False
        self.active = False

    def cancel(self) -> None:
        """Escape: undo what this stroke did, record nothing."""
        if self.active and self._group_open:
            self.controller.cancel_group()
        self._group_open = False
        self.active = False


class PaintStroke(Stroke):
    def __init__(self, controller: ExamController, first: Key | None, kind: str) -> None:
        super().__init__(controller, first)
        self.kind = kind
        self.label = f"Paint {KIND_STYLES[kind].label.lower()}"
        self._toggle: Key | None = None
        if first is not None:
            self.visited.add(first)
            if self._has(first):
                self._toggle = first  # cleared on release unless the drag goes on to other zones
            else:
                self._paint(first)

    def _has(self, key: Key) -> bool:
        zone, side = key
        return any(f.zone == zone and f.side == side and f.kind == self.kind
                   for f in self.controller.document.exam.sensory)

    def _paint(self, key: Key) -> None:
        from bodymaps.exam.edits import SetZoneFinding  # the edits: not on the path to the first frame

        self._open_group(self.label)
        self.controller.apply(SetZoneFinding(key[0], key[1], self.kind))

    def enter(self, key: Key) -> None:
        if not self.active or key in self.visited:
            return
        self.visited.add(key)
        self._toggle = None  # a drag only paints
        self._paint(key)

    def finish(self) -> None:
        toggle = self._toggle if self.active and not self._group_open else None
        super().finish()
        if toggle is not None:
            from bodymaps.exam.edits import SetZoneFinding

            self.controller.apply(SetZoneFinding(toggle[0], toggle[1], self.kind, present=False))


class EraseStroke(Stroke):
    def __init__(self, controller: ExamController, first: Key | None) -> None:
        super().__init__(controller, first)
        self._open_group("Erase")
        if first is not None:
            self.enter(first)

    def enter(self, key: Key) -> None:
        if not self.active or key in self.visited:
            return
        self.visited.add(key)
        from bodymaps.exam.edits import clear_zone

        self.controller.apply(clear_zone(self.controller.document.exam, key[0], key[1]))


def zone_menu(controller: ExamController, zone: str, side: str, title: str,
              parent: QWidget | None = None) -> QMenu:
    """Right-click menu of one zone: each kind as a checkable toggle, and "Clear zone" (each one undo step)."""
    from bodymaps.exam.edits import SetZoneFinding, clear_zone

    menu = QMenu(parent)
    header = menu.addAction(title)
    header.setEnabled(False)
    menu.addSeparator()
    present = {f.kind for f in controller.document.exam.sensory if f.zone == zone and f.side == side}
    for kind in ("pain", "numbness", "paresthesia"):
        action = menu.addAction(TOOL_LABELS[kind])
        action.setCheckable(True)
        action.setChecked(kind in present)
        action.setData(kind)
        action.triggered.connect(
            lambda checked, k=kind: controller.apply(SetZoneFinding(zone, side, k, present=checked)))
    menu.addSeparator()
    clear = menu.addAction("Clear zone")
    clear.setData("eraser")
    clear.setEnabled(bool(present))
    clear.triggered.connect(lambda: controller.apply(clear_zone(controller.document.exam, zone, side)))
    return menu


class ToolBox(QObject):
    """The current tool, shared by every view of a diagram; starts a stroke for a press."""

    toolChanged = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tool = "pain"

    def tool(self) -> str:
        return self._tool

    def set_tool(self, tool: str) -> None:
        if tool not in TOOLS:
            raise ValueError(f"unknown tool {tool!r}; allowed: {', '.join(TOOLS)}")
        if tool != self._tool:
            self._tool = tool
            self.toolChanged.emit(tool)

    def start(self, controller: ExamController, first: Key | None) -> Stroke:
        if self._tool == "eraser":
            return EraseStroke(controller, first)
        return PaintStroke(controller, first, self._tool)
