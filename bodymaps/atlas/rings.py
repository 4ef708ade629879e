"""Small measures on a region's plain rings (``Region.parts``) that need neither shapely nor numpy.

The app's first window labels its overlays from these, so start-up never builds shapely geometry.
"""

from __future__ import annotations

from collections.abc import Sequence

Point = tuple[float, float]
Ring = Sequence[Point]
Rings = Sequence[Ring]  # one polygon: exterior ring, then its holes (no closing points)


def ring_area(ring: Ring) -> float:
    """Unsigned area of one ring (shoelace)."""
    total = 0.0
    x1, y1 = ring[-1]
    for x2, y2 in ring:
        total += x1 * y2 - x2 * y1
        x1, y1 = x2, y2
    return abs(total) / 2


def polygon_area(rings: Rings) -> float:
    """Area of a polygon: its exterior less its holes."""
    return ring_area(rings[0]) - sum(ring_area(hole) for hole in rings[1:])


def interior_point(rings: Rings) -> Point:
    """A point inside a polygon, as GEOS's ``representative_point`` picks it: the middle of the widest stretch
    of a horizontal line through the middle of the polygon's height (nudged off every vertex)."""
    ys = [y for ring in rings for _, y in ring]
    low, high = min(ys), max(ys)
    centre = (low + high) / 2
    below, above = low, high
    for y in ys:
        if y <= centre:
            below = max(below, y)
        else:
            above = min(above, y)
    scan = (below + above) / 2
    crossings = []
    for ring in rings:
        (x1, y1) = ring[-1]
        for x2, y2 in ring:
            if not ((y1 > scan and y2 > scan) or (y1 < scan and y2 < scan) or y1 == y2
                    or (y1 == scan and y2 < scan) or (y2 == scan and y1 < scan)):
                crossings.append(x1 + (scan - y1) * (x2 - x1) / (y2 - y1))
            x1, y1 = x2, y2
    crossings.sort()
    best: Point | None = None
    widest = -1.0
    for left, right in zip(crossings[0::2], crossings[1::2], strict=False):
        if right - left > widest:
            widest, best = right - left, ((left + right) / 2, scan)
    if best is None:  # degenerate (no area): any vertex lies on it
        return rings[0][0]
    return best


def label_point(parts: Sequence[Rings]) -> Point:
    """A point well inside the largest polygon of a region, for its label."""
    return interior_point(max(parts, key=polygon_area))
