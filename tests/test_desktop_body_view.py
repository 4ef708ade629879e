"""The body diagram driven like a user: click and drag zones with each tool, undo, hover, sides.

Assertions look at the exam document first and at what is drawn second (item state, then grabbed pixels).
"""

from __future__ import annotations

import statistics

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from bodymaps.atlas import load_atlas
from bodymaps.exam import ExamDocument, SensoryFinding
from bodymaps.exam.edits import SetZoneFinding
from desktop.body_view import BodyDiagram
from desktop.document.controller import ExamController
from desktop.style import KIND_STYLES
from tests.body_view_helpers import (
    click_zone,
    drag_zones,
    grey,
    patch_colours,
    saturation,
    zone_point,
)


@pytest.fixture
def controller(qtbot):
    return ExamController(ExamDocument())


@pytest.fixture
def diagram(qtbot, controller):
    widget = BodyDiagram(load_atlas(), controller)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def sensory(controller: ExamController) -> list[tuple[str, str, str]]:
    return [(f.zone, f.side, f.kind) for f in controller.document.exam.sensory]


def grab(diagram: BodyDiagram, view_id: str):
    return diagram.views()[view_id].viewport().grab().toImage()


# ------------------------------------------------------------------------------------------------ API


def test_three_views_side_by_side_with_tool_actions(diagram):
    assert list(diagram.views()) == ["anterior", "posterior", "soles"]
    assert diagram.side_by_side()
    actions = diagram.tool_actions().actions()
    assert [a.data() for a in actions] == ["pain", "numbness", "paresthesia", "eraser"]
    assert [a.shortcut().toString() for a in actions] == ["1", "2", "3", "4"]
    assert all(a.isCheckable() and not a.icon().isNull() for a in actions)
    assert diagram.tool() == "pain" and actions[0].isChecked()
    actions[1].trigger()
    assert diagram.tool() == "numbness"
    diagram.set_tool("eraser")
    assert actions[3].isChecked()
    with pytest.raises(ValueError, match="allowed"):
        diagram.set_tool("scalpel")


def test_number_keys_choose_the_tool(diagram, qtbot):
    view = diagram.views()["anterior"]
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_2)
    assert diagram.tool() == "numbness"
    QTest.keyClick(view, Qt.Key.Key_4)
    assert diagram.tool() == "eraser"
    QTest.keyClick(view, Qt.Key.Key_1)
    assert diagram.tool() == "pain"


def test_zone_items_on_every_view_that_shows_the_zone(diagram):
    assert {i.view_id for i in diagram.zone_items("heel", "left")} == {"posterior", "soles"}
    assert {i.view_id for i in diagram.zone_items("dorsum_foot", "right")} == {"anterior"}
    assert [i.side for i in diagram.zone_items("perineum", "midline")] == ["midline", "midline"]


# ------------------------------------------------------------------------------------------------ clicks


@pytest.mark.parametrize("tool", ["pain", "numbness", "paresthesia"])
def test_click_marks_the_zone_with_the_tool_then_draws_it(diagram, controller, qtbot, tool):
    diagram.set_tool(tool)
    with qtbot.waitSignal(diagram.zoneClicked) as clicked:
        click_zone(diagram, "anterior", "anterior_thigh", "right")
    assert clicked.args == ["anterior", "anterior_thigh", "right"]
    assert sensory(controller) == [("anterior_thigh", "right", tool)]
    assert controller.undo_stack.count() == 1
    [item] = diagram.zone_items("anterior_thigh", "right")
    assert item.kinds() == (tool,)
    [(fill, hatch)] = item.fill_brushes()
    assert fill.color().name().lower() == KIND_STYLES[tool].colour.lower()
    assert hatch.style() == KIND_STYLES[tool].hatch
    # on screen: coloured where marked, skin where not (same zone, other side)
    image = grab(diagram, "anterior")
    view = diagram.views()["anterior"]
    marked = patch_colours(image, view, zone_point(diagram, "anterior", "anterior_thigh", "right"))
    unmarked = patch_colours(image, view, zone_point(diagram, "anterior", "anterior_thigh", "left"))
    assert max(saturation(c) for c in marked) > max(saturation(c) for c in unmarked) + 40
    # hatched: the patch is not one flat colour
    assert statistics.pstdev(grey(c) for c in marked) > 15


