"""The atlas: views of the lower body with zones, dermatome maps, nerve territories and landmarks.

The types and the queries live here; reading and validating data/atlas (SVG geometry, atlas.json) is
bodymaps.atlas.loader, which refuses a broken file with a DataError naming the file and element.
Derived weights (how much of each zone each root's dermatome and each nerve covers) are computed from the
geometry itself, so what is drawn is what the engine reasons with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

WEIGHT_FLOOR = 0.005  # fractions below this are dropped from derived weights


Ring = tuple[tuple[float, float], ...]
Parts = tuple[tuple[Ring, ...], ...]  # polygons, each (exterior ring, *holes), rings without the closing point


def geometry_parts(geometry: BaseGeometry) -> Parts:
    """The rings of a Polygon/MultiPolygon as plain tuples (what the cache stores and Qt draws)."""
    out = []
    for poly in getattr(geometry, "geoms", [geometry]):
        rings = [poly.exterior, *poly.interiors]
        out.append(tuple(tuple((float(x), float(y)) for x, y in list(ring.coords)[:-1]) for ring in rings))
    return tuple(out)


class Region:
    """One polygon (possibly in several parts) of one view: a zone, a root's dermatome or a nerve territory.

    It holds its rings as plain tuples (``parts``) and builds the shapely ``geometry`` only when asked, so a
    cached atlas (bodymaps.atlas.cache) opens without importing shapely and numpy: the engine and the app's
    first window need only the rings and the derived weights.
    """

    __slots__ = ("_geometry", "_parts", "id", "kind", "map", "side", "view")

    def __init__(self, kind: str, id: str, side: str, view: str, geometry: BaseGeometry | None = None,
                 map: str | None = None, *, parts: Parts | None = None) -> None:
        if geometry is None and parts is None:
            raise ValueError("a Region needs its geometry or its parts")
        self.kind = kind  # zone | dermatome | nerve | outline
        self.id = id  # zone id, root, or nerve id
        self.side = side  # left | right | midline
        self.view = view
        self.map = map  # dermatome map id
        self._geometry = geometry
        self._parts = parts

    @property
    def geometry(self) -> BaseGeometry:
        if self._geometry is None:
            from shapely.geometry import MultiPolygon, Polygon

            assert self._parts is not None
            polys = [Polygon(rings[0], rings[1:]) for rings in self._parts]
            self._geometry = polys[0] if len(polys) == 1 else MultiPolygon(polys)
        return self._geometry

    @property
    def parts(self) -> Parts:
        if self._parts is None:
            self._parts = geometry_parts(self.geometry)
        return self._parts

    @property
    def polygons(self) -> list[list[tuple[float, float]]]:
        """Exterior rings as point lists (holes are listed after their shell, in even-odd order)."""
        return [[(round(x, 1), round(y, 1)) for x, y in ring] for rings in self.parts for ring in rings]

    def _key(self) -> tuple[str, str, str, str, str | None]:
        return (self.kind, self.id, self.side, self.view, self.map)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Region) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Region(kind={self.kind!r}, id={self.id!r}, side={self.side!r}, view={self.view!r}, map={self.map!r})"

    def __getstate__(self) -> tuple[object, ...]:
        return (self.kind, self.id, self.side, self.view, self.map, self.parts)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        kind, rid, side, view, mp, parts = state
        self.kind, self.id, self.side, self.view, self.map = kind, rid, side, view, mp  # type: ignore[assignment]
        self._parts = parts  # type: ignore[assignment]
        self._geometry = None


@dataclass(frozen=True)
class Landmark:
    id: str
    label: str
    side: str
    view: str
    x: float
    y: float
    root: str | None = None  # ISNCSCI key points name their root


@dataclass
class View:
    id: str
    label: str
    orientation: str
    width: float
    height: float
    midline_x: float
    patient_left_on: str  # "viewer-left" or "viewer-right"
    px_per_cm: float  # drawing scale: areas are compared across views in cm²
    outline_region: Region  # the body's outline (kind 'outline')
    zones: list[Region]
    dermatomes: dict[str, list[Region]]  # map id -> regions
    nerves: list[Region]
    landmarks: list[Landmark]
    details: list[tuple[list[tuple[float, float]], bool]]  # drawing aids: (points, closed)

    @property
    def outline(self) -> BaseGeometry:
        return self.outline_region.geometry

    @cached_property
    def _zone_index(self) -> Any:  # shapely STRtree, built on the first point query
        from shapely.strtree import STRtree

        return STRtree([z.geometry for z in self.zones])

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_zone_index"}

    def zone(self, zone_id: str, side: str) -> Region | None:
        for z in self.zones:
            if z.id == zone_id and z.side == side:
                return z
        return None


@dataclass(frozen=True)
class MapInfo:
    id: str
    label: str
    default: bool
    citation: str
    method: str
    blank_areas: str
    verification: str
    supplements: dict[str, str]


@dataclass(frozen=True)
class NerveInfo:
    id: str
    label: str
    trunk: str
    roots: str
    source: str


class Atlas:
    """Validated atlas with point queries and derived zone weights."""

    def __init__(self, views: dict[str, View], maps: dict[str, MapInfo], nerves: dict[str, NerveInfo],
                 colors: dict[str, dict[str, str]]):
        self.views = views
        self.maps = maps
        self.nerves = nerves
        self.colors = colors
        self._root_weights: dict[str, dict[str, dict[str, float]]] = {}
        self._nerve_weights: dict[str, dict[str, float]] | None = None

    # -- what is in it
    @property
    def dermatome_maps(self) -> tuple[str, ...]:
        return tuple(self.maps)

    @property
    def default_map(self) -> str:
        return next(m.id for m in self.maps.values() if m.default)

    def check_map(self, map_id: str) -> str:
        if map_id not in self.maps:
            raise KeyError(f"unknown dermatome map {map_id!r}; allowed: {', '.join(self.maps)}")
        return map_id

    def nerve_trunk(self, nerve_id: str) -> str:
        try:
            return self.nerves[nerve_id].trunk
        except KeyError:
            raise KeyError(f"unknown nerve {nerve_id!r}; allowed: {', '.join(self.nerves)}") from None

    def view(self, view_id: str) -> View:
        try:
            return self.views[view_id]
        except KeyError:
            raise KeyError(f"unknown view {view_id!r}; allowed: {', '.join(self.views)}") from None

    def zone_views(self, zone_id: str) -> list[str]:
        return [v.id for v in self.views.values() if any(z.id == zone_id for z in v.zones)]

    # -- point queries (view pixel coordinates)
    def zone_at(self, view_id: str, x: float, y: float) -> tuple[str, str] | None:
        """(zone id, side) under a point, or None outside the body."""
        from shapely.geometry import Point

        view = self.view(view_id)
        p = Point(x, y)
        for i in view._zone_index.query(p):
            z = view.zones[int(i)]
            if z.geometry.covers(p):
                return z.id, z.side
        return None

    def dermatomes_at(self, view_id: str, map_id: str, x: float, y: float) -> list[tuple[str, str]]:
        """(root, side) pairs whose dermatome in this map contains the point; empty in blank areas."""
        from shapely.geometry import Point

        p = Point(x, y)
        regions = self.view(view_id).dermatomes[self.check_map(map_id)]
        return [(r.id, r.side) for r in regions if r.geometry.covers(p)]

    def nerves_at(self, view_id: str, x: float, y: float) -> list[tuple[str, str]]:
        from shapely.geometry import Point

        p = Point(x, y)
        return [(r.id, r.side) for r in self.view(view_id).nerves if r.geometry.covers(p)]

    def overlaps(self, view_id: str, a: Region, b: Region) -> float:
        """Area shared by two regions of a view (pixels squared)."""
        return float(a.geometry.intersection(b.geometry).area)

    # -- derived weights
    def _zone_parts(self, zone_id: str) -> list[tuple[View, Region]]:
        """The zone's left (or midline) region on every view that shows it: sides mirror each other."""
        parts = []
        for view in self.views.values():
            for z in view.zones:
                if z.id == zone_id and z.side in ("left", "midline"):
                    parts.append((view, z))
        return parts

    def _weights(self, zone_id: str, regions_of: Callable[[View], list[Region]]) -> dict[str, float]:
        total = 0.0
        covered: dict[str, float] = {}
        for view, z in self._zone_parts(zone_id):
            cm2 = 1.0 / view.px_per_cm**2  # views are drawn at different scales
            total += z.geometry.area * cm2
            for r in regions_of(view):
                if z.side != "midline" and r.side not in (z.side, "midline"):
                    continue
                shared = z.geometry.intersection(r.geometry).area * cm2
                if shared > 0:
                    covered[r.id] = covered.get(r.id, 0.0) + shared
        return {k: round(v / total, 4) for k, v in covered.items() if total and v / total >= WEIGHT_FLOOR}

    def zone_root_weights(self, map_id: str) -> dict[str, dict[str, float]]:
        """zone id -> {root: fraction of the zone's area inside that root's dermatome in this map}."""
        self.check_map(map_id)
        if map_id not in self._root_weights:
            zone_ids = sorted({z.id for v in self.views.values() for z in v.zones})
            self._root_weights[map_id] = {
                zid: self._weights(zid, lambda view: view.dermatomes[map_id]) for zid in zone_ids
            }
        return self._root_weights[map_id]

    def zone_nerve_weights(self) -> dict[str, dict[str, float]]:
        """zone id -> {nerve id: fraction of the zone's area inside that nerve's territory}."""
        if self._nerve_weights is None:
            zone_ids = sorted({z.id for v in self.views.values() for z in v.zones})
            self._nerve_weights = {zid: self._weights(zid, lambda view: view.nerves) for zid in zone_ids}
        return self._nerve_weights

    # -- export
    def to_json(self) -> dict[str, Any]:
        def region(r: Region) -> dict[str, Any]:
            return {"id": r.id, "side": r.side, "view": r.view, "polygons": r.polygons}

        return {
            "format": "bodymaps.atlas",
            "version": 1,
            "views": [
                {"id": v.id, "label": v.label, "orientation": v.orientation, "width": v.width,
                 "height": v.height, "midline_x": v.midline_x, "px_per_cm": v.px_per_cm, "outline": v.outline_region.polygons}
                for v in self.views.values()
            ],
            "zones": [region(z) for v in self.views.values() for z in v.zones],
            "dermatome_maps": [
                {"id": m.id, "label": m.label, "default": m.default, "citation": m.citation, "method": m.method,
                 "blank_areas": m.blank_areas, "verification": m.verification, "supplements": m.supplements,
                 "dermatomes": [dict(region(r), root=r.id) for v in self.views.values()
                                for r in v.dermatomes[m.id]]}
                for m in self.maps.values()
            ],
            "nerves": [
                {"id": n.id, "label": n.label, "trunk": n.trunk, "roots": n.roots, "source": n.source,
                 "territories": [region(r) for v in self.views.values() for r in v.nerves if r.id == n.id]}
                for n in self.nerves.values()
            ],
            "landmarks": [
                {"id": lm.id, "label": lm.label, "side": lm.side, "view": lm.view, "x": lm.x, "y": lm.y,
                 "root": lm.root}
                for v in self.views.values() for lm in v.landmarks
            ],
            "derived": {
                "zone_root_weights": {m: self.zone_root_weights(m) for m in self.maps},
                "zone_nerve_weights": self.zone_nerve_weights(),
            },
        }


# ------------------------------------------------------------------------------------------------ loading
