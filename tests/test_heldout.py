"""Held-out published cases (tests/heldout/, tests/heldout2/ and tests/heldout3/, same x-case format as
tests/cases/), written from published case reports and textbook vignettes without seeing the engine. The engine is never tuned on them.

The test asserts safety only: on every dermatome map, every red flag a case expects is raised. Accuracy (top-1,
top-3, root, side, false alarms) is printed, not asserted: thresholds belong in the report
(``tools/evaluate.py tests/heldout tests/heldout2 tests/heldout3``), not in a failing test.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SETS = [d for d in (HERE / "heldout", HERE / "heldout2", HERE / "heldout3") if d.is_dir() and any(d.glob("*.bodymaps.json"))]
MAPS = ("evidence_based", "keegan_garrett", "foerster")

pytestmark = pytest.mark.skipif(not SETS, reason="no held-out cases in tests/heldout*")


@pytest.mark.parametrize("folder", SETS, ids=[d.name for d in SETS])
@pytest.mark.parametrize("map_id", MAPS)
def test_every_expected_red_flag_is_raised_on_held_out_cases(map_id, folder):
    from bodymaps.engine import assess
    from bodymaps.exam import load_exam

    missed = []
    for path in sorted(folder.glob("*.bodymaps.json")):
        exam = load_exam(path)
        case = exam.extensions["x-case"]
        if not case.get("red_flag"):
            continue
        ids = [f.id for f in assess(exam, map_id).red_flags]
        if not ids or any(i not in ids for i in case.get("red_flag_ids", [])):
            missed.append(f"{path.name}: expected {case.get('red_flag_ids')}, got {ids}")
    assert not missed, "\n".join(missed)


def test_print_held_out_accuracy(capsys):
    sys.path.insert(0, str(HERE.parent / "tools"))
    from evaluate import evaluate

    lines = [f"{d.name} [{m}] n={t.n}: {t.line()}" for d in SETS for m in MAPS for t in (evaluate(d, m),)]
    with capsys.disabled():
        print("\n" + "\n".join(lines))
