"""Switchable layers of one body view: dermatomes of the chosen map, nerve territories, ISNCSCI key points and
landmarks, and the highlight of a selected condition or root.

Layers are translucent and labelled. Their fills lie under the zones and their outlines and labels above them:
a marked zone keeps its kind's exact colour and hatch, with the overlay's boundaries drawn over it, and the body
outline stays on top. Dermatome blank areas stay blank: only the regions the map draws are filled.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QStyleOptionGraphicsItem,
    QWidget,
)

from bodymaps.atlas import Atlas, Region, View
from bodymaps.atlas.rings import label_point as rings_label_point
from bodymaps.territories import Highlight
from desktop.body_view.items import (
    Z_HIGHLIGHT,
    Z_HIGHLIGHT_FILL,
    Z_LABELS,
    Z_OVERLAY,
    Z_OVERLAY_FILL,
    LabelItem,
    ShapeItem,
    cosmetic_pen,
)
from desktop.body_view.paths import region_path

OVERLAYS = ("dermatomes", "nerves", "landmarks")
OVERLAY_ALPHA = 95  # of 255: translucent enough for the hatching of marked zones to show through
HIGHLIGHT_COLOUR = "#56B4E9"  # Okabe–Ito sky blue
HIGHLIGHT_LINE = "#3A9AD9"  # lighter than the black "counts for" outline, also in greyscale
NERVE_SHORT = {
    "lateral_femoral_cutaneous": "LFCN",
    "anterior_femoral_cutaneous": "AFCN",
    "obturator": "Obt",
    "saphenous": "Saph",
    "superficial_fibular": "SFN",
    "deep_fibular": "DFN",
    "lateral_sural_cutaneous": "LSCN",
    "sural": "Sural",
    "medial_plantar": "MPN",
    "lateral_plantar": "LPN",
    "calcaneal": "Calc",
    "posterior_femoral_cutaneous": "PFCN",
}


class Layer(QGraphicsItem):
    """An invisible parent that shows or hides a group of items at once (it draws nothing itself)."""

    def __init__(self, z: float) -> None:
        super().__init__()
        self.setZValue(z)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return QRectF()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        pass

    def clear(self) -> None:
        scene = self.scene()
        for child in self.childItems():
            if scene is not None:
                scene.removeItem(child)  # also detaches it from this layer; Python drops the last reference


_label_points: dict[tuple[Region, object], QPointF] = {}  # keyed by the rings too: another atlas may differ


def label_point(region: Region) -> QPointF:
    """A point well inside the largest part of a region, for its label (shapely's representative point, worked
    out from the plain rings and kept: no shapely on the start-up path, and a map switch reuses it)."""
    key = (region, region.parts)
    point = _label_points.get(key)
    if point is None:
        point = _label_points[key] = QPointF(*rings_label_point(region.parts))
    return QPointF(point)


def _translucent(colour: str, alpha: int) -> QBrush:
    c = QColor(colour)
    c.setAlpha(alpha)
    return QBrush(c)


def _add_region(under: Layer, over: Layer, region: Region, colour: str, label: str | None,
                alpha: int = OVERLAY_ALPHA, line: str | None = None, line_width: float = 1.2,
                cached: bool = True) -> None:
    """A region's translucent fill under the zones, its outline and label above them."""
    path = region_path(region)
    fill = ShapeItem(path, None, _translucent(colour, alpha), 0, cached)
    fill.setParentItem(under)
    edge = ShapeItem(path, cosmetic_pen(line or QColor(colour).darker(150).name(), line_width), None, 0, cached)
    edge.setParentItem(over)
    if label:
        text = LabelItem(label, label_point(region), 8.5, colour="#222222", halo=3, z=Z_LABELS, fixed=True,
                         cached=cached)
        text.setParentItem(over)
        text.setZValue(1)


class _Pair:
    """The two layers of one overlay: fills under the zones, outlines and labels over them."""

    def __init__(self, scene: QGraphicsScene, z_under: float, z_over: float) -> None:
        self.under = Layer(z_under)
        self.over = Layer(z_over)
        scene.addItem(self.under)
        scene.addItem(self.over)

    def clear(self) -> None:
        self.under.clear()
        self.over.clear()

    def setVisible(self, visible: bool) -> None:
        self.under.setVisible(visible)
        self.over.setVisible(visible)

    def isVisible(self) -> bool:
        return self.over.isVisible()

    def fills(self) -> list[QGraphicsItem]:
        return [i for i in self.under.childItems() if isinstance(i, ShapeItem)]


