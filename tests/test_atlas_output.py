"""`bodymaps atlas render -o` writes like every output: atomically, owner-only, through a symlink to its target,
never onto a device; exit 2 and one line when it cannot."""

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bodymaps.cli import main

PNG = b"\x89PNG\r\n\x1a\n"


def render(out: Path) -> int:
    return main(["atlas", "render", "--view", "soles", "-o", str(out)])


def test_render_through_a_symlink_replaces_the_target_owner_only(tmp_path, capsys):
    (tmp_path / "pictures").mkdir()
    target = tmp_path / "pictures" / "old.png"
    target.write_bytes(b"old picture")
    os.chmod(target, 0o644)
    link = tmp_path / "link.png"
    link.symlink_to(target)
    assert render(link) == 0
    assert link.is_symlink() and target.read_bytes().startswith(PNG)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in (tmp_path / "pictures").iterdir()) == ["old.png"]


@pytest.mark.parametrize(("kind", "message"), [
    ("link_to_device", "is a symbolic link to a character device"), ("loop", "symbolic link loop"),
    ("folder", "Is a directory"), ("missing_folder", "folder does not exist"), ("fifo", "named pipe")])
def test_render_refuses_what_cannot_be_written_with_exit_2_and_one_line(tmp_path, capsys, kind, message):
    out = tmp_path / "out.png"
    if kind == "link_to_device":
        out.symlink_to("/dev/null")
    elif kind == "loop":
        out.symlink_to(out)
    elif kind == "folder":
        out.mkdir()
    elif kind == "fifo":
        os.mkfifo(out)
    else:
        out = tmp_path / "no" / "x.png"
    assert render(out) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"bodymaps: cannot write {out}: ") and message in err[0]
    assert Path("/dev/null").is_char_device()
    assert not [p for p in tmp_path.iterdir() if ".tmp" in p.name]


def test_a_render_killed_mid_write_leaves_the_old_picture(tmp_path):
    out = tmp_path / "atlas.png"
    out.write_bytes(b"old picture")
    code = ("import os, sys, time\n"
            "os.fsync = lambda fd: time.sleep(60)  # killed after writing, before the rename\n"
            "from bodymaps.cli import main\n"
            "main(['atlas', 'render', '--view', 'soles', '-o', sys.argv[1]])\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(out)])
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            temps = [p for p in tmp_path.iterdir() if p.name.startswith(".bm")]
            if temps and temps[0].stat().st_size > 1000:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the render never wrote its temporary file")
    finally:
        proc.kill()
        proc.wait(timeout=10)
    assert out.read_bytes() == b"old picture"
    assert temps[0].name.endswith(".tmp.png")
