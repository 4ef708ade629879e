"""One view of the body (anterior, posterior or soles) as a QGraphicsScene bound to the open exam.

The scene builds one :class:`ZoneItem` per atlas zone polygon (model -> item dict keyed by (zone, side)) and
restyles the items whose findings changed whenever the controller announces a change (including undo and
redo), never from inside undo code. Mouse presses, drags and releases go to the current tool's
:class:`~desktop.body_view.tools.Stroke`; the items themselves never edit the exam.

Without a controller (teaching mode) the scene only reports clicks: ``pointClicked`` with the scene point
and ``zoneClicked`` with the zone under it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneContextMenuEvent, QGraphicsSceneMouseEvent

from bodymaps.atlas import Atlas
from bodymaps.exam import Change
from bodymaps.territories import Highlight
from desktop.body_view.crossing import Box, contains, crossed, parts_bounds
from desktop.body_view.describe import describe_zone, describe_zone_html
from desktop.body_view.items import (
    INK,
    SKIN,
    Z_DETAILS,
    Z_MARKERS,
    Z_OUTLINE,
    Z_SKIN,
    LabelItem,
    ShapeItem,
    ZoneItem,
    after_first_frame,
    cosmetic_pen,
    detail_path,
)
from desktop.body_view.overlays import ViewOverlays
from desktop.body_view.paths import parts_path
from desktop.body_view.tools import Stroke, ToolBox, zone_menu
from desktop.document.controller import ExamController

CAPTION_SPACE = 60.0  # scene units under the figure for the view's name
SIDE_MARGIN = 50.0  # scene units beside the figure for the R and L markers
MARKER_COLOUR = "#1d3557"


class BodyScene(QGraphicsScene):
    """The zones, outline, drawing aids, side markers and overlays of one atlas view."""

    zoneHovered = Signal(str, str)  # zone, side; ("", "") when the pointer leaves the body
    zoneClicked = Signal(str, str)  # zone, side, after the tool acted
    pointClicked = Signal(QPointF)  # any press on the scene (teaching mode's quiz clicks)

    def __init__(self, atlas: Atlas, view_id: str, controller: ExamController | None = None,
                 tools: ToolBox | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.atlas = atlas
        self.view_id = view_id
        self.atlas_view = view = atlas.view(view_id)
        self.controller = controller
        self.tools = tools if tools is not None else ToolBox(self)
        self._map = atlas.default_map
        self._items: dict[tuple[str, str], ZoneItem] = {}
        self._marks: dict[tuple[str, str], set[str]] = {}  # what the items show: (zone, side) -> kinds
        self._tooltips: dict[str, dict[tuple[str, str], str]] = {}  # map -> zone tooltips
        self._stroke: Stroke | None = None
        self._hover: ZoneItem | None = None
        self._pressed: tuple[str, str] | None = None
        self._last_pos: QPointF | None = None
        # (key, rings, bounds) of every zone, for the zones a drag crosses (plain arithmetic, no shapely)
        self._zone_rings: list[tuple[object, object, Box]] = [
            ((z.id, z.side), z.parts, parts_bounds(z.parts)) for z in view.zones]
        self._outline_bounds = parts_bounds(view.outline_region.parts)
        # the figure, the markers beside it and the name under it; no wider, so it can be drawn as large as
        # possible in a narrow column (the anterior and posterior views share one height, hence one scale)
        left, top, right, bottom = self._outline_bounds
        self.setSceneRect(QRectF(left - SIDE_MARGIN, top - 10, right - left + 2 * SIDE_MARGIN,
                                 max(view.height, bottom + 12) + CAPTION_SPACE - (top - 10)))
        self.setBackgroundBrush(QBrush(QColor("#ffffff")))
        self._build()
        self.overlays = ViewOverlays(self, atlas, view)
        after_first_frame(self._retooltip)  # hover text: not in the first frame (1-3 ms with html's import)
        if controller is not None:
            controller.changed.connect(self._on_changed)
            controller.documentReplaced.connect(self._document_replaced)
            self.refresh()

    # ------------------------------------------------------------------------------------------- building

    def _build(self) -> None:
        view = self.atlas_view
        outline = parts_path(view.outline_region.parts)
        self.addItem(ShapeItem(outline, None, QBrush(QColor(SKIN)), Z_SKIN))
        for region in view.zones:
            item = ZoneItem(region)
            self._items[item.key] = item
            self.addItem(item)
        for points, closed in view.details:
            self.addItem(ShapeItem(detail_path(points, closed), cosmetic_pen(INK, 0.9), None, Z_DETAILS))
        self.addItem(ShapeItem(outline, cosmetic_pen(INK, 1.6), None, Z_OUTLINE))
        self._add_markers()

    def _add_markers(self) -> None:
        """Big R and L beside the figure at the patient's right and left, and the view's name under it."""
        view = self.atlas_view
        left_x, top, right_x, bottom = self._outline_bounds
        viewer_left, viewer_right = ("L", "R") if view.patient_left_on == "viewer-left" else ("R", "L")
        y = top + 30
        self.markers = {
            viewer_left: LabelItem(viewer_left, QPointF(left_x - SIDE_MARGIN / 2, y), 32, MARKER_COLOUR,
                                   z=Z_MARKERS),
            viewer_right: LabelItem(viewer_right, QPointF(right_x + SIDE_MARGIN / 2, y), 32, MARKER_COLOUR,
                                    z=Z_MARKERS),
        }
        for item in self.markers.values():
            item.setToolTip("Patient's right" if item.text() == "R" else "Patient's left")
            self.addItem(item)
        caption_y = min(view.height, bottom + 12) + CAPTION_SPACE / 2
        self.caption = LabelItem(view.label, QPointF((left_x + right_x) / 2, caption_y), 22, MARKER_COLOUR,
                                 z=Z_MARKERS)
        self.addItem(self.caption)

    # ------------------------------------------------------------------------------------------- model -> items

    def zone_item(self, zone: str, side: str) -> ZoneItem | None:
        return self._items.get((zone, side))

    def zone_items(self) -> dict[tuple[str, str], ZoneItem]:
        return dict(self._items)

    def refresh(self) -> None:
        """Show the findings of the open exam on every zone (touching only the zones whose marks changed)."""
        marks: dict[tuple[str, str], set[str]] = {}
        if self.controller is not None:
            for f in self.controller.document.exam.sensory:
                marks.setdefault((f.zone, f.side), set()).add(f.kind)
        for key in marks.keys() | self._marks.keys():
            if marks.get(key) != self._marks.get(key) and key in self._items:
                self._items[key].set_kinds(marks.get(key, set()))
        self._marks = marks

    def _on_changed(self, change: Change) -> None:
        # "group" closes a stroke whose edits were each announced (and shown) already; "saved" changes nothing
        if change.reason not in ("group", "saved"):
            self.refresh()

    def set_map(self, map_id: str) -> None:
        map_id = self.atlas.check_map(map_id)
        if map_id == self._map:
            return
        self._map = map_id
        self.overlays.set_map(map_id)
        self._retooltip()

    def map_id(self) -> str:
        return self._map

    def _retooltip(self) -> None:
        tips = self._tooltips.get(self._map)
        if tips is None:  # worked out once per map: switching back and forth costs no rewriting
            tips = self._tooltips[self._map] = {
                key: describe_zone_html(self.atlas, self._map, item.zone, item.side)
                for key, item in self._items.items()}
        for key, item in self._items.items():
            item.setToolTip(tips[key])

    def set_highlight(self, highlight: Highlight | None) -> None:
        self.overlays.set_highlight(highlight)
        zones_for = set(highlight.zones_for) if highlight else set()
        zones_against = set(highlight.zones_against) if highlight else set()
        for key, item in self._items.items():
            item.set_evidence("for" if key in zones_for else "against" if key in zones_against else None)

    # ------------------------------------------------------------------------------------------- mouse

    def item_at(self, pos: QPointF) -> ZoneItem | None:
        """The zone under a scene point (the zones do not overlap): a test of the rings, cheaper than asking
        the scene, which calls every candidate item's shape() back in Python."""
        x, y = pos.x(), pos.y()
        for key, parts, (left, top, right, bottom) in self._zone_rings:
            if left <= x <= right and top <= y <= bottom and contains(parts, x, y):  # type: ignore[arg-type]
                return self._items[key]  # type: ignore[index]
        return None

    def _set_hover(self, item: ZoneItem | None) -> None:
        if item is self._hover:
            return
        if self._hover is not None:
            self._hover.set_hovered(False)
        self._hover = item
        if item is not None:
            item.set_hovered(True)
            self.zoneHovered.emit(item.zone, item.side)
        else:
            self.zoneHovered.emit("", "")

    def leave(self) -> None:
        """The pointer left the view."""
        self._set_hover(None)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()  # the scene handles every press itself (no item grabs the mouse)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        item = self.item_at(event.scenePos())
        self.pointClicked.emit(event.scenePos())
        self._last_pos = event.scenePos()
        if self._stroke is not None:  # a press while another stroke is open: close that one first
            self._stroke.finish()
        key = item.key if item is not None else None
        self._stroke = self.tools.start(self.controller, key) if self.controller is not None else None
        self._set_hover(item)
        self._pressed = key

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        item = self.item_at(event.scenePos())
        self._set_hover(item)
        if self._stroke is not None:
            if not event.buttons() & Qt.MouseButton.LeftButton:
                self.finish_stroke()  # the release never came (the window lost the mouse): keep what was painted
            else:
                for key in self._zones_crossed(self._last_pos, event.scenePos()):
                    self._stroke.enter(key)
        self._last_pos = event.scenePos()
        event.accept()

    def _zones_crossed(self, start: QPointF | None, end: QPointF) -> list[tuple[str, str]]:
        """Zones a drag passed through between two mouse events, in order: a quick stroke skips none."""
        if start is None or start == end:
            item = self.item_at(end)
            return [item.key] if item is not None else []
        return crossed(self._zone_rings, (start.x(), start.y()), (end.x(), end.y()))  # type: ignore[return-value]

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()
        if event.button() != Qt.MouseButton.LeftButton:
            return
        stroke, self._stroke = self._stroke, None
        if stroke is not None:
            active = stroke.active
            stroke.finish()
            if not active:
                return  # cancelled with Escape: nothing was clicked
        pressed, self._pressed = self._pressed, None
        if pressed is not None:
            self.zoneClicked.emit(*pressed)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.mousePressEvent(event)  # a quick second click is a click like any other (toggles back)

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        item = self.item_at(event.scenePos())
        if item is None or self.controller is None or self._stroke is not None:
            event.ignore()
            return
        event.accept()
        title = describe_zone(self.atlas, self._map, item.zone, item.side).split(" · ")[0]
        zone_menu(self.controller, item.zone, item.side, title, event.widget()).exec(event.screenPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self._stroke is not None:
            self.cancel_stroke()
            event.accept()
            return
        super().keyPressEvent(event)

    def finish_stroke(self) -> None:
        """Close an open stroke as if the button had been released (focus lost in the middle of a drag)."""
        stroke, self._stroke = self._stroke, None
        self._pressed = None
        if stroke is not None:
            stroke.finish()

    def _document_replaced(self) -> None:
        if self._stroke is not None:
            self._stroke.abandon()  # its group belongs to the document that was replaced
            self._stroke = None
            self._pressed = None
        self.refresh()

    def cancel_stroke(self) -> None:
        """Escape during a drag: the stroke's edits are rolled back and nothing is recorded."""
        if self._stroke is not None:
            self._stroke.cancel()

    def stroke(self) -> Stroke | None:
        return self._stroke
