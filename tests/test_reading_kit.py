"""tools/reading_kit.py: a blind reading kit hides everything that names a case or its answer, and merging a filled
form checks every row before anything is written."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from reading_kit import main  # noqa: E402

SET = ROOT / "tests" / "heldout"


def _make(tmp_path: Path) -> tuple[Path, Path]:
    out, key = tmp_path / "kit", tmp_path / "key.csv"
    assert main(["make", str(out), str(key), str(SET), "--prefix", "Q", "--seed", "3"]) == 0
    return out, key


def test_the_kit_holds_every_case_under_a_shuffled_name_with_nothing_that_names_it(tmp_path):
    out, key = _make(tmp_path)
    cases = sorted(SET.glob("*.bodymaps.json"))
    records = sorted((out / "records").glob("*.json"))
    assert len(records) == len(cases) and records[0].name == "Q001.json"
    with open(key, newline="", encoding="utf-8") as fh:
        files = {row["record"]: row["file"] for row in csv.DictReader(fh)}
    assert sorted(files.values()) == sorted(p.relative_to(ROOT).as_posix() for p in cases)
    assert list(files.values()) != sorted(files.values())  # shuffled
    for record in records:
        seen = json.loads(record.read_text(encoding="utf-8"))
        original = json.loads((ROOT / files[record.stem]).read_text(encoding="utf-8"))
        assert not {"x-case", "notes", "exam"} & set(seen)
        assert set(seen["patient"]) <= {"age", "sex"}
        assert seen.get("sensory") == original.get("sensory") and seen.get("motor") == original.get("motor")
        text = record.read_text(encoding="utf-8")
        assert original["x-case"]["title"] not in text and original["patient"].get("id", "@@") not in text
    with open(out / "ratings.csv", newline="", encoding="utf-8") as fh:
        assert [row["record"] for row in csv.DictReader(fh)] == [r.stem for r in records]
    assert "not examined" in (out / "INSTRUCTIONS.md").read_text(encoding="utf-8")
    assert "condition,l5_radiculopathy," in (out / "vocabulary.csv").read_text(encoding="utf-8")
    assert (key.stat().st_mode & 0o777) == 0o600


def test_make_refuses_to_overwrite_a_kit_or_to_put_the_key_in_it(tmp_path):
    out, _ = _make(tmp_path)
    with pytest.raises(SystemExit, match="already exists"):
        main(["make", str(out), str(tmp_path / "other.csv"), str(SET)])
    with pytest.raises(SystemExit, match="must not be inside the kit"):
        main(["make", str(tmp_path / "kit2"), str(tmp_path / "kit2" / "key.csv"), str(SET)])
    assert not (tmp_path / "kit2").exists()


def test_only_findings_age_and_sex_reach_the_reader_whatever_else_a_document_holds(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    document = json.loads(next(SET.glob("*.bodymaps.json")).read_text(encoding="utf-8"))
    document["x-secret"] = {"answer": "the diagnosis"}
    document["patient"]["name"] = "Jane Example"
    (folder / "001_case.bodymaps.json").write_text(json.dumps(document), encoding="utf-8")
    out, key = tmp_path / "kit", tmp_path / "key.csv"
    assert main(["make", str(out), str(key), str(folder)]) == 0
    text = (out / "records" / "R001.json").read_text(encoding="utf-8")
    assert "the diagnosis" not in text and "Jane" not in text and "x-" not in text
    assert json.loads(text)["sensory"] == document["sensory"]


def test_the_shuffle_follows_the_seed(tmp_path):
    def order(seed: str, name: str) -> list[str]:
        out, key = tmp_path / name, tmp_path / f"{name}.csv"
        main(["make", str(out), str(key), str(SET), "--seed", seed])
        with open(key, newline="", encoding="utf-8") as fh:
            return [row["file"] for row in csv.DictReader(fh)]

    assert order("5", "a") == order("5", "b") != order("6", "c")


def _fill(out: Path, rows: dict[str, tuple[str, str, str, str]]) -> Path:
    filled = out / "filled.csv"
    with open(filled, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["record", "first", "second", "third", "confidence"])
        for name, (a, b, c, conf) in rows.items():
            w.writerow([name, a, b, c, conf])
    return filled


def test_merge_checks_every_row_then_appends_the_reading(tmp_path):
    out, key = _make(tmp_path)
    names = [p.stem for p in sorted((out / "records").glob("*.json"))]
    good = ("l5_radiculopathy", "s1_radiculopathy", "piriformis_syndrome", "medium")
    ratings = tmp_path / "ratings.csv"
    ratings.write_text("file,record,reading,first,second,third,confidence\n", encoding="utf-8")
    bad = _fill(out, {**{n: good for n in names}, names[0]: ("l5_radiculopathy", "l5_radiculopathy", "x", "high")})
    with pytest.raises(SystemExit, match=f"{names[0]}: needs three different condition ids"):
        main(["merge", str(bad), str(key), "--reading", "3", "--ratings", str(ratings)])
    short = _fill(out, {n: good for n in names[1:]})
    with pytest.raises(SystemExit, match=f"not rated: {names[0]}"):
        main(["merge", str(short), str(key), "--reading", "3", "--ratings", str(ratings)])
    assert ratings.read_text(encoding="utf-8").count("\n") == 1  # nothing written on a refusal
    odd = _fill(out, {**{n: good for n in names}, names[1]: (*good[:3], "sure"), "Q999": good})
    with pytest.raises(SystemExit) as refused:
        main(["merge", str(odd), str(key), "--reading", "3", "--ratings", str(ratings)])
    assert "Q999: not in the key" in str(refused.value) and "confidence must be" in str(refused.value)
    twice = out / "twice.csv"
    twice.write_text(_fill(out, {n: good for n in names}).read_text(encoding="utf-8") + f"{names[2]},{','.join(good)}\n",
                     encoding="utf-8")
    with pytest.raises(SystemExit, match=f"rated more than once: {names[2]}"):
        main(["merge", str(twice), str(key), "--reading", "3", "--ratings", str(ratings)])
    assert ratings.read_text(encoding="utf-8").count("\n") == 1  # still nothing written
    filled = _fill(out, {n: good for n in names})
    assert main(["merge", str(filled), str(key), "--reading", "3", "--ratings", str(ratings)]) == 0
    with pytest.raises(SystemExit, match="already holds a reading 3"):
        main(["merge", str(filled), str(key), "--reading", "3", "--ratings", str(ratings)])
    with pytest.raises(SystemExit, match="cannot read"):
        main(["merge", str(filled), str(tmp_path / "no-key.csv"), "--reading", "4", "--ratings", str(ratings)])
    with open(ratings, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(names) and {r["reading"] for r in rows} == {"3"}
    assert all(r["file"].startswith("tests/heldout/") for r in rows)
