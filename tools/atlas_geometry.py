"""Curves, the body outline and the region helpers of the atlas drawing (tools/draw_atlas.py): body coordinates,
the (h, u) frame across the limb, painting and clipping, and the soles."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from shapely.geometry import Polygon
from shapely.ops import unary_union

OUT = Path(__file__).resolve().parent.parent / "data" / "atlas"
WIDE = 1.8  # u beyond the edges, so regions reach past the outline before clipping


# ----------------------------------------------------------------------------------------------- curves
def hermite(knots: list[tuple[float, float]]):
    """Smooth function through (t, value) knots (cubic Hermite with Catmull-Rom tangents); flat beyond."""
    t = np.array([k[0] for k in knots], float)
    v = np.array([k[1] for k in knots], float)
    order = np.argsort(t)
    t, v = t[order], v[order]
    tang = np.zeros_like(v)
    tang[1:-1] = (v[2:] - v[:-2]) / (t[2:] - t[:-2])

    def f(x):
        x = np.clip(np.asarray(x, float), t[0], t[-1])
        i = np.clip(np.searchsorted(t, x) - 1, 0, len(t) - 2)
        dt = t[i + 1] - t[i]
        s = (x - t[i]) / dt
        h00, h10 = 2 * s**3 - 3 * s**2 + 1, s**3 - 2 * s**2 + s
        h01, h11 = -2 * s**3 + 3 * s**2, s**3 - s**2
        return h00 * v[i] + h10 * dt * tang[i] + h01 * v[i + 1] + h11 * dt * tang[i + 1]

    return f


def arc(cx, cy, rx, ry, a0, a1, n=14):
    a = np.linspace(math.radians(a0), math.radians(a1), n)
    return list(zip(cx + rx * np.cos(a), cy + ry * np.sin(a), strict=True))


# ----------------------------------------------------------------------------------------------- body
TOP = 111.0  # lower ribs
CROTCH = 78.0

# lateral contour (h, m): ribs, waist, iliac crest, trochanter, thigh, knee, calf, ankle, foot
LATERAL = [
    (111, 13.8), (106, 13.0), (101, 14.6), (96, 16.6), (91, 17.6), (87, 17.9), (82, 17.5), (77, 16.9),
    (70, 16.0), (62, 14.7), (55, 13.1), (50, 12.4), (47, 12.3), (44.5, 12.4), (40, 12.9), (34, 12.8),
    (27, 11.8), (20, 10.6), (14, 9.9), (10, 10.2), (7.5, 10.6), (5.5, 10.7),
]
# medial contour of the leg (h, m), from the crotch down
MEDIAL = [
    (78, 0.0), (77.3, 0.4), (76.2, 0.7), (74, 0.95), (70, 1.2), (64, 1.5), (58, 1.9), (53, 2.3),
    (49.5, 2.1), (47, 2.1), (44, 2.4), (40, 2.1), (35, 2.0), (29, 2.5), (22, 3.4), (15, 4.2),
    (11.5, 4.2), (9.5, 3.7), (7.5, 3.9), (5.5, 4.1),
]
# the foot from the front (toes towards the viewer): lateral and medial edges below the ankle
# (the dorsum is drawn foreshortened but long enough to click: toe webs at h = WEB_H)
FOOT_FRONT_LATERAL = [(5.5, 10.7), (2.0, 12.0), (-2.0, 13.4), (-4.6, 13.7), (-5.6, 13.5)]
FOOT_FRONT_MEDIAL = [(5.5, 4.1), (2.0, 3.9), (-1.5, 3.7), (-4.5, 3.6), (-5.6, 3.6)]
# toes seen from the front: (medial m, lateral m, tip h)
TOES = [(3.6, 6.9, -9.8), (7.05, 8.6, -9.3), (8.75, 10.15, -8.9), (10.3, 11.7, -8.4), (11.85, 13.5, -7.8)]
WEB_H = -5.6
TOE_BASE = -5.3  # where the toes' zones begin (just above the webs)
BOTTOM = -14.0
# the heel from behind
HEEL_LATERAL = [(5.5, 10.7), (3.5, 10.8), (1.5, 10.4), (0.3, 9.5)]
HEEL_MEDIAL = [(5.5, 4.1), (3.5, 4.4), (1.5, 4.9), (0.3, 5.9)]


def toe_row(toes, web_h, tip_sign=-1):
    """Points along the toe tips from the lateral toe to the medial one (m, h)."""
    pts = []
    for m0, m1, tip in reversed(toes):
        r = (m1 - m0) / 2
        depth = abs(tip - web_h) - r
        cx = (m0 + m1) / 2
        pts += [(m1, web_h), (m1, web_h + tip_sign * depth)]
        pts += arc(cx, web_h + tip_sign * depth, r, r, 0, 180 * tip_sign, 10)
        pts += [(m0, web_h + tip_sign * depth), (m0, web_h)]
    return pts


def sample(f, h0, h1, step=0.25):
    n = max(2, int(abs(h1 - h0) / step) + 1)
    hs = np.linspace(h0, h1, n)
    return [(float(f(h)), float(h)) for h in hs]


lat_leg = hermite(LATERAL)
med_leg = hermite(MEDIAL)


def half_outline(view: str) -> Polygon:
    """Outline of the patient's left half in (m, h)."""
    pts = [(0.0, TOP)]
    pts += sample(lat_leg, TOP, 5.5)
    if view == "anterior":
        pts += sample(hermite(FOOT_FRONT_LATERAL), 5.5, WEB_H)
        pts += toe_row(TOES, WEB_H)
        pts += sample(hermite(FOOT_FRONT_MEDIAL), WEB_H, 5.5)
    else:
        lat, med = hermite(HEEL_LATERAL), hermite(HEEL_MEDIAL)
        pts += sample(lat, 5.5, 0.3)
        pts += arc(7.7, 0.3, 1.8, 1.0, 0, -180, 12)
        pts += sample(med, 0.3, 5.5)
    pts += sample(med_leg, 5.5, CROTCH)
    pts += [(0.0, CROTCH)]
    poly = Polygon([(m, h) for m, h in pts]).buffer(0)
    return poly


