"""Teaching core: banks validated at load, questions reproducible and answerable, grading, saved results."""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat

import pytest

from bodymaps.atlas import load_atlas
from bodymaps.engine import assess
from bodymaps.exam import parse_exam
from bodymaps.resources import DataError, data_dir
from bodymaps.teach.bank import load_bank, load_bank_from
from bodymaps.teach.cases import generate_case
from bodymaps.teach.geometry import (
    blank_geometry,
    cm2,
    disagreement_by_root,
    disagreements,
    exclusive_geometry,
    nerve_geometry,
    root_geometry,
)
from bodymaps.teach.kinds import KINDS
from bodymaps.teach.questions import generate
from bodymaps.teach.results import ResultStore, confusions, per_root
from bodymaps.teach.scoring import BLANK, Response, grade
from bodymaps.teach.session import Session

MAPS = ("evidence_based", "keegan_garrett", "foerster")


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def test_packaged_banks_load_and_cite_sources():
    bank = load_bank()
    assert {f.item for f in bank.items if f.kind == "reflex"} == {"patellar", "achilles", "medial_hamstring"}
    assert bank.item("motor", "great_toe_extension").roots == ("L5",)
    assert bank.item("reflex", "achilles").roots[0] == "S1"
    assert {p.nerve for p in bank.nerve_pairs} >= {"superficial_fibular", "saphenous", "lateral_femoral_cutaneous"}
    assert {(m.root_condition, m.mimic) for m in bank.mimics} >= {
        ("l5_radiculopathy", "common_fibular_neuropathy"), ("l4_radiculopathy", "femoral_neuropathy"),
        ("s1_radiculopathy", "piriformis_syndrome"), ("l2_radiculopathy", "meralgia_paresthetica")}
    assert len(bank.cases) >= 20


def test_nerve_pairs_overlap_their_root_on_some_map(atlas):
    """A pair says the nerve's skin looks like a root's: the geometry must agree on at least one map."""
    for pair in load_bank().nerve_pairs:
        shared = max(cm2(atlas, v, nerve_geometry(atlas, v, pair.nerve).intersection(root_geometry(atlas, m, v, r)))
                     for v in atlas.views for m in MAPS for r in pair.roots)
        assert shared > 1.0, pair.nerve


@pytest.fixture
def bank_copy(tmp_path):
    copy = tmp_path / "teach"
    shutil.copytree(data_dir() / "teach", copy)
    nerves = {n.id: n.label for n in load_atlas().nerves.values()}

    def edit(name: str, row: int, column: str, value: str):
        path = copy / name
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
            fields = list(rows[0])
        rows[row - 2][column] = value
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
        return lambda: load_bank_from(copy, nerves)

    return copy, edit


@pytest.mark.parametrize(
    ("name", "row", "column", "value", "message"),
    [
        ("myotomes.csv", 3, "item", "big_toe_wiggle", "column item: 'big_toe_wiggle' is not a motor id"),
        ("myotomes.csv", 2, "roots", "L6", "column roots: 'L6' is not a root"),
        ("myotomes.csv", 4, "source", "Smith 2020", "column source: 'Smith 2020' lacks an evidence tag"),
        ("myotomes.csv", 5, "kind", "sensory", "column kind"),
        ("myotomes.csv", 6, "also", "L5", "both an answer and 'also'"),
        ("nerve_pairs.csv", 2, "nerve", "ulnar", "column nerve: 'ulnar' is not a nerve"),
        ("nerve_pairs.csv", 3, "explanation", "", "column explanation: must not be empty"),
        ("mimics.csv", 2, "mimic", "flu", "column mimic: 'flu' is not a condition id"),
    ],
)
def test_broken_bank_names_file_row_and_column(bank_copy, name, row, column, value, message):
    _copy, edit = bank_copy
    load = edit(name, row, column, value)
    with pytest.raises(DataError) as err:
        load()
    assert name in str(err.value) and f"row {row}" in str(err.value)
    assert message in str(err.value)


def test_broken_case_file_is_named(bank_copy):
    copy, _edit = bank_copy
    path = sorted((copy / "cases").glob("*.json"))[0]
    doc = json.loads(path.read_text())
    doc["x-case"]["expected_top"] = "flu"
    path.write_text(json.dumps(doc))
    with pytest.raises(DataError, match=rf"{path.name}: x-case.expected_top: 'flu'"):
        load_bank_from(copy, {n.id: n.label for n in load_atlas().nerves.values()})


