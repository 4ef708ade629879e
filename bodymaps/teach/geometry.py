"""Teaching geometry computed from the atlas, never typed: a root's territory, a map's blank areas, the part of
the skin a map gives to one root only, and where two maps disagree (cm², per root and view)."""

from __future__ import annotations

from dataclasses import dataclass

from shapely.geometry import GeometryCollection
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from bodymaps.atlas import Atlas

ROOTS = ("L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4-5")
MIN_AREA_CM2 = 1.0  # smaller slivers are drawing noise, not teaching material


def cm2(atlas: Atlas, view_id: str, geometry: BaseGeometry) -> float:
    """Area of a geometry of one view in cm² (views are drawn at different scales)."""
    return float(geometry.area) / atlas.view(view_id).px_per_cm ** 2


def root_geometry(atlas: Atlas, map_id: str, view_id: str, root: str, side: str | None = None) -> BaseGeometry:
    """Union of the root's dermatome regions on a view (both sides unless ``side`` is given)."""
    regions = atlas.view(view_id).dermatomes[atlas.check_map(map_id)]
    parts = [r.geometry for r in regions if r.id == root and (side is None or r.side == side)]
    return unary_union(parts) if parts else GeometryCollection()


def views_with_root(atlas: Atlas, map_id: str, root: str, min_cm2: float = MIN_AREA_CM2) -> list[str]:
    """Views on which the map draws this root (at least ``min_cm2``)."""
    return [v for v in atlas.views if cm2(atlas, v, root_geometry(atlas, map_id, v, root)) >= min_cm2]


def roots_of_map(atlas: Atlas, map_id: str) -> list[str]:
    """Roots this map draws anywhere, in segmental order."""
    return [r for r in ROOTS if views_with_root(atlas, map_id, r)]


def mapped_geometry(atlas: Atlas, map_id: str, view_id: str) -> BaseGeometry:
    regions = atlas.view(view_id).dermatomes[atlas.check_map(map_id)]
    return unary_union([r.geometry for r in regions]) if regions else GeometryCollection()


def blank_geometry(atlas: Atlas, map_id: str, view_id: str) -> BaseGeometry:
    """The body outline that this map leaves blank (variable or unmapped skin: see MapInfo.blank_areas)."""
    view = atlas.view(view_id)
    return view.outline.difference(mapped_geometry(atlas, map_id, view_id))


def exclusive_geometry(atlas: Atlas, map_id: str, view_id: str, root: str, side: str) -> BaseGeometry:
    """Skin that this map gives to ``root`` alone on one side: the root's region minus every other root's."""
    regions = atlas.view(view_id).dermatomes[atlas.check_map(map_id)]
    own = root_geometry(atlas, map_id, view_id, root, side)
    others = [r.geometry for r in regions if r.id != root]
    return own.difference(unary_union(others)) if others else own


def nerve_geometry(atlas: Atlas, view_id: str, nerve: str, side: str | None = None) -> BaseGeometry:
    parts = [r.geometry for r in atlas.view(view_id).nerves if r.id == nerve and (side is None or r.side == side)]
    return unary_union(parts) if parts else GeometryCollection()


@dataclass(frozen=True)
class Disagreement:
    """Where two maps draw one root differently on one view (both sides), in cm²."""

    root: str
    view: str
    area_a: float  # root's area in map A
    area_b: float
    only_a: float  # in A but not in B
    only_b: float
    shared: float

    @property
    def total(self) -> float:
        """Area of the symmetric difference: skin one map gives to the root and the other does not."""
        return self.only_a + self.only_b

    def to_dict(self) -> dict[str, object]:
        return {"root": self.root, "view": self.view, "area_a_cm2": round(self.area_a, 1),
                "area_b_cm2": round(self.area_b, 1), "only_a_cm2": round(self.only_a, 1),
                "only_b_cm2": round(self.only_b, 1), "shared_cm2": round(self.shared, 1),
                "disagreement_cm2": round(self.total, 1)}


def disagreement(atlas: Atlas, map_a: str, map_b: str, root: str, view_id: str) -> Disagreement:
    a = root_geometry(atlas, map_a, view_id, root)
    b = root_geometry(atlas, map_b, view_id, root)
    return Disagreement(root, view_id, cm2(atlas, view_id, a), cm2(atlas, view_id, b),
                        cm2(atlas, view_id, a.difference(b)), cm2(atlas, view_id, b.difference(a)),
                        cm2(atlas, view_id, a.intersection(b)))


def disagreements(atlas: Atlas, map_a: str, map_b: str, view_id: str | None = None) -> list[Disagreement]:
    """Per root (and view) disagreement between two maps; every view when ``view_id`` is None."""
    views = [view_id] if view_id else list(atlas.views)
    out = []
    for v in views:
        for root in ROOTS:
            d = disagreement(atlas, map_a, map_b, root, v)
            if d.area_a or d.area_b:
                out.append(d)
    return out


def disagreement_by_root(atlas: Atlas, map_a: str, map_b: str) -> dict[str, float]:
    """Root -> cm² of disagreement summed over the views."""
    totals: dict[str, float] = {}
    for d in disagreements(atlas, map_a, map_b):
        totals[d.root] = totals.get(d.root, 0.0) + d.total
    return totals


def disagreement_geometry(atlas: Atlas, map_a: str, map_b: str, view_id: str, root: str | None = None
                          ) -> BaseGeometry:
    """Skin the two maps attribute differently (one root, or every root when None)."""
    roots = [root] if root else list(ROOTS)
    parts = [root_geometry(atlas, map_a, view_id, r).symmetric_difference(root_geometry(atlas, map_b, view_id, r))
             for r in roots]
    return unary_union(parts) if parts else GeometryCollection()
