"""Engine v2: the anatomical lesion model (bodymaps/engine/lesions.py, data/knowledge/anatomy_*.csv, nerves.csv,
lesion_model.csv) and the failure patterns of issue 9 it was built for (each also a reference case 119-134)."""

from __future__ import annotations

import math

import pytest

from bodymaps.engine import assess, default_engine, load_knowledge
from bodymaps.engine.lesions import MAJOR, MINOR, NONE
from tests.engine_helpers import make_exam, mirror_exam, mirror_text

BOTH = lambda v: {"left": v, "right": v}  # noqa: E731


def _top(exam, map_id="evidence_based") -> str:
    return assess(exam, map_id).differential[0].condition


def _score(exam, cid) -> float:
    return assess(exam).condition(cid).score


# ----------------------------------------------------------------------------------- anatomy tables


def test_every_clinical_number_of_the_model_is_data_with_a_source():
    anatomy = load_knowledge().anatomy
    assert anatomy is not None
    assert all("[" in s for s in anatomy.param_sources.values())
    assert all(s.source for s in (*anatomy.muscles.values(), *anatomy.reflexes.values(), *anatomy.nerves.values()))
    assert len(anatomy.muscles) == 11
    assert set(anatomy.reflexes) == {"patellar", "achilles", "medial_hamstring"}


def test_a_nerve_lesion_reaches_its_branches_and_nothing_above():
    model = default_engine().lesions
    fibular = model.lesions["common_fibular"]
    assert fibular.reach == {"common_fibular", "deep_fibular", "superficial_fibular"}
    assert model.lesions["sciatic"].reach >= {"common_fibular", "tibial", "deep_fibular"}
    assert model.level[("common_fibular", "motor", "ankle_dorsiflexion")] == MAJOR
    assert model.level[("common_fibular", "motor", "ankle_inversion")] == NONE  # tibialis posterior: tibial nerve
    assert model.level[("common_fibular", "motor", "knee_flexion")] == NONE  # sciatic, above the fibular head
    assert model.level[("sciatic", "motor", "ankle_inversion")] == MAJOR
    assert model.level[("L5", "motor", "ankle_inversion")] == MAJOR
    assert model.level[("L4", "motor", "ankle_inversion")] == MINOR
    assert model.level[("femoral", "motor", "hip_adduction")] == NONE  # obturator
    assert model.level[("femoral", "reflexes", "patellar")] == MAJOR


def test_weakness_is_graded_by_severity_and_by_supply():
    p = load_knowledge().anatomy.params  # type: ignore[union-attr]
    major = [p[f"weak_major_{g}"] for g in (4, 3, 2, 1, 0)]
    none = [p[f"weak_none_{g}"] for g in (4, 3, 2, 1, 0)]
    assert major == sorted(major) and none == sorted(none, reverse=True)
    assert p["weak_minor_4"] > 0 > p["weak_minor_2"]  # one minor root cannot nearly paralyse a shared muscle
    for g in (4, 3, 2):
        assert p[f"spared_pattern_{g}"] < p[f"weak_major_{g}"]  # a weak finding never lowers its own lesion


def test_root_evidence_lists_graded_contributions_that_add_up():
    result = assess(make_exam(motor={"great_toe_extension": {"left": 2}, "ankle_dorsiflexion": {"left": 4}}))
    l5 = next(r for r in result.roots if (r.root, r.side) == ("L5", "left"))
    assert math.isclose(l5.score, math.fsum(c.weight for c in l5.findings))
    weights = {c.finding: c.weight for c in l5.supporting}
    assert weights["motor.great_toe_extension.left=2"] > weights["motor.ankle_dorsiflexion.left=4"]
    assert all(c.section == "motor" for c in l5.supporting)


# ----------------------------------------------------------------------------------- the failure patterns

FOOT_DROP_ONE_SIDE = dict(
    motor={"ankle_dorsiflexion": {"right": 1}, "ankle_eversion": {"right": 3}, "ankle_inversion": {"right": 5}},
    sensory=[("dorsum_foot", "right", "numbness")],
)


@pytest.mark.parametrize("map_id", ["evidence_based", "keegan_garrett", "foerster"])
def test_one_side_examined_foot_drop_with_full_inversion_is_the_fibular_nerve(map_id):
    exam = make_exam(**FOOT_DROP_ONE_SIDE)
    assert _top(exam, map_id) == "common_fibular_neuropathy"
    assert _top(mirror_exam(exam), map_id) == "common_fibular_neuropathy"
    weak_inversion = make_exam(**{**FOOT_DROP_ONE_SIDE, "motor": {**FOOT_DROP_ONE_SIDE["motor"],
                                                                  "ankle_inversion": {"right": 3}}})
    assert _top(weak_inversion, map_id) == "l5_radiculopathy"


def test_one_side_examined_absent_ankle_jerk_with_slr_is_s1():
    exam = make_exam(sensory=[("lower_back", "left", "pain"), ("lower_back", "right", "pain")],
                     reflexes={"achilles": {"left": 0}}, tests={"straight_leg_raise": {"left": "positive"}})
    assert _top(exam) == "s1_radiculopathy"
    # the same reflex reduced on both sides localises less than when only one side was examined
    symmetric = make_exam(reflexes={"achilles": BOTH(0)}, tests={"straight_leg_raise": {"left": "positive"}})
    one_side = make_exam(reflexes={"achilles": {"left": 0}}, tests={"straight_leg_raise": {"left": "positive"}})
    asymmetric = make_exam(reflexes={"achilles": {"left": 0, "right": 2}}, tests={"straight_leg_raise": {"left": "positive"}})
    s1 = lambda e: _score(e, "s1_radiculopathy")  # noqa: E731
    assert s1(asymmetric) > s1(one_side) >= s1(symmetric)