def test_the_three_kinds_differ_in_greyscale(diagram, controller):
    for tool, zone in (("pain", "anterior_thigh"), ("numbness", "medial_leg"), ("paresthesia", "lateral_thigh")):
        diagram.set_tool(tool)
        click_zone(diagram, "anterior", zone, "left")
    image = grab(diagram, "anterior")
    view = diagram.views()["anterior"]
    means = {}
    for zone in ("anterior_thigh", "medial_leg", "lateral_thigh"):
        greys = [grey(c) for c in patch_colours(image, view, zone_point(diagram, "anterior", zone, "left"), 6)]
        means[zone] = statistics.mean(greys)
    values = sorted(means.values())
    assert values[1] - values[0] > 8 and values[2] - values[1] > 8, means


def test_click_again_with_the_same_kind_clears_the_zone(diagram, controller):
    diagram.set_tool("numbness")
    click_zone(diagram, "anterior", "medial_leg", "left")
    click_zone(diagram, "anterior", "medial_leg", "left")
    assert sensory(controller) == []
    assert controller.undo_stack.count() == 2
    assert controller.undo_stack.undoText().startswith("Clear numbness")
    assert diagram.zone_items("medial_leg", "left")[0].kinds() == ()
    controller.undo()
    assert sensory(controller) == [("medial_leg", "left", "numbness")]


def test_a_zone_with_two_kinds_shows_both(diagram, controller):
    diagram.set_tool("pain")
    click_zone(diagram, "anterior", "anterolateral_leg", "left")
    diagram.set_tool("numbness")
    click_zone(diagram, "anterior", "anterolateral_leg", "left")
    assert set(sensory(controller)) == {("anterolateral_leg", "left", "pain"),
                                        ("anterolateral_leg", "left", "numbness")}
    item = diagram.views()["anterior"].body_scene.zone_item("anterolateral_leg", "left")
    assert item.kinds() == ("numbness", "pain")
    assert [h.style() for _, h in item.fill_brushes()] == [KIND_STYLES["numbness"].hatch, KIND_STYLES["pain"].hatch]


def test_eraser_clears_every_kind_in_the_zone(diagram, controller):
    for kind in ("pain", "numbness", "paresthesia"):
        controller.apply(SetZoneFinding("dorsum_foot", "left", kind))
    controller.apply(SetZoneFinding("great_toe", "left", "pain"))
    diagram.set_tool("eraser")
    click_zone(diagram, "anterior", "dorsum_foot", "left")
    assert sensory(controller) == [("great_toe", "left", "pain")]
    assert controller.undo_stack.undoText() == "Erase"
    assert diagram.zone_items("dorsum_foot", "left")[0].kinds() == ()
    controller.undo()
    assert len(sensory(controller)) == 4
    assert set(diagram.zone_items("dorsum_foot", "left")[0].kinds()) == {"pain", "numbness", "paresthesia"}


# ------------------------------------------------------------------------------------------------ drags


LEG = [("anterior_thigh", "left"), ("anterior_knee", "left"), ("anterolateral_leg", "left"), ("dorsum_foot", "left")]


def test_a_drag_paints_across_zones_as_one_undo_step(diagram, controller):
    diagram.set_tool("paresthesia")
    drag_zones(diagram, "anterior", LEG)
    marked = {(z, s) for z, s, k in sensory(controller) if k == "paresthesia"}
    assert set(LEG) <= marked
    assert controller.undo_stack.count() == 1
    assert controller.undo_stack.undoText() == "Paint paraesthesia"
    assert all(diagram.zone_items(z, s)[0].kinds() == ("paresthesia",) for z, s in LEG)
    controller.undo()
    assert sensory(controller) == []
    assert all(item.kinds() == () for z, s in LEG for item in diagram.zone_items(z, s))
    controller.redo()
    assert set(LEG) <= {(z, s) for z, s, _ in sensory(controller)}


def test_a_drag_over_an_already_marked_zone_keeps_it(diagram, controller):
    controller.apply(SetZoneFinding("anterior_thigh", "left", "pain"))
    diagram.set_tool("pain")
    drag_zones(diagram, "anterior", LEG[:2])
    assert ("anterior_thigh", "left", "pain") in sensory(controller)
    assert ("anterior_knee", "left", "pain") in sensory(controller)


