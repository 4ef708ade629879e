"""Exam documents, format v1: strict reading, canonical writing, safe files (see ../shared/exam-format.md)."""

import json
import os
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import invalid_exam_dicts, valid_exam_dicts

from bodymaps.exam.fileformat import ExamError, exam_to_dict, load_exam, parse_exam, save_exam
from bodymaps.exam.model import Exam, Patient, SensoryFinding
from bodymaps.resources import data_path


def doc(**sections):
    return {"format": "bodymaps.exam", "version": 1, **sections}


def refused(data) -> ExamError:
    with pytest.raises(ExamError) as info:
        parse_exam(data)
    assert "\n" not in str(info.value)
    return info.value


# --------------------------------------------------------------------------------------------- examples


def test_left_l5_example_reads_as_written():
    exam = load_exam(data_path("examples", "left_l5_radiculopathy.bodymaps.json"))
    assert exam.patient.age == 52
    assert SensoryFinding("great_toe", "left", "numbness") in exam.sensory
    assert exam.motor["great_toe_extension"]["left"] == 4
    assert exam.motor["ankle_eversion"]["left"] == 5
    assert exam.reflexes["medial_hamstring"] == {"left": 1, "right": 2}
    assert exam.reflexes["babinski"] == {"left": "downgoing", "right": "downgoing"}
    assert exam.tests["straight_leg_raise"] == {"left": "positive", "right": "negative"}
    assert exam.history == ["onset_after_lifting", "leg_pain_worse_than_back", "worse_cough_sneeze"]
    assert parse_exam(exam_to_dict(exam)) == exam


def test_cauda_equina_example_reads_as_written():
    exam = load_exam(data_path("examples", "cauda_equina_red_flags.bodymaps.json"))
    assert SensoryFinding("perineum", "midline", "numbness") in exam.sensory
    assert "urinary_retention" in exam.red_flags
    assert exam.reflexes["achilles"] == {"left": 1, "right": 1}
    assert parse_exam(exam_to_dict(exam)) == exam


# --------------------------------------------------------------------------------------------- reading


def test_empty_document_is_an_exam_with_nothing_examined():
    assert parse_exam(doc()) == Exam()
    assert exam_to_dict(Exam()) == doc()


def test_full_document_round_trips_canonically():
    data = doc(
        patient={"name": "Ana Grünewald", "id": "A-17", "age": 52, "sex": "female"},
        exam={"date": "2026-11-21", "examiner": "Dr K"},
        sensory=[{"zone": "dorsum_foot", "side": "left", "kind": "numbness"}],
        reflexes={"patellar": {"left": 2, "right": "not_tested"}, "babinski": {"right": "upgoing"}},
        motor={"great_toe_extension": {"left": 4, "right": 5}},
        tests={
            "straight_leg_raise": {"left": "positive", "right": "negative"},
            "si_distraction": "not_tested",
        },
        history=["worse_sitting"],
        red_flags=["fever"],
        notes="free text",
        **{"x-clinic": {"room": 3}},
    )
    exam = parse_exam(data)
    assert exam.reflexes["patellar"]["right"] == "not_tested"
    assert exam.tests["si_distraction"] == "not_tested"
    assert exam.extensions == {"x-clinic": {"room": 3}}
    assert exam_to_dict(exam) == data
    assert list(exam_to_dict(exam))[-1] == "x-clinic"


def test_repeats_are_dropped_and_order_kept():
    exam = parse_exam(
        doc(
            sensory=[
                {"zone": "heel", "side": "left", "kind": "pain"},
                {"zone": "heel", "side": "left", "kind": "numbness"},
                {"zone": "heel", "side": "left", "kind": "pain"},
            ],
            history=["night_pain", "worse_sitting", "night_pain"],
            red_flags=["fever", "fever"],
        )
    )
    assert [f.kind for f in exam.sensory] == ["pain", "numbness"]
    assert exam.history == ["night_pain", "worse_sitting"]
    assert exam.red_flags == ["fever"]


def test_empty_side_objects_record_nothing():
    assert parse_exam(doc(reflexes={"patellar": {}}, motor={}, tests={"slump": {}})) == Exam()


