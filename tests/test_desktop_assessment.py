"""The assessment side of the window follows every edit: differential order, red-flag banner, map switch,
suggestions that lead to their control, and the decision-support line."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from bodymaps import DISCLAIMER
from bodymaps.exam import Exam, SensoryFinding
from bodymaps.exam.edits import SetMotor, SetZoneFinding
from tests.desktop_helpers import make_window

pytestmark = pytest.mark.usefixtures("dialogs_log")


def fibular_like_exam() -> Exam:
    """Foot drop with a positive Tinel at the fibular head: the fibular nerve leads until inversion is tested."""
    return Exam(
        sensory=[SensoryFinding("dorsum_foot", "left", "numbness")],
        motor={"ankle_dorsiflexion": {"left": 4, "right": 5}, "ankle_eversion": {"left": 4, "right": 5}},
        tests={"tinel_fibular_head": {"left": "positive"}},
        history=["crossed_legs_or_kneeling"],
    )


def leg_crosser_foot_drop() -> Exam:
    """Foot drop in a leg-crosser: the fibular nerve leads until inversion (tibial nerve, L5) is found weak.

    (With a positive Tinel at the fibular head as well, engine v2 keeps the nerve first even then.)
    """
    return Exam(
        sensory=[SensoryFinding("dorsum_foot", "left", "numbness")],
        motor={"ankle_dorsiflexion": {"left": 4, "right": 5}, "ankle_eversion": {"left": 4, "right": 5}},
        history=["crossed_legs_or_kneeling"],
    )


def shown_ranking(window) -> list[str]:
    return [r.condition for r in window.assessment_panel.differential.differential.results]


def test_inversion_weakness_typed_in_the_grid_moves_l5_above_fibular_neuropathy(qtbot):
    window = make_window(qtbot, leg_crosser_foot_drop())
    ranking = shown_ranking(window)
    assert ranking.index("common_fibular_neuropathy") < ranking.index("l5_radiculopathy")
    view = window.exam_panel.neuro
    assert window.exam_panel.go_to("motor", "ankle_inversion", "left")
    qtbot.keyClicks(view, "4")
    ranking = shown_ranking(window)
    assert ranking.index("l5_radiculopathy") < ranking.index("common_fibular_neuropathy")
    assert window.assessment_panel.differential.model().index(0, 0).data() == "1. L5 radiculopathy"
    window.controller.undo()  # and back
    ranking = shown_ranking(window)
    assert ranking.index("common_fibular_neuropathy") < ranking.index("l5_radiculopathy")


def test_a_condition_expands_to_its_findings_with_weights_and_sources(qtbot):
    window = make_window(qtbot, fibular_like_exam())
    view = window.assessment_panel.differential
    model = view.model()
    row = model.row_of("common_fibular_neuropathy")
    parent = model.index(row, 0)
    result = model.results[row]
    assert model.rowCount(parent) == 0 and model.hasChildren(parent)  # its findings come in when it is opened
    view.setExpanded(parent, True)
    assert model.rowCount(parent) == 1 + len(result.supporting) + len(result.against)
    texts = [model.index(i, 0, parent).data() for i in range(model.rowCount(parent))]
    weights = [float(model.index(i, 1, parent).data()) for i in range(model.rowCount(parent))]
    sources = [model.index(i, 2, parent).data() for i in range(model.rowCount(parent))]
    assert "Tinel at the fibular head (left): positive" in texts
    assert pytest.approx(sum(weights), abs=0.01 * len(weights)) == result.score  # prior + for + against
    assert all(sources)
    window.controller.apply(SetMotor("hip_flexion", "left", 5))  # a new assessment keeps it open
    assert view.isExpanded(model.index(model.row_of("common_fibular_neuropathy"), 0))


def test_a_numb_perineum_raises_the_banner_and_removing_it_lowers_it(qtbot):
    window = make_window(qtbot)
    assert window.banner_bar.isHidden()
    window.controller.apply(SetZoneFinding("perineum", "midline", "numbness"))
    assert window.banner_bar.isVisible()
    text = window.banner.label.text()
    assert "EMERGENCY" in text and "Saddle anaesthesia" in text and "MRI" in text
    assert window.banner.flags[0].urgency == "emergency"
    # it cannot be dismissed: it has no close button, and another edit leaves it up
    assert not window.banner.findChildren(QAbstractButton)
    assert not window.banner_bar.toggleViewAction().isVisible()
    window.controller.apply(SetMotor("hip_flexion", "left", 5))
    assert window.banner_bar.isVisible()
    window.controller.apply(SetZoneFinding("perineum", "midline", "numbness", present=False))
    assert window.banner_bar.isHidden() and window.banner.flags == ()


def test_the_red_flag_bar_sits_above_the_panels_across_the_window(qtbot):
    window = make_window(qtbot, path=None)
    window.controller.apply(SetZoneFinding("perineum", "midline", "numbness"))
    bar = window.banner_bar.geometry()
    assert bar.bottom() <= window.exam_dock.geometry().top()
    assert bar.bottom() <= window.assessment_dock.geometry().top()
    assert bar.width() >= window.width() * 0.9


def test_map_switch_changes_weights_and_the_map_shown(qtbot):
    exam = Exam(sensory=[SensoryFinding("anterolateral_leg", "left", "numbness"),
                         SensoryFinding("dorsum_foot", "left", "numbness")])
    window = make_window(qtbot, exam, map_id="evidence_based")

    def l5_sensory_weights():
        result = window.assessment.condition("l5_radiculopathy")
        return {c.finding: round(c.weight, 3) for c in result.supporting if c.section == "sensory"}

    before = l5_sensory_weights()
    assert "Evidence-based" in window.assessment_panel.map_label.text()
    window.act.map_actions["keegan_garrett"].trigger()
    assert window.state.map_id == "keegan_garrett" and window.assessment.map == "keegan_garrett"
    assert l5_sensory_weights() != before
    assert "Keegan" in window.assessment_panel.map_label.text()
    assert window.act.map_box.currentData() == "keegan_garrett"
    window.act.map_box.activated.emit(window.act.map_box.findData("foerster"))
    assert window.assessment.map == "foerster" and window.act.map_actions["foerster"].isChecked()
    if hasattr(window.diagram, "map_id"):
        assert window.diagram.map_id() == "foerster"


def test_clicking_a_suggestion_takes_the_user_to_that_control(qtbot):
    window = make_window(qtbot, fibular_like_exam())
    suggestions = window.assessment_panel.suggestions
    findings = [suggestions.item(i).data(256) for i in range(suggestions.count())]
    assert "motor.ankle_inversion.left" in findings
    item = suggestions.item(findings.index("motor.ankle_inversion.left"))
    suggestions.itemClicked.emit(item)
    view = window.exam_panel.neuro
    assert window.exam_panel.currentWidget() is window.exam_panel.neuro_page
    assert view.currentIndex() == view.grid().index_of("motor", "ankle_inversion", "left")
    qtbot.keyClicks(view, "4")  # the user can type the grade straight away
    assert window.controller.document.exam.motor["ankle_inversion"] == {"left": 4}
    item = suggestions.item(0)
    assert "tinel" not in (item.data(256) or "")  # already examined: no longer suggested


def test_suggestion_for_a_test_and_a_history_item(qtbot):
    window = make_window(qtbot)
    assert window.go_to_finding("tests.slump.right")
    tests = window.exam_panel.tests
    assert window.exam_panel.currentWidget() is window.exam_panel.tests_page
    assert tests.currentIndex() == tests.grid().index_of("tests", "slump", "right")
    assert window.go_to_finding("history.night_pain")
    assert window.focusWidget() is window.exam_panel.history_flags.box("history", "night_pain")


def test_root_summary_and_disclaimer(qtbot):
    window = make_window(qtbot, fibular_like_exam())
    roots = window.assessment_panel.roots.model()
    assert roots.columnCount() == 9 and roots.headerData(8, Qt.Orientation.Horizontal) == "S4-5"
    l5_left = roots.index(1, 4)
    assert roots.headerData(4, Qt.Orientation.Horizontal) == "L5" and roots.headerData(1, Qt.Orientation.Vertical) == "L"
    assert float(l5_left.data()) > 0
    assert window.assessment_panel.disclaimer.text() == DISCLAIMER
    assert window.assessment_panel.disclaimer.isVisible()


def test_every_edit_gives_the_panels_the_engines_assessment(qtbot):
    window = make_window(qtbot, fibular_like_exam())
    window.controller.apply(SetMotor("hip_abduction", "left", 4))
    fresh = window.assess_now()
    assert window.assessment.to_dict() == fresh.to_dict()
    assert shown_ranking(window) == [r.condition for r in fresh.differential]


def test_empty_exam_says_the_order_is_only_priors_and_a_finding_lifts_the_hint(qtbot):
    window = make_window(qtbot)
    panel = window.assessment_panel
    assert panel.empty_hint.isVisible()
    window.controller.apply(SetMotor("ankle_dorsiflexion", "left", 3))
    assert not panel.empty_hint.isVisible()


def test_bars_share_one_fixed_scale_and_a_selected_finding_shows_its_full_source(qtbot):
    window = make_window(qtbot, fibular_like_exam())
    view = window.assessment_panel.differential
    model = view.model()
    assert model.bar_fraction(-6.0) == 0.0 and model.bar_fraction(6.0) == 1.0 and model.bar_fraction(0.0) == 0.5
    row = model.row_of("common_fibular_neuropathy")
    parent = model.index(row, 0)
    view.setExpanded(parent, True)
    child = next(model.index(i, 0, parent) for i in range(model.rowCount(parent))
                 if model.index(i, 0, parent).data() == "Tinel at the fibular head (left): positive")
    view.setCurrentIndex(child)
    detail = window.assessment_panel.detail
    source = next(
        c.source for c in model.results[row].supporting if c.item == "tinel_fibular_head")
    assert detail.isVisible() and source[:40] in detail.text()


def test_expanding_everything_opens_each_condition_and_its_findings_without_error(qtbot):
    # expandAll opens finding rows too; only conditions are remembered as open (a finding row's index once read
    # past the end of the conditions: IndexError in the expanded handler)
    window = make_window(qtbot, fibular_like_exam())
    view = window.assessment_panel.differential
    model = view.model()
    view.expandAll()
    view.collapseAll()
    view.expandAll()
    first = model.index(0, 0)
    assert view.isExpanded(first) and model.rowCount(first) > 0
    conditions = {r.condition for r in model.results}
    assert view._expanded <= conditions
    view.setExpanded(first, False)
    assert model.results[0].condition not in view._expanded
    window.controller.apply(SetMotor("hip_flexion", "left", 5))
    assert view.isExpanded(model.index(model.row_of(model.results[1].condition), 0))
