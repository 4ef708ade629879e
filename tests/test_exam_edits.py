"""Edits and the ExamDocument that records them: apply, undo, redo restore exactly; clean/modified; listeners."""

import copy
import stat
from dataclasses import FrozenInstanceError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import exam_edits, valid_exam_dicts

from bodymaps.exam.document import ExamDocument
from bodymaps.exam.edits import (
    Edit,
    Macro,
    SetExamField,
    SetHistory,
    SetMotor,
    SetNotes,
    SetPatientField,
    SetRedFlag,
    SetReflex,
    SetTest,
    SetZoneFinding,
    ToggleHistory,
    ToggleRedFlag,
    clear_zone,
)
from bodymaps.exam.fileformat import ExamError, exam_to_dict, load_exam, parse_exam, validate_exam
from bodymaps.exam.model import Exam, SensoryFinding


def exam_with(**sections) -> Exam:
    return parse_exam({"format": "bodymaps.exam", "version": 1, **sections})


def round_trip(exam: Exam, edit: Edit) -> Exam:
    """Apply, undo, redo, undo: each undo restores the exact prior state, redo the exact later one.

    Leaves ``exam`` as it was and returns a copy of the state after the edit.
    """
    before = copy.deepcopy(exam)
    undo = edit.apply(exam)
    after = copy.deepcopy(exam)
    redo = undo.apply(exam)
    assert exam == before
    assert exam_to_dict(exam) == exam_to_dict(before)
    undo_again = redo.apply(exam)
    assert exam == after
    undo_again.apply(exam)
    assert exam == before
    return after


# --------------------------------------------------------------------------------------------- single edits


def test_zone_finding_mark_and_clear():
    exam = Exam()
    after = round_trip(exam, SetZoneFinding("dorsum_foot", "left", "numbness"))
    assert after.sensory == [SensoryFinding("dorsum_foot", "left", "numbness")]
    after = round_trip(exam, SetZoneFinding("perineum", "midline", "numbness"))
    assert SensoryFinding("perineum", "midline", "numbness") in after.sensory


def test_clearing_a_zone_finding_and_undoing_puts_it_back_in_place():
    exam = exam_with(
        sensory=[
            {"zone": "heel", "side": "left", "kind": "pain"},
            {"zone": "great_toe", "side": "left", "kind": "numbness"},
            {"zone": "heel", "side": "right", "kind": "pain"},
        ]
    )
    after = round_trip(exam, SetZoneFinding("great_toe", "left", "numbness", present=False))
    assert [f.zone for f in after.sensory] == ["heel", "heel"]


def test_marking_what_is_there_or_clearing_what_is_not_changes_nothing():
    exam = exam_with(sensory=[{"zone": "heel", "side": "left", "kind": "pain"}])
    before = copy.deepcopy(exam)
    SetZoneFinding("heel", "left", "pain").apply(exam)
    SetZoneFinding("heel", "right", "pain", present=False).apply(exam)
    assert exam == before


def test_clear_zone_removes_every_kind_in_that_zone_as_one_step():
    exam = exam_with(
        sensory=[
            {"zone": "heel", "side": "left", "kind": "pain"},
            {"zone": "heel", "side": "right", "kind": "pain"},
            {"zone": "heel", "side": "left", "kind": "numbness"},
        ]
    )
    after = round_trip(exam, clear_zone(exam, "heel", "left"))
    assert after.sensory == [SensoryFinding("heel", "right", "pain")]


def test_reflex_absent_and_not_tested_are_restored_exactly():
    exam = exam_with(reflexes={"achilles": {"left": "not_tested"}})
    after = round_trip(exam, SetReflex("patellar", "left", 3))
    assert after.reflexes["patellar"] == {"left": 3}
    after = round_trip(exam, SetReflex("achilles", "left", 1))
    assert after.reflexes["achilles"] == {"left": 1}
    after = round_trip(exam, SetReflex("achilles", "left", None))
    assert "achilles" not in after.reflexes  # the last side cleared: the reflex is absent, not {}
    after = round_trip(exam, SetReflex("babinski", "right", "upgoing"))
    assert after.reflexes["babinski"] == {"right": "upgoing"}
    assert exam.reflexes == {"achilles": {"left": "not_tested"}}


