"""Outputs never follow a link onto a device, never truncate in place, never leave temporaries for good;
inputs that are pipes, devices or huge are refused without blocking."""

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bodymaps.exam.document import ExamError, load_exam, save_exam
from bodymaps.exam.model import Exam, Patient
from bodymaps.files import (
    NotReadable,
    OutputRefused,
    private_atomic_path,
    read_regular_file,
    write_private_atomic,
    write_private_atomic_bytes,
)

EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "examples" / "left_l5_radiculopathy.bodymaps.json"


def test_writing_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "out.csv"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    write_private_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["out.csv"]


@pytest.mark.parametrize("kind", ["device", "link_to_device", "loop", "dangling", "fifo", "link_to_folder"])
def test_non_regular_outputs_are_refused_and_left_alone(tmp_path, kind):
    out = tmp_path / "out.png"
    if kind == "device":
        out = Path("/dev/null")
    elif kind == "link_to_device":
        out.symlink_to("/dev/null")
    elif kind == "loop":
        out.symlink_to(tmp_path / "other")
        (tmp_path / "other").symlink_to(out)
    elif kind == "dangling":
        out.symlink_to(tmp_path / "nowhere")
    elif kind == "fifo":
        os.mkfifo(out)
    else:
        out.symlink_to(tmp_path)
    before = os.lstat(out)
    with pytest.raises(OutputRefused) as info:
        write_private_atomic_bytes(out, b"x")
    message = info.value.strerror
    assert message and "\n" not in message
    expected = {"device": "character device", "link_to_device": "link to a character device",
                "loop": "link loop", "dangling": "missing file", "fifo": "named pipe",
                "link_to_folder": "link to a folder"}[kind]
    assert expected in message
    after = os.lstat(out)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert not (tmp_path / "nowhere").exists()
    assert not [p for p in tmp_path.iterdir() if ".tmp" in p.name]


def test_a_name_of_244_characters_can_be_written(tmp_path):
    out = tmp_path / ("r" * 240 + ".csv")
    write_private_atomic(out, "a\n")
    assert out.read_text(encoding="utf-8") == "a\n"


def test_a_temporary_left_by_a_killed_writer_is_swept_on_the_next_write(tmp_path):
    out = tmp_path / "results.csv"
    out.write_text("previous", encoding="utf-8")
    code = (
        "import os, sys, time\n"
        "import bodymaps.files as f\n"
        "os.replace = lambda *a: time.sleep(60)  # killed between write and rename\n"
        "f.write_private_atomic(sys.argv[1], 'complete new results')\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(out)])
    try:
        deadline = time.monotonic() + 20
        while not [p for p in tmp_path.iterdir() if p.name.startswith(".bm")] and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.2)  # written and fsynced, waiting to rename
    finally:
        proc.kill()
        proc.wait(timeout=10)
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".bm")]
    assert len(left) == 1 and len(left[0].name) < 40
    assert out.read_text(encoding="utf-8") == "previous"
    unrelated = tmp_path / ".bm-notours.tmp"
    unrelated.write_text("keep", encoding="utf-8")
    old = time.time() - 120  # the writer died more than a minute ago
    os.utime(left[0], (old, old))
    os.utime(unrelated, (old, old))
    write_private_atomic(tmp_path / "other.csv", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".bm-notours.tmp", "other.csv", "results.csv"]


def test_a_fresh_temporary_of_a_live_writer_is_not_swept(tmp_path):
    mine = tmp_path / f".bm{os.getppid()}-abcdefgh.tmp"
    mine.write_text("in progress", encoding="utf-8")
    old = time.time() - 120
    os.utime(mine, (old, old))
    write_private_atomic(tmp_path / "x.csv", "x")
    assert mine.exists()


def test_bytes_writer_and_path_context_keep_the_suffix_and_owner_only_mode(tmp_path):
    out = tmp_path / "chart.pdf"
    write_private_atomic_bytes(out, b"%PDF-1.4\n")
    assert out.read_bytes() == b"%PDF-1.4\n" and stat.S_IMODE(out.stat().st_mode) == 0o600
    with private_atomic_path(out) as tmp:
        assert tmp.suffix == ".pdf" and tmp.parent == tmp_path and len(tmp.name) < 40
        tmp.unlink()  # a library that recreates the file with its own permissions
        tmp.write_bytes(b"%PDF-1.7\n")
        os.chmod(tmp, 0o644)
        assert out.read_bytes() == b"%PDF-1.4\n"  # untouched until the block ends
    assert out.read_bytes() == b"%PDF-1.7\n" and stat.S_IMODE(out.stat().st_mode) == 0o600


def test_an_error_while_writing_by_name_keeps_the_old_file(tmp_path):
    out = tmp_path / "atlas.png"
    out.write_bytes(b"old picture")
    with pytest.raises(RuntimeError), private_atomic_path(out) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("killed mid-write")
    assert out.read_bytes() == b"old picture"
    assert [p.name for p in tmp_path.iterdir()] == ["atlas.png"]


def test_reading_a_fifo_a_device_or_a_huge_file_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "exam.json"
    os.mkfifo(fifo)
    with pytest.raises(NotReadable, match="named pipe"):
        read_regular_file(fifo, 100)
    with pytest.raises(NotReadable, match="character device"):
        read_regular_file("/dev/zero", 100)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 101)
    with pytest.raises(NotReadable, match="too large"):
        read_regular_file(big, 100)
    with pytest.raises(NotReadable, match="NUL"):
        read_regular_file(str(tmp_path / "a\0b"), 100)
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    with pytest.raises(NotReadable, match="symbolic link loop"):
        read_regular_file(loop, 100)
    with pytest.raises(ExamError, match="named pipe"):
        load_exam(fifo)


def test_saving_an_exam_opened_through_a_symlink_updates_the_target(tmp_path):
    (tmp_path / "store").mkdir()
    target = tmp_path / "store" / "e.bodymaps.json"
    target.write_bytes(EXAMPLE.read_bytes())
    link = tmp_path / "e.bodymaps.json"
    link.symlink_to(target)
    exam = load_exam(link)
    exam.patient = Patient(age=61)
    save_exam(exam, link)
    assert link.is_symlink()
    assert json.loads(target.read_text(encoding="utf-8"))["patient"]["age"] == 61
    assert load_exam(link).patient.age == 61


def test_saving_an_exam_onto_a_link_to_a_device_is_an_exam_error(tmp_path):
    link = tmp_path / "e.bodymaps.json"
    link.symlink_to("/dev/null")
    with pytest.raises(ExamError, match="cannot save: is a symbolic link to a character device"):
        save_exam(Exam(), link)
    assert link.is_symlink()


def test_an_extension_key_with_a_lone_surrogate_is_refused_at_load(tmp_path):
    path = tmp_path / "s.bodymaps.json"
    path.write_text('{"format": "bodymaps.exam", "version": 1, "x-\\udc00": 1}', encoding="utf-8")
    with pytest.raises(ExamError, match="not plain JSON"):
        load_exam(path)


def test_a_day_old_temporary_of_the_earlier_naming_is_swept_for_its_target(tmp_path):
    old = tmp_path / ".results.csv.k2j4h5g6.tmp"  # what earlier versions left after a kill -9
    other = tmp_path / ".notes.txt.k2j4h5g6.tmp"  # not for this target: left alone
    for path in (old, other):
        path.write_text("stale", encoding="utf-8")
        os.utime(path, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    write_private_atomic(tmp_path / "results.csv", "x")
    assert not old.exists() and other.exists()