def test_severity_counts_a_paralysed_quadriceps_beats_a_slightly_weak_abductor():
    exam = make_exam(motor={"knee_extension": {"right": 1}, "hip_abduction": {"right": 4}},
                     reflexes={"patellar": {"left": 2, "right": 0}}, sensory=[("anterior_thigh", "right", "numbness")])
    assert _top(exam) == "femoral_neuropathy"
    ranks = [c.condition for c in assess(exam).differential]
    assert ranks.index("l5_radiculopathy") > 3


def test_a_coherent_local_pattern_beats_a_lone_high_lr_finding():
    exam = make_exam(sensory=[("lateral_hip", "left", "pain"), ("buttock", "left", "pain")],
                     motor={"hip_abduction": {"left": 4}}, tests={"trendelenburg": {"left": "positive"}}, age=50,
                     sex="female")
    assert _top(exam) == "greater_trochanteric_pain_syndrome"


def test_back_pain_does_not_swamp_a_nerve_territory_or_a_root():
    meralgia = make_exam(sensory=[("lateral_thigh", "left", "numbness"), ("lower_back", "left", "pain")])
    assert _top(meralgia) == "meralgia_paresthetica"
    radicular = make_exam(sensory=[("lower_back", "left", "pain"), ("lower_back", "right", "pain"),
                                   ("posterior_thigh", "left", "pain"), ("posterior_calf", "left", "pain")],
                          history=["leg_pain_worse_than_back", "worse_cough_sneeze"])
    assert _top(radicular) == "s1_radiculopathy"


def test_symmetric_areflexia_is_polyneuropathy_not_stenosis():
    exam = make_exam(reflexes={"patellar": BOTH(0), "achilles": BOTH(0)}, history=["bilateral_leg_symptoms"],
                     sensory=[("lower_back", "left", "pain")], age=72)
    assert _top(exam) == "peripheral_polyneuropathy"
    assert assess(exam).red_flags == ()


# ----------------------------------------------------------------------------------- v1 promises kept


def test_lesions_field_reports_nerves_without_a_condition():
    exam = make_exam(motor={"ankle_plantarflexion": {"left": 2}, "ankle_inversion": {"left": 3},
                            "ankle_dorsiflexion": {"left": 5}, "knee_flexion": {"left": 5}},
                     reflexes={"achilles": {"left": 0, "right": 2}})
    lesions = assess(exam).lesions
    assert (lesions[0].lesion, lesions[0].side, lesions[0].condition) == ("tibial", "left", "")
    assert math.isclose(lesions[0].score, math.fsum(c.weight for c in (*lesions[0].supporting, *lesions[0].against)))


def test_mirroring_mirrors_lesions_and_roots():
    exam = make_exam(**FOOT_DROP_ONE_SIDE)
    a, b = assess(exam), assess(mirror_exam(exam))
    assert [(r.root, mirror_text(r.side), round(r.score, 9)) for r in a.roots if r.score] == [
        (r.root, r.side, round(r.score, 9)) for r in b.roots if r.score
    ]
    assert [(x.lesion, round(x.score, 9)) for x in a.lesions] == [(x.lesion, round(x.score, 9)) for x in b.lesions]


def test_map_choice_changes_only_sensory_weights():
    exam = make_exam(motor={"great_toe_extension": {"left": 3}}, reflexes={"medial_hamstring": {"left": 1, "right": 2}},
                     sensory=[("dorsum_foot", "left", "numbness")])
    results = [assess(exam, m) for m in ("evidence_based", "keegan_garrett", "foerster")]

    def non_sensory(result):
        return {
            (r.root, r.side, x.finding, round(x.weight, 9))
            for r in result.roots
            for x in r.findings
            if x.section in ("motor", "reflexes")
        } | {(le.lesion, le.side, round(le.score, 9)) for le in result.lesions}

    assert non_sensory(results[0]) == non_sensory(results[1]) == non_sensory(results[2])


def test_suggestions_use_the_lesion_likelihoods():
    exam = make_exam(motor={"ankle_dorsiflexion": {"left": 3}, "great_toe_extension": {"left": 4}},
                     sensory=[("dorsum_foot", "left", "numbness")])
    names = [s.finding for s in assess(exam).suggestions]
    assert "motor.ankle_inversion.left" in names or "motor.hip_abduction.left" in names


def test_the_worked_example_of_docs_engine_md_adds_up():
    exam = make_exam(motor={"ankle_dorsiflexion": {"right": 1}, "ankle_eversion": {"right": 3},
                            "ankle_inversion": {"right": 5}}, sensory=[("dorsum_foot", "right", "numbness")])
    result = assess(exam)
    fibular, l5 = result.condition("common_fibular_neuropathy"), result.condition("l5_radiculopathy")
    assert round(fibular.score, 3) == 2.238 and round(l5.score, 3) == 0.511
    assert {c.finding: round(c.weight, 3) for c in (*l5.supporting, *l5.against)} == {
        "motor.ankle_dorsiflexion.right=1": 1.3,
        "motor.ankle_eversion.right=3": 1.3,
        "motor.ankle_inversion.right=5": -1.5,
        "sensory.dorsum_foot.right=numbness": 1.411,
    }
    assert result.differential[0].condition == "common_fibular_neuropathy"