def test_motor_and_tests_sided_and_unsided():
    exam = exam_with(tests={"si_distraction": "positive"})
    assert round_trip(exam, SetMotor("great_toe_extension", "left", 4)).motor == {
        "great_toe_extension": {"left": 4}
    }
    assert round_trip(exam, SetTest("slump", "right", "not_tested")).tests["slump"] == {"right": "not_tested"}
    assert round_trip(exam, SetTest("si_distraction", None, "negative")).tests["si_distraction"] == "negative"
    assert "si_distraction" not in round_trip(exam, SetTest("si_distraction", None, None)).tests
    assert exam.tests == {"si_distraction": "positive"}


def test_history_and_red_flag_toggles_keep_their_place_on_undo():
    exam = exam_with(history=["worse_sitting", "night_pain", "diabetes"], red_flags=["fever"])
    assert round_trip(exam, ToggleHistory("night_pain")).history == ["worse_sitting", "diabetes"]
    assert round_trip(exam, ToggleHistory("pregnancy")).history[-1] == "pregnancy"
    assert round_trip(exam, ToggleRedFlag("fever")).red_flags == []
    assert round_trip(exam, SetRedFlag("weight_loss")).red_flags == ["fever", "weight_loss"]
    assert round_trip(exam, SetHistory("diabetes", present=False)).history == ["worse_sitting", "night_pain"]


def test_notes_patient_and_exam_fields():
    exam = exam_with(patient={"age": 52}, exam={"date": "2026-11-21"})
    assert round_trip(exam, SetNotes("numb big toe")).notes == "numb big toe"
    assert round_trip(exam, SetPatientField("age", 53)).patient.age == 53
    assert round_trip(exam, SetPatientField("age", None)).patient.age is None
    assert round_trip(exam, SetPatientField("sex", "other")).patient.sex == "other"
    assert round_trip(exam, SetExamField("date", "2026-11-22")).info.date == "2026-11-22"
    assert round_trip(exam, SetExamField("examiner", "Dr K")).info.examiner == "Dr K"


def test_edits_are_frozen():
    with pytest.raises(FrozenInstanceError):
        SetReflex("patellar", "left", 2).value = 3  # type: ignore[misc]


BAD_EDITS = [
    (lambda: SetZoneFinding("foot", "left", "pain"), 'sensory.zone: "foot" is not a zone; allowed: lower_back'),
    (lambda: SetZoneFinding("perineum", "left", "pain"), 'sensory.side: "left" is not a side of perineum'),
    (lambda: SetZoneFinding("heel", "midline", "pain"), 'sensory.side: "midline" is not a side of heel'),
    (lambda: SetZoneFinding("heel", "left", "itch"), 'sensory.kind: "itch" is not a kind of finding'),
    (lambda: SetReflex("patellar", "left", 5), "reflexes.patellar.left: 5 is out of range; allowed: reflex grade 0-4"),
    (lambda: SetReflex("patellar", "left", True), "reflexes.patellar.left: true is not a reflex grade"),
    (lambda: SetReflex("babinski", "left", 1), 'reflexes.babinski.left: 1 is not a valid result; allowed: "upgoing"'),
    (lambda: SetReflex("knee", "left", 2), 'reflexes.knee: "knee" is not a reflex; allowed: patellar'),
    (lambda: SetReflex("patellar", "both", 2), 'reflexes.patellar.both: "both" is not a side; allowed: left, right'),
    (lambda: SetReflex("patellar", None, 2), "reflexes.patellar: a side is needed; allowed: left, right"),
    (lambda: SetMotor("hip_flexion", "left", 6), 'motor.hip_flexion.left: 6 is out of range; allowed: MRC grade 0-5 or "not_tested"'),
    (lambda: SetTest("si_distraction", "left", "positive"), 'tests.si_distraction: side "left" given but this test is unsided'),
    (lambda: SetTest("slump", "left", "yes"), 'tests.slump.left: "yes" is not a valid result'),
    (lambda: ToggleHistory("worse_lying"), 'history: "worse_lying" is not a history item'),
    (lambda: SetRedFlag("bad_vibes"), 'red_flags: "bad_vibes" is not a red flag'),
    (lambda: SetNotes(3), "notes: 3 is not text"),  # type: ignore[arg-type]
    (lambda: SetPatientField("age", 121), "patient.age: 121 is out of range"),
    (lambda: SetPatientField("height", 180), 'patient.height: "height" is not a patient field'),
    (lambda: SetExamField("date", "2026-02-29"), 'exam.date: "2026-02-29" is not a date'),
]  # fmt: skip