BAD = [
    # (document, text the message must contain, field)
    (doc(sensory=[{"zone": "heel", "side": "left", "kind": "pain"}] * 3 + [{"zone": "foot", "side": "left", "kind": "pain"}]),
     ['sensory[3].zone: "foot" is not a zone; allowed: lower_back, buttock,', "perineum"], "sensory[3].zone"),
    (doc(sensory=[{"zone": "heel", "side": "midline", "kind": "pain"}]),
     ['sensory[0].side: "midline" is not a side of heel; allowed: left, right'], "sensory[0].side"),
    (doc(sensory=[{"zone": "perineum", "side": "left", "kind": "numbness"}]),
     ['sensory[0].side: "left" is not a side of perineum (a midline zone); allowed: midline'], "sensory[0].side"),
    (doc(sensory=[{"zone": "heel", "side": "left", "kind": "itch"}]),
     ['sensory[0].kind: "itch" is not a kind of finding; allowed: pain, numbness, paresthesia'], "sensory[0].kind"),
    (doc(sensory=[{"zone": "heel", "kind": "pain"}]), ["sensory[0].side is missing; allowed: left, right"], "sensory[0].side"),
    (doc(sensory=[{"zone": "heel", "side": "left", "kind": "pain", "colour": "red"}]),
     ['sensory[0].colour: "colour" is not a sensory field; allowed: zone, side, kind'], "sensory[0].colour"),
    (doc(sensory={"zone": "heel"}), ["sensory:", "is not a list"], "sensory"),
    (doc(reflexes={"patellar": {"left": 5}}),
     ["reflexes.patellar.left: 5 is out of range; allowed: reflex grade 0-4", '"not_tested"'], "reflexes.patellar.left"),
    (doc(reflexes={"patellar": {"left": 2.5}}), ["reflexes.patellar.left: 2.5 is not a reflex grade"], "reflexes.patellar.left"),
    (doc(reflexes={"patellar": {"left": 2.0}}), ["reflexes.patellar.left: 2.0 is not a reflex grade"], "reflexes.patellar.left"),
    (doc(reflexes={"achilles": {"right": True}}), ["reflexes.achilles.right: true is not a reflex grade"], "reflexes.achilles.right"),
    (doc(reflexes={"babinski": {"left": "up"}}),
     ['reflexes.babinski.left: "up" is not a valid result; allowed: "upgoing", "downgoing" or "not_tested"'],
     "reflexes.babinski.left"),
    (doc(reflexes={"patellar": {"middle": 2}}), ['reflexes.patellar.middle: "middle" is not a side; allowed: left, right'],
     "reflexes.patellar.middle"),
    (doc(reflexes={"patellar": 2}), ["reflexes.patellar: 2 is not an object; allowed:", '"left"', "sided reflex"],
     "reflexes.patellar"),
    (doc(reflexes={"ankle": {"left": 2}}), ['reflexes.ankle: "ankle" is not a reflex; allowed: patellar, achilles'],
     "reflexes.ankle"),
    (doc(motor={"great_toe_extension": {"left": 7}}),
     ['motor.great_toe_extension.left: 7 is out of range; allowed: MRC grade 0-5 or "not_tested"'],
     "motor.great_toe_extension.left"),
    (doc(motor={"great_toe_extension": {"left": "4+"}}), ['motor.great_toe_extension.left: "4+" is not an MRC grade'],
     "motor.great_toe_extension.left"),
    (doc(tests={"si_distraction": {"left": "positive"}}),
     ['tests.si_distraction: {"left": "positive"} is not a value (this test is unsided); allowed: "positive", "negative"'],
     "tests.si_distraction"),
    (doc(tests={"straight_leg_raise": "positive"}), ['tests.straight_leg_raise: "positive" is not an object', "sided test"],
     "tests.straight_leg_raise"),
    (doc(tests={"slump": {"left": "yes"}}), ['tests.slump.left: "yes" is not a valid result; allowed: "positive"'],
     "tests.slump.left"),
    (doc(history=["worse_sitting", "worse_lying"]),
     ['history[1]: "worse_lying" is not a history item; allowed: worse_sitting,'], "history[1]"),
    (doc(red_flags=["fever", 3]), ["red_flags[1]: 3 is not a red flag; allowed: saddle_anesthesia,"], "red_flags[1]"),
    (doc(patient={"age": 130}), ["patient.age: 130 is out of range; allowed: a whole number of years 0-120"], "patient.age"),
    (doc(patient={"age": "52"}), ['patient.age: "52" is not an age'], "patient.age"),
    (doc(patient={"sex": "f"}), ['patient.sex: "f" is not a sex; allowed: "female", "male", "other"'], "patient.sex"),
    (doc(patient={"name": None}), ["patient.name: null is not a value"], "patient.name"),
    (doc(patient={"dob": "1970"}), ['patient.dob: "dob" is not a patient field; allowed: name, id, age, sex'], "patient.dob"),
    (doc(exam={"date": "2026-02-30"}), ['exam.date: "2026-02-30" is not a date; allowed: a real date as YYYY-MM-DD'], "exam.date"),
    (doc(exam={"date": "21/11/2026"}), ['exam.date: "21/11/2026" is not a date'], "exam.date"),
    (doc(notes=["a"]), ['notes: ["a"] is not text; allowed: a string'], "notes"),
    (doc(comments="hi"), ['comments: "comments" is not a section of an exam; allowed: format, version, patient,',
                          'or a key starting with "x-"'], "comments"),
    ({"version": 1}, ['format is missing; allowed: "bodymaps.exam"'], "format"),
    ({"format": "bodymaps.report", "version": 1}, ['format: "bodymaps.report" is not a BodyMaps exam'], "format"),
    ({"format": "bodymaps.exam"}, ["version is missing; allowed: 1"], "version"),
    (doc(version="1"), ['version: "1" is not a format version; allowed: 1'], "version"),
    (doc(version=0), ["version: 0 is not a format version; allowed: 1"], "version"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "texts", "field"), BAD, ids=[b[2] for b in BAD])
