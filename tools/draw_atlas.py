"""Draw the BodyMaps atlas geometry and write it to data/atlas/*.svg.

This is an authoring tool, not part of the application: the SVG files it writes are the geometry of record
(an illustrator may edit them directly; `bodymaps.atlas` reads and validates them). Re-run it after changing
the anatomy below:  .venv/bin/python tools/draw_atlas.py

How it draws. Each half of the body is described in body coordinates (m = cm from the midline, positive
lateral; h = cm above the floor; the soles in a = cm from the back of the heel). Smooth medial and lateral
contours give, at every height, a coordinate u across the limb (0 medial edge, 1 lateral edge), so zones,
dermatomes and nerve territories are written as regions in (h, u) that follow the limb's shape, the way
anatomy charts draw bands around a leg. Regions are layered painter-fashion (a later region takes its area
from earlier ones) and clipped to the outline, so the zones of a view tile the body exactly. The patient's
left half is drawn; the right half is its mirror image.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from shapely import affinity
from shapely.geometry import LineString, MultiPolygon, Polygon
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

# ----------------------------------------------------------------------------------------------- zones
INGUINAL = [(1.2, 83.2), (12.2, 96.0)]  # pubic tubercle -> ASIS

ZONES = {
    "anterior": [
        ("medial_thigh", [ROW(97, 52, -WIDE, 0.22)]),
        ("anterior_thigh", [ROW(97, 52, 0.22, 0.74)]),
        ("lateral_thigh", [ROW(97, 52, 0.74, 1 + WIDE)]),
        ("medial_knee", [ROW(52, 42.5, -WIDE, 0.3)]),
        ("anterior_knee", [ROW(52, 42.5, 0.3, 1 + WIDE)]),
        ("medial_leg", [ROW(42.5, 11, -WIDE, 0.42)]),
        ("anterolateral_leg", [ROW(42.5, 11, 0.42, 1 + WIDE)]),
        ("dorsum_foot", [ROW(11, TOE_BASE)]),
        ("medial_ankle", [ROW(11, 4.5, -WIDE, 0.3)]),
        ("lateral_ankle", [ROW(11, 4.5, 0.72, 1 + WIDE)]),
        ("lateral_foot", [ROW(4.5, TOE_BASE, 0.87, 1 + WIDE)]),
        ("great_toe", [ROW(TOE_BASE, BOTTOM, -WIDE, U_GREAT)]),
        ("lesser_toes", [ROW(TOE_BASE, BOTTOM, U_GREAT, U_LITTLE)]),
        ("little_toe", [ROW(TOE_BASE, BOTTOM, U_LITTLE, 1 + WIDE)]),
        ("lower_abdomen", [MH((-1, 112), (25, 112), (25, 97.4), INGUINAL[1], INGUINAL[0], (-1, 83.2))]),
        ("lateral_hip", [ROW(97.5, 80, 0.76, 1 + WIDE)]),
        ("groin", [MH(INGUINAL[0], INGUINAL[1], (14.2, 94.2), (9.0, 85.8), (4.2, 78.5), (1.2, 78.0))]),
    ],
    "posterior": [
        ("lower_back", [ROW(112, 78)]),
        ("medial_thigh", [ROW(80, 52, -WIDE, 0.22)]),
        ("posterior_thigh", [ROW(80, 52, 0.22, 0.78)]),
        ("lateral_thigh", [ROW(80, 52, 0.78, 1 + WIDE)]),
        ("lateral_hip", [ROW(96.5, 79, 0.78, 1 + WIDE)]),
        ("buttock", [MH((0, 86.5), (6.5, 93.6), (11, 95.6), (14.6, 95.9), (13.9, 88), (13.6, 81.5),
                        (12.6, 77.6), (8, 75.3), (4.5, 75.2), (1.6, 76.4), (0, 77.6))]),
        ("sacroiliac", [MH((0, 97.5), (4.6, 97.5), (7.6, 94.2), (6.4, 89.5), (3.0, 86.0), (0, 85.8))]),
        ("popliteal_fossa", [ROW(52, 42.5, 0.2, 1 + WIDE)]),
        ("medial_knee", [ROW(52, 42.5, -WIDE, 0.2)]),
        ("posterior_calf", [ROW(42.5, BOTTOM)]),
        ("medial_leg", [ROW(42.5, 11, -WIDE, 0.22)]),
        ("anterolateral_leg", [ROW(42.5, 11, 0.76, 1 + WIDE)]),
        ("heel", [ROW(8.5, BOTTOM)]),
        ("medial_ankle", [ROW(11, 2.8, -WIDE, 0.28)]),
        ("lateral_ankle", [ROW(11, 2.8, 0.72, 1 + WIDE)]),
        ("lateral_foot", [ROW(2.8, BOTTOM, 0.8, 1 + WIDE)]),
    ],
    "soles": [
        ("heel", [ROW(-5, 7)]),
        ("medial_sole", [ROW(7, SOLE_TOE_BASE, -WIDE, 0.5)]),
        ("lateral_sole", [ROW(7, SOLE_TOE_BASE, 0.5, 0.8)]),
        ("lateral_foot", [ROW(5.5, SOLE_TOE_BASE, 0.8, 1 + WIDE)]),
        ("great_toe", [ROW(SOLE_TOE_BASE, 30, -WIDE, SU_GREAT)]),
        ("lesser_toes", [ROW(SOLE_TOE_BASE, 30, SU_GREAT, SU_LITTLE)]),
        ("little_toe", [ROW(SOLE_TOE_BASE, 30, SU_LITTLE, 1 + WIDE)]),
    ],
}
# midline regions (m, h) given for the left half and mirrored into one polygon
MIDLINE_ZONES = {
    "anterior": {"perineum": [(0, 82.6), (2.2, 81.6), (3.3, 78.6), (2.9, 75.6), (1.6, 73.9), (0, 73.4)]},
    "posterior": {"perineum": [(0, 81.4), (1.5, 80.6), (2.3, 78.6), (2.0, 76.2), (1.1, 75.0), (0, 74.7)]},
}

# ------------------------------------------------------------------------------------------ dermatomes
S3_BUTTOCK = MH((0, 88.5), (3.4, 87.5), (6.4, 83.5), (8.4, 77.8), (7.4, 74.2), (4.0, 72.9), (0, 72.9))
PERIANAL = [(0, 80.4), (1.2, 79.9), (1.9, 78.4), (1.6, 76.4), (0.9, 75.6), (0, 75.4)]
L1_GROIN = MH((-1, 84.0), (12.6, 97.0), (19, 95.2), (19, 91.0), (13.6, 88.6), (7.6, 80.6), (3.6, 74.4), (-1, 74.4))

DERMATOMES = {
    "foerster": {
        "anterior": [
            ("L5", [ROW(62, BOTTOM)]),
            ("S1", [ROW(9, BOTTOM, 0.85, 1 + WIDE), ROW(TOE_BASE, BOTTOM, U_LITTLE, 1 + WIDE)]),
            ("L4", [HU((60, -WIDE), (60, 1.0), (49, 1.0), (44, 0.75), (38, 0.5), (12, 0.38), (6, 0.3),
                       (2, 0.18), (TOE_BASE, 0.1), (TOE_BASE, -WIDE))]),
            ("L3", [HU((97, -WIDE), (97, 1 + WIDE), (52, 1 + WIDE), (49, 1.0), (44, 0.4), (41, -WIDE))]),
            ("L2", [HU((97, -WIDE), (97, 1 + WIDE), (77.2, 1 + WIDE), (58, 0.0), (58, -WIDE))]),
            ("L1", [L1_GROIN]),
        ],
        "posterior": [
            ("S1", [ROW(97, BOTTOM)]),
            ("S2", [HU((86, 0.2), (86, 0.74), (44, 0.72), (30, 0.55), (20, 0.42), (20, 0.15), (44, 0.2),
                       (60, 0.2))]),
            ("L5", [ROW(42.5, 12, 0.78, 1 + WIDE)]),
            ("L4", [ROW(42.5, 11, -WIDE, 0.2), ROW(11, 2.5, -WIDE, 0.3)]),
            ("L3", [ROW(60, 42.5, -WIDE, 0.2), ROW(70, 52, 0.78, 1 + WIDE)]),
            ("L2", [ROW(80, 60, -WIDE, 0.2), ROW(92.5, 70, 0.78, 1 + WIDE)]),
            ("L3", [ROW(98, 92.5)]),
            ("L2", [ROW(103.5, 98)]),
            ("L1", [ROW(112, 103.5)]),
            ("S3", [S3_BUTTOCK]),
        ],
        "soles": [
            ("S1", [ROW(-5, 30)]),
            ("L5", [ROW(7, SOLE_TOE_BASE, -WIDE, 0.5), ROW(SOLE_TOE_BASE, 30, -WIDE, 0.6)]),
            ("L4", [ROW(8, 15, -WIDE, 0.12)]),
        ],
    },
    "keegan_garrett": {
        "anterior": [
            ("L5", [ROW(62, BOTTOM)]),
            ("S1", [ROW(9, TOE_BASE, 0.86, 1 + WIDE), ROW(TOE_BASE, BOTTOM, 0.7, 1 + WIDE)]),
            ("L4", [HU((88, 0.74), (88, 1 + WIDE), (56, 1 + WIDE), (47, 1.0), (40, 0.45), (12, 0.45),
                       (4, 0.42), (-3, 0.3), (BOTTOM, 0.2), (BOTTOM, -WIDE), (56, -WIDE), (56, 0.74))]),
            ("L3", [HU((97, -WIDE), (97, 0.74), (54.4, 0.74), (44.0, 0.0), (44.0, -WIDE)),
                    ROW(44, 32, -WIDE, 0.15)]),
            ("L2", [HU((97, -WIDE), (97, 0.74), (68.4, 0.74), (58.0, 0.0), (58.0, -WIDE))]),
            ("L1", [MH((-1, 84.0), (12.6, 97.0), (19, 95.6), (19, 93.0), (13.0, 89.0), (7.0, 81.0), (3.0, 75.6),
                       (-1, 75.6))]),
        ],
        "posterior": [
            ("S1", [ROW(97, BOTTOM)]),
            ("L5", [ROW(84, 50, 0.62, 0.86), ROW(50, 10, 0.76, 1 + WIDE)]),
            ("L4", [HU((96, -WIDE), (96, 0.5), (88, 0.9), (80, 1 + WIDE), (56, 1 + WIDE), (56, 0.86),
                       (72, 0.86), (84, 0.7), (90, 0.25), (90, -WIDE)), ROW(30, 11, -WIDE, 0.15), ROW(11, 2.5, -WIDE, 0.3)]),
            ("S2", [ROW(80, 52, -WIDE, 0.35), ROW(52, 42.5, -WIDE, 0.62), ROW(42.5, 30, -WIDE, 0.3)]),
            ("L3", [ROW(101, 96)]),
            ("L2", [ROW(106, 101)]),
            ("L1", [ROW(112, 106)]),
            ("S3", [S3_BUTTOCK]),
        ],
        "soles": [
            ("S1", [ROW(-5, 30)]),
            ("L5", [ROW(7, SOLE_TOE_BASE, -WIDE, 0.5), ROW(SOLE_TOE_BASE, 30, -WIDE, 0.62)]),
        ],
    },
    "evidence_based": {
        "anterior": [
            ("L1", [MH((-1, 84.0), (12.4, 96.6), (15.6, 95.2), (9.6, 86.4), (5.2, 79.6), (-1, 79.4))]),
            ("L2", [HU((82, 0.1), (84, 0.66), (76, 0.8), (62, 0.6), (60, 0.08))]),
            ("L3", [HU((58, -WIDE), (58, 0.66), (52, 0.8), (46, 0.62), (42, 0.3), (42, -WIDE))]),
            ("L4", [HU((41, -WIDE), (41, 0.42), (12, 0.4), (6.5, 0.3), (6.5, -WIDE))]),
            ("L5", [HU((40, 0.5), (40, 1 + WIDE), (9, 1 + WIDE), (8, 0.84), (BOTTOM, 0.84), (BOTTOM, 0.06), (4, 0.08),
                       (6.5, 0.3), (12, 0.46))]),
            ("S1", [ROW(8, BOTTOM, 0.87, 1 + WIDE)]),
        ],
        "posterior": [
            ("S2", [HU((77, 0.3), (77, 0.7), (44, 0.68), (36, 0.6), (36, 0.3), (44, 0.3))]),
            ("L5", [HU((42, 0.74), (42, 1 + WIDE), (14, 1 + WIDE), (32, 0.78))]),
            ("S1", [HU((33, 0.36), (33, 0.74), (14, 1 + WIDE), (BOTTOM, 1 + WIDE), (BOTTOM, 0.2), (8, 0.3))]),
            ("L4", [ROW(40, 8, -WIDE, 0.18)]),
            ("S3", [S3_BUTTOCK]),
        ],
        "soles": [
            ("S1", [ROW(-5, 7), ROW(7, SOLE_TOE_BASE, 0.55, 1 + WIDE), ROW(SOLE_TOE_BASE, 30, SU_LITTLE, 1 + WIDE)]),
        ],
    },
}
# the saddle: S3 on the anterior perineum, S4-5 perianal (ISNCSCI); the same in every map
MIDLINE_DERMATOMES = {"posterior": {"S4-5": PERIANAL}, "anterior": {"S3": MIDLINE_ZONES["anterior"]["perineum"]}}

# ------------------------------------------------------------------------------------------------ nerves
NERVES = {
    "anterior": [
        ("superficial_fibular", [ROW(42.5, BOTTOM, 0.42, 1 + WIDE), ROW(6, BOTTOM, -WIDE, 1 + WIDE)]),
        ("anterior_femoral_cutaneous", [HU((84, 0.1), (90, 0.6), (66, 0.6), (58, 0.75), (50, 0.7), (50, 0.1))]),
        ("lateral_femoral_cutaneous", [HU((92, 0.6), (92, 1 + WIDE), (56, 1 + WIDE), (58, 0.75), (66, 0.6))]),
        ("obturator", [ROW(70, 50, -WIDE, 0.1)]),
        ("saphenous", [HU((50, -WIDE), (50, 0.12), (42, 0.44), (12, 0.42), (6, 0.3), (2, 0.15), (TOE_BASE, 0.08),
                          (TOE_BASE, -WIDE))]),
        ("lateral_sural_cutaneous", [ROW(42, 24, 0.62, 1 + WIDE)]),
        ("sural", [ROW(8, BOTTOM, 0.87, 1 + WIDE)]),
        ("deep_fibular", [HU((-3.4, U_GREAT - 0.09), (-3.4, U_GREAT + 0.09), (-7.4, U_GREAT + 0.07),
                             (-7.4, U_GREAT - 0.07))]),
    ],
    "posterior": [
        ("posterior_femoral_cutaneous", [HU((79, 0.12), (79, 0.84), (40, 0.74), (40, 0.26))]),
        ("lateral_femoral_cutaneous", [ROW(88, 60, 0.88, 1 + WIDE)]),
        ("obturator", [ROW(70, 50, -WIDE, 0.12)]),
        ("saphenous", [ROW(44, 2.8, -WIDE, 0.2)]),
        ("lateral_sural_cutaneous", [ROW(42, 22, 0.8, 1 + WIDE)]),
        ("sural", [HU((30, 0.5), (30, 1 + WIDE), (BOTTOM, 1 + WIDE), (BOTTOM, 0.74), (4, 0.72), (14, 0.55))]),
        ("calcaneal", [HU((5, 0.2), (5, 0.72), (BOTTOM, 0.74), (BOTTOM, -WIDE), (2.8, -WIDE))]),
    ],
    "soles": [
        ("calcaneal", [ROW(-5, 6)]),
        ("medial_plantar", [ROW(6, 30, -WIDE, 0.55), ROW(SOLE_TOE_BASE, 30, -WIDE, 0.6)]),
        ("lateral_plantar", [ROW(6, SOLE_TOE_BASE, 0.55, 0.86), ROW(SOLE_TOE_BASE, 30, 0.6, 1 + WIDE)]),
        ("sural", [ROW(4, SOLE_TOE_BASE, 0.86, 1 + WIDE)]),
    ],
}

# --------------------------------------------------------------------------------------------- landmarks
# (id, label, view, kind, coordinate system, point); key points carry their root
LANDMARKS = [
    ("key_point_L2", "L2 key point: mid-anterior thigh", "anterior", "L2", "mh", (5.6, 68.6)),
    ("key_point_L3", "L3 key point: medial femoral condyle", "anterior", "L3", "hu", (48.5, 0.08)),
    ("key_point_L4", "L4 key point: medial malleolus", "anterior", "L4", "hu", (9.5, 0.08)),
    ("key_point_L4", "L4 key point: medial malleolus", "posterior", "L4", "hu", (9.5, 0.08)),
    ("key_point_L5", "L5 key point: dorsum of foot, third MTP joint", "anterior", "L5", "mh", (9.45, -4.4)),
    ("key_point_S1", "S1 key point: lateral heel", "posterior", "S1", "hu", (1.6, 0.7)),
    ("key_point_S1", "S1 key point: lateral heel", "soles", "S1", "hu", (2.5, 0.78)),
    ("key_point_S2", "S2 key point: popliteal fossa, midline", "posterior", "S2", "hu", (47.0, 0.5)),
    ("key_point_S3", "S3 key point: ischial tuberosity", "posterior", "S3", "mh", (4.6, 76.4)),
    ("key_point_S4-5", "S4-5 key point: perianal", "posterior", "S4-5", "mh", (1.0, 78.0)),
    ("asis", "Anterior superior iliac spine", "anterior", "", "mh", (12.2, 96.0)),
    ("greater_trochanter", "Greater trochanter", "anterior", "", "mh", (16.2, 88.0)),
    ("greater_trochanter", "Greater trochanter", "posterior", "", "mh", (16.2, 88.0)),
    ("patella", "Patella", "anterior", "", "hu", (49.0, 0.5)),
    ("fibular_head", "Fibular head", "anterior", "", "hu", (44.5, 0.93)),
    ("fibular_head", "Fibular head", "posterior", "", "hu", (44.5, 0.93)),
    ("medial_malleolus", "Medial malleolus", "anterior", "", "hu", (9.5, 0.08)),
    ("medial_malleolus", "Medial malleolus", "posterior", "", "hu", (9.5, 0.08)),
    ("lateral_malleolus", "Lateral malleolus", "anterior", "", "hu", (7.5, 0.93)),
    ("lateral_malleolus", "Lateral malleolus", "posterior", "", "hu", (7.5, 0.93)),
    ("first_web_space", "First web space", "anterior", "", "mh", (6.95, -5.0)),
]

# ------------------------------------------------------------------------------------------------ details
def ellipse_mh(m, h, rm, rh, n=24):
    return arc(m, h, rm, rh, 0, 360, n)


def _hu(view, h, u):
    return hu_to_mh(view, [(h, u)])[0]


def details(view: str):
    """Drawing aids that are not regions: (points in (m, h) for the left half, closed?, mirrored?)."""
    out = []
    if view == "anterior":
        out.append((ellipse_mh(0, 104.5, 0.45, 0.65), True, False))  # navel
        pm, ph = _hu(view, 49.2, 0.52)
        out.append((ellipse_mh(pm, ph, 2.3, 2.8), True, True))  # patella
        for m0, m1, tip in TOES:  # toenails
            out.append((ellipse_mh((m0 + m1) / 2, tip + 1.1, (m1 - m0) * 0.3, 0.75), True, True))
        out.append(([_hu(view, 40, 0.46), _hu(view, 16, 0.42)], False, True))  # shin (tibial crest)
    elif view == "posterior":
        out.append(([(0, 88.0), (0, 80.6)], False, False))  # natal cleft
        fold = hermite([(1.4, 76.6), (4.5, 75.3), (8.0, 75.4), (11.0, 76.4), (13.0, 78.2)])
        out.append(([(m, float(fold(m))) for m in np.linspace(1.4, 13.0, 24)], False, True))  # gluteal fold
        out.append((ellipse_mh(4.4, 94.0, 0.4, 0.4), True, True))  # dimple over the PSIS
        out.append(([_hu(view, 47.6, 0.24), _hu(view, 47.1, 0.5), _hu(view, 47.6, 0.76)], False, True))  # popliteal crease
        out.append(([_hu(view, 20, 0.43), _hu(view, 6.5, 0.45)], False, True))  # Achilles tendon
        out.append(([_hu(view, 20, 0.57), _hu(view, 6.5, 0.55)], False, True))
    return out


# ------------------------------------------------------------------------------------------------ output
VIEWS = {
    # width, height, scale (px/cm), midline x, y of h=TOP (or a=0 for the soles), left-is-viewer's-left
    "anterior": dict(width=420, height=1010, scale=8.0, cx=210.0, top=24.0, left_on_viewer_left=False),
    "posterior": dict(width=420, height=1010, scale=8.0, cx=210.0, top=24.0, left_on_viewer_left=True),
    "soles": dict(width=420, height=440, scale=13.0, cx=210.0, top=48.0, left_on_viewer_left=True),
}


def to_view(view: str, geom, side: str):
    """Body coordinates of the left half -> view pixels for the given side."""
    v = VIEWS[view]
    s = v["scale"]
    sign = -1.0 if v["left_on_viewer_left"] else 1.0  # x = cx + sign * m for the left side
    if side == "right":
        sign = -sign
    if view == "soles":
        gap = 1.4  # cm between the medial borders of the two soles
        g = affinity.translate(geom, xoff=gap)
        return affinity.affine_transform(g, [sign * s, 0, 0, s, v["cx"], v["top"]])
    return affinity.affine_transform(geom, [sign * s, 0, 0, -s, v["cx"], v["top"] + TOP * s])


def point_mh(view, system, pt):
    if view == "soles":
        (b, a), = sole_hu_to_ba([pt])
        return (b, a)
    if system == "hu":
        return hu_to_mh(view, [pt])[0]
    return pt


def rings(geom):
    polys = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
    for p in polys:
        yield p.exterior
        yield from p.interiors


def path_d(geom) -> str:
    parts = []
    for ring in rings(geom):
        coords = list(ring.coords)[:-1]
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f"M {pts} Z")
    return " ".join(parts)


def simplify(geom):
    """Light simplification, then snapping to the 0.1 px grid the SVG is written with, keeping polygons valid."""
    import shapely

    polys = []
    for poly in getattr(geom, "geoms", [geom]):
        if poly.area < 1.0:  # slivers under one square pixel
            continue
        holes = [h for h in poly.interiors if Polygon(h).area >= 1.0]
        polys.append(Polygon(poly.exterior, holes))
    clean = unary_union(polys).buffer(0)
    return shapely.set_precision(clean, 0.1)


SIMPLIFY_CM = 0.03  # vertex thinning, well under a pixel; shared edges stay shared


def cover_simplify(regions: dict) -> dict:
    """Thin the vertices of a set of non-overlapping regions without opening gaps or overlaps between them."""
    import shapely

    if not regions:
        return regions
    keys = list(regions)
    simplified = shapely.coverage_simplify(np.array([regions[k] for k in keys], dtype=object), SIMPLIFY_CM)
    return {k: g.buffer(0) for k, g in zip(keys, simplified, strict=True)}


def build_view(view: str):
    """Return dict with zones, dermatomes, nerves, landmarks in view pixels."""
    if view == "soles":
        clip = sole_outline()
        zones = cover_simplify(paint_sole(ZONES["soles"], clip))
        derm = {mp: cover_simplify(paint_sole(DERMATOMES[mp]["soles"], clip)) for mp in DERMATOMES}
        nerves = cover_simplify(paint_sole(NERVES["soles"], clip))
        midline_z, midline_d = {}, {}
    else:
        clip = half_outline(view)
        midline_z = {k: Polygon(v).buffer(0).intersection(clip) for k, v in MIDLINE_ZONES[view].items()}
        midline_d = {k: Polygon(v).buffer(0).intersection(clip) for k, v in MIDLINE_DERMATOMES[view].items()}
        zones = paint(view, ZONES[view], clip)
        zones = {k: g.difference(unary_union(list(midline_z.values()))) for k, g in zones.items()}
        both = cover_simplify({**{("z", k): g for k, g in zones.items()}, **{("m", k): g for k, g in midline_z.items()}})
        zones = {k: g for (t, k), g in both.items() if t == "z"}
        midline_z = {k: g for (t, k), g in both.items() if t == "m"}
        derm = {}
        for mp in DERMATOMES:
            d = paint(view, DERMATOMES[mp][view], clip)
            if midline_d:
                cut = unary_union(list(midline_d.values()))
                d = {k: g.difference(cut) for k, g in d.items()}
            both = cover_simplify({**{("d", k): g for k, g in d.items()}, **{("m", k): g for k, g in midline_d.items()}})
            derm[mp] = {k: g for (t, k), g in both.items() if t == "d"}
            if mp == next(iter(DERMATOMES)):
                midline_d_simple = {k: g for (t, k), g in both.items() if t == "m"}
        midline_d = midline_d_simple
        nerves = paint(view, NERVES[view], clip)
        if midline_z:  # the saddle is pudendal territory, not drawn as a named nerve here
            cut = unary_union(list(midline_z.values()))
            nerves = {k: g.difference(cut) for k, g in nerves.items()}
        nerves = cover_simplify(nerves)
        clip = unary_union([*zones.values(), *midline_z.values()])
    result = {"zones": [], "dermatomes": [], "nerves": [], "landmarks": [], "outline": None, "details": []}
    for pts, closed, mirrored in details(view):
        line = LineString(pts)
        for side in ("left", "right") if mirrored else ("left",):
            coords = list(to_view(view, line, side).coords)
            result["details"].append((coords, closed))
    halves = []
    for side in ("left", "right"):
        halves.append(to_view(view, clip, side))
        for z, g in zones.items():
            result["zones"].append((z, side, simplify(to_view(view, g, side))))
        for mp, d in derm.items():
            for root, g in d.items():
                result["dermatomes"].append((mp, root, side, simplify(to_view(view, g, side))))
        for n, g in nerves.items():
            result["nerves"].append((n, side, simplify(to_view(view, g, side))))
    def both_halves(g):
        """A midline region from its left half (already clipped to the body) and that half's mirror image."""
        full = unary_union([g, affinity.scale(g, -1, 1, origin=(0, 0))])
        return full.buffer(0.001).buffer(-0.001)

    for z, g in midline_z.items():
        result["zones"].append((z, "midline", simplify(to_view(view, both_halves(g), "left"))))
    for root, g in midline_d.items():
        for mp in DERMATOMES:
            result["dermatomes"].append((mp, root, "midline", simplify(to_view(view, both_halves(g), "left"))))
    result["outline"] = simplify(unary_union(halves).buffer(0.01).buffer(-0.01))
    for lid, label, lview, root, system, pt in LANDMARKS:
        if lview != view:
            continue
        m, h = point_mh(view, system, pt)
        for side in ("left", "right"):
            p = to_view(view, Polygon([(m, h), (m + 1e-6, h), (m, h + 1e-6)]), side)
            x, y = p.exterior.coords[0]
            result["landmarks"].append((lid, label, side, root, x, y))
    return result