@pytest.mark.parametrize(("make", "message"), BAD_EDITS, ids=[m for _, m in BAD_EDITS])
def test_bad_edits_are_refused_like_bad_files(make, message):
    with pytest.raises(ExamError) as info:
        make()
    assert message in str(info.value)


# --------------------------------------------------------------------------------------------- macros


def test_macro_is_one_undo_step():
    exam = Exam()
    stroke = Macro(
        tuple(SetZoneFinding(z, "left", "pain") for z in ("heel", "lateral_foot", "little_toe")), "Paint"
    )
    after = round_trip(exam, stroke)
    assert [f.zone for f in after.sensory] == ["heel", "lateral_foot", "little_toe"]
    assert stroke.text == "Paint"


class Boom(Edit):
    def apply(self, exam):
        raise RuntimeError("boom")


def test_a_failing_macro_leaves_the_exam_as_it_was():
    exam = exam_with(reflexes={"patellar": {"left": 2}})
    before = copy.deepcopy(exam)
    with pytest.raises(RuntimeError, match="boom"):
        Macro((SetReflex("patellar", "left", 4), SetZoneFinding("heel", "left", "pain"), Boom())).apply(exam)
    assert exam == before


@settings(max_examples=200, deadline=None)
@given(valid_exam_dicts(), st.lists(exam_edits(), max_size=12))
def test_any_edit_sequence_stays_valid_and_undoes_exactly(data, edits):
    exam = parse_exam(data)
    states = [copy.deepcopy(exam)]
    inverses = []
    for edit in edits:
        inverses.append(edit.apply(exam))
        validate_exam(exam)
        assert parse_exam(exam_to_dict(exam)) == exam
        states.append(copy.deepcopy(exam))
    redos = []
    for inverse, state in zip(reversed(inverses), reversed(states[:-1]), strict=True):
        redos.append(inverse.apply(exam))
        assert exam == state
    for redo, state in zip(reversed(redos), states[1:], strict=True):
        redo.apply(exam)
        assert exam == state


# --------------------------------------------------------------------------------------------- ExamDocument


def test_new_document_is_clean_and_an_edit_makes_it_modified():
    doc = ExamDocument()
    assert not doc.modified and not doc.can_undo and not doc.can_redo
    assert doc.apply(SetReflex("patellar", "left", 2))
    assert doc.modified and doc.can_undo
    assert doc.undo_text == "Patellar (knee jerk) (left): 2"


def test_undo_back_to_the_saved_state_is_clean(tmp_path):
    doc = ExamDocument()
    doc.apply(SetReflex("patellar", "left", 2))
    doc.save(tmp_path / "e.bodymaps.json")
    assert not doc.modified and doc.path == tmp_path / "e.bodymaps.json"
    assert stat.S_IMODE(doc.path.stat().st_mode) == 0o600
    doc.apply(SetReflex("patellar", "left", 3))
    assert doc.modified
    doc.undo()
    assert not doc.modified and doc.exam.reflexes == {"patellar": {"left": 2}}
    doc.undo()
    assert doc.modified and doc.exam == Exam()
    doc.redo()
    assert not doc.modified
    doc.redo()
    assert doc.modified and doc.exam.reflexes == {"patellar": {"left": 3}}
    assert not doc.redo()


