"""Red flags (issue 6 §1): every trigger of red_flag_triggers.csv raised with its finding and not without it, the
urgency each one gets (clinical-evidence.md §5), and the defects that were fixed, each with the exam that showed it.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from bodymaps.engine import assess, load_knowledge
from tests.engine_helpers import make_exam, mirror_exam

ROOT = Path(__file__).resolve().parents[1]
BOTH = lambda v: {"left": v, "right": v}  # noqa: E731


def _flags(exam) -> dict:
    return {f.id: f for f in assess(exam).red_flags}


def _rank(exam, cid: str) -> int:
    return [c.condition for c in assess(exam).differential].index(cid)


# (flag, trigger name, urgency, exam that raises it, the same exam without the trigger's finding(s))
TRIGGER_CASES = [
    ("saddle_anesthesia", "ticked", "emergency", dict(red_flags=["saddle_anesthesia"]), {}),
    ("urinary_retention", "ticked", "emergency", dict(red_flags=["urinary_retention"]), {}),
    ("urinary_incontinence", "ticked", "emergency", dict(red_flags=["urinary_incontinence"]), {}),
    ("fecal_incontinence", "ticked", "emergency", dict(red_flags=["fecal_incontinence"]), {}),
    ("saddle_anesthesia", "exam", "emergency", dict(sensory=[("perineum", "midline", "numbness")]),
     dict(sensory=[("buttock", "left", "numbness")])),
    ("perineal_pain", "exam", "urgent", dict(sensory=[("perineum", "midline", "pain")]),
     dict(sensory=[("buttock", "left", "pain")])),
    ("bilateral_radicular_deficit", "deficits", "emergency",
     dict(motor={"ankle_plantarflexion": BOTH(4)}, sensory=[("lateral_foot", "left", "numbness")]),
     dict(motor={"ankle_plantarflexion": {"left": 4, "right": 5}}, sensory=[("lateral_foot", "left", "numbness")])),
    ("bilateral_radicular_deficit", "sciatica", "emergency",
     dict(tests={"straight_leg_raise": {"left": "positive"}, "slump": {"right": "positive"}},
          reflexes={"achilles": {"left": 1, "right": 2}}),
     dict(tests={"straight_leg_raise": {"left": "positive"}, "slump": {"right": "negative"}},
          reflexes={"achilles": {"left": 1, "right": 2}})),
    ("acute_polyradiculoneuropathy", "rising_areflexic", "emergency",
     dict(red_flags=["progressive_weakness"], reflexes={"patellar": BOTH(0), "achilles": BOTH(0)}),
     dict(red_flags=["progressive_weakness"], reflexes={"patellar": BOTH(2), "achilles": BOTH(0)})),
    ("progressive_weakness", "ticked", "urgent", dict(red_flags=["progressive_weakness"]), {}),
    ("severe_motor_deficit", "exam", "urgent", dict(motor={"ankle_dorsiflexion": {"left": 3}}),
     dict(motor={"ankle_dorsiflexion": {"left": 4}})),
    ("upper_motor_neuron_signs", "babinski", "urgent", dict(reflexes={"babinski": {"right": "upgoing"}}),
     dict(reflexes={"babinski": {"right": "downgoing"}})),
    ("upper_motor_neuron_signs", "clonus", "urgent", dict(reflexes={"achilles": {"left": 4}}),
     dict(reflexes={"achilles": {"left": 3}})),
    ("upper_motor_neuron_signs", "bilateral_brisk", "urgent", dict(reflexes={"patellar": BOTH(3)}),
     dict(reflexes={"patellar": {"left": 3, "right": 2}})),
    # upper motor neuron signs with both legs weak: possible cord compression, an emergency (without the weakness of
    # the second leg, the same signs are urgent)
    ("upper_motor_neuron_signs", "cord_babinski", "emergency",
     dict(reflexes={"babinski": {"right": "upgoing"}}, motor={"hip_flexion": BOTH(4)}),
     dict(reflexes={"babinski": {"right": "upgoing"}}, motor={"hip_flexion": {"left": 4, "right": 5}})),
    ("upper_motor_neuron_signs", "cord_brisk", "emergency",
     dict(reflexes={"patellar": BOTH(3)}, motor={"ankle_dorsiflexion": BOTH(4)}),
     dict(reflexes={"patellar": BOTH(3)}, motor={"ankle_dorsiflexion": {"left": 4}})),
    ("upper_motor_neuron_signs", "cord_clonus", "emergency",
     dict(reflexes={"achilles": {"left": 4}}, motor={"hip_flexion": {"left": 4}, "knee_extension": {"right": 4}}),
     dict(reflexes={"achilles": {"left": 4}}, motor={"hip_flexion": {"left": 4}})),
    ("fever", "ticked", "urgent", dict(red_flags=["fever"]), {}),
    ("iv_drug_use", "ticked", "urgent", dict(red_flags=["iv_drug_use"]), {}),
    ("immunosuppression", "ticked", "urgent", dict(red_flags=["immunosuppression"]), {}),
    ("fever", "with_deficit", "emergency", dict(red_flags=["fever"], reflexes={"achilles": {"left": 0}}),
     dict(red_flags=["fever"], reflexes={"achilles": {"left": 2}})),
    ("iv_drug_use", "with_deficit", "emergency",
     dict(red_flags=["iv_drug_use"], sensory=[("dorsum_foot", "left", "numbness")]),
     dict(red_flags=["iv_drug_use"], sensory=[("dorsum_foot", "left", "pain")])),
    ("immunosuppression", "with_deficit", "emergency",
     dict(red_flags=["immunosuppression"], motor={"knee_extension": {"right": 4}}),
     dict(red_flags=["immunosuppression"], motor={"knee_extension": {"right": 5}})),
    ("cancer_history", "ticked", "urgent", dict(red_flags=["cancer_history"]), {}),
    ("weight_loss", "ticked", "urgent", dict(red_flags=["weight_loss"]), {}),
    ("cancer_history", "with_deficit", "emergency",
     dict(red_flags=["cancer_history"], sensory=[("lateral_foot", "right", "numbness")]),
     dict(red_flags=["cancer_history"], sensory=[("lateral_foot", "right", "paresthesia")])),
    ("weight_loss", "with_deficit", "emergency",
     dict(red_flags=["weight_loss"], motor={"hip_flexion": {"left": 4}}),
     dict(red_flags=["weight_loss"], motor={"hip_flexion": {"left": 5}})),
    ("major_trauma", "ticked", "emergency", dict(red_flags=["major_trauma"]), {}),
    ("age_over_50_new_pain", "ticked", "review", dict(red_flags=["age_over_50_new_pain"]), {}),
    ("age_over_50_new_pain", "with_night_pain", "urgent",
     dict(red_flags=["age_over_50_new_pain"], history=["night_pain"]),
     dict(red_flags=["age_over_50_new_pain"])),
]


def test_every_trigger_of_the_table_has_a_case_here():
    table = {(t.flag, t.name) for t in load_knowledge().triggers}
    covered = {(flag, name) for flag, name, *_ in TRIGGER_CASES}
    assert table == covered


@pytest.mark.parametrize(("flag", "name", "urgency", "with_it", "without_it"), TRIGGER_CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in TRIGGER_CASES])
def test_trigger_raises_its_flag_with_the_urgency_of_section_5(flag, name, urgency, with_it, without_it):
    rows = [t for t in load_knowledge().triggers if (t.flag, t.name) == (flag, name)]
    assert {t.urgency for t in rows} == {urgency}
    assert all("§5" in t.source or "Downie" in t.source for t in rows), "each urgency names the source that sets it"
    raised = _flags(make_exam(**with_it))
    assert flag in raised and raised[flag].urgency == urgency
    assert raised[flag].because, "a flag names the findings behind it"
    mirrored = _flags(mirror_exam(make_exam(**with_it)))
    assert mirrored[flag].urgency == urgency
    lower = _flags(make_exam(**without_it))
    # without the trigger's finding the flag is absent, or raised only by a less pressing trigger of its own
    order = ("emergency", "urgent", "review")
    assert flag not in lower or order.index(lower[flag].urgency) > order.index(urgency)


def test_red_flags_are_sorted_most_pressing_first_and_review_is_distinct():
    flags = assess(make_exam(red_flags=["age_over_50_new_pain", "fever"], motor={"hip_flexion": {"left": 3}}))
    urgencies = [f.urgency for f in flags.red_flags]
    assert urgencies == sorted(urgencies, key=("emergency", "urgent", "review").index)
    alone = assess(make_exam(red_flags=["age_over_50_new_pain"])).red_flags
    assert [(f.id, f.urgency) for f in alone] == [("age_over_50_new_pain", "review")]
    assert "Review" in alone[0].action and "Emergency" not in alone[0].action
    assert assess(make_exam(sensory=[("lower_back", "left", "pain")])).red_flags == ()


# ----------------------------------------------------------------------------------- the defects of issue 6 §1

BILATERAL_S1 = dict(
    reflexes={"achilles": BOTH(0)},
    motor={"ankle_plantarflexion": BOTH(4)},
    sensory=[("lateral_foot", "left", "numbness"), ("lateral_foot", "right", "numbness")],
    history=["bilateral_leg_symptoms"],
)


def test_bilateral_root_deficits_without_slr_are_a_cauda_equina_emergency():
    """Issue 6: this exam gave 'S1 radiculopathy, bilateral' and no red flag."""
    exam = make_exam(**BILATERAL_S1)
    flag = _flags(exam)["bilateral_radicular_deficit"]
    assert flag.urgency == "emergency"
    assert "motor.ankle_plantarflexion.left=4" in flag.because and "motor.ankle_plantarflexion.right=4" in flag.because
    assert _rank(exam, "cauda_equina_syndrome") == 0


def test_a_length_dependent_polyneuropathy_is_not_a_cauda_equina_warning():
    stocking = [
        (zone, side, "numbness")
        for side in ("left", "right")
        for zone in ("great_toe", "lesser_toes", "little_toe", "dorsum_foot", "medial_sole", "lateral_sole")
    ]
    exam = make_exam(sensory=stocking, reflexes={"achilles": BOTH(0)}, motor={"great_toe_extension": BOTH(4)},
                     history=["diabetes", "bilateral_leg_symptoms"])
    assert "bilateral_radicular_deficit" not in _flags(exam)
    assert assess(exam).differential[0].condition == "peripheral_polyneuropathy"
    # the same feet with radicular pain (positive SLR on both sides) stay a warning
    radicular = make_exam(sensory=stocking, reflexes={"achilles": BOTH(0)}, motor={"great_toe_extension": BOTH(4)},
                          tests={"straight_leg_raise": BOTH("positive")})
    assert _flags(radicular)["bilateral_radicular_deficit"].urgency == "emergency"
    # proximal numbness on both sides is not a stocking
    higher = make_exam(sensory=[*stocking, ("anterior_thigh", "left", "numbness"), ("anterior_thigh", "right", "numbness")])
    assert "bilateral_radicular_deficit" in _flags(higher)


def test_symmetric_reduced_ankle_jerks_alone_do_not_make_a_unilateral_root_bilateral():
    exam = make_exam(reflexes={"achilles": BOTH(0)}, motor={"great_toe_extension": {"left": 4, "right": 5}},
                     sensory=[("dorsum_foot", "left", "numbness")])
    assert "bilateral_radicular_deficit" not in _flags(exam)


def test_fever_with_any_deficit_is_an_emergency_and_ranks_infection_first():
    """Issue 6: fever + absent Achilles + numb foot gave 'urgent' and ranked S1 above infection."""
    exam = make_exam(red_flags=["fever"], reflexes={"achilles": {"left": 0, "right": 2}},
                     sensory=[("lateral_foot", "left", "numbness")])
    assert _flags(exam)["fever"].urgency == "emergency"
    assert assess(exam).differential[0].condition == "spinal_infection_or_malignancy"
    for risk in ("iv_drug_use", "immunosuppression"):
        assert _flags(make_exam(red_flags=[risk], reflexes={"achilles": {"left": 0}}))[risk].urgency == "emergency"


def test_severe_motor_deficit_action_follows_the_likely_site():
    """Issue 6: the action said 'urgent spinal referral and MRI' for a foot drop from a common fibular palsy."""
    fibular = make_exam(
        motor={"ankle_dorsiflexion": {"left": 1, "right": 5}, "ankle_eversion": {"left": 3, "right": 5},
               "ankle_inversion": BOTH(5), "hip_abduction": BOTH(5)},
        sensory=[("dorsum_foot", "left", "numbness")], history=["crossed_legs_or_kneeling"],
        tests={"tinel_fibular_head": {"left": "positive"}},
    )
    result = assess(fibular)
    assert result.differential[0].condition == "common_fibular_neuropathy"
    action = {f.id: f for f in result.red_flags}["severe_motor_deficit"].action
    assert "nerve conduction" in action and "MRI of the lumbar spine" not in action
    root = make_exam(
        motor={"ankle_dorsiflexion": {"left": 2}, "ankle_inversion": {"left": 3}, "hip_abduction": {"left": 4}},
        sensory=[("lower_back", "left", "pain")], tests={"straight_leg_raise": {"left": "positive"}},
    )
    result = assess(root)
    assert result.differential[0].condition == "l5_radiculopathy"
    assert "MRI of the lumbar spine" in {f.id: f for f in result.red_flags}["severe_motor_deficit"].action
    sites = {row["flag"] for row in csv.DictReader((ROOT / "data/knowledge/red_flag_actions.csv").open())}
    assert "severe_motor_deficit" in sites


def test_bilateral_brisk_reflexes_count_against_stenosis():
    """Issue 6: bilateral brisk reflexes added weight to lumbar stenosis."""
    base = dict(history=["worse_standing_walking", "relieved_sitting_flexion", "bilateral_leg_symptoms"], age=72)
    plain = assess(make_exam(**base)).condition("lumbar_spinal_stenosis").score
    brisk = assess(make_exam(reflexes={"patellar": BOTH(3), "achilles": BOTH(3)}, **base))
    assert brisk.condition("lumbar_spinal_stenosis").score < plain
    assert all(c.weight < 0 for c in brisk.condition("lumbar_spinal_stenosis").against if "reflexes" in c.finding)
    rules = [r for r in load_knowledge().condition_rules if r.target == "lumbar_spinal_stenosis"
             and r.section == "reflexes" and ">=3" in r.when.text]
    assert rules and all(r.weight < 0 for r in rules)


def test_rising_areflexic_weakness_is_flagged_and_ranks_polyneuropathy():
    exam = make_exam(red_flags=["progressive_weakness"], reflexes={"patellar": BOTH(0), "achilles": BOTH(0)},
                     motor={"hip_flexion": BOTH(4), "ankle_dorsiflexion": BOTH(4)}, history=["bilateral_leg_symptoms"],
                     sensory=[("great_toe", "left", "paresthesia"), ("great_toe", "right", "paresthesia")])
    flags = _flags(exam)
    assert flags["acute_polyradiculoneuropathy"].urgency == "emergency"
    assert assess(exam).differential[0].condition == "peripheral_polyneuropathy"


def test_pattern_contributions_are_exam_findings_and_add_up():
    result = assess(make_exam(**BILATERAL_S1))
    ces = result.condition("cauda_equina_syndrome")
    assert math.isclose(ces.score, ces.prior + math.fsum(c.weight for c in (*ces.supporting, *ces.against)))
    assert all(c.section in ("motor", "reflexes", "sensory", "history") for c in ces.supporting)
    assert any("pattern.bilateral_lumbosacral_deficit" in c.source for c in ces.supporting)


# ------------------------------------------------- engine v4: two false alarms of the cauda equina warning, and not more

DIABETIC_FEET = dict(
    sensory=[(zone, side, kind) for side in ("left", "right") for zone, kind in
             (("dorsum_foot", "numbness"), ("great_toe", "paresthesia"))],
    reflexes={"achilles": BOTH(1)},
    motor={"ankle_dorsiflexion": BOTH(4)},
    history=["diabetes", "bilateral_leg_symptoms"],
)


def _bilateral(exam) -> bool:
    return "bilateral_radicular_deficit" in _flags(exam)


@pytest.mark.parametrize("mirror", [False, True])
def test_a_diabetic_symmetric_foot_neuropathy_short_of_a_stocking_is_not_a_cauda_equina_warning(mirror):
    """Engine v4: both feet numb or tingling on the dorsum (no sole, so not a full stocking), symmetric MRC 4
    dorsiflexion and reduced ankle jerks in a diabetic raised the emergency. It is a distal symmetric polyneuropathy."""
    fix = mirror_exam if mirror else (lambda e: e)
    assert not _bilateral(fix(make_exam(**DIABETIC_FEET)))
    assert not _bilateral(fix(make_exam(**{**DIABETIC_FEET, "motor": {}})))  # normal strength: not examined at all
    # ... and still raised when any part of the picture is radicular or dense
    raised = [
        {**DIABETIC_FEET, "history": ["bilateral_leg_symptoms"]},  # no diabetes: the safe default
        {**DIABETIC_FEET, "motor": {"ankle_dorsiflexion": {"left": 4, "right": 3}}},  # asymmetric
        {**DIABETIC_FEET, "motor": {"ankle_dorsiflexion": BOTH(3)}},  # dense
        {**DIABETIC_FEET, "motor": {"ankle_dorsiflexion": BOTH(4), "knee_extension": {"left": 4}}},  # proximal
        {**DIABETIC_FEET, "tests": {"straight_leg_raise": BOTH("positive")}},  # bilateral sciatica
        {**DIABETIC_FEET, "red_flags": ["urinary_retention"]},  # sphincter
        {**DIABETIC_FEET, "sensory": [*DIABETIC_FEET["sensory"], ("perineum", "midline", "numbness")]},  # saddle
        {**DIABETIC_FEET, "sensory": [("dorsum_foot", "left", "numbness"), ("lateral_foot", "right", "numbness")]},
        {**DIABETIC_FEET, "sensory": [*DIABETIC_FEET["sensory"], ("posterior_calf", "left", "numbness")]},
    ]
    for case in raised:
        assert _bilateral(fix(make_exam(**case))), case


CHRONIC_SYMMETRIC_LEGS = dict(
    sensory=[(zone, side, kind) for side in ("left", "right") for zone, kind in
             (("anterolateral_leg", "paresthesia"), ("medial_leg", "numbness"), ("posterior_calf", "pain"),
              ("dorsum_foot", "numbness"))],
    reflexes={"achilles": BOTH(1), "patellar": BOTH(2)},
    motor={"ankle_dorsiflexion": BOTH(5), "ankle_plantarflexion": BOTH(5)},
    history=["duration_over_12_weeks", "bilateral_leg_symptoms"],
)


@pytest.mark.parametrize("mirror", [False, True])
def test_a_chronic_symmetric_sensory_neuropathy_of_legs_and_feet_is_not_a_cauda_equina_warning(mirror):
    """Engine v6 (held-out pattern 3): symmetric tingling and numbness of both shins and feet, ankle jerks reduced
    equally on both sides, full strength, for months, no diabetes history: a length-dependent polyneuropathy short of
    a full stocking. The exemption needs, without diabetes, both the symmetric ankle-jerk loss and the chronic course;
    anything asymmetric, radicular, dense, sphincteric or a single strip of the leg keeps the warning."""
    fix = mirror_exam if mirror else (lambda e: e)
    exam = fix(make_exam(**CHRONIC_SYMMETRIC_LEGS))
    assert not _bilateral(exam)
    assert assess(exam).differential[0].condition == "peripheral_polyneuropathy"
    legs = CHRONIC_SYMMETRIC_LEGS["sensory"]
    raised = [
        {**CHRONIC_SYMMETRIC_LEGS, "history": ["bilateral_leg_symptoms"]},  # recent: the safe default
        {**CHRONIC_SYMMETRIC_LEGS, "reflexes": {"achilles": {"left": 1, "right": 2}}},  # asymmetric ankle jerks
        {**CHRONIC_SYMMETRIC_LEGS, "reflexes": {"patellar": BOTH(2)}},  # ankle jerks not reduced
        {**CHRONIC_SYMMETRIC_LEGS, "motor": {"ankle_dorsiflexion": BOTH(3)}},  # dense weakness
        {**CHRONIC_SYMMETRIC_LEGS, "tests": {"straight_leg_raise": BOTH("positive")}},  # bilateral sciatica
        {**CHRONIC_SYMMETRIC_LEGS, "red_flags": ["urinary_incontinence"]},  # sphincter
        {**CHRONIC_SYMMETRIC_LEGS, "sensory": [*legs, ("perineum", "midline", "numbness")]},  # saddle
        {**CHRONIC_SYMMETRIC_LEGS, "sensory": [s for s in legs if s != ("medial_leg", "right", "numbness")]},
        # one strip of the leg on each side (the anterolateral leg: L5 on both sides) is radicular
        {**CHRONIC_SYMMETRIC_LEGS, "sensory": [s for s in legs if s[0] != "medial_leg"]},
        {**CHRONIC_SYMMETRIC_LEGS, "sensory": [*legs, ("anterior_thigh", "left", "numbness"),
                                               ("anterior_thigh", "right", "numbness")]},  # above the knee
    ]
    for case in raised:
        assert _bilateral(fix(make_exam(**case))), case


CLAUDICATION = dict(
    sensory=[(zone, side, kind) for side in ("left", "right") for zone, kind in
             (("posterior_thigh", "pain"), ("posterior_calf", "numbness"))],
    history=["worse_standing_walking", "relieved_sitting_flexion", "bilateral_leg_symptoms"],
    age=72,
)


@pytest.mark.parametrize("mirror", [False, True])
def test_numb_legs_in_neurogenic_claudication_without_an_objective_deficit_are_not_a_cauda_equina_warning(mirror):
    """Engine v4: stenosis with both legs numb on walking and a normal examination raised the emergency."""
    fix = mirror_exam if mirror else (lambda e: e)
    exam = fix(make_exam(**CLAUDICATION))
    assert not _bilateral(exam)
    assert assess(exam).differential[0].condition == "lumbar_spinal_stenosis"
    normal = {"motor": {"ankle_dorsiflexion": BOTH(5)}, "reflexes": {"achilles": BOTH(2)}}
    assert not _bilateral(fix(make_exam(**CLAUDICATION, **normal)))
    # an objective deficit on both sides (weakness, or weakness and an asymmetric reflex loss) stays a warning
    assert _bilateral(fix(make_exam(**CLAUDICATION, motor={"ankle_plantarflexion": BOTH(4)})))
    assert _bilateral(fix(make_exam(**CLAUDICATION, motor={"great_toe_extension": {"left": 3}},
                                    reflexes={"achilles": {"left": 2, "right": 0}})))
    # and the same numb legs without the claudication history are radicular deficits on both sides
    plain = {**CLAUDICATION, "history": ["bilateral_leg_symptoms"]}
    assert _bilateral(fix(make_exam(**plain)))


MID_CALF_STOCKING = dict(
    sensory=[(zone, side, "numbness") for side in ("left", "right") for zone in
             ("dorsum_foot", "great_toe", "lateral_foot", "medial_sole", "lateral_sole", "heel",
              "medial_leg", "anterolateral_leg", "posterior_calf")],
    history=["diabetes"],
)


@pytest.mark.parametrize("mirror", [False, True])
def test_a_stocking_up_to_mid_calf_on_both_legs_is_length_dependent_not_a_cauda_equina_warning(mirror):
    """Engine v4 (published case 238): a diabetic stocking reaching mid-calf numbs every leg zone below the knee as
    well as the feet; the flag treated the leg as radicular. A circumferential loss of the leg on both sides is part
    of the stocking; a dermatomal strip of the leg, or one leg only, is not."""
    fix = mirror_exam if mirror else (lambda e: e)
    exam = fix(make_exam(**MID_CALF_STOCKING))
    assert not _bilateral(exam)
    assert assess(exam).differential[0].condition == "peripheral_polyneuropathy"
    strip = [s for s in MID_CALF_STOCKING["sensory"] if s[0] not in ("medial_leg", "posterior_calf")]
    one_leg = [s for s in MID_CALF_STOCKING["sensory"] if not (s[1] == "right" and s[0] == "medial_leg")]
    raised = [
        {**MID_CALF_STOCKING, "sensory": strip},  # the anterolateral leg alone: an L5 strip on both sides
        {**MID_CALF_STOCKING, "sensory": one_leg},  # not circumferential on one side
        {**MID_CALF_STOCKING, "motor": {"knee_extension": BOTH(4)}},  # proximal weakness
        {**MID_CALF_STOCKING, "tests": {"straight_leg_raise": BOTH("positive")}},  # bilateral sciatica
        {**MID_CALF_STOCKING, "red_flags": ["urinary_retention"]},  # sphincter
    ]
    for case in raised:
        assert _bilateral(fix(make_exam(**case))), case



@pytest.mark.parametrize("mirrored", [False, True], ids=["as written", "mirrored"])
def test_a_cord_picture_leads_with_the_cord_not_the_cauda_equina_warning(mirrored):
    # brisk reflexes, clonus and upgoing plantars with both legs weak: a cord lesion; weakness of both legs is not a
    # radicular deficit here, so the cauda equina warning stays down and the cord flag is the emergency
    exam = make_exam(reflexes={"patellar": BOTH(4), "achilles": BOTH(4), "babinski": BOTH("upgoing")},
                     motor={"hip_flexion": BOTH(4), "ankle_dorsiflexion": BOTH(4)})
    exam = mirror_exam(exam) if mirrored else exam
    flags = assess(exam).red_flags
    assert flags[0].id == "upper_motor_neuron_signs" and flags[0].urgency == "emergency"
    assert "bilateral_radicular_deficit" not in {f.id for f in flags}


def test_a_reflex_lost_on_each_side_still_raises_the_cauda_equina_warning_beside_cord_signs():
    # a lower motor neuron sign on each side (an ankle jerk lower than the other side's, one per side) is radicular
    # even with an upgoing plantar (conus, or two lesions): the warning stays
    exam = make_exam(reflexes={"achilles": {"left": 0, "right": 1}, "patellar": {"left": 2, "right": 0},
                               "babinski": {"left": "upgoing"}},
                     motor={"ankle_plantarflexion": BOTH(4)})
    assert "bilateral_radicular_deficit" in {f.id for f in assess(exam).red_flags}
