"""Explanations that add up, as data (issue 6 §4): every score equals its listed contributions, roots included,
and every contribution carries its finding as structured data as well as a label."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from bodymaps.engine import assess
from bodymaps.engine.result import finding_parts
from bodymaps.exam.fileformat import load_exam

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "cases").glob("*.bodymaps.json"))


@pytest.mark.parametrize("path", CASES[::6], ids=lambda p: p.name[:3])
def test_root_and_condition_scores_equal_their_listed_contributions(path):
    result = assess(load_exam(path))
    for root in result.roots:
        listed = math.fsum(c.weight for c in (*root.supporting, *root.against))
        assert root.score == pytest.approx(listed, abs=1e-9), (root.root, root.side)
        assert all(c.weight > 0 for c in root.supporting) and all(c.weight < 0 for c in root.against)
    for cond in result.differential:
        listed = math.fsum(c.weight for c in (*cond.supporting, *cond.against))
        assert cond.score == pytest.approx(cond.prior + listed, abs=1e-9), cond.condition


def test_a_root_with_findings_against_lists_them():
    # Left S1 with a normal Achilles reflex and full plantarflexion but a numb lateral foot: both directions
    exam = load_exam(ROOT / "data" / "examples" / "left_l5_radiculopathy.bodymaps.json")
    result = assess(exam)
    with_against = [r for r in result.roots if r.against]
    assert with_against, "some root must have findings against it in the example"
    root = with_against[0]
    assert root.score == pytest.approx(math.fsum(c.weight for c in root.findings))


def test_contributions_are_structured():
    assert finding_parts("motor.great_toe_extension.left=4") == ("motor", "great_toe_extension", "left", 4)
    assert finding_parts("sensory.perineum.midline=numbness") == ("sensory", "perineum", "midline", "numbness")
    assert finding_parts("history.worse_sitting") == ("history", "worse_sitting", None, True)
    assert finding_parts("tests.si_distraction=positive") == ("tests", "si_distraction", None, "positive")
    assert finding_parts("no supporting finding") == (None, None, None, None)
    result = assess(load_exam(ROOT / "data" / "examples" / "left_l5_radiculopathy.bodymaps.json"))
    top = result.differential[0]
    for c in (*top.supporting, *top.against):
        if c.section is not None:
            label = f"{c.section}.{c.item}" + (f".{c.side}" if c.side else "")
            label += "" if c.value is True else f"={c.value}"
            assert c.finding == label


def test_json_lists_root_contributions_and_structured_findings():
    example = ROOT / "data" / "examples" / "left_l5_radiculopathy.bodymaps.json"
    out = subprocess.run(
        [sys.executable, "-m", "bodymaps", "assess", str(example), "--json"],
        capture_output=True, text=True, check=True,
    ).stdout
    data = json.loads(out)
    for root in data["roots"]:
        listed = sum(c["weight"] for c in root["supporting"] + root["against"])
        assert root["score"] == pytest.approx(listed, abs=0.002 * (1 + len(root["supporting"] + root["against"])))
    entry = data["differential"][0]["supporting"][0]
    assert {"finding", "weight", "source", "section", "item", "side", "value"} <= set(entry)
