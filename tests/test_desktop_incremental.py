"""The panels update in place after each edit (only what changed is announced and repainted): what they show,
and what is on screen, must be exactly what a panel built afresh from the same assessment would show."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtWidgets import QApplication

from bodymaps.exam.edits import SetMotor, SetZoneFinding
from desktop.assessment.differential import DifferentialModel
from desktop.assessment.findings import describe
from tests.desktop_helpers import L5_EXAMPLE, make_window

pytestmark = pytest.mark.usefixtures("dialogs_log")


def settle() -> None:
    for _ in range(3):  # posted events, then the tree's delayed layout, then the paints it asks for
        QApplication.processEvents()


def rows_shown(model) -> list[tuple]:
    return [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]


def children_shown(model, row: int) -> list[tuple]:
    parent = model.index(row, 0)
    return [tuple(model.index(i, c, parent).data() for c in range(3)) for i in range(model.rowCount(parent))]


def test_the_differential_updates_in_place_and_keeps_what_is_open_and_selected(qtbot):
    window = make_window(qtbot, path=L5_EXAMPLE)
    view = window.assessment_panel.differential
    model = view.model()
    opened, chosen = "common_fibular_neuropathy", "l5_radiculopathy"  # both move as the findings change
    view.setExpanded(model.index(model.row_of(opened), 0), True)
    view.select_condition(chosen)
    resets = []
    model.modelReset.connect(lambda: resets.append(True))
    edits = [SetZoneFinding("lateral_foot", "left", "numbness"), SetZoneFinding("lateral_sole", "left", "pain"),
             SetMotor("ankle_eversion", "left", 3), SetZoneFinding("dorsum_foot", "left", "numbness", present=False),
             SetMotor("ankle_plantarflexion", "left", 4), SetZoneFinding("lateral_foot", "left", "numbness", False)]
    for edit in edits:
        assert window.controller.apply(edit)
        settle()
        fresh = DifferentialModel()
        fresh.set_assessment(window.assessment)
        assert rows_shown(model) == rows_shown(fresh)
        expanded = [r for r in range(model.rowCount()) if view.isExpanded(model.index(r, 0))]
        assert expanded == [model.row_of(opened)]  # the same condition stays open wherever it moved
        row = model.row_of(opened)
        fresh_result = window.assessment.differential[row]
        assert [c[0] for c in children_shown(model, row)][1:] == [
            describe(c.finding) for c in (*fresh_result.supporting, *fresh_result.against)]
        assert view.currentIndex() == model.index(model.row_of(chosen), 0)
        assert window.diagram.highlight() is not None
    assert not resets  # same conditions, so the tree was never rebuilt


def grab(window, widget):
    """What is on screen for ``widget`` now (the window's backing store), not a fresh rendering of it."""
    image = window.windowHandle().screen().grabWindow(window.winId()).toImage()
    return image.copy(QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()))


def test_partial_repaints_after_clicks_leave_nothing_stale_on_screen(qtbot):
    window = make_window(qtbot, path=L5_EXAMPLE)
    panel = window.assessment_panel
    panel.differential.setExpanded(panel.differential.model().index(1, 0), True)
    panel.differential.select_condition(window.assessment.differential[2].condition)
    window.diagram.set_tool("numbness")
    view, scene = window.diagram.views()["anterior"], window.diagram.scenes()["anterior"]
    keys = [("anterolateral_leg", "right"), ("dorsum_foot", "right"), ("perineum", "midline"),
            ("anterior_thigh", "left"), ("great_toe", "left"), ("perineum", "midline"), ("dorsum_foot", "right")]
    settle()
    for zone, side in keys:
        point = scene.zone_item(zone, side).region.geometry.representative_point()
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(QPointF(point.x, point.y)))
        settle()
        for widget in (panel.differential.viewport(), panel.roots.viewport(), view.viewport(), window.banner):
            shown = grab(window, widget)
            widget.repaint()  # everything drawn afresh
            settle()
            assert grab(window, widget) == shown, f"{widget.parent().objectName() or widget} was stale"
    assert window.banner_bar.isVisible()  # the clicks went through: the numb perineum raised the banner


def test_undo_texts_follow_new_steps_undo_redo_and_a_new_edit_after_an_undo(qtbot):
    window = make_window(qtbot)
    undo, redo = window.act.undo, window.act.redo
    window.controller.apply(SetZoneFinding("dorsum_foot", "left", "numbness"))
    assert undo.text() == "&Undo Mark left dorsum of foot: numbness" and not redo.isEnabled()
    window.controller.apply(SetMotor("hip_flexion", "left", 4))
    assert undo.text() == "&Undo Hip flexion (left): MRC 4"
    undo.trigger()
    assert undo.text() == "&Undo Mark left dorsum of foot: numbness" and redo.text() == "&Redo Hip flexion (left): MRC 4"
    window.controller.apply(SetZoneFinding("heel", "right", "pain"))  # a new step after an undo drops the redo
    assert undo.text() == "&Undo Mark right heel: pain" and not redo.isEnabled() and redo.text() == "&Redo"
    undo.trigger()
    undo.trigger()
    assert not undo.isEnabled() and redo.text() == "&Redo Mark left dorsum of foot: numbness"
    redo.trigger()
    assert undo.text() == "&Undo Mark left dorsum of foot: numbness" and redo.text() == "&Redo Mark right heel: pain"


def test_only_changes_that_mark_zones_spare_the_exam_panels_their_refresh(qtbot):
    from bodymaps.exam import Change
    from bodymaps.exam.edits import Macro, SetNotes
    from desktop.document.controller import marks_only

    mark, grade = SetZoneFinding("heel", "left", "pain"), SetMotor("hip_flexion", "left", 4)
    assert marks_only(Change(None, "edit", mark)) and marks_only(Change(None, "undo", Macro((mark, mark), "Paint")))
    assert not marks_only(Change(None, "edit", grade)) and not marks_only(Change(None, "redo", Macro((mark, grade))))
    assert not marks_only(Change(None, "group", None)) and not marks_only(Change(None, "edit", SetNotes("x")))
    assert not marks_only(Change(None, "edit", Macro(())))
    window = make_window(qtbot, path=L5_EXAMPLE)  # and the panels still follow an undo of a grade after marks
    grid = window.exam_panel.neuro.grid()
    row = next(r for r, spec in enumerate(grid.rows) if spec.item == "hip_flexion")
    window.controller.apply(grade)
    window.controller.apply(mark)
    window.controller.undo()
    window.controller.undo()
    assert grid.index(row, 1).data() == "NT" and window.controller.document.exam.motor.get("hip_flexion") is None