def test_teacher_can_add_a_question_row_without_code(bank_copy):
    copy, _edit = bank_copy
    with (copy / "nerve_pairs.csv").open("a", encoding="utf-8") as fh:
        fh.write('lateral_plantar,S1,"Lateral sole: lateral plantar nerve vs S1.",Brain/Saunders 2010 [T]\n')
    bank = load_bank_from(copy, {n.id: n.label for n in load_atlas().nerves.values()})
    assert bank.pair("lateral_plantar").roots == ("S1",)


@pytest.mark.parametrize("kind", KINDS)
def test_same_seed_same_questions_and_every_kind_has_a_key(kind):
    a = [q.to_dict() for q in generate(kind, 7, 11, "evidence_based")]
    b = [q.to_dict() for q in generate(kind, 7, 11, "evidence_based")]
    assert a == b and len(a) == 7
    assert all(q["answer"] and q["explanation"] and q["source"] and q["prompt"] for q in a)
    assert [q.to_dict() for q in generate(kind, 7, 12, "evidence_based")] != a or kind in ("reflex",)


def test_mixed_quiz_interleaves_every_kind():
    qs = generate(None, 12, 0, "keegan_garrett")
    assert [q.kind for q in qs[:6]] == list(KINDS)


def test_area_root_highlight_belongs_to_that_root_alone(atlas):
    for map_id in MAPS:
        for q in generate("area-root", 15, 3, map_id):
            h = q.data["highlight"]
            roots = {r for r, _s in atlas.dermatomes_at(h["view"], map_id, *h["point"])}
            assert roots == {q.answer["root"]}, (q.id, roots)
            assert h["area_cm2"] >= 3.0


def test_click_grading_right_wrong_and_blank(atlas):
    q = next(q for q in generate("dermatome-click", 40, 0, "evidence_based")
             if q.answer["root"] == "L5" and q.view == "anterior")
    inside = exclusive_geometry(atlas, "evidence_based", "anterior", "L5", "left").representative_point()
    fb = grade(atlas, q, Response(point=(inside.x, inside.y)))
    assert fb.correct and fb.given_root == "L5"
    l4 = exclusive_geometry(atlas, "evidence_based", "anterior", "L4", "left").representative_point()
    fb = grade(atlas, q, Response(point=(l4.x, l4.y)))
    assert not fb.correct and fb.given_root == "L4" and "L4" in fb.message
    blank = blank_geometry(atlas, "evidence_based", "anterior").representative_point()
    fb = grade(atlas, q, Response(point=(blank.x, blank.y)))
    assert not fb.correct and fb.given_root == BLANK
    assert atlas.maps["evidence_based"].blank_areas in fb.message


def test_item_and_nerve_grading():
    atlas = load_atlas()
    q = generate("reflex", 3, 0, "evidence_based")
    patellar = next(x for x in q if x.answer["item"] == "patellar")
    assert grade(atlas, patellar, Response(root="L3")).correct
    assert grade(atlas, patellar, Response(root="L4")).correct
    wrong = grade(atlas, patellar, Response(root="S1"))
    assert not wrong.correct and wrong.expected_root == "L4" and wrong.given_root == "S1"
    nq = next(x for x in generate("nerve-vs-root", 8, 0, "evidence_based") if x.answer["nerve"] == "superficial_fibular")
    assert grade(atlas, nq, Response(root="L5", nerve="superficial_fibular")).correct
    half = grade(atlas, nq, Response(root="L5", nerve="sural"))
    assert not half.correct and half.details == {"nerve_correct": False, "root_correct": True,
                                                 "overlap_cm2": nq.data["highlight"]["overlap_cm2"]}
    assert nq.data["highlight"]["overlap_cm2"]["L5"] > 0


def test_case_feedback_is_the_engines_output():
    atlas = load_atlas()
    for q in generate("case", 6, 5, "evidence_based"):
        fb = grade(atlas, q, Response(root=q.answer["root"] or "none", condition=q.answer["condition"]))
        assert fb.correct
        assert fb.assessment == assess(parse_exam(q.data["exam"]), "evidence_based")
        assert fb.assessment.differential[0].condition == q.answer["condition"]
        wrong = grade(atlas, q, Response(root="S3", condition="hip_osteoarthritis"))
        assert not wrong.correct and wrong.given_root == "S3"
        if q.answer["condition"] != "hip_osteoarthritis" and q.answer["root"] != "S3":
            assert wrong.message.startswith("Wrong:")
        if q.answer["root"] and q.answer["root"] != "S3":  # the diagnosis right, the root not: it says which part
            half = grade(atlas, q, Response(root="S3", condition=q.answer["condition"]))
            assert not half.correct and half.message.startswith("Partly right:") and "(right)" in half.message