def test_bad_input_is_refused_naming_field_value_and_allowed(data, texts, field):
    err = refused(data)
    for text in texts:
        assert text in str(err)
    assert err.field == field


def test_a_document_that_is_not_an_object_is_refused():
    assert "not a JSON object" in str(refused([1, 2]))


def test_newer_version_is_refused_before_anything_else():
    err = refused(doc(version=2, sensory="a shape this BodyMaps cannot know", hologram={}))
    assert (
        str(err)
        == "version: this document was written by a newer BodyMaps (version 2); this one reads version 1"
    )
    assert err.field == "version"
    assert err.value == 2


def test_never_half_read():
    data = doc(history=["worse_sitting"], sensory=[{"zone": "heel", "side": "up", "kind": "pain"}])
    before = json.dumps(data)
    refused(data)
    assert json.dumps(data) == before


@settings(max_examples=300, deadline=None)
@given(valid_exam_dicts())
def test_any_valid_document_parses_and_round_trips(data):
    exam = parse_exam(data)
    written = exam_to_dict(exam)
    assert parse_exam(written) == exam
    assert exam_to_dict(parse_exam(written)) == written
    json.dumps(written, allow_nan=False)


@settings(max_examples=500, deadline=None)
@given(invalid_exam_dicts())
def test_any_invalid_document_raises_exam_error_naming_the_field(case):
    data, field = case
    with pytest.raises(ExamError) as info:
        parse_exam(data)
    assert field in str(info.value)
    assert info.value.field == field


# --------------------------------------------------------------------------------------------- files


def write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "exam.bodymaps.json"
    path.write_bytes(content)
    return path


def test_missing_file_is_an_exam_error_naming_it(tmp_path):
    path = tmp_path / "nowhere.bodymaps.json"
    with pytest.raises(ExamError, match=r"nowhere\.bodymaps\.json: cannot read the file: No such file"):
        load_exam(path)


def test_invalid_json_names_file_line_and_column(tmp_path):
    path = write(tmp_path, b'{\n  "format": "bodymaps.exam",\n  "version": 1,,\n}\n')
    with pytest.raises(ExamError, match=r"exam\.bodymaps\.json: invalid JSON at line 3, column 16: "):
        load_exam(path)


def test_invalid_utf8_is_refused(tmp_path):
    path = write(tmp_path, b'{"format": "bodymaps.exam", "version": 1, "notes": "caf\xe9"}')
    with pytest.raises(ExamError, match=r"exam\.bodymaps\.json: not UTF-8 text \(byte 55"):
        load_exam(path)


def test_duplicate_keys_and_nan_are_refused(tmp_path):
    dup = write(tmp_path, b'{"format": "bodymaps.exam", "version": 1, "notes": "a", "notes": "b"}')
    with pytest.raises(ExamError, match=r'exam\.bodymaps\.json: notes: the key "notes" appears twice'):
        load_exam(dup)
    nested = write(tmp_path, b'{"format": "bodymaps.exam", "version": 1, "sensory": [{"zone": "heel", "side": '
                             b'"left", "kind": "pain"}, {"zone": "heel", "side": "left", "side": "right", "kind": "pain"}]}')
    with pytest.raises(ExamError) as info:
        load_exam(nested)
    assert info.value.field == "sensory[1].side" and "appears twice" in str(info.value)
    nan = write(tmp_path, b'{"format": "bodymaps.exam", "version": 1, "x-n": NaN}')
    with pytest.raises(ExamError, match=r"NaN is not valid JSON"):
        load_exam(nan)


def test_validation_errors_from_a_file_name_the_file_and_the_field(tmp_path):
    path = write(tmp_path, json.dumps(doc(motor={"knee_extension": {"left": 6}})).encode())
    with pytest.raises(ExamError) as info:
        load_exam(path)
    assert str(info.value).startswith(f"{path}: motor.knee_extension.left: 6 is out of range")
    assert info.value.field == "motor.knee_extension.left"


