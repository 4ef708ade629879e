"""Graphics items of one body view: the zones a clinician clicks, and the drawing around them.

A :class:`ZoneItem` is one atlas zone polygon with an exact ``shape()``. It shows the finding kinds recorded
in its zone (colour **and** hatch from ``desktop.style.KIND_STYLES``; several kinds split the zone into bands
along its long axis, one band per kind), the hover state, and whether the zone counts for or against the
highlighted condition. It never edits the exam: the scene tells it what to show.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from bodymaps.atlas import Region
from desktop.body_view.paths import bands, region_path
from desktop.style import ACCENT, KIND_ORDER, KIND_STYLES

SKIN = "#f6e4d6"
INK = "#4a3a2e"
ZONE_LINE = "#b39d8b"
FOR_COLOUR = "#000000"  # zones that count for the highlighted condition: solid black outline
AGAINST_COLOUR = "#CC79A7"  # Okabe–Ito reddish purple, dashed: zones that count against it

# Stacking order inside a view's scene (higher is drawn later). Overlay and highlight fills lie under the
# zones, so a marked zone always shows its kind's exact colour and hatch; their outlines and labels lie above.
Z_SKIN = 0
Z_OVERLAY_FILL = 4
Z_HIGHLIGHT_FILL = 6
Z_ZONES = 10
Z_OVERLAY = 20
Z_HIGHLIGHT = 30
Z_DETAILS = 40
Z_OUTLINE = 45
Z_EVIDENCE = 50
Z_LABELS = 60
Z_MARKERS = 70


_SKIN_BRUSH = QBrush(QColor(SKIN))

# Items waiting for their pixmap cache while the window's first frame is pending (see defer_pixmap_caches).
_waiting: list[QGraphicsItem] | None = None
_after_first_frame: list[Callable[[], None]] = []  # jobs waiting for it too (see after_first_frame)


def pixmap_cache(item: QGraphicsItem) -> None:
    """Draw ``item`` once per zoom level (and per state) into a device pixmap that later repaints blit.

    While start-up defers it (:func:`defer_pixmap_caches`), the item is drawn directly until the window's first
    frame is painted: filling a pixmap for each outline, overlay region and label makes that first frame about
    a fifth slower, for no gain since nothing has been drawn yet. :func:`start_pixmap_caches` then turns the
    caches on (the next repaint fills them, before the first click can need them); drawn either way, these
    items differ by at most 2 of 255 in a few hundred antialiased edge pixels (an unmarked zone's outline by at
    most 4 of 255). Zones with a hatch are cached from the start (ZoneItem.set_kinds).
    """
    if _waiting is not None:
        _waiting.append(item)
    else:
        item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def defer_pixmap_caches() -> None:
    """Items made from now on are drawn directly until :func:`start_pixmap_caches` (the app's first window)."""
    global _waiting
    if _waiting is None:
        _waiting = []


def start_pixmap_caches() -> None:
    """Give every waiting item its pixmap cache, then run the jobs waiting (:func:`after_first_frame`); items
    made from now on get their cache at once."""
    global _waiting
    waiting, _waiting = _waiting or [], None
    for item in waiting:
        with contextlib.suppress(RuntimeError):  # deleted meanwhile (a layer cleared)
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    jobs = list(_after_first_frame)
    _after_first_frame.clear()
    for job in jobs:
        with contextlib.suppress(RuntimeError):  # its scene deleted meanwhile
            job()


def after_first_frame(job: Callable[[], None]) -> None:
    """Run ``job`` now or, while the first window's first frame is pending (:func:`defer_pixmap_caches`), once
    it is painted: for what that frame cannot show, such as the zones' tooltips."""
    if _waiting is None:
        job()
    else:
        _after_first_frame.append(job)


def cosmetic_pen(colour: str | QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    """A pen whose width is in screen pixels whatever the zoom."""
    pen = QPen(QColor(colour), width, style)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen




class ZoneItem(QGraphicsPathItem):
    """One zone of one view (zone id, patient side), drawn from the atlas polygon."""

    def __init__(self, region: Region, parent: QGraphicsItem | None = None) -> None:
        super().__init__(region_path(region), parent)
        self.region = region
        self.zone = region.id
        self.side = region.side
        self.view_id = region.view
        self._kinds: tuple[str, ...] = ()
        self._bands: list[QPainterPath] = []
        self._hovered = False
        self._evidence: str | None = None
        self._bounds = self.path().boundingRect().adjusted(-4, -4, 4, 4)
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setZValue(Z_ZONES)
        self.setAcceptHoverEvents(False)  # the scene tracks hover, also during a paint stroke
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # the scene's tools handle clicks
        # painted once per zoom level and per state into a pixmap: a repaint of the view blits it instead of
        # filling the hatch bands again (update() after a change of state redraws only this item's pixmap).
        # A zone with a hatch has its cache at once (set_kinds): a hatch is anchored to the pixmap's corner, so a
        # zone drawn directly first would see its hatch shift by a few pixels when the cache started. An
        # unmarked zone (its outline only) waits like the other drawing items (pixmap_cache).
        pixmap_cache(self)

    @property
    def key(self) -> tuple[str, str]:
        return self.zone, self.side

    # ------------------------------------------------------------------------------------------- state

    def kinds(self) -> tuple[str, ...]:
        """Finding kinds shown, in drawing order (``KIND_ORDER``)."""
        return self._kinds

    def set_kinds(self, kinds: tuple[str, ...] | list[str] | set[str]) -> None:
        ordered = tuple(k for k in KIND_ORDER if k in set(kinds))
        if ordered == self._kinds:
            return
        self._kinds = ordered
        self._bands = bands(self.path(), len(ordered)) if ordered else []
        if ordered and self.cacheMode() != QGraphicsItem.CacheMode.DeviceCoordinateCache:
            self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # hatched: cached from its first frame
        self.update()

    def hovered(self) -> bool:
        return self._hovered

    def set_hovered(self, hovered: bool) -> None:
        if hovered != self._hovered:
            self._hovered = hovered
            self.update()

    def evidence(self) -> str | None:
        """``"for"``, ``"against"`` or None: how this zone bears on the highlighted condition or root."""
        return self._evidence

    def set_evidence(self, evidence: str | None) -> None:
        if evidence != self._evidence:
            self._evidence = evidence
            self.update()

    def fill_brushes(self) -> list[tuple[QBrush, QBrush]]:
        """(colour fill, hatch) per kind shown, in drawing order: what ``paint`` uses, for tests and legends."""
        return [(KIND_STYLES[k].fill(), KIND_STYLES[k].hatch_brush()) for k in self._kinds]

    # ------------------------------------------------------------------------------------------- geometry

    def shape(self) -> QPainterPath:
        return self.path()  # exactly the polygon: neighbours never steal each other's clicks

    def boundingRect(self) -> QRectF:
        return self._bounds

    # ------------------------------------------------------------------------------------------- drawing

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        path = self.path()
        for band, (fill, hatch) in zip(self._bands, self.fill_brushes(), strict=True):
            painter.fillPath(band, _SKIN_BRUSH)  # opaque: what lies beneath never changes the kind's colour
            painter.fillPath(band, fill)
            painter.fillPath(band, hatch)
        if self._hovered:
            tint = QColor(ACCENT)
            tint.setAlpha(40)
            painter.fillPath(path, tint)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self._evidence == "for":
            painter.setPen(cosmetic_pen("#ffffff", 5))
            painter.drawPath(path)
            painter.setPen(cosmetic_pen(FOR_COLOUR, 3))
        elif self._evidence == "against":
            painter.setPen(cosmetic_pen("#ffffff", 5))
            painter.drawPath(path)
            painter.setPen(cosmetic_pen(AGAINST_COLOUR, 3, Qt.PenStyle.DashLine))
        elif self._hovered:
            painter.setPen(cosmetic_pen(ACCENT, 2.5))
        else:
            painter.setPen(cosmetic_pen(ZONE_LINE, 0.8))
        painter.drawPath(path)


class ShapeItem(QGraphicsPathItem):
    """A path drawn for looks only (body outline, drawing aids): it takes no mouse buttons."""

    def __init__(self, path: QPainterPath, pen: QPen | None, brush: QBrush | None, z: float,
                 cached: bool = True) -> None:
        super().__init__(path)
        self.setPen(pen if pen is not None else QPen(Qt.PenStyle.NoPen))
        self.setBrush(brush if brush is not None else QBrush(Qt.BrushStyle.NoBrush))
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        # drawn once per zoom level into a pixmap: a click repaints its zone without re-stroking the outline
        # (a highlight too: it stays while its condition is selected, through every click on the body)
        if cached:
            pixmap_cache(self)


def detail_path(points: list[tuple[float, float]], closed: bool) -> QPainterPath:
    path = QPainterPath()
    if not points:
        return path
    path.moveTo(QPointF(*points[0]))
    for x, y in points[1:]:
        path.lineTo(x, y)
    if closed:
        path.closeSubpath()
    return path


_glyph_paths: dict[tuple[str, float, bool], QPainterPath] = {}


def _glyphs(text: str, size: float, bold: bool) -> QPainterPath:
    """The outline of ``text`` centred on (0, 0), made once per text, size and weight (a view repeats its root
    names on both sides, and every view has its R and L)."""
    key = (text, size, bold)
    glyphs = _glyph_paths.get(key)
    if glyphs is None:
        font = QFont()
        font.setPointSizeF(size)
        font.setBold(bold)
        path = QPainterPath()
        path.addText(QPointF(0, QFontMetricsF(font).ascent()), font, text)
        glyphs = _glyph_paths[key] = path.translated(-path.boundingRect().center())
    return QPainterPath(glyphs)


class LabelItem(QGraphicsItem):
    """Text with a white halo, centred on a scene point (root names, view names, R and L).

    ``fixed``: the text keeps its size on screen whatever the zoom (overlay labels); otherwise it scales with
    the figure (the side markers and the view's name belong to the drawing).
    """

    def __init__(self, text: str, centre: QPointF, size: float, colour: str = INK, bold: bool = True,
                 halo: float = 3.0, z: float = Z_LABELS, fixed: bool = False, cached: bool = True) -> None:
        super().__init__()
        self._text = text
        self._glyphs = _glyphs(text, size, bold)
        self._brush = QBrush(QColor(colour))
        self._halo = QPen(QColor(255, 255, 255, 225), halo) if halo > 0 else QPen(Qt.PenStyle.NoPen)
        self._halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self._bounds = self._glyphs.boundingRect().adjusted(-halo - 1, -halo - 1, halo + 1, halo + 1)
        self.setPos(centre)
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        if fixed:
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        if cached:
            pixmap_cache(self)  # the halo is costly to stroke

    def text(self) -> str:
        return self._text

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        # the halo first, then the glyphs on top: readable on skin, overlays and hatching alike
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._halo.style() != Qt.PenStyle.NoPen:
            painter.strokePath(self._glyphs, self._halo)
        painter.fillPath(self._glyphs, self._brush)
