"""How the engine compares with raters who read only the recorded findings (tests/heldout_ratings/).

Each row of the ratings file is one reading of one case: the rater saw the exam document without its notes, its
x-case block, its patient id or its file name, and named the three conditions it found most likely, with its
confidence in the first. Cases read more than once (``reading`` 1, 2, ..., by different raters working
independently) also give the agreement between every two readings of the same record: how often they put the same
condition first (with Cohen's kappa), and how often both, or either, put the published diagnosis first. Two readers
who disagree on a record show that the record leaves the diagnosis open; two readers of one kind who agree show
only that they read alike.

Prints, per held-out set and for all sets: each reading's and the engine's top-1 and top-3 against the published
diagnosis (``expected_top``), and the agreement figures where a set was read more than once. A missing or
malformed ratings file, or a rating of a case that cannot be read, ends with a one-line message and exit status 2.

Run: .venv/bin/python tools/compare_ratings.py [tests/heldout_ratings/ratings.csv] [--map MAP]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bodymaps.engine import assess  # noqa: E402
from bodymaps.exam import ExamError, load_exam  # noqa: E402


@dataclass(frozen=True)
class Reading:
    file: str
    reading: str
    ranked: tuple[str, str, str]
    confidence: str


def pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f} %)" if b else "-"


class RatingsError(Exception):
    """A ratings file that cannot be read as readings; the message is one line that names the problem."""


COLUMNS = ("file", "record", "reading", "first", "second", "third", "confidence")


def csv_rows(path: str | Path, needed: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a CSV file that must have the ``needed`` columns; RatingsError (one line) otherwise."""
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in needed if c not in (reader.fieldnames or [])]
            if missing:
                raise RatingsError(f"{path}: missing column(s) {', '.join(missing)}")
            return list(reader)
    except OSError as exc:
        raise RatingsError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def read_ratings(path: str | Path) -> list[Reading]:
    """The readings in a ratings file; RatingsError for a missing file, missing columns or a case read twice in
    the same reading."""
    rows = csv_rows(path, COLUMNS)
    out: list[Reading] = []
    seen: set[tuple[str, str]] = set()
    for n, row in enumerate(rows, 2):
        reading = Reading(row["file"], row["reading"], (row["first"], row["second"], row["third"]), row["confidence"])
        if (reading.file, reading.reading) in seen:
            raise RatingsError(f"{path}:{n}: {reading.file} appears twice in reading {reading.reading}")
        seen.add((reading.file, reading.reading))
        out.append(reading)
    return out


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
        return (f"n={self.n}: same first choice {pct(self.same_first, self.n)} (Cohen's kappa "
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


def report(readings: list[Reading], expected: dict[str, str], engine: dict[str, list[str]], map_id: str) -> list[str]:
    """The lines main prints: per held-out set and for all, the engine and each reading against the published
    diagnosis, the confidence split and the agreement of every pair of readings of the same cases."""
    by_set: dict[str, dict[str, dict[str, Reading]]] = defaultdict(lambda: defaultdict(dict))
    for r in readings:
        for key in (Path(r.file).parent.name, "all"):
            by_set[key][r.reading][r.file] = r
    lines: list[str] = []
    for key in sorted(by_set, key=lambda k: (k == "all", k)):
        sets = by_set[key]
        files = sorted({f for reads in sets.values() for f in reads})
        n = len(files)
        e1 = sum(engine[f][0] == expected[f] for f in files)
        e3 = sum(expected[f] in engine[f] for f in files)
        lines.append(f"{key} [{map_id}] n={n}: engine top-1 {pct(e1, n)}, top-3 {pct(e3, n)}")
        for name, reads in sorted(sets.items()):
            m = len(reads)
            r1 = sum(r.ranked[0] == expected[f] for f, r in reads.items())
            r3 = sum(expected[f] in r.ranked for f, r in reads.items())
            same = sum(r.ranked[0] == engine[f][0] for f, r in reads.items())
            e1m = sum(engine[f][0] == expected[f] for f in reads)
            e3m = sum(expected[f] in engine[f] for f in reads)
            lines.append(f"  reading {name} (n={m}): top-1 {pct(r1, m)}, top-3 {pct(r3, m)}; the engine on these: "
                         f"top-1 {pct(e1m, m)}, top-3 {pct(e3m, m)}; same first as the engine {pct(same, m)}")
            for level in ("high", "medium", "low"):
                cases = [f for f, r in reads.items() if r.confidence == level]
                if cases:
                    lines.append(f"    confidence {level} (n={len(cases)}): reader top-1 "
                                 f"{pct(sum(reads[f].ranked[0] == expected[f] for f in cases), len(cases))}, engine "
                                 f"top-1 {pct(sum(engine[f][0] == expected[f] for f in cases), len(cases))}")
        for a, b in combinations(sorted(sets), 2):
            pair = agreement(sets[a], sets[b], expected)
            if pair.n:
                lines.append(f"  readings {a} and {b}: " + pair.line())
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ratings", nargs="?", default=str(ROOT / "tests" / "heldout_ratings" / "ratings.csv"))
    parser.add_argument("--map", default="evidence_based")
    args = parser.parse_args(argv)
    try:
        readings = read_ratings(args.ratings)
        expected: dict[str, str] = {}
        engine: dict[str, list[str]] = {}
        for r in readings:
            if r.file not in expected:
                try:
                    exam = load_exam(ROOT / r.file)
                except ExamError as exc:
                    raise RatingsError(f"{r.file}: {exc}") from exc
                expected[r.file] = exam.extensions["x-case"]["expected_top"]
                engine[r.file] = [c.condition for c in assess(exam, args.map).differential[:3]]
    except (RatingsError, KeyError) as exc:
        print(f"compare_ratings: {exc}", file=sys.stderr)
        return 2
    print("\n".join(report(readings, expected, engine, args.map)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
