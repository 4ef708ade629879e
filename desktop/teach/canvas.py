"""A read-only drawing of atlas views for teaching: layers of regions and geometry, hover names, clicks.

Several views sit side by side in one scene (each translated by its offset); every shape comes from the
atlas through ``desktop.body_view.paths`` (the one atlas-to-QPainterPath conversion), so what is drawn is
what the grader checks. Clicks and hovers are reported in atlas coordinates of the view under the mouse.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QMouseEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QSizePolicy,
)

from bodymaps.atlas import Atlas, Region
from desktop.body_view.paths import geometry_path, region_path

GAP = 36.0
TITLE_H = 34.0
OUTLINE_PEN = "#7A7A7A"
BLANK_COLOUR = "#9E9E9E"


def colour(hex_colour: str, alpha: int = 255) -> QColor:
    c = QColor(hex_colour)
    c.setAlpha(alpha)
    return c


def root_brush(atlas: Atlas, root: str, alpha: int = 200) -> QBrush:
    return QBrush(colour(atlas.colors["roots"].get(root, "#cccccc"), alpha))


def blank_brush() -> QBrush:
    return QBrush(colour(BLANK_COLOUR, 170), Qt.BrushStyle.BDiagPattern)


class AtlasCanvas(QGraphicsView):
    """One or more atlas views drawn side by side, with layers added by the teaching panels."""

    clicked = Signal(str, float, float)  # view id, atlas x, atlas y
    hovered = Signal(str)  # what is under the mouse (also shown as a tooltip)

    def __init__(self, atlas: Atlas, views: tuple[str, ...] = ("anterior", "posterior", "soles"),
                 parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.atlas = atlas
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMouseTracking(True)
        self.setBackgroundBrush(QBrush(QColor("#FFFFFF")))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # the figure fits the height it is given (it scales to fit): its preferred height must not make the teaching
        # page taller than a 1366x768 window, where the page's scroll area would cut the feet off
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.setMinimumHeight(240)
        self.hover_map: str | None = None  # map whose roots hover names
        self.hover_nerves = True
        self.offsets: dict[str, QPointF] = {}
        self.set_views(views)

    # -- layout
    def set_views(self, views: tuple[str, ...]) -> None:
        self.views = tuple(views)
        self.scene().clear()
        self.offsets = {}
        x = 0.0
        for vid in self.views:
            view = self.atlas.view(vid)
            self.offsets[vid] = QPointF(x, TITLE_H)
            title = QGraphicsSimpleTextItem(view.label)
            font = QFont()
            font.setPointSize(13)
            font.setBold(True)
            title.setFont(font)
            title.setPos(x + 8, 4)
            self.scene().addItem(title)
            left_on_left = view.patient_left_on == "viewer-left"
            side_font = QFont(font)
            side_font.setPointSize(20)  # as large and dark as the clinic view's: the side is never in doubt
            for text, sx in ((("L" if left_on_left else "R"), x + 4), (("R" if left_on_left else "L"), x + view.width - 24)):
                side = QGraphicsSimpleTextItem(text)
                side.setBrush(QBrush(QColor("#1F3A5F")))
                side.setFont(side_font)
                side.setPos(sx, TITLE_H + 8)
                side.setToolTip("patient's left" if text == "L" else "patient's right")
                self.scene().addItem(side)
            x += view.width + GAP
        self.base_items: list[QGraphicsItem] = []
        self.layer_items: list[QGraphicsItem] = []
        for vid in self.views:
            view = self.atlas.view(vid)
            outline = self._add(vid, region_path(view.outline_region), QBrush(QColor("#FBF8F4")),
                                QPen(colour(OUTLINE_PEN), 1.6), -10)
            self.base_items.append(outline)
            for zone in view.zones:
                item = self._add(vid, region_path(zone), QBrush(Qt.BrushStyle.NoBrush), QPen(colour("#D0D0D0"), 0.6), -9)
                self.base_items.append(item)
        self.layer_items = []
        self.fit()

    def fit(self) -> None:
        rect = self.scene().itemsBoundingRect().adjusted(-8, -8, 8, 8)
        self.setSceneRect(rect)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.fit()

    # -- layers
    def _add(self, view_id: str, path: object, brush: QBrush, pen: QPen, z: float) -> QGraphicsPathItem:
        item = QGraphicsPathItem(path)  # type: ignore[call-overload]
        item.setBrush(brush)
        pen.setCosmetic(True)
        item.setPen(pen)
        item.setZValue(z)
        item.setPos(self.offsets[view_id])
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        # drawn once per scale into a pixmap: antialiased outlines cost most of a repaint, and a canvas is
        # repainted unchanged whenever something around it moves (its first showing paints it twice). Not a
        # hatched item: a pixmap would start its hatch lines afresh at its own corner, out of step with the view
        if brush.style() in (Qt.BrushStyle.NoBrush, Qt.BrushStyle.SolidPattern):
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.scene().addItem(item)
        return item

    def clear_layers(self) -> None:
        for item in self.layer_items:
            self.scene().removeItem(item)
        self.layer_items = []

    def add_region(self, region: Region, brush: QBrush, pen: QPen | None = None, z: float = 0) -> QGraphicsPathItem:
        item = self._add(region.view, region_path(region), brush, pen or QPen(Qt.PenStyle.NoPen), z)
        self.layer_items.append(item)
        return item

    def add_geometry(self, view_id: str, geometry: object, brush: QBrush, pen: QPen | None = None,
                     z: float = 0) -> QGraphicsPathItem:
        """A shapely geometry, or its path already made (``geometry_path``), as a layer."""
        path = geometry if isinstance(geometry, QPainterPath) else geometry_path(geometry)
        item = self._add(view_id, path, brush, pen or QPen(Qt.PenStyle.NoPen), z)
        self.layer_items.append(item)
        return item

    def add_marker(self, view_id: str, x: float, y: float, text: str = "", fill: str = "#000000",
                   radius: float = 5.0) -> None:
        off = self.offsets[view_id]
        dot = QGraphicsEllipseItem(QRectF(-radius, -radius, 2 * radius, 2 * radius))
        dot.setBrush(QBrush(QColor(fill)))
        dot.setPen(QPen(QColor("#FFFFFF"), 1.5))
        dot.setPos(off.x() + x, off.y() + y)
        dot.setZValue(50)
        self.scene().addItem(dot)
        self.layer_items.append(dot)
        if text:
            self.add_text(view_id, x + radius + 2, y - 8, text, z=51)

    def add_text(self, view_id: str, x: float, y: float, text: str, size: int = 9, z: float = 40,
                 bold: bool = False) -> QGraphicsSimpleTextItem:
        off = self.offsets[view_id]
        item = QGraphicsSimpleTextItem(text)
        font = QFont()
        font.setPointSize(size)
        font.setBold(bold)
        item.setFont(font)
        item.setPos(off.x() + x, off.y() + y)
        item.setZValue(z)
        self.scene().addItem(item)
        self.layer_items.append(item)
        return item

    def add_dermatomes(self, map_id: str, roots: set[str] | None = None, alpha: int = 200,
                       outline: bool = True) -> None:
        """Every region of the map (or of ``roots``) in its root colour."""
        for vid in self.views:
            for region in self.atlas.view(vid).dermatomes[map_id]:
                if roots is None or region.id in roots:
                    pen = QPen(colour("#555555", 160), 0.8) if outline else None
                    self.add_region(region, root_brush(self.atlas, region.id, alpha), pen, z=1)

    def add_root_labels(self, map_id: str, roots: set[str] | None = None) -> None:
        """The root's name at a point inside each of its regions (largest part), for printouts and at a glance."""
        for vid in self.views:
            for region in self.atlas.view(vid).dermatomes[map_id]:
                if (roots is None or region.id in roots) and region.geometry.area / self.atlas.view(vid).px_per_cm ** 2 > 6:
                    p = region.geometry.representative_point()
                    self.add_text(vid, p.x - 10, p.y - 8, region.id, size=10, z=30, bold=True)

    def add_key_points(self, roots: set[str] | None = None) -> None:
        """ISNCSCI key points as black dots (the region labels name their roots; hover names them too)."""
        for vid in self.views:
            for lm in self.atlas.view(vid).landmarks:
                if lm.root and (roots is None or lm.root in roots):
                    self.add_marker(vid, lm.x, lm.y, fill="#000000", radius=4)

    # -- coordinates
    def scene_point(self, view_id: str, x: float, y: float) -> QPointF:
        off = self.offsets[view_id]
        return QPointF(off.x() + x, off.y() + y)

    def atlas_point(self, scene_pos: QPointF) -> tuple[str, float, float] | None:
        for vid, off in self.offsets.items():
            view = self.atlas.view(vid)
            x, y = scene_pos.x() - off.x(), scene_pos.y() - off.y()
            if 0 <= x <= view.width and 0 <= y <= view.height:
                return vid, x, y
        return None

    def hover_text(self, view_id: str, x: float, y: float) -> str:
        """Root(s) of the hover map and nerve(s) under a point; the blank note in a blank area."""
        parts = []
        for lm in self.atlas.view(view_id).landmarks:
            if lm.root and abs(lm.x - x) <= 6 and abs(lm.y - y) <= 6:
                parts.append(lm.label)
        if self.hover_map:
            roots = sorted({r for r, _s in self.atlas.dermatomes_at(view_id, self.hover_map, x, y)})
            zone = self.atlas.zone_at(view_id, x, y)
            if roots:
                parts.append(f"Dermatome {' + '.join(roots)}")
            elif zone:
                parts.append("Blank on this map (variable or not mapped)")
        if self.hover_nerves:
            nerves = sorted({self.atlas.nerves[n].label for n, _s in self.atlas.nerves_at(view_id, x, y)})
            if nerves:
                parts.append("Nerve: " + ", ".join(nerves))
        return " · ".join(parts)

    # -- mouse
    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()
        if event.button() != Qt.MouseButton.LeftButton:
            return
        hit = self.atlas_point(self.mapToScene(event.position().toPoint()))
        if hit is not None:
            self.clicked.emit(*hit)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        event.accept()
        hit = self.atlas_point(self.mapToScene(event.position().toPoint()))
        text = self.hover_text(*hit) if hit else ""
        self.hovered.emit(text)
        self.viewport().setToolTip(text)  # Qt shows it when the mouse rests
