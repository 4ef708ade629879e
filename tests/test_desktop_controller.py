"""The Qt undo stack mirrors the exam document's history (desktop/document/controller.py)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from bodymaps.exam import ExamDocument
from bodymaps.exam.edits import SetReflex, SetZoneFinding
from desktop.document.controller import ExamController


def test_stroke_is_one_qundo_command_with_a_readable_text(qtbot):
    controller = ExamController()
    controller.begin_group("Paint numbness")
    for zone in ("anterolateral_leg", "dorsum_foot"):
        controller.apply(SetZoneFinding(zone, "left", "numbness"))
    controller.end_group()
    stack = controller.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Paint numbness"
    controller.apply(SetReflex("achilles", "left", 0))
    assert stack.count() == 2 and stack.index() == 2
    controller.undo()
    controller.undo()
    assert controller.document.exam.sensory == [] and not controller.document.modified
    assert stack.isClean()
    controller.redo()
    assert len(controller.document.exam.sensory) == 2 and stack.index() == 1
    assert controller.document.history_length == stack.index()


def test_no_command_for_an_edit_that_changes_nothing_and_save_sets_clean(qtbot, tmp_path):
    controller = ExamController()
    controller.apply(SetReflex("patellar", "left", 2))
    controller.apply(SetReflex("patellar", "left", 2))
    assert controller.undo_stack.count() == 1 and not controller.undo_stack.isClean()
    controller.document.save(tmp_path / "x.bodymaps.json")
    assert controller.undo_stack.isClean() and not controller.document.modified


def test_replacing_the_document_clears_the_history(qtbot):
    controller = ExamController()
    controller.apply(SetReflex("patellar", "left", 1))
    with qtbot.waitSignal(controller.documentReplaced):
        controller.set_document(ExamDocument())
    assert controller.undo_stack.count() == 0
    heard = []
    controller.changed.connect(heard.append)
    controller.apply(SetReflex("patellar", "left", 3))
    assert len(heard) == 1 and controller.undo_stack.count() == 1
