"""Floor for benchmarks/startup.py: the bare window (benchmarks/_bare_window.py) plus only the core work that
BodyMaps' first frame cannot do without, and nothing of BodyMaps' window.

Before the bare window is built it imports the core (`bodymaps.atlas`, `bodymaps.exam`, `bodymaps.engine`),
loads the atlas (from the same per-user cache the app uses), reads the example exam and assesses it. No
BodyMaps widget is made and nothing of the assessment is drawn. Whatever `bodymaps app --smoke` costs beyond
this floor is the window; what the floor costs beyond the bare window is the core.

Usage: python benchmarks/_floor_window.py N EXAM. Prints ``first-paint MONOTONIC`` like the bare window.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def core_work_result(exam_path: str):
    """Import the core, load the atlas, read and assess the exam; returns (atlas, assessment)."""
    from bodymaps.atlas import load_atlas
    from bodymaps.engine import assess
    from bodymaps.exam import load_exam

    atlas = load_atlas()
    assessment = assess(load_exam(exam_path))
    if not assessment.differential:
        raise SystemExit("floor: the assessment is empty")
    return atlas, assessment


if __name__ == "__main__":
    core_work_result(sys.argv[2])
    import _bare_window

    sys.argv = sys.argv[:2]
    sys.exit(_bare_window.main())