def test_utf8_bom_is_tolerated(tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf" + json.dumps(doc(notes="ok")).encode())
    assert load_exam(path).notes == "ok"


def test_save_writes_utf8_indent_2_owner_only_and_reads_back(tmp_path):
    exam = parse_exam(doc(patient={"name": "Zoë Ødegård", "age": 40}, reflexes={"patellar": {"left": 3}}))
    path = tmp_path / "zoe.bodymaps.json"
    save_exam(exam, path)
    text = path.read_text(encoding="utf-8")
    assert "Zoë Ødegård" in text
    assert text.startswith('{\n  "format": "bodymaps.exam",\n  "version": 1,\n')
    assert text.endswith("}\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_exam(path) == exam
    assert sorted(p.name for p in tmp_path.iterdir()) == ["zoe.bodymaps.json"]


def test_save_over_an_existing_file_keeps_owner_only(tmp_path):
    path = tmp_path / "e.bodymaps.json"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o644)
    save_exam(Exam(notes="new"), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_exam(path).notes == "new"


def test_failed_save_leaves_the_old_file_untouched(tmp_path, monkeypatch):
    path = tmp_path / "e.bodymaps.json"
    save_exam(Exam(notes="old"), path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ExamError, match=r"e\.bodymaps\.json: cannot save: No space left on device"):
        save_exam(Exam(notes="new"), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["e.bodymaps.json"]  # no temporary file left behind


def test_save_into_a_missing_folder_is_a_clear_exam_error(tmp_path):
    path = tmp_path / "no" / "such" / "e.bodymaps.json"
    with pytest.raises(ExamError) as info:
        save_exam(Exam(), path)
    assert str(info.value) == f"{path}: cannot save here: No such file or directory"


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions and a non-root user"
)
def test_save_into_a_read_only_folder_is_a_clear_exam_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "e.bodymaps.json").write_text("old", encoding="utf-8")
    folder.chmod(0o500)
    try:
        with pytest.raises(ExamError, match=r"e\.bodymaps\.json: cannot save here: Permission denied"):
            save_exam(Exam(), folder / "e.bodymaps.json")
        assert (folder / "e.bodymaps.json").read_text(encoding="utf-8") == "old"
    finally:
        folder.chmod(0o700)


def test_save_onto_a_folder_is_a_clear_exam_error(tmp_path):
    (tmp_path / "taken").mkdir()
    with pytest.raises(ExamError, match=r"taken: cannot save: Is a directory"):
        save_exam(Exam(), tmp_path / "taken")
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]


def test_an_invalid_exam_is_refused_before_writing(tmp_path):
    path = tmp_path / "e.bodymaps.json"
    bad = Exam(patient=Patient(age=300), sensory=[SensoryFinding("heel", "left", "pain")])
    with pytest.raises(ExamError, match=r"patient\.age: 300 is out of range"):
        save_exam(bad, path)
    assert not path.exists()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_exam_dicts())
def test_any_valid_document_survives_save_and_load(data):
    exam = parse_exam(data)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "e.bodymaps.json"
        save_exam(exam, path)
        assert load_exam(path) == exam


def test_permission_denied_is_a_clear_exam_error_even_as_root(tmp_path, monkeypatch):
    path = tmp_path / "e.bodymaps.json"
    save_exam(Exam(notes="old"), path)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(ExamError) as info:
        save_exam(Exam(notes="new"), path)
    assert str(info.value) == f"{path}: cannot save here: Permission denied"
    assert load_exam(path).notes == "old"


def test_a_number_too_long_for_python_is_an_exam_error(tmp_path):
    path = write(tmp_path, b'{"format": "bodymaps.exam", "version": 1, "reflexes": {"patellar": {"left": '
                 + b"1" * 5000 + b"}}}")
    with pytest.raises(ExamError, match=r"invalid JSON: a number has too many digits"):
        load_exam(path)


def test_text_that_cannot_be_written_back_is_refused_with_its_field():
    with pytest.raises(ExamError, match=r"^notes: .*unpaired surrogate"):
        parse_exam(doc(notes="a\ud800b"))
    with pytest.raises(ExamError, match=r"^patient\.name: .*unpaired surrogate"):
        parse_exam(doc(patient={"name": "\udc00"}))
    with pytest.raises(ExamError, match=r"^x-extra: "):
        parse_exam({**doc(), "x-extra": ["\ud800"]})


def test_a_whole_sided_item_may_be_not_tested():
    exam = parse_exam(doc(tests={"straight_leg_raise": "not_tested"}, reflexes={"achilles": "not_tested"}))
    assert exam.tests["straight_leg_raise"] == {"left": "not_tested", "right": "not_tested"}
    assert exam.reflexes["achilles"] == {"left": "not_tested", "right": "not_tested"}
    assert parse_exam(exam_to_dict(exam)) == exam
