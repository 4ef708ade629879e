"""The body diagram driven like a user: click and drag zones with each tool, undo, hover, sides.

Assertions look at the exam document first and at what is drawn second (item state, then grabbed pixels).
"""

from __future__ import annotations

import statistics

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from bodymaps.atlas import load_atlas
from bodymaps.exam import ExamDocument, SensoryFinding
from bodymaps.exam.edits import SetZoneFinding
from desktop.body_view import BodyDiagram
from desktop.body_view.tools import zone_menu
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
    with qtbot.waitActive(widget):  # keys and shortcuts go to the active window (matters under Xvfb)
        widget.show()
        widget.activateWindow()
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
    """Printed in grey, each kind keeps its own hatch: crossed lines (numbness), and diagonals running one way
    (pain) or the other (paraesthesia); pain is also lighter than the other two."""
    for tool, zone in (("pain", "anterior_thigh"), ("numbness", "medial_leg"), ("paresthesia", "lateral_thigh")):
        diagram.set_tool(tool)
        click_zone(diagram, "anterior", zone, "left")
    image = grab(diagram, "anterior")
    view = diagram.views()["anterior"]
    signature = {}
    for kind, zone in (("pain", "anterior_thigh"), ("numbness", "medial_leg"), ("paresthesia", "lateral_thigh")):
        centre = view.mapFromScene(zone_point(diagram, "anterior", zone, "left"))
        g = [[grey(image.pixelColor(centre.x() + dx, centre.y() + dy)) for dx in range(-6, 7)] for dy in range(-6, 7)]
        rows = [statistics.mean(r) for r in g]
        along = statistics.mean(abs(g[y][x] - g[y + 1][x + 1]) for y in range(12) for x in range(12))
        across = statistics.mean(abs(g[y][x + 1] - g[y + 1][x]) for y in range(12) for x in range(12))
        signature[kind] = (statistics.mean(rows), statistics.pstdev(rows), along - across)
    mean, rows_spread, direction = (dict(zip(signature, v, strict=True)) for v in zip(*signature.values(), strict=True))
    assert rows_spread["numbness"] > 2 * max(rows_spread["pain"], rows_spread["paresthesia"]), signature
    assert direction["pain"] * direction["paresthesia"] < 0, signature  # diagonals in opposite directions
    assert mean["pain"] > max(mean["numbness"], mean["paresthesia"]) + 15, signature


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


def test_a_change_restyles_only_the_items_of_that_zone(diagram, controller, monkeypatch):
    from desktop.body_view.items import ZoneItem

    updated = []
    original = ZoneItem.update
    monkeypatch.setattr(ZoneItem, "update", lambda self, *a: (updated.append(self.key), original(self, *a)))
    controller.apply(SetZoneFinding("heel", "left", "numbness"))
    assert updated == [("heel", "left"), ("heel", "left")]  # posterior and soles, nothing else
    updated.clear()
    controller.apply(SetZoneFinding("heel", "left", "numbness"))  # no change: nothing repainted
    controller.apply(SetZoneFinding("heel", "left", "pain"))
    assert updated == [("heel", "left"), ("heel", "left")]


def test_focusing_the_diagram_lets_number_keys_choose_the_tool(diagram, qtbot):
    diagram.setFocus()
    qtbot.waitUntil(lambda: diagram.views()["anterior"].hasFocus())
    QTest.keyClick(diagram.focusWidget(), Qt.Key.Key_3)
    assert diagram.tool() == "paresthesia"


def test_a_drag_cut_short_by_losing_focus_is_kept_as_one_step(diagram, controller, qtbot):
    diagram.set_tool("pain")
    drag_zones(diagram, "anterior", LEG, release=False)
    assert controller.document.in_group
    other = diagram.views()["posterior"]
    other.setFocus()
    qtbot.waitUntil(lambda: not controller.document.in_group)
    assert set(LEG) <= {(z, s) for z, s, _ in sensory(controller)}
    assert controller.undo_stack.count() == 1
    QTest.mouseRelease(diagram.views()["anterior"].viewport(), Qt.MouseButton.LeftButton)  # late release: no-op
    assert controller.undo_stack.count() == 1


