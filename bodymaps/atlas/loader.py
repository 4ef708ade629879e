"""Reading and validating the atlas: data/atlas/*.svg (see tools/draw_atlas.py) and data/atlas/atlas.json.

Loading validates everything it reads; a broken file is refused with a DataError naming the file and element.
``load_atlas()`` serves the validated atlas from the compiled per-user cache (bodymaps.atlas.cache) when one
matches the data and code exactly.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bodymaps.atlas.model import Atlas, Landmark, MapInfo, NerveInfo, Region, View
from bodymaps.resources import DataError, data_path
from bodymaps.vocabulary import vocabulary

if TYPE_CHECKING:
    from bodymaps.atlas.svgio import RawView

SIDES = ("left", "right")
# Drawing tolerances are in units of the SVG's viewBox (where the coordinates are rounded), so a view drawn
# at twice the size by its viewBox keeps them.
OVERLAP_TOLERANCE_PX2 = 2.0  # zones of one view may share at most this much area (drawing tolerance)
MIRROR_MIN_IOU = 0.95
LANDMARK_TOLERANCE_PX = 1.5

_ID = {
    "zone": re.compile(r"^zone:(?P<id>[a-z0-9_]+):(?P<side>left|right|midline)$"),
    "dermatome": re.compile(r"^dermatome:(?P<map>[a-z0-9_]+):(?P<id>[A-Z0-9-]+):(?P<side>left|right|midline)$"),
    "nerve": re.compile(r"^nerve:(?P<id>[a-z0-9_]+):(?P<side>left|right|midline)$"),
    "landmark": re.compile(r"^landmark:(?P<id>[A-Za-z0-9_-]+):(?P<side>left|right|midline)$"),
}


def _meta(path: Path) -> dict[str, Any]:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: cannot read atlas metadata ({exc})") from None
    if not isinstance(meta, dict):
        raise DataError(f"{path}: must be a JSON object")
    for key in ("views", "dermatome_maps", "nerves", "colors"):
        if key not in meta:
            raise DataError(f"{path}: missing key {key!r}")
    colors = meta["colors"]
    if not (isinstance(colors, dict) and all(isinstance(v, dict) for v in colors.values())):
        raise DataError(f"{path}: colors must be an object of objects (roots, nerves)")
    return meta


def _records(meta: dict[str, Any], key: str, text_fields: tuple[str, ...], path: Path) -> list[dict[str, Any]]:
    """A list of objects whose ``text_fields`` are non-empty strings and whose ids are unique."""
    records = meta[key]
    if not isinstance(records, list):
        raise DataError(f"{path}: {key} must be a list")
    seen: set[str] = set()
    for i, rec in enumerate(records):
        if not isinstance(rec, dict):
            raise DataError(f"{path}: {key}[{i}] must be an object")
        for name in text_fields:
            if not isinstance(rec.get(name), str) or not rec[name].strip():
                raise DataError(f"{path}: {key}[{i}].{name} must be non-empty text")
        if rec["id"] in seen:
            raise DataError(f"{path}: {key}[{i}]: id {rec['id']!r} appears twice")
        seen.add(rec["id"])
    return records


def _build_view(raw: RawView, path: Path, meta_view: dict[str, Any], maps: dict[str, MapInfo],
                nerves: dict[str, NerveInfo]) -> View:
    vocab = vocabulary()
    zones: list[Region] = []
    dermatomes: dict[str, list[Region]] = {m: [] for m in maps}
    nerve_regions: list[Region] = []
    outline = raw.paths.get("outline:body")
    if outline is None:
        raise DataError(f"{path}: missing element 'outline:body'")
    for eid, geom in raw.paths.items():
        if eid == "outline:body":
            continue
        kind = eid.split(":", 1)[0]
        match = _ID[kind].match(eid) if kind in ("zone", "dermatome", "nerve") else None
        if not match:
            raise DataError(f"{path}: element {eid!r}: id is not of the form zone:ID:SIDE, "
                            "dermatome:MAP:ROOT:SIDE or nerve:ID:SIDE")
        rid, side = match["id"], match["side"]
        where = f"{path}: element {eid!r}"
        if kind == "zone":
            if not vocab.has("zone", rid):
                raise DataError(f"{where}: {rid!r} is not a zone id in data/vocabulary.csv")
            laterality = vocab.term("zone", rid).laterality
            if (laterality == "midline") != (side == "midline"):
                raise DataError(f"{where}: zone {rid!r} is {laterality}, so its side cannot be {side!r}")
            zones.append(Region("zone", rid, side, raw.id, geom))
        elif kind == "dermatome":
            if match["map"] not in maps:
                raise DataError(f"{where}: map {match['map']!r} is not declared in atlas.json")
            if not vocab.has("root", rid):
                raise DataError(f"{where}: {rid!r} is not a root id")
            dermatomes[match["map"]].append(Region("dermatome", rid, side, raw.id, geom, match["map"]))
        else:
            if rid not in nerves:
                raise DataError(f"{where}: nerve {rid!r} is not declared in atlas.json")
            nerve_regions.append(Region("nerve", rid, side, raw.id, geom))
    landmarks = []
    for eid, (x, y, attrs) in raw.circles.items():
        match = _ID["landmark"].match(eid)
        if not match:
            raise DataError(f"{path}: element {eid!r}: landmark ids are landmark:ID:SIDE")
        root = attrs.get("data-root") or None
        if root and not vocab.has("root", root):
            raise DataError(f"{path}: element {eid!r}: data-root {root!r} is not a root id")
        landmarks.append(Landmark(match["id"], attrs.get("data-label", match["id"]), match["side"], raw.id,
                                  x, y, root))
    outline_region = Region("outline", "body", "midline", raw.id, outline)
    view = View(raw.id, meta_view.get("label", raw.label), meta_view.get("orientation", ""), raw.width,
                raw.height, raw.midline_x, raw.patient_left_on, raw.px_per_cm, outline_region, zones, dermatomes, nerve_regions,
                landmarks, raw.details)
    _validate_view(view, path, raw.unit)
    return view


def _validate_view(view: View, path: Path, unit: float = 1.0) -> None:
    """Check one view; ``unit`` is the size of a viewBox unit in view coordinates (drawing tolerances)."""
    from shapely import affinity
    from shapely.geometry import Point
    from shapely.ops import unary_union
    from shapely.strtree import STRtree

    overlap_tolerance = OVERLAP_TOLERANCE_PX2 * unit**2
    # no overlap between zones beyond a small tolerance
    tree = STRtree([z.geometry for z in view.zones])
    for i, z in enumerate(view.zones):
        for j in tree.query(z.geometry):
            j = int(j)
            if j <= i:
                continue
            neighbour = view.zones[j]
            shared = z.geometry.intersection(neighbour.geometry).area
            if shared > overlap_tolerance:
                raise DataError(f"{path}: zones 'zone:{z.id}:{z.side}' and 'zone:{neighbour.id}:{neighbour.side}' "
                                f"overlap by {shared:.1f} px² (tolerance {overlap_tolerance:.1f})")
    # zones tile the body
    union = unary_union([z.geometry for z in view.zones])
    gap = view.outline.difference(union).area
    if gap > 0.005 * view.outline.area:
        raise DataError(f"{path}: zones leave {gap:.0f} px² of the body outline uncovered")
    # left and right mirror each other about the midline
    for kind, regions in [("zone", view.zones), ("nerve", view.nerves)] + [
        ("dermatome", rs) for rs in view.dermatomes.values()
    ]:
        by_key = {(r.map, r.id, r.side): r for r in regions}
        for (mp, rid, side), region in by_key.items():
            if side != "left":
                continue
            other = by_key.get((mp, rid, "right"))
            label = f"{kind}:{mp + ':' if mp else ''}{rid}"
            if other is None:
                raise DataError(f"{path}: '{label}:left' has no right-side counterpart")
            mirrored = affinity.scale(region.geometry, xfact=-1, yfact=1, origin=(view.midline_x, 0))
            union_area = mirrored.union(other.geometry).area
            iou = mirrored.intersection(other.geometry).area / union_area if union_area else 0.0
            if iou < MIRROR_MIN_IOU:
                raise DataError(f"{path}: '{label}' left and right do not mirror each other "
                                f"(intersection over union {iou:.2f} < {MIRROR_MIN_IOU})")
        for (mp, rid, side) in by_key:
            if side == "right" and (mp, rid, "left") not in by_key:
                label = f"{kind}:{mp + ':' if mp else ''}{rid}"
                raise DataError(f"{path}: '{label}:right' has no left-side counterpart")
    # landmarks inside the body
    for lm in view.landmarks:
        if view.outline.distance(Point(lm.x, lm.y)) > LANDMARK_TOLERANCE_PX * unit:
            raise DataError(f"{path}: element 'landmark:{lm.id}:{lm.side}' lies outside the body outline")


def load_atlas_from(folder: Path) -> Atlas:
    """Load and validate the atlas in a folder (atlas.json and the SVG files it names)."""
    meta_path = folder / "atlas.json"
    meta = _meta(meta_path)
    maps = {}
    map_fields = ("id", "label", "citation", "method", "blank_areas", "verification")
    for i, m in enumerate(_records(meta, "dermatome_maps", map_fields, meta_path)):
        supplements = m.get("supplements", {})
        if not isinstance(supplements, dict) or not all(isinstance(v, str) for v in supplements.values()):
            raise DataError(f"{meta_path}: dermatome_maps[{i}].supplements must map roots to text")
        maps[m["id"]] = MapInfo(m["id"], m["label"], m.get("default") is True, m["citation"], m["method"],
                                m["blank_areas"], m["verification"], dict(supplements))
    if sum(m.default for m in maps.values()) != 1:
        raise DataError(f"{meta_path}: exactly one dermatome map must be the default")
    nerves = {
        n["id"]: NerveInfo(n["id"], n["label"], n["trunk"], n["roots"], n["source"])
        for n in _records(meta, "nerves", ("id", "label", "trunk", "roots", "source"), meta_path)
    }
    views = {}
    for i, mv in enumerate(_records(meta, "views", ("id", "file"), meta_path)):
        path = folder / mv["file"]
        if not path.exists():
            raise DataError(f"{meta_path}: views[{i}] names {mv['file']!r}, which does not exist")
        from bodymaps.atlas.svgio import read_view  # shapely: only when reading the SVGs, not from the cache

        raw = read_view(path)
        if raw.id != mv["id"]:
            raise DataError(f"{path}: <svg id='view:{raw.id}'> does not match view {mv['id']!r} in atlas.json")
        views[mv["id"]] = _build_view(raw, path, mv, maps, nerves)
    atlas = Atlas(views, maps, nerves, meta["colors"])
    _validate_atlas(atlas, meta_path)
    return atlas


def _validate_atlas(atlas: Atlas, meta_path: Path) -> None:
    vocab = vocabulary()
    for zid in vocab.ids("zone"):
        sides = ("midline",) if vocab.term("zone", zid).laterality == "midline" else SIDES
        for side in sides:
            if not any(v.zone(zid, side) for v in atlas.views.values()):
                raise DataError(f"{meta_path.parent}: zone {zid!r} ({side}) is not drawn on any view")
    for nid in atlas.nerves:
        if not any(r.id == nid for v in atlas.views.values() for r in v.nerves):
            raise DataError(f"{meta_path}: nerve {nid!r} has no territory drawn on any view")


@cache
def load_atlas() -> Atlas:
    """The application's atlas (data/atlas), loaded and validated once per process.

    Served from the compiled cache (bodymaps.atlas.cache) when one matches the data and code exactly; else
    read from the SVG files, validated, and cached for the next start.
    """
    from bodymaps.atlas.cache import cached_atlas

    return cached_atlas(data_path("atlas"), load_atlas_from)
