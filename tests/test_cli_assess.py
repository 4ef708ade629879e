"""`bodymaps assess`: table, --json, exit status 2 with one line for bad input, --batch."""

from __future__ import annotations

import csv
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bodymaps import DISCLAIMER
from bodymaps.cli import main

CES = {
    "format": "bodymaps.exam",
    "version": 1,
    "patient": {"age": 45},
    "sensory": [{"zone": "perineum", "side": "midline", "kind": "numbness"},
                {"zone": "posterior_thigh", "side": "left", "kind": "pain"}],
    "reflexes": {"achilles": {"left": 1, "right": 1}},
    "history": ["bilateral_leg_symptoms"],
    "red_flags": ["urinary_retention"],
}
FOOT_DROP = {
    "format": "bodymaps.exam",
    "version": 1,
    "sensory": [{"zone": "dorsum_foot", "side": "left", "kind": "numbness"}],
    "motor": {"ankle_dorsiflexion": {"left": 4, "right": 5}, "great_toe_extension": {"left": 4, "right": 5}},
}


def write(path: Path, doc) -> Path:
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    return path


def test_table_puts_red_flags_first_and_ends_with_the_disclaimer(tmp_path, capsys):
    assert main(["assess", str(write(tmp_path / "ces.bodymaps.json", CES))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("!! RED FLAGS")
    assert "EMERGENCY" in out and "Saddle anaesthesia" in out
    assert out.index("RED FLAGS") < out.index("Differential") < out.index("Roots")
    assert "Cauda equina syndrome" in out.split("Differential")[1].splitlines()[1]
    assert out.rstrip().endswith(DISCLAIMER)


def test_table_shows_findings_with_sources_and_suggestions(tmp_path, capsys):
    assert main(["assess", str(write(tmp_path / "fd.json", FOOT_DROP))]) == 0
    out = capsys.readouterr().out
    assert "RED FLAGS" not in out
    assert "+ Great toe extension, left: MRC 4" in out  # findings in words for people; --json keeps the ids
    assert "motor.great_toe_extension" not in out
    assert "[T]" in out or "[S]" in out
    assert "Examine next" in out and "Ankle inversion, left" in out
    roots = out.split("\nRoots\n")[1].split("\n\n")[0].splitlines()
    assert roots and all(float(line.split()[-1]) > 0 for line in roots)  # only roots with evidence


def test_json_follows_the_contract(tmp_path, capsys):
    path = write(tmp_path / "fd.json", FOOT_DROP)
    assert main(["assess", str(path), "--json", "--map", "foerster"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"differential", "roots", "red_flags", "suggestions", "map"}
    assert data["map"] == "foerster" and len(data["differential"]) == 19
    assert data["red_flags"] == []
    assert {"finding", "why"} == set(data["suggestions"][0])


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["{bad}"], "format"),
        (["{missing}"], "no such file"),
        (["{good}", "--map", "atlantis"], "unknown map 'atlantis'"),
        (["{notjson}"], ""),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, args, expected):
    files = {
        "bad": write(tmp_path / "bad.json", {"format": "something else", "version": 1}),
        "good": write(tmp_path / "good.json", FOOT_DROP),
        "notjson": write(tmp_path / "notjson.json", "{not json"),
        "missing": tmp_path / "missing.json",
    }
    argv = ["assess"] + [a.format(**files) for a in args]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bodymaps assess: ") and expected in lines[0]


def test_batch_folder_with_one_bad_file(tmp_path, capsys):
    folder = tmp_path / "exams"
    folder.mkdir()
    write(folder / "a.json", CES)
    write(folder / "b.json", FOOT_DROP)
    write(folder / "c.json", {"format": "bodymaps.exam", "version": 1, "motor": {"hip_flexion": {"left": 9}}})
    out = tmp_path / "results.csv"
    assert main(["assess", "--batch", str(folder), "--out", str(out)]) == 1  # written, with one error row
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [Path(r["file"]).name for r in rows] == ["a.json", "b.json", "c.json"]
    assert rows[0]["top_condition"] == "cauda_equina_syndrome"
    assert "saddle_anesthesia" in rows[0]["red_flags"].split(";")
    assert rows[1]["top_condition"] and not rows[1]["error"]
    assert rows[2]["error"] and not rows[2]["top_condition"]
    assert "c.json" in capsys.readouterr().err
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_batch_csv_of_paths(tmp_path, capsys):
    write(tmp_path / "x.json", FOOT_DROP)
    listing = tmp_path / "list.csv"
    listing.write_text("path\nx.json\nmissing.json\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["assess", "--batch", str(listing), "--out", str(out)]) == 1  # written, with one error row
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["error"] == "" and rows[1]["error"]
    assert "missing.json" in capsys.readouterr().err


def test_batch_needs_out(tmp_path, capsys):
    assert main(["assess", "--batch", str(tmp_path)]) == 2
    assert "--out" in capsys.readouterr().err


def test_command_line_entry_point(tmp_path):
    path = write(tmp_path / "fd.json", FOOT_DROP)
    done = subprocess.run([sys.executable, "-m", "bodymaps", "assess", str(path), "--json"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["differential"][0]["condition"] in {
        "l5_radiculopathy", "common_fibular_neuropathy"}