SIDE_FILL = "#f3d9c6"


def write_svg(view: str, data) -> str:
    v = VIEWS[view]
    label = {"anterior": "Anterior view", "posterior": "Posterior view", "soles": "Soles (patient prone, seen from the feet)"}[view]
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" id="view:{view}" width="{v["width"]}" height="{v["height"]}" '
        f'viewBox="0 0 {v["width"]} {v["height"]}" data-label="{label}" data-midline-x="{v["cx"]}" '
        f'data-px-per-cm="{v["scale"]}" '
        f'data-patient-left-on="{"viewer-left" if v["left_on_viewer_left"] else "viewer-right"}">',
        f"  <title>BodyMaps atlas: {label}</title>",
        "  <desc>Geometry of record for BodyMaps. Element ids are stable: zone:ID:SIDE, "
        "dermatome:MAP:ROOT:SIDE, nerve:ID:SIDE, landmark:ID:SIDE. Polygons use even-odd fill.</desc>",
        '  <g id="outline" fill="#f3d9c6" stroke="#5a4636" stroke-width="1.2">',
        f'    <path id="outline:body" d="{path_d(data["outline"])}" fill-rule="evenodd"/>',
        "  </g>",
        '  <g id="zones" fill="none" stroke="#8a7262" stroke-width="0.6">',
    ]
    for z, side, g in sorted(data["zones"], key=lambda t: (t[0], t[1])):
        out.append(f'    <path id="zone:{z}:{side}" d="{path_d(g)}" fill-rule="evenodd"/>')
    out.append("  </g>")
    for mp in DERMATOMES:
        out.append(f'  <g id="dermatomes:{mp}" style="display:none">')
        for m2, root, side, g in sorted(data["dermatomes"], key=lambda t: (t[1], t[2])):
            if m2 == mp:
                out.append(f'    <path id="dermatome:{mp}:{root}:{side}" d="{path_d(g)}" fill-rule="evenodd"/>')
        out.append("  </g>")
    out.append('  <g id="nerves" style="display:none">')
    for n, side, g in sorted(data["nerves"], key=lambda t: (t[0], t[1])):
        out.append(f'    <path id="nerve:{n}:{side}" d="{path_d(g)}" fill-rule="evenodd"/>')
    out.append("  </g>")
    out.append('  <g id="details" fill="none" stroke="#5a4636" stroke-width="0.8">')
    for coords, closed in data["details"]:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        out.append(f'    <path class="detail" d="M {pts}{" Z" if closed else ""}"/>')
    out.append("  </g>")
    out.append('  <g id="landmarks" fill="#1d3557">')
    for lid, lab, side, root, x, y in data["landmarks"]:
        extra = f' data-root="{root}"' if root else ""
        out.append(f'    <circle id="landmark:{lid}:{side}" cx="{x:.1f}" cy="{y:.1f}" r="2.5" data-label="{lab}"{extra}/>')
    out.append("  </g>")
    left_x, right_x = (24, v["width"] - 24) if v["left_on_viewer_left"] else (v["width"] - 24, 24)
    out.append('  <g id="orientation" font-family="DejaVu Sans, sans-serif" font-size="22" font-weight="bold" '
               'fill="#1d3557" text-anchor="middle">')
    out.append(f'    <text x="{left_x}" y="30">L</text>')
    out.append(f'    <text x="{right_x}" y="30">R</text>')
    out.append("  </g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for view in VIEWS:
        data = build_view(view)
        (OUT / f"{view}.svg").write_text(write_svg(view, data), encoding="utf-8")
        print(view, len(data["zones"]), "zones", len(data["dermatomes"]), "dermatome shapes",
              len(data["nerves"]), "nerve shapes", len(data["landmarks"]), "landmarks")


if __name__ == "__main__":
    main()