@pytest.mark.parametrize(("condition", "partner"), [
    ("l5_radiculopathy", "common_fibular_neuropathy"), ("common_fibular_neuropathy", "l5_radiculopathy"),
    ("l4_radiculopathy", "femoral_neuropathy"), ("s1_radiculopathy", "piriformis_syndrome"),
    ("meralgia_paresthetica", "l2_radiculopathy")])
def test_generated_hard_mimic_puts_the_partner_in_the_top_three(condition, partner):
    import random

    _doc, exam, used, side = generate_case(condition, load_atlas(), "evidence_based", random.Random(1), partner)
    top3 = [c.condition for c in assess(exam).differential[:3]]
    assert top3[0] == condition and partner in top3
    assert used and side in ("left", "right")


def test_disagreement_is_computed_from_geometry(atlas):
    by_root = disagreement_by_root(atlas, "evidence_based", "keegan_garrett")
    # Keegan's L4 reaches the lateral thigh and great toe; Lee's does not (clinical-evidence.md §1.1)
    assert by_root["L4"] > 50
    for d in disagreements(atlas, "evidence_based", "keegan_garrett", "anterior"):
        a = root_geometry(atlas, "evidence_based", "anterior", d.root)
        b = root_geometry(atlas, "keegan_garrett", "anterior", d.root)
        assert d.total == pytest.approx(a.symmetric_difference(b).area / 64.0)
    assert disagreement_by_root(atlas, "foerster", "foerster") == {r: 0.0 for r in by_root if r in
                                                                    disagreement_by_root(atlas, "foerster", "foerster")}


def test_session_saves_results_and_confusions(tmp_path, monkeypatch):
    monkeypatch.setenv("BODYMAPS_USER_DATA", str(tmp_path / "user"))
    atlas = load_atlas()
    store = ResultStore()
    session = Session(atlas, generate("myotome", 3, 0, "evidence_based"), store)
    answers = []
    while not session.finished:
        q = session.current
        wrong = "S2" if q.expected_root != "S2" else "L2"
        answers.append(session.answer(Response(root=wrong if len(answers) == 1 else q.expected_root)))
        session.next()
    assert [a.correct for a in answers] == [True, False, True]
    assert session.score == (2, 3)
    path = tmp_path / "user" / "teach_results.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again = ResultStore()
    assert again.results == session.results
    assert sum(c for _r, c in per_root(again.results).values()) == 3
    assert sum(confusions(again.results).values()) == 1
    out = tmp_path / "results.csv"
    again.export_csv(out)
    rows = list(csv.DictReader(out.open()))
    assert [r["correct"] for r in rows] == ["yes", "no", "yes"] and rows[1]["given_root"] in ("S2", "L2")


def test_unreadable_results_are_kept_aside(tmp_path):
    (tmp_path / "teach_results.json").write_text("{not json")
    store = ResultStore(tmp_path)
    assert store.results == [] and store.problem
    assert (tmp_path / "teach_results.json.unreadable").exists()


def test_a_folder_that_cannot_be_written_does_not_stop_the_quiz(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    store = ResultStore(blocker / "user")
    session = Session(load_atlas(), generate("reflex", 1, 0, "evidence_based"), store)
    feedback = session.answer(Response(root="S1"))
    assert store.problem and "could not save" in store.problem
    assert session.results and feedback.expected_root


def test_teaching_cases_are_unchanged_copies_of_reference_cases():
    from pathlib import Path

    reference = Path(__file__).parent / "cases"
    for case in load_bank().cases:
        assert json.loads((reference / case.name).read_text(encoding="utf-8")) == case.document, case.name


def test_root_order_is_the_vocabularys():
    from bodymaps.teach.geometry import ROOTS
    from bodymaps.vocabulary import vocabulary

    assert vocabulary().ids("root") == ROOTS


def test_root_facts_come_from_the_banks_and_the_atlas(atlas):
    facts = load_bank().root_facts(atlas, "L5")
    assert "great_toe_extension" in {f.item for f in facts.muscles}
    assert [f.item for f in facts.reflexes] == ["medial_hamstring"]
    assert any("third MTP" in p or "dorsum" in p for p in facts.key_points)


def test_teaching_mode_imports_no_pandas_or_matplotlib():
    import subprocess
    import sys

    code = ("import sys, bodymaps.teach, bodymaps.cli.quiz_cmd, desktop.teach; "
            "print(sorted(m for m in ('pandas', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "[]"