def test_escape_during_a_drag_cancels_it(diagram, controller):
    diagram.set_tool("numbness")
    drag_zones(diagram, "anterior", LEG, release=False)
    assert len(sensory(controller)) >= 3  # painted live while dragging
    view = diagram.views()["anterior"]
    QTest.keyClick(view.viewport(), Qt.Key.Key_Escape)
    assert sensory(controller) == []
    assert all(item.kinds() == () for z, s in LEG for item in diagram.zone_items(z, s))
    pos = view.mapFromScene(zone_point(diagram, "anterior", "dorsum_foot", "left"))
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    assert sensory(controller) == [] and controller.undo_stack.count() == 0


def test_erasing_drag_is_one_step(diagram, controller):
    for zone, side in LEG:
        controller.apply(SetZoneFinding(zone, side, "numbness"))
    diagram.set_tool("eraser")
    drag_zones(diagram, "anterior", LEG)
    assert sensory(controller) == []
    assert controller.undo_stack.count() == len(LEG) + 1
    controller.undo()
    assert len(sensory(controller)) == len(LEG)


# ------------------------------------------------------------------------------------------------ sides


def test_anterior_view_is_mirrored_patient_left_on_the_viewer_right(diagram, controller):
    diagram.set_tool("numbness")
    anterior = diagram.views()["anterior"]
    left_foot = zone_point(diagram, "anterior", "dorsum_foot", "left")
    assert anterior.mapFromScene(left_foot).x() > anterior.viewport().width() / 2
    click_zone(diagram, "anterior", "dorsum_foot", "left")
    assert sensory(controller) == [("dorsum_foot", "left", "numbness")]
    scene = anterior.body_scene
    assert scene.markers["L"].pos().x() > scene.markers["R"].pos().x()


def test_posterior_and_soles_have_the_patient_left_on_the_viewer_left(diagram, controller):
    diagram.set_tool("pain")
    for view_id, zone in (("posterior", "posterior_calf"), ("soles", "heel")):
        view = diagram.views()[view_id]
        point = zone_point(diagram, view_id, zone, "left")
        assert view.mapFromScene(point).x() < view.viewport().width() / 2
        scene = view.body_scene
        assert scene.markers["L"].pos().x() < scene.markers["R"].pos().x()
        click_zone(diagram, view_id, zone, "left")
    assert sensory(controller) == [("posterior_calf", "left", "pain"), ("heel", "left", "pain")]
    assert all(i.kinds() == ("pain",) for i in diagram.zone_items("heel", "left"))  # posterior and soles


def test_midline_perineum(diagram, controller):
    diagram.set_tool("numbness")
    with_signal = []
    diagram.zoneClicked.connect(lambda *a: with_signal.append(a))
    click_zone(diagram, "posterior", "perineum", "midline")
    assert sensory(controller) == [("perineum", "midline", "numbness")]
    assert with_signal == [("posterior", "perineum", "midline")]
    assert all(i.kinds() == ("numbness",) for i in diagram.zone_items("perineum", "midline"))


def test_view_names_under_the_figures(diagram):
    for view_id, scene in diagram.scenes().items():
        label = load_atlas().view(view_id).label
        assert scene.caption.text() == label
        assert scene.caption.pos().y() > scene.atlas_view.outline.bounds[3] - 5


# ------------------------------------------------------------------------------------------------ model -> items


def test_items_follow_the_document_not_the_other_way_round(diagram, controller):
    controller.apply(SetZoneFinding("heel", "right", "numbness"))
    assert all(i.kinds() == ("numbness",) for i in diagram.zone_items("heel", "right"))
    controller.undo()
    assert all(i.kinds() == () for i in diagram.zone_items("heel", "right"))
    doc = ExamDocument()
    doc.exam.sensory.append(SensoryFinding("groin", "left", "pain"))
    controller.set_document(doc)
    assert diagram.zone_items("groin", "left")[0].kinds() == ("pain",)


def test_without_a_controller_clicks_are_only_reported(qtbot):
    widget = BodyDiagram(load_atlas(), None)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    points = []
    widget.pointClicked.connect(lambda v, p: points.append((v, p)))
    with qtbot.waitSignal(widget.zoneClicked) as clicked:
        click_zone(widget, "anterior", "medial_knee", "right")
    assert clicked.args == ["anterior", "medial_knee", "right"]
    [(view_id, point)] = points
    assert view_id == "anterior"
    assert load_atlas().zone_at("anterior", point.x(), point.y()) == ("medial_knee", "right")
    assert widget.zone_items("medial_knee", "right")[0].kinds() == ()
