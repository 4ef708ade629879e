"""Held-out published cases (tests/heldout/ to tests/heldout6/, same x-case format as tests/cases/), written
from published case reports and textbook vignettes without seeing the engine. The engine is never tuned on them.

The test asserts safety only: on every dermatome map, every red flag a case expects is raised. Accuracy (top-1,
top-3, root, side, false alarms) is printed, not asserted: thresholds belong in the report
(``tools/evaluate.py tests/heldout tests/heldout2 tests/heldout3 tests/heldout4 tests/heldout5 tests/heldout6``,
which never lists the misses of the blind sets unless told to), not in a failing test.

Two cases of set 4 and one of set 6 must raise a flag that nothing recorded in them can raise: the source's weakness
is of unnamed muscles (and, in set 6, its sphincter disturbance of an unstated kind), so the transcription kept it in
the notes, which the engine does not read. They are listed in NOTES_ONLY with the reason and left out of the safety
check; a clinician in the app grades the muscles and ticks the sphincter finding.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
NAMES = ("heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6")
SETS = [d for d in (HERE / name for name in NAMES) if d.is_dir() and any(d.glob("*.bodymaps.json"))]
MAPS = ("evidence_based", "keegan_garrett", "foerster")
NOTES_ONLY = {
    "heldout4/002_l5_left_woman_l45_disc_leg_power_three.bodymaps.json":
        "'reduced power in her left leg of 3/5', muscles not named: no motor grade recorded",
    "heldout4/022_ces_soldier_l23_massive_disc_bilateral_leg_weakness.bodymaps.json":
        "'decreased movement of both lower limbs', muscles not named or graded, sphincters not itemised",
    "heldout6/002_ces_older_man_two_year_bilateral_radiating_pain_leg_weakness_bladder_bowel_dysfunction_intradural_disc"
    ".bodymaps.json": "'decreased muscle strength of both legs' (not named or graded) and 'dysfunction of urination and "
    "defecation' (retention or incontinence not stated): no grade or sphincter id recorded",
}

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
        if not case.get("red_flag") or f"{folder.name}/{path.name}" in NOTES_ONLY:
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


def test_the_notes_only_exemptions_name_real_cases_whose_finding_is_unrecorded():
    """Each exemption names an existing must-flag case whose document records no motor grade of 3 or less, no
    ticked flag and no perineal finding: the moment one is recorded, the case leaves the list."""
    from bodymaps.exam import load_exam

    for name in NOTES_ONLY:
        exam = load_exam(HERE / name)
        assert exam.extensions["x-case"]["red_flag"], name
        assert not exam.red_flags, name
        assert all(grade > 3 for sides in exam.motor.values() for grade in sides.values()
                   if isinstance(grade, int)), name
        assert not any(s.zone == "perineum" for s in exam.sensory), name
