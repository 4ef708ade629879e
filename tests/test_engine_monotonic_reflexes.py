"""Monotonicity with reflexes compared across sides: a reflex finding listed as supporting a condition, once
removed, never raises that condition's score (the contract in docs/engine.md)."""

from __future__ import annotations

import pytest

from bodymaps.engine import assess
from tests.engine_helpers import make_exam, mirror_exam, without


def _violations(exam):
    found = []
    for cond in assess(exam).differential:
        for c in cond.supporting:
            if c.section not in ("reflexes", "motor", "tests"):
                continue
            again = next(x for x in assess(without(exam, c.finding)).differential if x.condition == cond.condition)
            if again.score > cond.score + 1e-9:
                found.append(f"{cond.condition}: without {c.finding} {cond.score:+.3f} -> {again.score:+.3f}")
    return found


UNEQUAL_PAIRS = [
    # found by hypothesis (test_engine_review_fixes): a knee jerk of 1 beside 0 on the other side was discounted as
    # "symmetric", so the other side's 0, listed as supporting, took the first side's evidence away
    make_exam(reflexes={"patellar": {"left": 1, "right": 0}},
              tests={"straight_leg_raise": {"left": "positive"}, "femoral_nerve_stretch": {"left": "positive"}}),
    make_exam(reflexes={"patellar": {"left": 1, "right": 0}, "achilles": {"left": 1}},
              motor={"great_toe_extension": {"right": 3}, "knee_extension": {"left": 4, "right": 5}},
              tests={"femoral_nerve_stretch": {"left": "negative"}}),
    make_exam(reflexes={"medial_hamstring": {"left": 0, "right": 2}, "achilles": {"left": 0},
                        "patellar": {"left": 0, "right": 1}},
              tests={"femoral_nerve_stretch": {"right": "positive"}}),
]


@pytest.mark.parametrize("mirrored", [False, True], ids=["as written", "mirrored"])
@pytest.mark.parametrize("index", range(len(UNEQUAL_PAIRS)))
def test_an_unequal_reflex_pair_keeps_every_condition_monotonic(index, mirrored):
    exam = UNEQUAL_PAIRS[index]
    assert not _violations(mirror_exam(exam) if mirrored else exam)


def test_an_equal_reduced_pair_localises_to_neither_limb():
    # both knee jerks 1: symmetric (age, a neuropathy), no evidence for an L3 or L4 root on either side
    exam = make_exam(reflexes={"patellar": {"left": 1, "right": 1}})
    roots = {(r.root, r.side): r.score for r in assess(exam).roots}
    one_side = {(r.root, r.side): r.score for r in assess(make_exam(reflexes={"patellar": {"left": 1}})).roots}
    assert one_side[("L4", "left")] > 0
    assert roots.get(("L4", "left"), 0.0) <= 0 and roots.get(("L4", "right"), 0.0) <= 0


@pytest.mark.xfail(strict=True, reason=(
    "Known limitation (2026-11-30): the symmetric-areflexia pattern's penalty against a single root is shared out "
    "over the reflexes behind it, so a reflex that supports the root on its own side also completes the pattern; "
    "removing it lifts the penalty. Needs the penalty attributed so that each finding carries its full effect."))
def test_a_reflex_completing_symmetric_areflexia_keeps_single_roots_monotonic():
    exam = make_exam(reflexes={"patellar": {"left": 1, "right": 0}, "achilles": {"left": 1, "right": 1}})
    assert not _violations(exam)
