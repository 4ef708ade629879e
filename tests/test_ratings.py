"""The readers' ratings of held-out records (tests/heldout_ratings/) and the agreement figures of
tools/compare_ratings.py: every rating names a real case and three different condition ids, no case is read twice
in the same reading, and kappa and agreement count what they say."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from bodymaps.vocabulary import vocabulary

ROOT = Path(__file__).resolve().parents[1]
RATINGS = ROOT / "tests" / "heldout_ratings" / "ratings.csv"
sys.path.insert(0, str(ROOT / "tools"))

from compare_ratings import RatingsError, Reading, agreement, kappa, main, read_ratings, report  # noqa: E402


def test_every_rating_names_a_held_out_case_and_three_different_known_conditions():
    readings = read_ratings(RATINGS)
    assert readings
    known = set(vocabulary().ids("condition"))
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


def test_sets_3_to_6_are_read_completely_in_both_readings():
    """The docs compare two readings of every case of sets 3-6: each reading must cover each set."""
    readings = read_ratings(RATINGS)
    for name in ("heldout3", "heldout4", "heldout5", "heldout6"):
        cases = {f"tests/{name}/{p.name}" for p in (ROOT / "tests" / name).glob("*.bodymaps.json")}
        for reading in ("1", "2"):
            read = {r.file for r in readings if r.reading == reading and r.file.startswith(f"tests/{name}/")}
            assert read == cases, (name, reading, sorted(cases ^ read)[:3])


def test_report_counts_each_reading_the_engine_and_the_agreement():
    expected = {"tests/heldoutX/a": "a", "tests/heldoutX/b": "b", "tests/heldoutX/c": "c"}
    engine = {"tests/heldoutX/a": ["a", "y", "z"], "tests/heldoutX/b": ["x", "b", "z"], "tests/heldoutX/c": ["x", "y", "z"]}
    readings = [
        Reading("tests/heldoutX/a", "1", ("a", "y", "z"), "high"),
        Reading("tests/heldoutX/b", "1", ("b", "y", "z"), "low"),
        Reading("tests/heldoutX/c", "1", ("x", "c", "z"), "low"),
        Reading("tests/heldoutX/a", "2", ("x", "a", "z"), "medium"),
        Reading("tests/heldoutX/b", "2", ("b", "y", "z"), "medium"),
    ]
    lines = report(readings, expected, engine, "m")
    assert lines[0] == "heldoutX [m] n=3: engine top-1 1/3 (33 %), top-3 2/3 (67 %)"
    assert lines[1].startswith("  reading 1 (n=3): top-1 2/3 (67 %), top-3 3/3 (100 %); the engine on these: top-1 1/3")
    assert "same first as the engine 2/3" in lines[1]  # a (a = a) and c (x = x)
    assert "    confidence low (n=2): reader top-1 1/2 (50 %), engine top-1 0/2 (0 %)" in lines
    pair = next(line for line in lines if line.startswith("  readings 1 and 2"))
    assert "n=2: same first choice 1/2" in pair and "both first right 1/2" in pair and "either first right 2/2" in pair
    assert lines[-1].startswith("  readings 1 and 2") and any(line.startswith("all [m] n=3") for line in lines)


def test_a_bad_ratings_file_ends_with_one_line_naming_the_problem(tmp_path, capsys):
    path = tmp_path / "r.csv"
    path.write_text("case,answer\nc1,a\n", encoding="utf-8")
    with pytest.raises(RatingsError, match="missing column"):
        read_ratings(path)
    assert main([str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("compare_ratings: ") and "missing column(s) file" in err and "\n" not in err
    assert main([str(tmp_path / "none.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err
    twice = tmp_path / "twice.csv"
    row = "tests/heldout/x.bodymaps.json,D1,1,a,b,c,low\n"
    twice.write_text("file,record,reading,first,second,third,confidence\n" + row + row, encoding="utf-8")
    with pytest.raises(RatingsError, match="appears twice in reading 1"):
        read_ratings(twice)