class ViewOverlays:
    """The overlay layers of one view, each built lazily the first time it is shown, then kept.

    Every dermatome map has layers of its own: switching maps hides one and shows the other (built on its first
    showing), so a switch back costs no rebuilding, and the items keep their cached pixmaps.
    """

    def __init__(self, scene: QGraphicsScene, atlas: Atlas, view: View) -> None:
        self._scene = scene
        self._atlas = atlas
        self._view = view
        self._map = atlas.default_map
        self._shown = dict.fromkeys(OVERLAYS, False)
        self._layers: dict[tuple[str, str | None], _Pair] = {}  # (layer, map for dermatomes) -> its items
        self._highlight_layer = _Pair(scene, Z_HIGHLIGHT_FILL, Z_HIGHLIGHT)
        self._highlight: Highlight | None = None
        self._highlight_map = self._map  # the map its regions were drawn from

    # ------------------------------------------------------------------------------------------- state

    def shown(self) -> dict[str, bool]:
        return dict(self._shown)

    def set_shown(self, name: str, shown: bool) -> None:
        if name not in OVERLAYS:
            raise ValueError(f"unknown overlay {name!r}; allowed: {', '.join(OVERLAYS)}")
        self._shown[name] = shown
        self._sync(name)
        self._sync_key_point_labels()

    def _sync_key_point_labels(self) -> None:
        # the dermatome overlay already names each root: a second label beside its key point is clutter
        layer = self._layers.get(("landmarks", None))
        if layer is not None:
            for item in layer.over.childItems():
                if isinstance(item, LabelItem):
                    item.setVisible(not self._shown["dermatomes"])

    def set_map(self, map_id: str) -> None:
        map_id = self._atlas.check_map(map_id)
        if map_id == self._map:
            return
        self._map = map_id
        self._sync("dermatomes")
        self.set_highlight(self._highlight)

    def _key(self, name: str) -> tuple[str, str | None]:
        return name, self._map if name == "dermatomes" else None

    def layer(self, name: str) -> _Pair | None:
        """The items of an overlay as it is (or would be) shown now: for the dermatomes, of the current map."""
        return self._layers.get(self._key(name))

    def _sync(self, name: str) -> None:
        wanted = self._key(name)
        for key, layer in self._layers.items():
            if key[0] == name and key != wanted:
                layer.setVisible(False)
        layer = self._layers.get(wanted)
        if self._shown[name]:
            if layer is None:
                layer = self._layers[wanted] = _Pair(self._scene, Z_OVERLAY_FILL, Z_OVERLAY)
                self._build(name, layer)
            layer.setVisible(True)
        elif layer is not None:
            layer.setVisible(False)

    def _build(self, name: str, layer: _Pair) -> None:
        if name == "dermatomes":
            colours = self._atlas.colors.get("roots", {})
            for r in self._view.dermatomes[self._map]:
                _add_region(layer.under, layer.over, r, colours.get(r.id, "#bbbbbb"), r.id)
        elif name == "nerves":
            colours = self._atlas.colors.get("nerves", {})
            for r in self._view.nerves:
                _add_region(layer.under, layer.over, r, colours.get(r.id, "#bbbbbb"), NERVE_SHORT.get(r.id, r.id))
        else:
            self._build_landmarks(layer.over)

    def _build_landmarks(self, layer: Layer) -> None:
        from PySide6.QtWidgets import QGraphicsEllipseItem  # the landmarks are off at start: not on its path

        for lm in self._view.landmarks:
            key_point = lm.root is not None
            radius = 4.5 if key_point else 3.0
            dot = QGraphicsEllipseItem(lm.x - radius, lm.y - radius, 2 * radius, 2 * radius)
            dot.setBrush(QBrush(QColor("#1d3557" if key_point else "#ffffff")))
            dot.setPen(cosmetic_pen("#1d3557", 1.2))
            dot.setToolTip(lm.label)
            dot.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            dot.setParentItem(layer)
            dot.setZValue(2)
            if key_point:
                outward = 1 if lm.x >= self._view.midline_x else -1
                text = LabelItem(lm.root or "", QPointF(lm.x + outward * 14, lm.y - 8), 8, colour="#1d3557",
                                 fixed=True)
                text.setParentItem(layer)
                text.setZValue(3)

    # ------------------------------------------------------------------------------------------- highlight

    def set_highlight(self, highlight: Highlight | None) -> None:
        drawn = None if self._highlight is None else (self._highlight_map, self._highlight.regions)
        self._highlight = highlight
        if highlight is not None and drawn == (self._map, highlight.regions):
            return  # the same territory (a click changed only which marked zones count): its items stay
        self._highlight_layer.clear()
        self._highlight_map = self._map
        if highlight is None:
            return
        for kind, rid, side in highlight.regions:
            for region in self.regions_of(kind, rid, side):
                label = rid if kind == "dermatome" else NERVE_SHORT.get(rid, rid) if kind == "nerve" else None
                _add_region(self._highlight_layer.under, self._highlight_layer.over, region, HIGHLIGHT_COLOUR,
                            label, alpha=150, line=HIGHLIGHT_LINE, line_width=4.0)

    def highlight_items(self) -> list[QGraphicsItem]:
        return self._highlight_layer.fills()

    def regions_of(self, kind: str, rid: str, side: str) -> list[Region]:
        """Regions of this view for a highlight entry (a side of "both" matches left and right)."""
        def side_ok(r: Region) -> bool:
            return side in ("both", r.side) or r.side == "midline"

        if kind == "dermatome":
            return [r for r in self._view.dermatomes[self._map] if r.id == rid and side_ok(r)]
        if kind == "nerve":
            return [r for r in self._view.nerves if r.id == rid and side_ok(r)]
        if kind == "zone":
            return [z for z in self._view.zones if z.id == rid and side_ok(z)]
        return []

