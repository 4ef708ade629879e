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

The curves, outline and region helpers are in atlas_geometry.py; the anatomy painted (zones, dermatomes, nerve
territories, landmarks) in atlas_shapes.py; this file adds the details and writes the SVGs.
"""

from __future__ import annotations

import numpy as np
from atlas_geometry import (
    OUT,
    TOES,
    TOP,
    arc,
    half_outline,
    hermite,
    hu_to_mh,
    paint,
    paint_sole,
    sole_hu_to_ba,
    sole_outline,
)
from atlas_shapes import DERMATOMES, LANDMARKS, MIDLINE_DERMATOMES, MIDLINE_ZONES, NERVES, ZONES
from shapely import affinity
from shapely.geometry import LineString, MultiPolygon, Polygon
from shapely.ops import unary_union


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
