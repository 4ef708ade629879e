"""`bodymaps assess --batch` tried as a careless or hostile user would: nothing hangs, every exam gets a row,
no input is overwritten, every message is one safe line. Anything that could hang runs in a subprocess with
a timeout, so a regression fails instead of blocking CI."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bodymaps.cli import main

EXAMPLE = (Path(__file__).resolve().parent.parent / "data" / "examples" / "left_l5_radiculopathy.bodymaps.json"
           ).read_bytes()
EMPTY = b'{"format": "bodymaps.exam", "version": 1}'  # nothing examined: every score is negative


def run(*args: str, cwd: Path | None = None, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bodymaps", "assess", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:  # strict UTF-8: the whole file must decode
        return list(csv.DictReader(fh))


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_pipes_devices_loops_and_huge_files_get_a_row_each_without_hanging(tmp_path):
    folder = tmp_path / "exams"
    folder.mkdir()
    (folder / "a.json").write_bytes(EXAMPLE)
    os.mkfifo(folder / "fifo.json")
    (folder / "loop.json").symlink_to(folder / "loop.json")
    (folder / "zero.json").symlink_to("/dev/zero")
    with (folder / "huge.json").open("wb") as fh:
        fh.truncate(5 * 1024 * 1024)  # sparse: 5 MB to stat, nothing on disk
    listing = tmp_path / "list.csv"
    listing.write_text("path,note\nexams/a.json,x\nexams/fifo.json,\n/dev/zero,\n/dev/urandom,\n,blank\n"
                       "exams/loop.json,\nexams/huge.json,\n", encoding="utf-8")
    expected = {"a.json": "", "fifo.json": "named pipe (FIFO)", "zero": "character device",
                "urandom": "character device", "": "path cell is empty", "loop.json": "symbolic link loop",
                "huge.json": "too large (5.0 MB; the limit is 4.0 MB)"}
    out = tmp_path / "out.csv"
    done = run("--batch", str(listing), "--out", str(out))
    assert done.returncode == 1, done.stderr
    rows = read_rows(out)
    assert len(rows) == 7
    for row, (name, error) in zip(rows, expected.items(), strict=True):
        assert row["file"].endswith(name)
        assert error in row["error"] if error else row["error"] == ""
        assert "No such file" not in row["error"]
    assert "line 6 of the listing" in rows[4]["error"]
    done = run("--batch", str(folder), "--out", str(out))
    assert done.returncode == 1 and len(read_rows(out)) == 5
    assert "named pipe" in read_rows(out)[1]["error"]


@pytest.mark.parametrize("source", ["fifo", "device"])
def test_a_fifo_or_device_given_as_the_batch_is_refused(tmp_path, source):
    path = tmp_path / "listing.csv"
    if source == "fifo":
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
    done = run("--batch", str(path), "--out", str(tmp_path / "out.csv"))
    assert done.returncode == 2
    assert ("named pipe" if source == "fifo" else "character device") in one_line(done.stderr)
    assert not (tmp_path / "out.csv").exists()


def test_undecodable_names_and_lone_surrogates_are_escaped_not_fatal(tmp_path, capsys):
    folder = tmp_path / "exams"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.json")).write_bytes(EXAMPLE)  # Latin-1 name: not UTF-8
    (folder / "s.json").write_text('{"format": "bodymaps.exam", "version": 1, "\\udc00": 1}', encoding="utf-8")
    (folder / "t.json").write_text('{"format": "bodymaps.exam", "version": 1, "notes": "\\ud800"}',
                                   encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["assess", "--batch", str(folder), "--out", str(out)]) == 1
    rows = read_rows(out)
    assert rows[0]["file"].endswith("caf\\xe9.json") and rows[0]["top_condition"]
    assert "\\udc00" in rows[1]["error"]
    assert rows[2]["error"]
    err = capsys.readouterr().err
    err.encode("utf-8")  # no lone surrogate reaches the terminal either
    assert "caf\\xe9" not in err  # assessed fine, so not mentioned
    assert "\\udc00" in err


def test_out_onto_an_input_the_listing_or_a_device_is_refused(tmp_path, capsys):
    folder = tmp_path / "exams"
    folder.mkdir()
    exam = folder / "a.json"
    exam.write_bytes(EXAMPLE)
    (tmp_path / "hard.json").hardlink_to(exam)
    listing = tmp_path / "list.csv"
    listing.write_text("path\nexams/a.json\n", encoding="utf-8")
    (tmp_path / "devlink.csv").symlink_to("/dev/null")
    cases = [
        (folder, exam, "is the exam"),
        (listing, exam, "is the exam"),
        (listing, tmp_path / "hard.json", "is the exam"),
        (listing, listing, "is the listing"),
        (folder, Path("/dev/null"), "is a character device, not a regular file"),
        (folder, tmp_path / "devlink.csv", "symbolic link to a character device"),
        (folder, folder, "Is a directory"),
        (folder, tmp_path / "r.parquet", "CSV only"),
    ]
    for source, out, message in cases:
        assert main(["assess", "--batch", str(source), "--out", str(out)]) == 2, out
        assert message in one_line(capsys.readouterr().err)
    assert exam.read_bytes() == EXAMPLE
    assert listing.read_text(encoding="utf-8") == "path\nexams/a.json\n"
    assert Path("/dev/null").is_char_device() and (tmp_path / "devlink.csv").is_symlink()


def test_cells_that_a_spreadsheet_would_run_are_neutralised_but_scores_stay_numbers(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    names = ["=HYPERLINK(1).json", "+1.json", "-2.json", "@SUM(1).json", "\tt.json", "\rr.json"]
    for name in names:
        Path(name).write_bytes(EMPTY)
    Path("bad.json").write_text('{"format": "bodymaps.exam", "version": 1, "=1+2": 1}', encoding="utf-8")
    Path("list.csv").write_text("path\n" + "".join(f'"{n}"\n' for n in [*names, "bad.json"]), encoding="utf-8")
    assert main(["assess", "--batch", "list.csv", "--out", "out.csv"]) == 1
    with open("out.csv", encoding="utf-8", newline="") as fh:
        raw = list(csv.reader(fh))[1:]
    for row, name in zip(raw, names, strict=False):
        assert row[0] == "'" + name
        assert row[3] == "-3.000"  # a number, not a neutralised text cell
    assert raw[-1][0] == "bad.json" and raw[-1][6].startswith("'=1+2")
    from bodymaps.batch import read_results

    frame = read_results("out.csv")  # the quote is undone when read back for analysis
    assert list(frame["file"]) == [*names, "bad.json"]
    assert frame["score"].iloc[0] == -3.0


def test_nothing_to_assess_is_an_error_not_an_empty_csv(tmp_path, capsys, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "out.csv"
    assert main(["assess", "--batch", str(empty), "--out", str(out)]) == 2
    assert "no exam" in one_line(capsys.readouterr().err)
    header_only = tmp_path / "h.csv"
    header_only.write_text("path\n\n", encoding="utf-8")
    assert main(["assess", "--batch", str(header_only), "--out", str(out)]) == 2
    assert "no exam" in one_line(capsys.readouterr().err)
    assert not out.exists()

    def unlistable(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "scandir", unlistable)
    assert main(["assess", "--batch", str(empty), "--out", str(out)]) == 2
    assert "cannot list the folder" in one_line(capsys.readouterr().err)


def test_a_listing_saved_as_csv_utf8_by_a_spreadsheet_is_read_and_blank_cells_reported(tmp_path, capsys):
    (tmp_path / "x.json").write_bytes(EXAMPLE)
    listing = tmp_path / "list.csv"
    listing.write_bytes(b"\xef\xbb\xbfpath;,id\r\nx.json,1\r\n,2\r\n\r\nx.json,3\r\n\r\n".replace(b";", b""))
    out = tmp_path / "out.csv"
    assert main(["assess", "--batch", str(listing), "--out", str(out)]) == 1
    rows = read_rows(out)
    assert [r["error"] for r in rows] == ["", "line 3 of the listing: the path cell is empty",
                                          "line 4 of the listing: the path cell is empty", ""]
    assert "line 3 of the listing" in capsys.readouterr().err


def test_messages_name_the_problem_are_capped_and_never_reach_the_terminal_raw(tmp_path, capsys):
    (tmp_path / "big.json").write_text(json.dumps({"format": "bodymaps.exam", "version": 1, "k" * 1_000_000: 1}),
                                       encoding="utf-8")
    (tmp_path / "evil\x1b]0;owned\x07\u202etxt.json").write_text("{", encoding="utf-8")
    listing = tmp_path / "list.csv"
    listing.write_text('path\nbig.json\n"evil\x1b]0;owned\x07\u202etxt.json"\n"a\x00b.json"\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["assess", "--batch", str(listing), "--out", str(out)]) == 1
    rows = read_rows(out)
    assert "is not a section" in rows[0]["error"] and len(rows[0]["error"]) <= 1000
    assert "NUL" in rows[2]["error"] and "internal error" not in rows[2]["error"]
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err and "\x00" not in err
    assert "\\x1b]0;owned\\x07\\u202etxt.json" in err
    assert all(len(line) <= 1000 for line in err.splitlines())
    assert "(1,000,001 characters)" in err and "is not a section" in err


def test_a_long_out_name_is_written(tmp_path):
    (tmp_path / "a.json").write_bytes(EXAMPLE)
    out = tmp_path / ("r" * 240 + ".csv")
    assert main(["assess", "--batch", str(tmp_path), "--out", str(out)]) == 0
    assert len(read_rows(out)) == 1


def test_one_exam_that_is_a_fifo_a_device_or_a_link_loop_is_named_as_such(tmp_path, capsys):
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    for path, message in [(fifo, "named pipe (FIFO)"), (Path("/dev/zero"), "character device")]:
        done = run(str(path))  # in a subprocess: reading either would block or never end
        assert done.returncode == 2
        line = one_line(done.stderr)
        assert message in line and "no such file" not in line.lower()
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    assert main(["assess", str(loop)]) == 2
    assert "symbolic link loop" in one_line(capsys.readouterr().err)
