"""How the engine compares with a rater who read only the recorded findings (tests/heldout_ratings/).

For each held-out set in the ratings file, prints the rater's and the engine's top-1 and top-3 against the
published diagnosis (expected_top), how often they put the same condition first, and the rater's and the engine's
top-1 by the rater's confidence. The rater saw each exam document without its notes, its x-case block, its
patient id or its file name, so its figure says what the structured record itself allows.

Run: .venv/bin/python tools/compare_ratings.py [tests/heldout_ratings/ratings.csv] [--map MAP]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bodymaps.engine import assess  # noqa: E402
from bodymaps.exam import load_exam  # noqa: E402


def pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f} %)" if b else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ratings", nargs="?", default=str(ROOT / "tests" / "heldout_ratings" / "ratings.csv"))
    parser.add_argument("--map", default="evidence_based")
    args = parser.parse_args()
    tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with open(args.ratings, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            exam = load_exam(ROOT / row["file"])
            expected = exam.extensions["x-case"]["expected_top"]
            rater = [row["first"], row["second"], row["third"]]
            engine = [c.condition for c in assess(exam, args.map).differential[:3]]
            for key in (Path(row["file"]).parent.name, "all"):
                t = tally[key]
                t["n"] += 1
                t["rater1"] += rater[0] == expected
                t["rater3"] += expected in rater
                t["engine1"] += engine[0] == expected
                t["engine3"] += expected in engine
                t["same"] += engine[0] == rater[0]
                t[f"n_{row['confidence']}"] += 1
                t[f"rater1_{row['confidence']}"] += rater[0] == expected
                t[f"engine1_{row['confidence']}"] += engine[0] == expected
    for key, t in sorted(tally.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        n = t["n"]
        print(f"{key} [{args.map}] n={n}: rater top-1 {pct(t['rater1'], n)}, top-3 {pct(t['rater3'], n)}; "
              f"engine top-1 {pct(t['engine1'], n)}, top-3 {pct(t['engine3'], n)}; same first {pct(t['same'], n)}")
        for level in ("high", "medium", "low"):
            m = t[f"n_{level}"]
            if m:
                print(f"  rater confidence {level} (n={m}): rater top-1 {pct(t[f'rater1_{level}'], m)}, "
                      f"engine top-1 {pct(t[f'engine1_{level}'], m)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
