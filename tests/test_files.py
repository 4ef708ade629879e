"""Patient data is written atomically and readable by the owner only; failures name the path."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bodymaps.files import FolderNotWritable, write_private_atomic

EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "examples" / "left_l5_radiculopathy.bodymaps.json"


def test_written_file_is_owner_only_and_complete(tmp_path):
    path = tmp_path / "out.csv"
    write_private_atomic(path, "a,b\n1,2\n")
    assert path.read_text(encoding="utf-8") == "a,b\n1,2\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left behind


def test_failed_rename_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "out.csv"
    path.write_text("old", encoding="utf-8")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_private_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_missing_folder_is_reported_as_such(tmp_path):
    with pytest.raises(FolderNotWritable):
        write_private_atomic(tmp_path / "no" / "out.csv", "x")


def test_batch_to_an_unwritable_output_path_is_a_clear_error(tmp_path):
    folder = tmp_path / "exams"
    folder.mkdir()
    (folder / "a.bodymaps.json").write_bytes(EXAMPLE.read_bytes())
    out = tmp_path / "missing" / "results.csv"
    result = subprocess.run(
        [sys.executable, "-m", "bodymaps", "assess", "--batch", str(folder), "--out", str(out)],
        capture_output=True, text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"bodymaps assess: cannot write {out}: folder {out.parent} does not exist or is not writable"
    ]
    assert "Traceback" not in result.stderr