def edges(view: str):
    """Medial and lateral edge functions m(h) that define u; held constant below the foot."""
    if view == "anterior":
        lat = hermite(LATERAL + FOOT_FRONT_LATERAL[1:])
        med = hermite(MEDIAL + FOOT_FRONT_MEDIAL[1:])
    else:
        lat = hermite([*LATERAL, (3.5, 10.8), (1.5, 10.6)])
        med = hermite([*MEDIAL, (3.5, 4.4), (1.5, 4.7)])

    def m_in(h):
        return np.where(np.asarray(h) >= CROTCH, 0.0, med(h))

    return m_in, lat


def hu_to_mh(view, pts):
    m_in, m_out = edges(view)
    out = []
    for h, u in pts:
        a, b = float(m_in(h)), float(m_out(h))
        out.append((a + u * (b - a), h))
    return out


def densify(pts, dh=0.1, du=0.01):
    res = []
    for (h0, u0), (h1, u1) in zip(pts, pts[1:] + pts[:1], strict=True):
        n = max(1, int(max(abs(h1 - h0) / dh, abs(u1 - u0) / du)))
        for k in range(n):
            s = k / n
            res.append((h0 + s * (h1 - h0), u0 + s * (u1 - u0)))
    return res


def HU(*pts):
    """Region given by (h, u) vertices."""
    return ("hu", list(pts))


def ROW(h_top, h_bot, u0=-WIDE, u1=1 + WIDE):
    return HU((h_top, u0), (h_top, u1), (h_bot, u1), (h_bot, u0))


def MH(*pts):
    """Region given by (m, h) vertices, for the trunk."""
    return ("mh", list(pts))


def region(view, spec) -> Polygon:
    kind, pts = spec
    poly = Polygon(hu_to_mh(view, densify(pts))) if kind == "hu" else Polygon(pts)
    return poly.buffer(0)


