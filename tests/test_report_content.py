"""Chart summary content (bodymaps.report): plain data, no Qt. What the pages will say, checked before drawing."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bodymaps.engine import assess
from bodymaps.exam import load_exam, parse_exam
from bodymaps.report import build_report, format_refs, split_source
from bodymaps.report.deidentify import age_text, year_only
from bodymaps.report.findings import describe

DATA = Path(__file__).resolve().parent.parent / "data"
EXAMPLES = DATA / "examples"
L5 = EXAMPLES / "left_l5_radiculopathy.bodymaps.json"
CES = EXAMPLES / "cauda_equina_red_flags.bodymaps.json"
WHEN = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)


def _report(path: Path = L5, **kw):
    exam = load_exam(path)
    return build_report(exam, assess(exam, kw.pop("map_id", "evidence_based")), produced=WHEN, **kw)


def _identified_exam():
    exam = load_exam(L5)
    exam = copy.deepcopy(exam)
    exam.patient.name = "Jane Quinton"
    exam.patient.id = "MRN-4471"
    exam.patient.age = 93
    exam.info.examiner = "Dr Ofelia Affleck"
    exam.notes = "Affected office, fluffy flat field."
    return exam


def test_top_condition_side_and_score_come_from_the_assessment():
    exam = load_exam(L5)
    result = assess(exam)
    report = build_report(exam, result, produced=WHEN)
    top = result.differential[0]
    assert report.differential[0].label == top.label
    assert report.differential[0].side == (top.side or "").capitalize()
    assert report.differential[0].score == pytest.approx(top.score)
    assert len(report.differential) == 5
    assert [label for label, _ in report.others] == [c.label for c in result.differential[5:]]


def test_every_cited_number_is_in_the_reference_list_and_the_map_is_cited_first():
    exam = load_exam(L5)
    result = assess(exam)
    report = build_report(exam, result, produced=WHEN)
    from bodymaps.atlas import load_atlas

    numbers = {r.number for r in report.references}
    assert report.references[0].text == " ".join(load_atlas().maps[result.map].citation.split())
    cited = {n for c in report.differential for e in (*c.supporting, *c.against) for n in e.refs}
    cited |= {n for row in (*report.sensory.rows, *report.roots.rows) for n in row.refs}
    assert cited and cited <= numbers
    assert sorted(numbers) == list(range(1, len(numbers) + 1))
    # every source shown is findable in the list
    texts = " ".join(r.text for r in report.references)
    for cand in result.differential[:5]:
        for c in cand.supporting[:3]:
            assert split_source(c.source)[0] in texts


def test_red_flags_carry_urgency_action_and_the_finding_that_raised_them():
    report = _report(CES)
    labels = [f.label for f in report.red_flags]
    assert "Saddle anaesthesia" in labels
    saddle = report.red_flags[labels.index("Saddle anaesthesia")]
    assert saddle.urgency == "EMERGENCY"
    assert "MRI" in saddle.action
    assert any("perineum" in b.lower() for b in saddle.because)


def test_not_tested_is_shown_as_such_never_as_normal():
    exam = parse_exam({"format": "bodymaps.exam", "version": 1,
                       "motor": {"knee_extension": {"left": "not_tested", "right": 5}}})
    report = build_report(exam, assess(exam), produced=WHEN)
    rows = {r.cells[1].text: r.cells for r in report.strength.rows}
    right, left = rows["Knee extension"][0], rows["Knee extension"][3]
    assert right.text == "5" and not right.not_tested
    assert left.text == "not tested" and left.not_tested
    hip = rows["Hip flexion"]  # absent from the document: not examined
    assert hip[0].not_tested and hip[3].not_tested
    assert all(r.cells[0].not_tested and r.cells[3].not_tested for r in report.reflexes.rows)


def test_abnormal_values_and_asymmetry_are_marked_by_symbol():
    report = _report()
    rows = {r.cells[1].text: r.cells for r in report.strength.rows}
    right, _, _, left, asym = rows["Great toe extension"]
    assert left.abnormal and "\u2193" in left.text and not right.abnormal
    assert asym.text.startswith("\u2260") and "L < R" in asym.text
    reflex = {r.cells[1].text: r.cells for r in report.reflexes.rows}
    assert reflex["Medial hamstring"][3].abnormal
    assert reflex["Patellar (knee jerk)"][4].text == ""


def test_strength_and_reflex_rows_name_their_main_roots_from_the_anatomy():
    import csv

    def major(name: str, key: str) -> dict[str, str]:
        with (DATA / "knowledge" / name).open(encoding="utf-8") as fh:
            return {row[key]: row["roots_major"] for row in csv.DictReader(fh)}

    def shown(roots: str) -> str:  # "L3|L4" -> "L3–L4" (consecutive roots as a range)
        parts = roots.split("|")
        return parts[0] if len(parts) == 1 else f"{parts[0]}\u2013{parts[-1]}"

    report = _report()
    rows = {row.cells[1].text: row.cells[2].text for row in (*report.strength.rows, *report.reflexes.rows)}
    muscles, reflexes = major("anatomy_muscles.csv", "action"), major("anatomy_reflexes.csv", "reflex")
    assert rows["Hip abduction"] == shown(muscles["hip_abduction"]) == "L5"
    assert rows["Knee extension"] == shown(muscles["knee_extension"]) and "\u2013" in rows["Knee extension"]
    assert rows["Achilles (ankle jerk)"] == shown(reflexes["achilles"]) and rows["Patellar (knee jerk)"]
    assert rows["Plantar response (Babinski)"] == ""  # a sign of the cord, no root


def test_sensory_rows_name_the_roots_of_the_chosen_map():
    evidence = _report(map_id="evidence_based")
    keegan = _report(map_id="keegan_garrett")
    assert evidence.map_label != keegan.map_label
    dorsum = next(r for r in evidence.sensory.rows if r.cells[0].text == "Dorsum of foot")
    assert "L5" in dorsum.cells[3].text and dorsum.cells[1].text == "Left"


def test_figures_cover_three_views_with_marks_on_the_views_that_show_the_zone():
    report = _report()
    assert [f.view for f in report.figures] == ["anterior", "posterior", "soles"]
    anterior = report.figures[0]
    assert anterior.patient_left_on == "viewer-right" and report.figures[1].patient_left_on == "viewer-left"
    assert ("dorsum_foot", "left", "numbness") in {(m.zone, m.side, m.kind) for m in anterior.marks}
    assert all(m.zone != "dorsum_foot" for m in report.figures[1].marks)
    assert anterior.dermatome == ("L5", "left")


def test_identified_report_shows_name_id_examiner_and_notes():
    exam = _identified_exam()
    report = build_report(exam, assess(exam), produced=WHEN)
    assert "Jane Quinton" in report.header.identifiers and "MRN-4471" in report.header.identifiers
    values = {f.label: f.value for f in report.header.fields}
    assert values["Examiner"] == "Dr Ofelia Affleck" and values["Age"] == "93"
    assert values["Exam date"] == "2026-11-21" and values["Produced"].startswith("2026-11-30")
    assert report.notes.startswith("Affected")
    assert report.signature and report.metadata["author"] == "Dr Ofelia Affleck"


def test_deidentified_report_follows_safe_harbor():
    exam = _identified_exam()
    report = build_report(exam, assess(exam), produced=WHEN, deidentify=True)
    text = repr(report)
    for secret in ("Jane Quinton", "MRN-4471", "Ofelia", "Affected office", "2026-11-21", "11-30", "09:15"):
        assert secret not in text
    values = {f.label: f.value for f in report.header.fields}
    assert values["Age"] == "90+" and values["Exam date"] == "2026" and values["Produced"] == "2026"
    assert report.deidentified and not report.signature and report.notes == ""


def test_safe_harbor_helpers():
    assert year_only("2026-11-21") == "2026" and year_only(None) is None and year_only("yesterday") is None
    assert age_text(89, True) == "89" and age_text(90, True) == "90+" and age_text(95, False) == "95"
    assert age_text(None, True) is None


def test_sources_split_into_citations_not_into_clauses():
    source = "Devillé 2000: SLR Se 0.91 Sp 0.26 (LR+ 1.2, LR- 0.35) for disc herniation [S]; Capra 2011 LR+ 1.38 [S]"
    assert split_source(source) == ["Devillé 2000: SLR Se 0.91 Sp 0.26 (LR+ 1.2, LR- 0.35) for disc herniation [S]",
                                    "Capra 2011 LR+ 1.38 [S]"]
    clause = "Tawa 2017: reflex testing Sp 0.60-0.93; normal Achilles against S1 [U]"
    assert split_source(clause) == [clause]
    assert split_source("Suri 2011 (n=54; MRI) [S]; Suri 2011 (n=54; MRI) [S]") == ["Suri 2011 (n=54; MRI) [S]"]
    assert split_source("Lee MWL. Clin Anat 2008;21(5):363-373.") == ["Lee MWL. Clin Anat 2008;21(5):363-373."]


def test_reference_numbers_are_compact():
    assert format_refs(()) == ""
    assert format_refs((3,)) == "[3]"
    assert format_refs((1, 2, 3, 5)) == "[1\u20133, 5]"
    assert format_refs((2, 1)) == "[1, 2]"


def test_findings_read_as_words():
    assert describe("motor", "hip_abduction", "left", 4) == "Hip abduction, left: MRC 4"
    assert describe("reflexes", "achilles", "right", 1) == "Achilles (ankle jerk), right: 1 (reduced)"
    assert describe("sensory", "dorsum_foot", "left", "numbness") == "Numbness: dorsum of foot, left"
    assert describe(None, None, None, None, "no supporting finding") == "no supporting finding"


def test_empty_exam_builds_a_report_with_nothing_invented():
    exam = parse_exam({"format": "bodymaps.exam", "version": 1})
    report = build_report(exam, assess(exam), produced=WHEN)
    assert report.sensory.rows == () and report.tests.rows == () and report.history == ()
    assert report.red_flags == ()
    assert {f.value for f in report.header.fields if f.label in ("Patient", "ID", "Age", "Exam date")} == {
        "not entered"}


def test_the_dermatome_outline_is_optional():
    report = _report(outline_root=False)
    assert all(f.dermatome is None for f in report.figures) and report.dermatome_note == ""
