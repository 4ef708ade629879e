"""The body view's plain-ring geometry (no shapely on the start-up path): which zones a drag crosses, in order,
and where overlay labels go; both checked against shapely, which the atlas itself is validated with."""

from __future__ import annotations

import math
import random

import pytest

pytest.importorskip("PySide6")
shapely = pytest.importorskip("shapely")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from shapely.geometry import LineString, Point  # noqa: E402

from bodymaps.atlas import load_atlas  # noqa: E402
from bodymaps.atlas.rings import label_point, polygon_area  # noqa: E402
from bodymaps.exam import ExamDocument  # noqa: E402
from desktop.body_view import BodyDiagram  # noqa: E402
from desktop.body_view.crossing import contains, crossed, parts_bounds  # noqa: E402
from desktop.document.controller import ExamController  # noqa: E402
from tests.body_view_helpers import zone_point  # noqa: E402


def shapely_crossed(view, start, end):
    """What the scene used to compute with shapely: zones the segment intersects, by first contact."""
    line = LineString([start, end])
    hits = []
    for zone in view.zones:
        if zone.geometry.intersects(line):
            where = zone.geometry.intersection(line)
            hits.append((min(line.project(Point(c)) for c in shapely.get_coordinates(where)), zone))
    return [(z.id, z.side) for _, z in sorted(hits, key=lambda t: t[0])]


def test_crossed_zones_match_shapely_on_random_segments():
    atlas = load_atlas()
    rng = random.Random(7)
    for view in atlas.views.values():
        regions = [((z.id, z.side), z.parts, parts_bounds(z.parts)) for z in view.zones]
        left, top, right, bottom = parts_bounds(view.outline_region.parts)
        for _ in range(300):
            start = (rng.uniform(left, right), rng.uniform(top, bottom))
            length, angle = rng.choice((2.0, 25.0, 120.0, 500.0)), rng.uniform(0, 2 * math.pi)
            end = (start[0] + length * math.cos(angle), start[1] + length * math.sin(angle))
            assert crossed(regions, start, end) == shapely_crossed(view, start, end), (view.id, start, end)


def test_crossing_handles_holes_edges_and_vertices():
    square_with_hole = (((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)),
                        ((4.0, 4.0), (6.0, 4.0), (6.0, 6.0), (4.0, 6.0)))
    other = (((20.0, 0.0), (30.0, 0.0), (30.0, 10.0), (20.0, 10.0)),)
    regions = [("a", [square_with_hole], parts_bounds([square_with_hole])), ("b", [other], parts_bounds([other]))]
    assert not contains([square_with_hole], 5.0, 5.0) and contains([square_with_hole], 2.0, 5.0)
    assert crossed(regions, (5.0, 5.0), (35.0, 5.0)) == ["a", "b"]  # starts in the hole, leaves through a
    assert crossed(regions, (35.0, 5.0), (5.0, 5.0)) == ["b", "a"]  # the other way round: the other order
    assert crossed(regions, (15.0, -5.0), (15.0, 20.0)) == []  # between them
    assert crossed(regions, (10.0, -5.0), (10.0, 20.0)) == ["a"]  # along a's edge: touching counts
    assert crossed(regions, (5.0, 5.0), (5.5, 5.5)) == []  # inside the hole only


def test_label_points_are_shapelys_representative_points():
    atlas = load_atlas()
    for view in atlas.views.values():
        regions = [*view.zones, *view.nerves, *(r for rs in view.dermatomes.values() for r in rs)]
        for region in regions:
            geom = region.geometry
            largest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
            expected = largest.representative_point()
            x, y = label_point(region.parts)
            assert (x, y) == pytest.approx((expected.x, expected.y), abs=1e-6), region
            assert polygon_area(max(region.parts, key=polygon_area)) == pytest.approx(largest.area)


def test_a_flick_across_the_leg_marks_every_zone_crossed_in_order(qtbot):
    """One mouse move from the thigh to the foot: the zones between are painted, in the order the line meets
    them, exactly as shapely would have found them."""
    controller = ExamController(ExamDocument())
    diagram = BodyDiagram(load_atlas(), controller)
    qtbot.addWidget(diagram)
    diagram.resize(1200, 800)
    diagram.show()
    qtbot.waitExposed(diagram)
    diagram.set_tool("pain")
    view = diagram.views()["anterior"]
    start_scene = zone_point(diagram, "anterior", "anterior_thigh", "left")
    end_scene = zone_point(diagram, "anterior", "dorsum_foot", "left")
    start, end = view.mapFromScene(start_scene), view.mapFromScene(end_scene)
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view.viewport(), end)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    marked = [(f.zone, f.side) for f in controller.document.exam.sensory]
    a, b = view.mapToScene(start), view.mapToScene(end)
    expected = shapely_crossed(load_atlas().view("anterior"), (a.x(), a.y()), (b.x(), b.y()))
    assert marked == expected
    assert len(marked) >= 4 and marked[0] == ("anterior_thigh", "left") and marked[-1] == ("dorsum_foot", "left")
    assert controller.undo_stack.count() == 1
