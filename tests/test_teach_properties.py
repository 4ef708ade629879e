"""Property: the accepted click region of "click the root" is the atlas polygon of that root on that map.

Neither the grader nor this test copies geometry: both read the atlas regions, the grader through
``Atlas.dermatomes_at`` and ``accepted_region``, the test straight from ``View.dermatomes``.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point
from shapely.ops import unary_union

from bodymaps.atlas import load_atlas
from bodymaps.teach.geometry import ROOTS, views_with_root
from bodymaps.teach.questions import Question
from bodymaps.teach.scoring import Response, accepted_region, grade

ATLAS = load_atlas()
TARGETS = [(m, v, r) for m in ATLAS.maps for r in ROOTS for v in views_with_root(ATLAS, m, r)]


def click_question(map_id: str, view: str, root: str) -> Question:
    return Question(f"dermatome-click:{map_id}:{view}:{root}", "dermatome-click", "", map_id, view, (),
                    {"root": root, "view": view}, "", "")


def atlas_polygon(map_id: str, view: str, root: str):
    return unary_union([r.geometry for r in ATLAS.view(view).dermatomes[map_id] if r.id == root])


def test_every_root_of_every_map_is_a_target():
    assert {(m, r) for m, _v, r in TARGETS} >= {(m, r) for m in ATLAS.maps for r in ("L2", "L3", "L4", "L5", "S1")}


@pytest.mark.parametrize(("map_id", "view", "root"), TARGETS)
def test_accepted_region_equals_the_atlas_polygon(map_id, view, root):
    accepted = accepted_region(ATLAS, click_question(map_id, view, root))
    polygon = atlas_polygon(map_id, view, root)
    assert accepted.symmetric_difference(polygon).area == pytest.approx(0.0, abs=1e-6)
    assert accepted.area > 0


@settings(max_examples=400, deadline=None)
@given(target=st.sampled_from(TARGETS), fx=st.floats(0, 1), fy=st.floats(0, 1))
def test_a_click_is_right_exactly_inside_the_atlas_polygon(target, fx, fy):
    map_id, view_id, root = target
    view = ATLAS.view(view_id)
    x, y = fx * view.width, fy * view.height
    feedback = grade(ATLAS, click_question(map_id, view_id, root), Response(point=(x, y)))
    inside = any(r.geometry.covers(Point(x, y)) for r in view.dermatomes[map_id] if r.id == root)
    assert feedback.correct == inside


@settings(max_examples=200, deadline=None)
@given(target=st.sampled_from(TARGETS), data=st.data())
def test_points_inside_the_polygon_are_accepted(target, data):
    """Uniform clicks rarely land in small roots (S4-5); sample inside the polygon's bounding box too."""
    map_id, view_id, root = target
    polygon = atlas_polygon(map_id, view_id, root)
    x0, y0, x1, y1 = polygon.bounds
    x = data.draw(st.floats(x0, x1))
    y = data.draw(st.floats(y0, y1))
    feedback = grade(ATLAS, click_question(map_id, view_id, root), Response(point=(x, y)))
    assert feedback.correct == polygon.covers(Point(x, y))
