"""Engine v6: a lesion that explains the weakness and the numbness beats one that explains the weakness alone, and one
lesion beats two when it explains every deficit (docs/engine-history.md, "Engine v6, part 1"). Each test also checks the other
direction, so that the rule cannot pass by never forming a pair, and runs mirrored."""

from __future__ import annotations

import pytest

from bodymaps.engine import assess
from tests.engine_helpers import make_exam, mirror_exam

MAPS = ("evidence_based", "keegan_garrett", "foerster")
SIDES = pytest.mark.parametrize("mirror", [False, True], ids=["as written", "mirrored"])


def _fix(mirror: bool):
    return mirror_exam if mirror else (lambda e: e)


def _top(exam, map_id: str = "evidence_based") -> str:
    return assess(exam, map_id).differential[0].condition


def _score(exam, condition: str, map_id: str = "evidence_based") -> float:
    return assess(exam, map_id).condition(condition).score


@SIDES
def test_numbness_a_root_cannot_explain_counts_against_it(mirror):
    """Foot drop with numb L3 skin: L4 (tibialis anterior, and the skin next to its own) leads, not L5."""
    fix = _fix(mirror)
    exam = fix(make_exam(motor={"ankle_dorsiflexion": {"left": 3}},
                         sensory=[("anterior_thigh", "left", "numbness"), ("medial_knee", "left", "numbness")]))
    for map_id in MAPS:
        assert _top(exam, map_id) == "l4_radiculopathy", map_id
    l5 = assess(exam).condition("l5_radiculopathy")
    assert any("cannot explain" in c.source and c.weight < 0 for c in l5.against)
    # the same foot drop with the skin of L5 is L5's: nothing there is unexplained
    own = fix(make_exam(motor={"ankle_dorsiflexion": {"left": 3}, "great_toe_extension": {"left": 4}},
                        sensory=[("dorsum_foot", "left", "numbness")]))
    assert not any("cannot explain" in c.source for c in assess(own).condition("l5_radiculopathy").against)


@SIDES
def test_neighbouring_roots_need_a_motor_or_reflex_deficit_each(mirror):
    """L5 weakness with one numb S1 zone is L5 (dermatomes overlap); with S1's own reflex loss it is two roots."""
    fix = _fix(mirror)
    skin = dict(motor={"great_toe_extension": {"left": 3}, "ankle_dorsiflexion": {"left": 4}},
                sensory=[("dorsum_foot", "left", "numbness"), ("lateral_foot", "left", "numbness")])
    assert _top(fix(make_exam(**skin))) == "l5_radiculopathy"
    reflex = fix(make_exam(**skin, reflexes={"achilles": {"left": 0, "right": 2}}))
    assert _top(reflex) == "multilevel_radiculopathy"


@SIDES
def test_one_nerve_will_do_unless_the_history_points_to_the_roots(mirror):
    """Quadriceps and hip flexors weak, knee jerk absent, numb anterior thigh and medial knee: the femoral nerve on
    every map. Leg pain worse than back pain (root pain) brings the pair of roots back as a candidate."""
    fix = _fix(mirror)
    femoral = dict(motor={"knee_extension": {"right": 2}, "hip_flexion": {"right": 2}},
                   reflexes={"patellar": {"right": 0}},
                   sensory=[("anterior_thigh", "right", "numbness"), ("medial_knee", "right", "numbness")])
    exam = fix(make_exam(**femoral))
    for map_id in MAPS:
        assert _top(exam, map_id) == "femoral_neuropathy", map_id
    radicular = fix(make_exam(**femoral, history=["leg_pain_worse_than_back"]))
    gain = _score(radicular, "multilevel_radiculopathy", "foerster") - _score(exam, "multilevel_radiculopathy", "foerster")
    assert gain > 0.4 + 1.0  # the history item itself (0.4) and the second root it lets back in


@SIDES
def test_a_reflex_lost_with_the_other_side_unexamined_is_a_second_level(mirror):
    """L5 weakness and an absent ankle jerk, the other leg not examined: two roots (as with the other side normal)."""
    fix = _fix(mirror)
    base = dict(motor={"ankle_dorsiflexion": {"right": 4}, "great_toe_extension": {"right": 4}},
                sensory=[("dorsum_foot", "right", "numbness")], tests={"straight_leg_raise": {"right": "positive"}})
    assert _top(fix(make_exam(**base))) == "l5_radiculopathy"
    assert _top(fix(make_exam(**base, reflexes={"achilles": {"right": 0}}))) == "multilevel_radiculopathy"
    # equal on both sides, the loss is symmetric and proves no level
    assert _top(fix(make_exam(**base, reflexes={"achilles": {"right": 0, "left": 0}}))) == "l5_radiculopathy"


@SIDES
def test_a_foot_drop_in_each_leg_without_sphincter_signs_is_two_roots_and_still_a_warning(mirror):
    fix = _fix(mirror)
    exam = fix(make_exam(motor={"ankle_dorsiflexion": {"left": 3, "right": 3}}))
    result = assess(exam)
    assert result.differential[0].condition == "multilevel_radiculopathy"
    assert "bilateral_radicular_deficit" in [f.id for f in result.red_flags]
    # with retention it is a cauda equina syndrome
    assert _top(fix(make_exam(motor={"ankle_dorsiflexion": {"left": 3, "right": 3}},
                              red_flags=["urinary_retention"]))) == "cauda_equina_syndrome"


@SIDES
def test_sphincter_disturbance_with_progressive_weakness_is_cauda_equina_not_stenosis(mirror):
    fix = _fix(mirror)
    history = ["bilateral_leg_symptoms", "worse_standing_walking"]
    exam = fix(make_exam(history=history, red_flags=["urinary_incontinence", "progressive_weakness"]))
    assert _top(exam) == "cauda_equina_syndrome"
    # without the incontinence the same history is stenosis (progressive weakness alone does not open the row)
    assert _top(fix(make_exam(history=history, red_flags=["progressive_weakness"]))) == "lumbar_spinal_stenosis"
