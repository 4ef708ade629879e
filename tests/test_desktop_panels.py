"""Exam panels driven from the keyboard as a user would: the reflex/MRC grid, special tests, checkboxes,
header and notes. Each assertion is on the exam document first, on what is shown second."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from bodymaps.exam import Exam
from desktop.style import NOT_TESTED_TEXT
from tests.desktop_helpers import make_window

pytestmark = pytest.mark.usefixtures("dialogs_log")


def grid_cell(view, section, item, side):
    return view.grid().index_of(section, item, side)


def focus_cell(window, view, section, item, side):
    assert window.exam_panel.go_to(section, item, side)
    return view.currentIndex()


def test_digits_set_reflex_and_mrc_grades_and_the_cursor_moves_on(qtbot):
    window = make_window(qtbot)
    view = window.exam_panel.neuro
    focus_cell(window, view, "reflexes", "patellar", "right")
    qtbot.keyClicks(view, "2")
    exam = window.controller.document.exam
    assert exam.reflexes["patellar"] == {"right": 2}
    assert view.currentIndex() == grid_cell(view, "reflexes", "medial_hamstring", "right")
    qtbot.keyClicks(view, "21")  # medial hamstring right 2, Achilles right 1
    assert exam.reflexes["achilles"] == {"right": 1}
    assert view.currentIndex() == grid_cell(view, "reflexes", "babinski", "right")
    qtbot.keyClicks(view, "d")  # plantar response down, then the cursor skips the heading row
    assert exam.reflexes["babinski"] == {"right": "downgoing"}
    assert view.currentIndex() == grid_cell(view, "motor", "hip_flexion", "right")
    qtbot.keyClicks(view, "55")
    assert exam.motor["hip_flexion"] == {"right": 5} and exam.motor["hip_adduction"] == {"right": 5}
    # the right column ends at plantarflexion, then the left column starts at the top
    window.exam_panel.go_to("motor", "ankle_plantarflexion", "right")
    qtbot.keyClicks(view, "4")
    assert exam.motor["ankle_plantarflexion"] == {"right": 4}
    assert view.currentIndex() == grid_cell(view, "reflexes", "patellar", "left")
    assert window.controller.undo_stack.count() == 7


def test_an_impossible_grade_is_refused_and_the_cursor_stays(qtbot):
    window = make_window(qtbot)
    view = window.exam_panel.neuro
    window.exam_panel.go_to("reflexes", "achilles", "left")
    before = view.currentIndex()
    with qtbot.waitSignal(view.rejected):
        qtbot.keyClicks(view, "5")  # reflexes are graded 0-4
    assert "achilles" not in window.controller.document.exam.reflexes
    assert view.currentIndex() == before


def test_delete_and_nt_set_not_tested_which_looks_different_from_normal(qtbot):
    window = make_window(qtbot)
    view = window.exam_panel.neuro
    model = view.grid()
    window.exam_panel.go_to("motor", "knee_extension", "left")
    index = view.currentIndex()
    assert index.data() == "NT"
    assert index.data(Qt.ItemDataRole.ForegroundRole).color() == QColor(NOT_TESTED_TEXT)
    assert index.data(Qt.ItemDataRole.FontRole).italic()
    qtbot.keyClicks(view, "5")
    assert window.controller.document.exam.motor["knee_extension"] == {"left": 5}
    assert index.data() == "5" and index.data(Qt.ItemDataRole.ForegroundRole) is None
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert "knee_extension" not in window.controller.document.exam.motor
    assert index.data() == "NT"
    qtbot.keyClicks(view, "3")
    view.setCurrentIndex(index)
    qtbot.keyClicks(view, "nt")
    assert "knee_extension" not in window.controller.document.exam.motor
    assert model.value(index.row(), index.column()) is None


def test_abnormal_and_asymmetric_values_are_marked_by_symbol(qtbot):
    exam = Exam(reflexes={"achilles": {"left": 1, "right": 2}, "patellar": {"left": 3, "right": 3}},
                motor={"great_toe_extension": {"left": 4, "right": 5}})
    window = make_window(qtbot, exam)
    model = window.exam_panel.neuro.grid()
    achilles = model.index_of("reflexes", "achilles", "left")
    assert achilles.data() == "1 ↓"
    assert achilles.sibling(achilles.row(), 0).data() == "2"  # normal: the digit alone
    assert achilles.sibling(achilles.row(), 2).data() == "≠"
    patellar = model.index_of("reflexes", "patellar", "left")
    assert patellar.data() == "3 ↑" and patellar.sibling(patellar.row(), 2).data() == ""
    toe = model.index_of("motor", "great_toe_extension", "left")
    assert toe.data() == "4 ↓" and toe.sibling(toe.row(), 2).data() == "≠"
    assert toe.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_digits_in_the_grid_do_not_switch_diagram_tools(qtbot):
    window = make_window(qtbot)
    view = window.exam_panel.neuro
    tools = window.diagram.tool_actions() if hasattr(window.diagram, "tool_actions") else None
    before = tools.checkedAction() if tools is not None else None
    window.exam_panel.go_to("motor", "hip_flexion", "left")
    qtbot.keyClicks(view, "4")
    assert window.controller.document.exam.motor["hip_flexion"] == {"left": 4}
    if tools is not None:
        assert tools.checkedAction() is before


def test_special_tests_positive_negative_and_unsided_once(qtbot):
    window = make_window(qtbot)
    view = window.exam_panel.tests
    window.exam_panel.go_to("tests", "straight_leg_raise", "left")
    qtbot.keyClicks(view, "p")
    tests = window.controller.document.exam.tests
    assert tests["straight_leg_raise"] == {"left": "positive"}
    window.exam_panel.go_to("tests", "straight_leg_raise", "right")
    qtbot.keyClicks(view, "-")
    assert tests["straight_leg_raise"] == {"left": "positive", "right": "negative"}
    window.exam_panel.go_to("tests", "si_distraction", None)
    qtbot.keyClicks(view, "n")
    assert tests["si_distraction"] == "negative"  # unsided: one value, no side
    row = view.grid().index_of("tests", "si_distraction", None).row()
    assert view.columnSpan(row, 0) == 2
    index = view.grid().index_of("tests", "straight_leg_raise", "left")
    assert index.data() == "Positive +"
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert tests["straight_leg_raise"] == {"right": "negative"}


def test_history_and_red_flag_checkboxes_edit_and_follow_undo(qtbot):
    window = make_window(qtbot)
    panel = window.exam_panel.history_flags
    box = panel.box("history", "worse_sitting")
    assert box.text() == "Worse sitting"  # the label from data/vocabulary.csv
    window.exam_panel.go_to("history", "worse_sitting", None)
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert window.controller.document.exam.history == ["worse_sitting"]
    flag = panel.box("red_flags", "fever")
    flag.click()
    assert window.controller.document.exam.red_flags == ["fever"]
    window.controller.undo()
    assert not flag.isChecked() and window.controller.document.exam.red_flags == []
    window.controller.undo()
    assert not box.isChecked()
    window.controller.redo()
    assert box.isChecked()


def test_header_fields_are_edits(qtbot):
    window = make_window(qtbot)
    header = window.exam_panel.header
    window.exam_panel.setCurrentWidget(window.exam_panel.patient_page)
    header.name.setFocus()
    qtbot.keyClicks(header.name, "Ada Test")
    qtbot.keyClick(header.name, Qt.Key.Key_Return)
    exam = window.controller.document.exam
    assert exam.patient.name == "Ada Test"
    header.age.setFocus()
    header.age.selectAll()
    qtbot.keyClicks(header.age, "61")
    qtbot.keyClick(header.age, Qt.Key.Key_Return)
    assert exam.patient.age == 61
    header.sex.setCurrentIndex(header.sex.findData("female"))
    header.sex.activated.emit(header.sex.currentIndex())
    assert exam.patient.sex == "female"
    header.date.setFocus()
    header.date.selectAll()
    qtbot.keyClicks(header.date, "2026-13-40")
    qtbot.keyClick(header.date, Qt.Key.Key_Return)
    assert exam.info.date != "2026-13-40" and header.message.isVisibleTo(header)  # inline message, no dialog
    assert window.controller.undo_stack.undoText() == "Set patient sex"
    window.controller.undo()
    assert exam.patient.sex is None and header.sex.currentData() is None


def test_notes_typing_is_one_undo_step(qtbot):
    window = make_window(qtbot)
    notes = window.exam_panel.notes
    window.exam_panel.setCurrentWidget(window.exam_panel.patient_page)
    notes.setFocus()
    qtbot.keyClicks(notes, "Pain since Monday")
    notes.commit()  # what the pause timer or leaving the field does
    assert window.controller.document.exam.notes == "Pain since Monday"
    assert window.controller.undo_stack.count() == 1
    window.controller.undo()
    assert notes.toPlainText() == ""


def test_every_mnemonic_in_the_window_is_unique(qtbot):
    """Alt+letter reaches each tab, field and assessment list without the mouse, never two things at once."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QLabel

    window = make_window(qtbot)
    keys = []
    for action in window.menuBar().actions():
        keys.append(QKeySequence.mnemonic(action.text()).toString())
    tabs = window.exam_panel
    keys += [QKeySequence.mnemonic(tabs.tabText(i)).toString() for i in range(tabs.count())]
    for label in window.findChildren(QLabel):
        if label.buddy() is not None:
            keys.append(QKeySequence.mnemonic(label.text()).toString())
    keys = [k for k in keys if k]
    assert len(keys) >= 19
    assert len(keys) == len(set(keys)), sorted(keys)


def test_a_new_exam_starts_in_the_name_field_and_tab_walks_the_header(qtbot):
    window = make_window(qtbot)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.files.new()
    header = window.exam_panel.header
    assert window.exam_panel.currentWidget() is window.exam_panel.patient_page
    assert window.focusWidget() is header.name
    order = [header.name, header.patient_id, header.age, header.sex, header.date]
    for expected in order[1:]:
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        focused = window.focusWidget()
        assert focused is expected or focused.parent() is expected, (focused, expected)


def test_the_grid_and_the_chart_summary_name_the_same_roots_for_every_item():
    # one source, the anatomy tables: the screen once showed eversion as L5–S1 and the paper L5
    from bodymaps.report.findings import item_roots
    from desktop.panels.neuro_grid import neuro_rows

    rows = [r for r in neuro_rows() if r.section]
    assert len(rows) == 15
    for row in rows:
        if row.item == "babinski":
            continue
        assert row.hint and row.hint == item_roots(row.section, row.item), row.item
