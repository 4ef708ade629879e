"""How the engine compares with raters who read only the recorded findings (tests/heldout_ratings/).

Each row of the ratings file is one reading of one case: the rater saw the exam document without its notes, its
x-case block, its patient id or its file name, and named the three conditions it found most likely, with its
confidence in the first. Cases read twice (``reading`` 1 and 2, by different raters working independently) also
give the agreement between two readings of the same record: how often they put the same condition first (with
Cohen's kappa), and how often both, or either, put the published diagnosis first. Two readers who disagree on a
record show that the record itself leaves the diagnosis open.

Prints, per held-out set and for all sets: each reading's and the engine's top-1 and top-3 against the published
diagnosis (``expected_top``), and the agreement figures where a set was read twice.

Run: .venv/bin/python tools/compare_ratings.py [tests/heldout_ratings/ratings.csv] [--map MAP]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bodymaps.engine import assess  # noqa: E402
from bodymaps.exam import load_exam  # noqa: E402


@dataclass(frozen=True)
class Reading:
    file: str
    reading: str
    ranked: tuple[str, str, str]
    confidence: str


def pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f} %)" if b else "-"


def read_ratings(path: str | Path) -> list[Reading]:
    with open(path, newline="", encoding="utf-8") as fh:
        return [
            Reading(row["file"], row.get("reading") or "1", (row["first"], row["second"], row["third"]), row["confidence"])
            for row in csv.DictReader(fh)
        ]


def kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa for two readers' first choices over the same cases (1 = full agreement, 0 = chance)."""
    n = len(pairs)
    if not n:
        return float("nan")
    observed = sum(a == b for a, b in pairs) / n
    left, right = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(left[c] * right[c] for c in left) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


@dataclass(frozen=True)
class Agreement:
    n: int
    same_first: int
    kappa: float
    both_right: int
    either_right: int
    either_top3: int

    def line(self) -> str:
        return (f"two readings (n={self.n}): same first choice {pct(self.same_first, self.n)} (Cohen's kappa "
                f"{self.kappa:.2f}); both first right {pct(self.both_right, self.n)}, either first right "
                f"{pct(self.either_right, self.n)}, either top-3 right {pct(self.either_top3, self.n)}")


def agreement(first: dict[str, Reading], second: dict[str, Reading], expected: dict[str, str]) -> Agreement:
    """Agreement between two readings of the cases both read."""
    both = sorted(set(first) & set(second))
    pairs = [(first[f].ranked[0], second[f].ranked[0]) for f in both]
    return Agreement(
        n=len(both),
        same_first=sum(a == b for a, b in pairs),
        kappa=kappa(pairs),
        both_right=sum(first[f].ranked[0] == expected[f] == second[f].ranked[0] for f in both),
        either_right=sum(expected[f] in (first[f].ranked[0], second[f].ranked[0]) for f in both),
        either_top3=sum(expected[f] in first[f].ranked or expected[f] in second[f].ranked for f in both),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ratings", nargs="?", default=str(ROOT / "tests" / "heldout_ratings" / "ratings.csv"))
    parser.add_argument("--map", default="evidence_based")
    args = parser.parse_args()
    readings = read_ratings(args.ratings)
    expected: dict[str, str] = {}
    engine: dict[str, list[str]] = {}
    for r in readings:
        if r.file not in expected:
            exam = load_exam(ROOT / r.file)
            expected[r.file] = exam.extensions["x-case"]["expected_top"]
            engine[r.file] = [c.condition for c in assess(exam, args.map).differential[:3]]
    by_set: dict[str, dict[str, dict[str, Reading]]] = defaultdict(lambda: defaultdict(dict))
    for r in readings:
        for key in (Path(r.file).parent.name, "all"):
            by_set[key][r.reading][r.file] = r
    for key in sorted(by_set, key=lambda k: (k == "all", k)):
        sets = by_set[key]
        files = sorted({f for reads in sets.values() for f in reads})
        n = len(files)
        e1 = sum(engine[f][0] == expected[f] for f in files)
        e3 = sum(expected[f] in engine[f] for f in files)
        print(f"{key} [{args.map}] n={n}: engine top-1 {pct(e1, n)}, top-3 {pct(e3, n)}")
        for name, reads in sorted(sets.items()):
            m = len(reads)
            r1 = sum(r.ranked[0] == expected[f] for f, r in reads.items())
            r3 = sum(expected[f] in r.ranked for f, r in reads.items())
            same = sum(r.ranked[0] == engine[f][0] for f, r in reads.items())
            e1m = sum(engine[f][0] == expected[f] for f in reads)
            e3m = sum(expected[f] in engine[f] for f in reads)
            print(f"  reading {name} (n={m}): top-1 {pct(r1, m)}, top-3 {pct(r3, m)}; the engine on these: top-1 "
                  f"{pct(e1m, m)}, top-3 {pct(e3m, m)}; same first as the engine {pct(same, m)}")
            for level in ("high", "medium", "low"):
                cases = [f for f, r in reads.items() if r.confidence == level]
                if cases:
                    print(f"    confidence {level} (n={len(cases)}): reader top-1 "
                          f"{pct(sum(reads[f].ranked[0] == expected[f] for f in cases), len(cases))}, engine top-1 "
                          f"{pct(sum(engine[f][0] == expected[f] for f in cases), len(cases))}")
        if "1" in sets and "2" in sets:
            pair = agreement(sets["1"], sets["2"], expected)
            if pair.n:
                print("  " + pair.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
