"""Held-out published cases (tests/heldout/, same x-case format as tests/cases/), written from published case
reports and textbook vignettes without seeing the engine. The engine is never tuned on them.

The test asserts safety only: on every dermatome map, every red flag a case expects is raised. Accuracy (top-1,
top-3, root, side, false alarms) is printed, not asserted: thresholds belong in the report
(``tools/evaluate.py tests/heldout``), not in a failing test.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HELDOUT = Path(__file__).parent / "heldout"
CASES = sorted(HELDOUT.glob("*.bodymaps.json")) if HELDOUT.is_dir() else []
MAPS = ("evidence_based", "keegan_garrett", "foerster")

pytestmark = pytest.mark.skipif(not CASES, reason="no held-out cases in tests/heldout")


@pytest.mark.parametrize("map_id", MAPS)
def test_every_expected_red_flag_is_raised_on_held_out_cases(map_id):
    from bodymaps.engine import assess
    from bodymaps.exam import load_exam

    missed = []
    for path in CASES:
        exam = load_exam(path)
        case = exam.extensions["x-case"]
        if not case.get("red_flag"):
            continue
        ids = [f.id for f in assess(exam, map_id).red_flags]
        if not ids or any(i not in ids for i in case.get("red_flag_ids", [])):
            missed.append(f"{path.name}: expected {case.get('red_flag_ids')}, got {ids}")
    assert not missed, "\n".join(missed)


def test_print_held_out_accuracy(capsys):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    from evaluate import evaluate

    lines = [f"held-out [{m}] n={t.n}: {t.line()}" for m in MAPS for t in (evaluate(HELDOUT, m),)]
    with capsys.disabled():
        print("\n" + "\n".join(lines))
