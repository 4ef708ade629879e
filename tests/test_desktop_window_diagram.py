"""The window with the real body diagram: clicks and drags on zones as a user makes them, one Ctrl+Z per
stroke, readable undo texts, the banner raised and lowered from the diagram, map and condition highlights."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")
pytest.importorskip("desktop.body_view")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from bodymaps.exam import SensoryFinding
from tests.body_view_helpers import click_zone, drag_zones
from tests.desktop_helpers import make_window

pytestmark = pytest.mark.usefixtures("dialogs_log")


@pytest.fixture
def window(qtbot):
    w = make_window(qtbot, size=(1920, 1080))
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    return w


def choose_tool(window, tool: str) -> None:
    action = next(a for a in window.act_tools() if a.data() == tool)
    action.trigger()
    assert window.diagram.tool() == tool


@pytest.mark.parametrize("tool, kind", [("pain", "pain"), ("numbness", "numbness"),
                                        ("paresthesia", "paresthesia")])
def test_click_a_zone_at_its_centroid_with_each_tool(window, tool, kind):
    choose_tool(window, tool)
    click_zone(window.diagram, "anterior", "dorsum_foot", "left")
    assert window.controller.document.exam.sensory == [SensoryFinding("dorsum_foot", "left", kind)]
    label = {"paresthesia": "paraesthesia"}.get(kind, kind)
    assert window.act.undo.text() == f"&Undo Mark left dorsum of foot: {label}"
    l5 = window.assessment.condition("l5_radiculopathy")
    assert any(c.finding == f"sensory.dorsum_foot.left={kind}" for c in l5.supporting)
    choose_tool(window, "eraser")
    click_zone(window.diagram, "anterior", "dorsum_foot", "left")
    assert window.controller.document.exam.sensory == []
    assert window.act.undo.text() == f"&Undo Clear left dorsum of foot: {label}"


def test_drag_across_zones_then_one_ctrl_z_removes_them_all(window, qtbot):
    choose_tool(window, "numbness")
    zones = [("anterolateral_leg", "left"), ("dorsum_foot", "left"), ("great_toe", "left")]
    drag_zones(window.diagram, "anterior", zones)
    assert {(f.zone, f.side) for f in window.controller.document.exam.sensory} == set(zones)
    assert window.controller.undo_stack.count() == 1
    assert window.act.undo.text().startswith("&Undo Mark left anterolateral leg, left dorsum of foot and 1 more")
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.document.exam.sensory == []
    assert window.assessment.condition("l5_radiculopathy").supporting == ()
    QTest.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(window.controller.document.exam.sensory) == 3


def test_a_numb_perineum_clicked_on_the_diagram_raises_the_banner_and_clicking_again_lowers_it(window):
    choose_tool(window, "numbness")
    view = next(v for v in ("posterior", "anterior") if window.diagram.zone_items("perineum", "midline")
                and window.diagram.scenes()[v].zone_item("perineum", "midline") is not None)
    click_zone(window.diagram, view, "perineum", "midline")
    assert window.banner_bar.isVisible() and "Saddle anaesthesia" in window.banner.label.text()
    click_zone(window.diagram, view, "perineum", "midline")  # same tool again: clears it
    assert window.controller.document.exam.sensory == []
    assert window.banner_bar.isHidden()


def test_map_switch_redraws_the_overlay_and_reassesses(window):
    window.act.map_actions["foerster"].trigger()
    assert window.diagram.map_id() == "foerster" and window.assessment.map == "foerster"


def test_selecting_a_condition_or_a_root_highlights_the_right_zones(window):
    choose_tool(window, "numbness")
    click_zone(window.diagram, "anterior", "dorsum_foot", "left")
    differential = window.assessment_panel.differential
    differential.select_condition("l5_radiculopathy")
    highlight = window.diagram.highlight()
    assert highlight.label.startswith("L5 radiculopathy")
    assert ("dorsum_foot", "left") in highlight.zones_for
    assert any(kind == "dermatome" and root == "L5" for kind, root, _ in highlight.regions)
    differential.select_condition("femoral_neuropathy")
    highlight = window.diagram.highlight()
    assert highlight.label.startswith("Femoral neuropathy")
    assert {name for kind, name, _ in highlight.regions if kind == "nerve"} >= {"saphenous"}
    assert not any(kind == "dermatome" for kind, _, _ in highlight.regions)
    roots = window.assessment_panel.roots
    roots.setCurrentIndex(roots.model().index(1, 4))  # left, L5
    highlight = window.diagram.highlight()
    assert highlight.label == "L5 dermatome (left)" and ("dermatome", "L5", "left") in highlight.regions
    assert ("dorsum_foot", "left") in highlight.zones_for
    choose_tool(window, "eraser")  # the highlight follows the exam
    click_zone(window.diagram, "anterior", "dorsum_foot", "left")
    assert window.diagram.highlight().zones_for == ()


def test_the_toolbar_undo_button_stays_short_while_the_menu_says_what(window):
    from PySide6.QtWidgets import QToolButton

    choose_tool(window, "numbness")
    click_zone(window.diagram, "anterior", "dorsum_foot", "left")
    button = window.toolbar.widgetForAction(window.act.undo)
    assert isinstance(button, QToolButton) and button.text() == "Undo"
    assert window.act.undo.toolTip() == "Undo Mark left dorsum of foot: numbness"


def test_a_sensory_suggestion_leads_to_the_diagram(window):
    assert window.go_to_finding("sensory.medial_ankle.left")
    focused = window.focusWidget()
    assert focused is window.diagram or (focused is not None and window.diagram.isAncestorOf(focused))
    assert "Medial ankle (left)" in window.statusBar().currentMessage()
