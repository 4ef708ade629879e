"""Atlas regions as QPainterPaths: the single conversion from the core's geometry to Qt, used by the screen,
the PDF figures and the teaching mode (never a second copy of the geometry).

Regions carry their rings as plain tuples (``Region.parts``), so drawing needs neither shapely nor numpy: the
first window opens without importing them. ``geometry_path`` converts a shapely geometry computed at run time
(teaching mode's map disagreements, for instance).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from itertools import chain

from PySide6.QtCore import QByteArray, QDataStream, QPointF, QRectF, Qt
from PySide6.QtGui import QPainterPath, QPolygonF

from bodymaps.atlas import Region

Rings = Sequence[Sequence[tuple[float, float]]]


def parts_path(parts: Iterable[Rings]) -> QPainterPath:
    """Polygons given as (exterior, *holes) rings without closing points, as one odd-even path."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for rings in parts:
        for ring in rings:
            if len(ring) >= 3:
                path.addPolygon(_polygon(ring))
                path.closeSubpath()
    return path


def _polygon(ring: Sequence[tuple[float, float]]) -> QPolygonF:
    """A ring as a QPolygonF, read from QDataStream's serialised form (a point count, then big-endian doubles):
    three times faster than making a QPointF per vertex in Python, which matters for the first window."""
    count = len(ring)
    data = QByteArray(struct.pack(f">I{2 * count}d", count, *chain.from_iterable(ring)))
    polygon = QPolygonF()
    QDataStream(data) >> polygon
    if polygon.size() != count:  # never seen; a Qt that serialised differently would land here
        polygon = QPolygonF([QPointF(x, y) for x, y in ring])
    return polygon


def geometry_path(geometry: object) -> QPainterPath:
    """A shapely Polygon/MultiPolygon (or anything with the same exterior/interiors/coords shape) as a path."""
    parts = []
    for poly in getattr(geometry, "geoms", [geometry]):
        exterior = getattr(poly, "exterior", None)
        if exterior is None:
            continue  # points and lines have no area to draw
        parts.append([list(ring.coords)[:-1] for ring in (exterior, *poly.interiors)])
    return parts_path(parts)


_cache: dict[tuple[str, str, str, str, str | None], QPainterPath] = {}


def region_path(region: Region) -> QPainterPath:
    """Path of one atlas region, cached per (kind, id, side, view, map)."""
    key = (region.kind, region.id, region.side, region.view, region.map)
    path = _cache.get(key)
    if path is None:
        path = _cache[key] = parts_path(region.parts)
    return QPainterPath(path)


def bands(path: QPainterPath, count: int) -> list[QPainterPath]:
    """``path`` cut into ``count`` equal bands (one per finding kind of a zone, on screen and on paper) across its longer side (top to bottom, or left to right)."""
    if count <= 1:
        return [path]
    rect = path.boundingRect()
    out = []
    for i in range(count):
        if rect.height() >= rect.width():
            h = rect.height() / count
            band = QRectF(rect.left() - 1, rect.top() + i * h, rect.width() + 2, h)
        else:
            w = rect.width() / count
            band = QRectF(rect.left() + i * w, rect.top() - 1, w, rect.height() + 2)
        clip = QPainterPath()
        clip.addRect(band)
        out.append(path.intersected(clip))
    return out