def test_replacing_the_document_mid_drag_leaves_the_new_one_alone(diagram, controller):
    diagram.set_tool("numbness")
    drag_zones(diagram, "anterior", LEG[:2], release=False)
    controller.set_document(ExamDocument())
    view = diagram.views()["anterior"]
    pos = view.mapFromScene(zone_point(diagram, "anterior", "dorsum_foot", "left"))
    clicked = []
    diagram.zoneClicked.connect(lambda *a: clicked.append(a))
    QTest.mouseMove(view.viewport(), pos)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    assert sensory(controller) == [] and not controller.document.in_group and clicked == []
    assert all(i.kinds() == () for z, s in LEG for i in diagram.zone_items(z, s))


def test_markers_and_name_lie_inside_the_scene_beside_the_figure(diagram):
    for scene in diagram.scenes().values():
        rect = scene.sceneRect()
        for item in (*scene.markers.values(), scene.caption):
            assert rect.contains(item.sceneBoundingRect()), (scene.view_id, item.text())
        left, _, right, _ = scene.atlas_view.outline.bounds
        for item in scene.markers.values():
            box = item.sceneBoundingRect()
            assert box.right() < left or box.left() > right  # beside the body, never on it


def test_a_quick_stroke_paints_every_zone_it_crosses(diagram, controller):
    """One mouse event from the thigh to the foot (a flick): the zones in between are painted too."""
    diagram.set_tool("numbness")
    view = diagram.views()["anterior"]
    start = view.mapFromScene(zone_point(diagram, "anterior", "anterior_thigh", "left"))
    end = view.mapFromScene(zone_point(diagram, "anterior", "dorsum_foot", "left"))
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view.viewport(), end)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    marked = [(z, s) for z, s, _ in sensory(controller)]
    assert marked[0] == ("anterior_thigh", "left") and marked[-1] == ("dorsum_foot", "left")
    assert ("anterior_knee", "left") in marked or ("medial_knee", "left") in marked
    assert len(marked) >= 4 and all(s == "left" for _, s in marked)
    assert controller.undo_stack.count() == 1


def test_the_cursor_shows_the_tool(diagram):
    viewport = diagram.views()["soles"].viewport()
    assert viewport.cursor().shape() == Qt.CursorShape.CrossCursor
    diagram.set_tool("eraser")
    assert viewport.cursor().shape() == Qt.CursorShape.BitmapCursor
    diagram.set_tool("numbness")
    assert viewport.cursor().shape() == Qt.CursorShape.CrossCursor


def test_zone_menu_toggles_each_kind_and_clears_the_zone(diagram, controller):
    controller.apply(SetZoneFinding("heel", "right", "pain"))
    menu = zone_menu(controller, "heel", "right", "Heel (right)", diagram)
    actions = {a.data(): a for a in menu.actions() if a.data()}
    assert actions["pain"].isChecked() and not actions["numbness"].isChecked()
    actions["numbness"].trigger()
    assert set(sensory(controller)) == {("heel", "right", "pain"), ("heel", "right", "numbness")}
    assert all(set(i.kinds()) == {"pain", "numbness"} for i in diagram.zone_items("heel", "right"))
    actions["pain"].trigger()  # it was checked: unchecking clears pain
    assert sensory(controller) == [("heel", "right", "numbness")]
    actions["eraser"].trigger()
    assert sensory(controller) == []
    assert controller.undo_stack.count() == 4
    menu.deleteLater()


@pytest.mark.qt_log_ignore("This plugin does not support")  # a popup offscreen cannot raise or grab keys
def test_right_click_on_a_zone_opens_its_menu(diagram, controller, qtbot):
    view = diagram.views()["anterior"]
    pos = view.mapFromScene(zone_point(diagram, "anterior", "medial_ankle", "left"))
    seen = []

    def close_menu():
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            seen.append([a.text() for a in menu.actions()])
            menu.close()

    QTimer.singleShot(50, close_menu)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    assert seen and seen[0][0] == "Medial ankle (left)"
    assert {"Pain", "Numbness", "Paraesthesia", "Clear zone"} <= set(seen[0])
    assert sensory(controller) == []
