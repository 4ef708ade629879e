"""Which zones a straight drag segment passes through, and in what order: plain arithmetic on the atlas rings.

A mouse drag arrives as a few move events far apart; every zone the segment between two events touches must
be painted, in the order the pointer met it. This is exact (the segment is tested against every edge of the
candidate zones' rings, and a start inside a zone counts as meeting it at once), and needs neither shapely nor
numpy, so the body view stays off the heavy imports of the start-up path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Point = tuple[float, float]
Ring = Sequence[Point]
Parts = Sequence[Sequence[Ring]]
Box = tuple[float, float, float, float]  # left, top, right, bottom


def parts_bounds(parts: Parts) -> Box:
    """Bounding box of a region's rings (its exteriors suffice: holes lie inside them)."""
    xs = [x for rings in parts for x, _ in rings[0]]
    ys = [y for rings in parts for _, y in rings[0]]
    return min(xs), min(ys), max(xs), max(ys)


def contains(parts: Parts, x: float, y: float) -> bool:
    """Even-odd point-in-polygon over every ring (holes excluded), as the zones are drawn."""
    inside = False
    for rings in parts:
        for ring in rings:
            n = len(ring)
            x1, y1 = ring[n - 1]
            for x2, y2 in ring:
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
                x1, y1 = x2, y2
    return inside


def _segment_hit(ax: float, ay: float, dx: float, dy: float, x1: float, y1: float, x2: float,
                 y2: float) -> float | None:
    """Parameter t in [0, 1] along a + t*d where it meets the edge (x1, y1)-(x2, y2), or None."""
    ex, ey = x2 - x1, y2 - y1
    denom = dx * ey - dy * ex
    fx, fy = x1 - ax, y1 - ay
    if denom == 0:  # parallel: a touch only if collinear and overlapping
        if fx * dy - fy * dx != 0:
            return None
        length2 = dx * dx + dy * dy
        t1 = (fx * dx + fy * dy) / length2
        t2 = ((x2 - ax) * dx + (y2 - ay) * dy) / length2
        low, high = min(t1, t2), max(t1, t2)
        if high < 0 or low > 1:
            return None
        return max(0.0, low)
    t = (fx * ey - fy * ex) / denom
    u = (fx * dy - fy * dx) / denom
    if 0 <= t <= 1 and 0 <= u <= 1:
        return t
    return None


def entry(parts: Parts, start: Point, end: Point) -> float | None:
    """Where the segment start->end first touches the region, as a fraction of its length (None: never)."""
    ax, ay = start
    dx, dy = end[0] - ax, end[1] - ay
    if contains(parts, ax, ay):
        return 0.0
    first: float | None = None
    for rings in parts:
        for ring in rings:
            x1, y1 = ring[-1]
            for x2, y2 in ring:
                t = _segment_hit(ax, ay, dx, dy, x1, y1, x2, y2)
                if t is not None and (first is None or t < first):
                    first = t
                x1, y1 = x2, y2
    return first


def crossed(regions: Iterable[tuple[object, Parts, Box]], start: Point, end: Point) -> list[object]:
    """Keys of the regions the segment touches, in the order the segment meets them (ties: given order)."""
    left, right = min(start[0], end[0]), max(start[0], end[0])
    top, bottom = min(start[1], end[1]), max(start[1], end[1])
    hits = []
    for i, (key, parts, (x0, y0, x1, y1)) in enumerate(regions):
        if x1 < left or x0 > right or y1 < top or y0 > bottom:
            continue
        t = entry(parts, start, end)
        if t is not None:
            hits.append((t, i, key))
    return [key for _, _, key in sorted(hits, key=lambda h: (h[0], h[1]))]