def drop_slivers(g, min_area=0.02):
    """Remove parts and holes smaller than min_area (cm^2): seams where two regions share an edge."""
    parts = []
    for poly in getattr(g, "geoms", [g]):
        if poly.geom_type != "Polygon" or poly.area < min_area:
            continue
        holes = [h for h in poly.interiors if Polygon(h).area >= min_area]
        parts.append(Polygon(poly.exterior, holes))
    return unary_union(parts) if parts else Polygon()


def paint(view, layers, clip, to_region=None):
    """Painter's layering: each later region takes its area from the earlier ones. Returns {id: geometry}."""
    to_region = to_region or (lambda s: region(view, s))
    placed: list[tuple[str, object]] = []
    for key, specs in layers:
        geom = unary_union([to_region(s) for s in specs]).intersection(clip)
        placed = [(k, g.difference(geom)) for k, g in placed]
        placed.append((key, geom))
    out = {}
    for k, g in placed:
        g = drop_slivers(g.buffer(0))
        if not g.is_empty and g.area > 0.05:
            out[k] = unary_union([out[k], g]) if k in out else g
    return out


# ----------------------------------------------------------------------------------------------- soles
SOLE_LEN = 26.5
SOLE_MED = [(0, 2.6), (1.5, 1.0), (4, 0.55), (8, 0.9), (12, 1.6), (16, 0.9), (19.5, 0.0), (21.0, 0.1)]
SOLE_LAT = [(0, 4.2), (1.5, 6.0), (4, 6.9), (8, 7.1), (12, 7.5), (16, 8.5), (19.0, 9.4), (20.8, 9.4)]
SOLE_TOES = [(0.1, 3.3, 26.3), (3.42, 4.95, 25.5), (5.05, 6.5, 25.0), (6.6, 7.95, 24.3), (8.05, 9.4, 23.5)]
SOLE_WEB = 21.9
SOLE_TOE_BASE = 21.3


def sole_outline() -> Polygon:
    med, lat = hermite(SOLE_MED), hermite(SOLE_LAT)
    pts = [(float(lat(a)), a) for a in np.linspace(0.8, 20.8, 60)]
    pts += [(9.4, SOLE_WEB)]
    for b0, b1, tip in reversed(SOLE_TOES):
        r = (b1 - b0) / 2
        cy = tip - r
        pts += [(b1, SOLE_WEB), (b1, cy)]
        pts += arc((b0 + b1) / 2, cy, r, r * 1.15, 0, 180, 12)
        pts += [(b0, cy), (b0, SOLE_WEB)]
    pts += [(float(med(a)), a) for a in np.linspace(21.0, 0.8, 60)]
    a0 = 0.8
    b0, b1 = float(med(a0)), float(lat(a0))
    pts += arc((b0 + b1) / 2, a0, (b1 - b0) / 2, a0 + 0.0, 180, 360, 20)[1:-1]
    return Polygon(pts).buffer(0)


def sole_hu_to_ba(pts):
    med, lat = hermite(SOLE_MED), hermite(SOLE_LAT)
    return [(float(med(a)) + u * (float(lat(a)) - float(med(a))), a) for a, u in pts]


def sole_region(spec):
    kind, pts = spec
    assert kind == "hu"
    return Polygon(sole_hu_to_ba(densify(pts))).buffer(0)


def paint_sole(layers, clip):
    return paint("soles", layers, clip, to_region=sole_region)


# u of the toe separations (at the webs), from the toe widths
def _u_at(view, m, h):
    m_in, m_out = edges(view)
    return (m - float(m_in(h))) / (float(m_out(h)) - float(m_in(h)))


U_GREAT = _u_at("anterior", 6.97, WEB_H)
U_LITTLE = _u_at("anterior", 11.77, WEB_H)
SU_GREAT = (3.4 - 0.1) / 9.3
SU_LITTLE = (7.97 - 0.1) / 9.3