def test_a_new_edit_after_undoing_past_the_save_point_makes_it_unreachable(tmp_path):
    doc = ExamDocument()
    doc.apply(SetNotes("a"))
    doc.save(tmp_path / "e.bodymaps.json")
    doc.undo()
    doc.apply(SetNotes("b"))
    assert doc.modified and not doc.can_redo
    doc.undo()
    assert doc.modified  # back to the empty exam, which was never saved
    doc.save()
    assert not doc.modified
    assert load_exam(tmp_path / "e.bodymaps.json") == Exam()


def test_open_is_clean_and_undo_restores_the_file_exactly(tmp_path):
    path = tmp_path / "e.bodymaps.json"
    path.write_text(
        '{"format": "bodymaps.exam", "version": 1, "reflexes": {"patellar": {"left": "not_tested"}},'
        ' "history": ["night_pain", "worse_sitting"], "x-app": [1, 2]}',
        encoding="utf-8",
    )
    doc = ExamDocument.open(path)
    original = copy.deepcopy(doc.exam)
    assert not doc.modified and doc.path == path
    doc.apply(SetReflex("patellar", "left", None))
    doc.apply(ToggleHistory("night_pain"))
    with doc.group("Paint"):
        doc.apply(SetZoneFinding("heel", "left", "pain"))
        doc.apply(SetZoneFinding("heel", "right", "pain"))
    while doc.undo():
        pass
    assert doc.exam == original and not doc.modified
    assert doc.exam.extensions == {"x-app": [1, 2]}


def test_an_edit_that_changes_nothing_is_not_recorded_or_announced():
    doc = ExamDocument(exam_with(reflexes={"patellar": {"left": 2}}))
    heard = []
    doc.subscribe(heard.append)
    assert not doc.apply(SetReflex("patellar", "left", 2))
    assert not doc.modified and not doc.can_undo and heard == []


def test_listeners_hear_every_change_after_it_happened(tmp_path):
    doc = ExamDocument()
    heard = []
    doc.subscribe(lambda change: heard.append((change.reason, copy.deepcopy(change.document.exam.reflexes))))
    edit = SetReflex("achilles", "right", 1)
    doc.apply(edit)
    doc.undo()
    doc.redo()
    doc.save(tmp_path / "e.bodymaps.json")
    assert heard == [
        ("edit", {"achilles": {"right": 1}}),
        ("undo", {}),
        ("redo", {"achilles": {"right": 1}}),
        ("saved", {"achilles": {"right": 1}}),
    ]


def test_unsubscribe_stops_notifications():
    doc = ExamDocument()
    heard = []
    unsubscribe = doc.subscribe(heard.append)
    doc.apply(SetNotes("x"))
    unsubscribe()
    unsubscribe()  # twice is harmless
    doc.apply(SetNotes("y"))
    assert len(heard) == 1


def test_a_group_is_one_undo_step_and_listeners_hear_each_zone():
    doc = ExamDocument()
    heard = []
    doc.subscribe(lambda change: heard.append(change.reason))
    with doc.group("Paint numbness"):
        for zone in ("anterolateral_leg", "dorsum_foot", "great_toe"):
            doc.apply(SetZoneFinding(zone, "left", "numbness"))
        assert doc.modified and not doc.can_undo
    assert heard == ["edit", "edit", "edit", "group"]
    assert doc.undo_text == "Paint numbness"
    doc.undo()
    assert doc.exam == Exam() and not doc.modified
    doc.redo()
    assert len(doc.exam.sensory) == 3


def test_a_group_that_fails_is_rolled_back_and_leaves_no_undo_step():
    doc = ExamDocument()
    heard = []
    doc.subscribe(lambda change: heard.append(change.reason))
    with pytest.raises(ExamError), doc.group("Paint"):
        doc.apply(SetZoneFinding("heel", "left", "pain"))
        doc.apply(SetZoneFinding("hoof", "left", "pain"))
    assert doc.exam == Exam() and not doc.modified and not doc.can_undo
    assert heard == ["edit", "rollback"]


def test_an_empty_group_records_nothing():
    doc = ExamDocument()
    with doc.group("Paint"):
        doc.apply(SetZoneFinding("heel", "left", "pain", present=False))
    assert not doc.can_undo and not doc.modified


def test_save_without_a_path_is_refused():
    with pytest.raises(ValueError, match="no path"):
        ExamDocument().save()
