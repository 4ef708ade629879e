"""The readers' ratings of held-out records (tests/heldout_ratings/) and the agreement figures of
tools/compare_ratings.py: every rating names a real case and three different condition ids, no case is read twice
in the same reading, and kappa and agreement count what they say."""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RATINGS = ROOT / "tests" / "heldout_ratings" / "ratings.csv"
sys.path.insert(0, str(ROOT / "tools"))

from compare_ratings import Reading, agreement, kappa, read_ratings  # noqa: E402


def _conditions() -> set[str]:
    with open(ROOT / "data" / "knowledge" / "conditions.csv", newline="", encoding="utf-8") as fh:
        return {row["condition"] for row in csv.DictReader(fh)}


def test_every_rating_names_a_held_out_case_and_three_different_known_conditions():
    readings = read_ratings(RATINGS)
    assert readings
    known = _conditions()
    seen: set[tuple[str, str]] = set()
    for r in readings:
        assert (ROOT / r.file).is_file() and r.file.startswith("tests/heldout"), r.file
        assert len(set(r.ranked)) == 3 and set(r.ranked) <= known, r
        assert r.confidence in ("high", "medium", "low"), r
        assert r.reading.isdigit(), r
        assert (r.file, r.reading) not in seen, f"{r.file} read twice in reading {r.reading}"
        seen.add((r.file, r.reading))


def test_kappa_is_one_for_full_agreement_zero_at_chance_and_negative_below_it():
    assert kappa([("a", "a"), ("b", "b"), ("c", "c")]) == 1.0
    # each reader says a half the time, independently: agreement 50 %, chance 50 %
    assert kappa([("a", "a"), ("a", "b"), ("b", "a"), ("b", "b")]) == 0.0
    assert kappa([("a", "b"), ("b", "a")]) < 0
    assert math.isnan(kappa([]))


def _r(name: str, first: str, second: str = "y", third: str = "z", reading: str = "1") -> Reading:
    return Reading(name, reading, (first, second, third), "medium")


def test_agreement_counts_only_cases_both_readings_rated():
    expected = {"c1": "a", "c2": "b", "c3": "c", "c4": "d"}
    one = {"c1": _r("c1", "a"), "c2": _r("c2", "x", "b"), "c3": _r("c3", "c"), "c4": _r("c4", "d")}
    two = {"c1": _r("c1", "a"), "c2": _r("c2", "b"), "c3": _r("c3", "x", "q", "w")}  # c4 read once only
    pair = agreement(one, two, expected)
    assert pair.n == 3
    assert pair.same_first == 1  # c1
    assert pair.both_right == 1  # c1
    assert pair.either_right == 3  # c1, c2 (second reading), c3 (first reading)
    assert pair.either_top3 == 3
    assert "n=3" in pair.line()


def test_a_ratings_file_without_the_columns_fails_loudly(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("case,answer\nc1,a\n", encoding="utf-8")
    with pytest.raises(KeyError):
        read_ratings(path)
