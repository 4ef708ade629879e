"""Body figures for the chart summary: the atlas geometry as vectors, marked zones by colour **and** hatch.

Each figure carries its view's name and the patient's R and L at the sides where they are for that view
(anterior: patient's right on the viewer's left; posterior and soles: patient's left on the viewer's left),
taken from the atlas (``View.patient_left_on``), never assumed. Nothing is mirrored: atlas coordinates are
drawn as they are. Hatching is drawn as lines in millimetres (not Qt's device-pixel brush patterns, which
vanish at 1200 dpi) so that it survives a black-and-white printer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen

from bodymaps.atlas import Atlas, Region
from bodymaps.report.model import Figure
from desktop.body_view.paths import bands, parts_path
from desktop.report.blocks import INK, MUTED, Block, Ctx
from desktop.style import KIND_ORDER, KIND_STYLES

BODY_FILL = QColor("#fbfaf8")
ZONE_LINE = QColor("#a6a6a6")
OUTLINE = QColor("#333333")
DERMATOME = QColor("#000000")
FILL_ALPHA = 150
HATCH_SPACING_MM = 1.5
HATCH_WIDTH_MM = 0.16
_ANGLES = {  # Qt brush style -> hatch line angles in degrees (0 = horizontal, 45 = "/")
    Qt.BrushStyle.HorPattern: (0,),
    Qt.BrushStyle.VerPattern: (90,),
    Qt.BrushStyle.CrossPattern: (0, 90),
    Qt.BrushStyle.BDiagPattern: (45,),
    Qt.BrushStyle.FDiagPattern: (135,),
    Qt.BrushStyle.DiagCrossPattern: (45, 135),
}


PRINT_TOLERANCE = 0.35  # atlas units (about 0.04 mm on paper): drops ~85 % of the vertices, invisibly
RegionKey = tuple[str, str, str, str, str | None]
_print_paths: dict[RegionKey, QPainterPath] = {}
_print_parts: dict[int, dict[RegionKey, list[list[list[tuple[float, float]]]]]] = {}  # id(atlas) -> parts


def simplify_ring(ring: tuple[tuple[float, float], ...], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker on one closed ring (no closing point), in plain Python: no shapely import needed."""
    n = len(ring)
    if n < 8:
        return list(ring)
    keep = [False] * n
    keep[0] = keep[n // 2] = True  # a closed ring: simplify its two halves
    stack = [(0, n // 2), (n // 2, n)]
    t2 = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        ax, ay = ring[first]
        bx, by = ring[last % n]
        dx, dy = bx - ax, by - ay
        norm = dx * dx + dy * dy
        worst, index = t2, -1
        for i in range(first + 1, last):
            px, py = ring[i]
            if norm == 0.0:
                d2 = (px - ax) ** 2 + (py - ay) ** 2
            else:
                cross = (px - ax) * dy - (py - ay) * dx
                d2 = cross * cross / norm
            if d2 > worst:
                worst, index = d2, i
        if index >= 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(ring, keep, strict=True) if k]


def _key(region: Region) -> RegionKey:
    return (region.kind, region.id, region.side, region.view, region.map)


def _simplified(region: Region) -> list[list[list[tuple[float, float]]]]:
    return [[simplify_ring(ring, PRINT_TOLERANCE) for ring in rings] for rings in region.parts]


def _all_print_parts(atlas: Atlas) -> dict[RegionKey, list[list[list[tuple[float, float]]]]]:
    """Every region a figure may draw (outlines, zones, every map's dermatomes), simplified for paper."""
    regions = [r for v in atlas.views.values()
               for r in (v.outline_region, *v.zones, *(d for ds in v.dermatomes.values() for d in ds))]
    return {_key(r): _simplified(r) for r in regions}


def print_parts(atlas: Atlas) -> dict[RegionKey, list[list[list[tuple[float, float]]]]]:
    """The simplified rings of the packaged atlas, computed once per atlas version and kept in the per-user
    cache beside the atlas's (``bodymaps.atlas.cache``), named by the atlas's key, the tolerance and this
    file; a process then reads them in about a millisecond instead of simplifying 24,000 vertices."""
    found = _print_parts.get(id(atlas))
    if found is not None:
        return found
    from bodymaps.atlas import load_atlas

    if atlas is not load_atlas():  # another atlas (tests): simplified region by region, in this process only
        return {}
    from bodymaps.atlas.cache import loaded_key
    from bodymaps.derived_cache import cached, content_key
    from bodymaps.resources import data_path

    key = content_key([], [Path(__file__)], salt=f"print-rings|{loaded_key(data_path('atlas'))}|{PRINT_TOLERANCE}")
    parts = _print_parts[id(atlas)] = cached("print-rings", key, lambda: _all_print_parts(atlas), dict)
    return parts


def print_path(region: Region, atlas: Atlas | None = None) -> QPainterPath:
    """The region as drawn on paper: its rings simplified below print resolution, converted by the body view's
    own ``parts_path`` (the single atlas-to-Qt conversion). Plain rings in, so drawing needs no shapely;
    kept apart from the screen's cache, which holds the full detail. Built once per region and reused."""
    key = _key(region)
    path = _print_paths.get(key)
    if path is None:
        parts = print_parts(atlas).get(key) if atlas is not None else None
        path = _print_paths[key] = parts_path(parts if parts is not None else _simplified(region))
    return path


_view_lines: dict[tuple[int, str], tuple[QPainterPath, QPainterPath]] = {}


def view_lines(atlas: Atlas, view_id: str) -> tuple[QPainterPath, QPainterPath]:
    """(every zone's boundary, the drawing aids) of a view as two paths, built once per atlas and view: each is
    stroked with one call instead of one per zone."""
    key = (id(atlas), view_id)
    found = _view_lines.get(key)
    if found is None:
        view = atlas.view(view_id)
        zones = QPainterPath()
        for zone in view.zones:
            zones.addPath(print_path(zone, atlas))
        details = QPainterPath()
        for points, closed in view.details:
            details.moveTo(QPointF(*points[0]))
            for p in points[1:]:
                details.lineTo(QPointF(*p))
            if closed:
                details.closeSubpath()
        found = _view_lines[key] = (zones, details)
    return found


def _bounds(region: Region) -> tuple[float, float, float, float]:
    xs = [x for rings in region.parts for ring in rings for x, _ in ring]
    ys = [y for rings in region.parts for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass
class Placement:
    """Where a view was drawn, in points from the page's top-left corner: page = (x0 + s·(x - bx), ...)."""

    page: int
    view: str
    x0: float
    y0: float
    scale: float  # points per atlas unit
    bx: float  # atlas bounds origin
    by: float
    column: tuple[float, float] = (0.0, 0.0)  # the figure's column (title, R and L), left and right in points

    def to_page(self, x: float, y: float) -> tuple[float, float]:
        return self.x0 + self.scale * (x - self.bx), self.y0 + self.scale * (y - self.by)


def _segment(ox: float, oy: float, dx: float, dy: float, rect: QRectF) -> QLineF | None:
    """The part of the line through (ox, oy) along (dx, dy) inside ``rect`` (Liang-Barsky), or None."""
    lo, hi = -math.inf, math.inf
    for p, d, a, b in ((ox, dx, rect.left(), rect.right()), (oy, dy, rect.top(), rect.bottom())):
        if abs(d) < 1e-12:
            if p < a or p > b:
                return None
            continue
        t1, t2 = (a - p) / d, (b - p) / d
        lo, hi = max(lo, min(t1, t2)), min(hi, max(t1, t2))
    if lo >= hi:
        return None
    return QLineF(ox + dx * lo, oy + dy * lo, ox + dx * hi, oy + dy * hi)


_hatches: dict[tuple[object, ...], list[QLineF]] = {}  # (region, style, scale, spacing) -> lines


def _hatch_lines(rect: QRectF, style: Qt.BrushStyle, spacing: float) -> list[QLineF]:
    cx, cy = rect.center().x(), rect.center().y()
    reach = math.hypot(rect.width(), rect.height()) / 2 + spacing
    lines = []
    for angle in _ANGLES.get(style, (45,)):
        a = math.radians(angle)
        dx, dy = math.cos(a), -math.sin(a)  # along the line (y grows downwards)
        nx, ny = -dy, dx  # across the lines
        steps = int(reach / spacing) + 1
        for i in range(-steps, steps + 1):
            segment = _segment(cx + nx * i * spacing, cy + ny * i * spacing, dx, dy, rect)
            if segment is not None:
                lines.append(segment)
    return lines


def hatch(painter: QPainter, ctx: Ctx, path: QPainterPath, style: Qt.BrushStyle, scale: float,
          fill: QBrush | None = None, key: tuple[object, ...] | None = None) -> None:
    """Parallel lines clipped to ``path`` (atlas units; ``scale`` device units per atlas unit), over ``fill``
    when given (drawn inside the same clip, so the zone's outline goes into the PDF once, not twice). Only the
    lines that cross the path's bounding box are written, each cut to the box: the clip does the rest, and the
    PDF holds about half the line segments that lines across the box's circumcircle would need. With a
    ``key`` (the region's), the lines are computed once per process for that region, style and scale."""
    rect = path.boundingRect()
    spacing = ctx.mm(HATCH_SPACING_MM) / scale
    cache_key = None if key is None else (*key, style, round(scale, 9), round(spacing, 9))
    lines = _hatches.get(cache_key) if cache_key is not None else None
    if lines is None:
        lines = _hatch_lines(rect, style, spacing)
        if cache_key is not None:
            _hatches[cache_key] = lines
    painter.save()
    painter.setClipPath(path, Qt.ClipOperation.IntersectClip)
    if fill is not None:
        painter.fillRect(rect, fill)
    painter.setPen(QPen(QColor(0, 0, 0, 210), ctx.mm(HATCH_WIDTH_MM) / scale))
    if lines:
        painter.drawLines(lines)
    painter.restore()


@dataclass
class FigurePanel(Block):
    """The three views side by side with titles, R/L, orientation and the kind legend underneath."""

    atlas: Atlas
    figures: tuple[Figure, ...]
    legend: tuple[tuple[str, str], ...]
    map_id: str
    note: str
    figure_height: float = 100.0  # mm, the tallest view's body
    placements: list[Placement] = field(default_factory=list)  # filled in when drawn
    page: int = 0
    _x0: float = 0.0
    _outline_bounds: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    space_before: float = 2.0

    def _bounds(self, view_id: str) -> tuple[float, float, float, float]:
        if view_id not in self._outline_bounds:
            self._outline_bounds[view_id] = _bounds(self.atlas.view(view_id).outline_region)
        return self._outline_bounds[view_id]

    def _scale(self, ctx: Ctx, width: float) -> float:
        """Device units per atlas unit: one scale for the two full-length views, fitted to height and width."""
        tall = [f for f in self.figures if f.view != "soles"] or list(self.figures)
        height = max(self._bounds(f.view)[3] - self._bounds(f.view)[1] for f in tall)
        widths = sum(self._bounds(f.view)[2] - self._bounds(f.view)[0] for f in self.figures)
        by_height = ctx.mm(self.figure_height) / height
        free = width - ctx.mm(3) * len(self.figures)  # a little air between views
        return min(by_height, free / widths)

    def _label_h(self, ctx: Ctx) -> float:
        return ctx.metrics(ctx.font(8.5, True)).height()

    def height(self, ctx: Ctx, width: float) -> float:
        s = self._scale(ctx, width)
        tallest = max(self._bounds(f.view)[3] - self._bounds(f.view)[1] for f in self.figures) * s
        small = ctx.metrics(ctx.font(6.5)).height()
        return self._label_h(ctx) + ctx.mm(1) + tallest + ctx.mm(1) + 2 * small + self._legend_h(ctx, width)

    def _legend_h(self, ctx: Ctx, width: float) -> float:
        h = ctx.metrics(ctx.font(7.5)).height() + ctx.mm(1.5)
        if self.note:
            h += ctx.text_height(self.note, ctx.font(6.5), width)
        return h

    def draw(self, ctx: Ctx, painter: QPainter, x: float, y: float, width: float) -> None:
        s = self._scale(ctx, width)
        widths = [(self._bounds(f.view)[2] - self._bounds(f.view)[0]) * s for f in self.figures]
        gap = (width - sum(widths)) / len(self.figures)
        fx = x + gap / 2
        top = y + self._label_h(ctx) + ctx.mm(1)
        body_h = max(self._bounds(f.view)[3] - self._bounds(f.view)[1] for f in self.figures) * s
        self.placements = []
        self._x0 = x
        for figure, w in zip(self.figures, widths, strict=True):
            self._draw_view(ctx, painter, figure, fx, top, s)
            self.placements[-1].column = (ctx.pt(fx - gap / 2), ctx.pt(fx + w + gap / 2))
            self._labels(ctx, painter, figure, fx, y, top, w, gap, body_h)
            fx += w + gap
        self._draw_legend(ctx, painter, x, top + body_h + ctx.mm(1) + 2 * ctx.metrics(ctx.font(6.5)).height(),
                          width)

    def _draw_view(self, ctx: Ctx, painter: QPainter, figure: Figure, x: float, y: float, s: float) -> None:
        view = self.atlas.view(figure.view)
        bx, by, _, _ = self._bounds(figure.view)
        self.placements.append(Placement(self.page, figure.view, ctx.pt(x), ctx.pt(y), ctx.pt(s), bx, by))
        painter.save()
        painter.translate(x - bx * s, y - by * s)
        painter.scale(s, s)
        outline = print_path(view.outline_region, self.atlas)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BODY_FILL)
        painter.drawPath(outline)
        kinds: dict[tuple[str, str], set[str]] = {}
        for mark in figure.marks:
            if mark.kind in KIND_STYLES:
                kinds.setdefault((mark.zone, mark.side), set()).add(mark.kind)
        for (zone, side), marked in kinds.items():
            region = view.zone(zone, side)
            if region is None:
                continue
            # several kinds in one zone: one band each, as on screen (transparent fills laid over each other
            # would mix into a colour of no kind)
            ordered = [k for k in KIND_ORDER if k in marked]
            path = print_path(region, self.atlas)
            for index, (band, kind) in enumerate(zip(bands(path, len(ordered)), ordered, strict=True)):
                style = KIND_STYLES[kind]
                hatch(painter, ctx, band, style.hatch, s, fill=style.fill(FILL_ALPHA),
                      key=(id(self.atlas), *_key(region), len(ordered), index))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        zone_lines, details = view_lines(self.atlas, figure.view)
        painter.setPen(QPen(ZONE_LINE, ctx.mm(0.12) / s))
        painter.drawPath(zone_lines)
        painter.setPen(QPen(MUTED, ctx.mm(0.15) / s))
        painter.drawPath(details)
        if figure.dermatome is not None:
            root, side = figure.dermatome
            pen = QPen(DERMATOME, ctx.mm(0.45) / s, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            for region in view.dermatomes.get(self.map_id, []):
                if region.id == root and region.side in (side, "midline"):
                    painter.drawPath(print_path(region, self.atlas))
        painter.setPen(QPen(OUTLINE, ctx.mm(0.3) / s))
        painter.drawPath(outline)
        painter.restore()

    def _labels(self, ctx: Ctx, painter: QPainter, figure: Figure, x: float, y: float, top: float, w: float,
                gap: float, body_h: float) -> None:
        """View name between the patient's R and L, at the edges of the figure's own column."""
        left, right = x - gap / 2, x + w + gap / 2
        title_font = ctx.font(8.5, True)
        painter.setFont(title_font)
        painter.setPen(INK)
        lh = self._label_h(ctx)
        painter.drawText(QRectF(left, y, right - left, lh), int(Qt.AlignmentFlag.AlignHCenter), figure.title)
        side_font = ctx.font(12, True)
        painter.setFont(side_font)
        pad = ctx.mm(3.5)  # well inside its own column: neighbouring figures' letters never read as one pair
        viewer_left, viewer_right = ("L", "R") if figure.patient_left_on == "viewer-left" else ("R", "L")
        painter.drawText(QRectF(left + pad, y - ctx.mm(0.6), right - left - 2 * pad, lh + ctx.mm(2)),
                         int(Qt.AlignmentFlag.AlignLeft), viewer_left)
        painter.drawText(QRectF(left + pad, y - ctx.mm(0.6), right - left - 2 * pad, lh + ctx.mm(2)),
                         int(Qt.AlignmentFlag.AlignRight), viewer_right)
        if left > self._x0 + ctx.mm(1):  # a rule between neighbouring views so that no letter is shared
            painter.setPen(QPen(QColor("#c8c8c8"), ctx.mm(0.2)))
            painter.drawLine(QPointF(left, y), QPointF(left, top + body_h))
        small = ctx.font(6.5)
        painter.setFont(small)
        painter.setPen(MUTED)
        painter.drawText(QRectF(left, top + body_h + ctx.mm(1), right - left, 2 * ctx.metrics(small).height()),
                         int(Qt.AlignmentFlag.AlignHCenter) | int(Qt.TextFlag.TextWordWrap), figure.orientation)

    def _draw_legend(self, ctx: Ctx, painter: QPainter, x: float, y: float, width: float) -> None:
        font = ctx.font(7.5)
        painter.setFont(font)
        h = ctx.metrics(font).height()
        box = ctx.mm(4.5)
        cx = x
        y += ctx.mm(1.5)
        for kind, label in self.legend:
            style = KIND_STYLES[kind]
            rect = QRectF(cx, y, box, h)
            path = QPainterPath()
            path.addRect(rect)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.fill(FILL_ALPHA))
            painter.drawRect(rect)
            hatch(painter, ctx, path, style.hatch, 1.0)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(OUTLINE, ctx.mm(0.15)))
            painter.drawRect(rect)
            painter.setPen(INK)
            text = f"{label} ({style.symbol})"
            painter.drawText(QRectF(cx + box + ctx.mm(1.2), y, ctx.text_width(text, font) + ctx.mm(1), h),
                             int(Qt.AlignmentFlag.AlignLeft), text)
            cx += box + ctx.mm(1.2) + ctx.text_width(text, font) + ctx.mm(4)
        if self.note:
            small = ctx.font(6.5)
            painter.setFont(small)
            painter.setPen(MUTED)
            painter.drawText(QRectF(x, y + h + ctx.mm(0.5), width, ctx.text_height(self.note, small, width)),
                             int(Qt.TextFlag.TextWordWrap), self.note)
