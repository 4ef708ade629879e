"""The side shown for an axial condition (non-specific back pain, stenosis, cauda equina, ...) is where the
findings that support it lie, never the leg that merely has less evidence against it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bodymaps.engine import assess
from bodymaps.exam import load_exam
from tests.engine_helpers import make_exam, mirror_exam

EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "examples" / "left_l5_radiculopathy.bodymaps.json"
AXIAL = ("nonspecific_low_back_pain", "lumbar_spinal_stenosis", "cauda_equina_syndrome",
         "peripheral_polyneuropathy", "spinal_infection_or_malignancy", "upper_motor_neuron_lesion")


def _sides(exam, map_id="evidence_based"):
    return {c.condition: c.side for c in assess(exam, map_id).differential}


@pytest.mark.parametrize("mirrored", [False, True], ids=["as written", "mirrored"])
def test_back_pain_on_the_side_of_a_root_deficit_is_shown_on_that_side(mirrored):
    # the example: left back and buttock pain, a left L5 deficit; the deficit argues against non-specific back
    # pain on the left, which once made the right (with nothing on it) look like the side of the back pain
    exam = load_exam(EXAMPLE)
    want = "left"
    if mirrored:
        exam, want = mirror_exam(exam), "right"
    assert _sides(exam)["nonspecific_low_back_pain"] == want


def test_an_axial_side_never_rests_on_evidence_against_alone():
    # left-sided deficits and nothing for back pain on the right: no axial condition may be put on the right
    exam = make_exam(
        sensory=[("lower_back", "left", "pain"), ("dorsum_foot", "left", "numbness")],
        motor={"great_toe_extension": {"left": 3, "right": 5}, "ankle_dorsiflexion": {"left": 4, "right": 5}},
        tests={"straight_leg_raise": {"left": "positive", "right": "negative"}},
    )
    sides = _sides(exam)
    for condition in AXIAL:
        assert sides[condition] != "right", condition
    assert _sides(mirror_exam(exam))["nonspecific_low_back_pain"] != "left"
