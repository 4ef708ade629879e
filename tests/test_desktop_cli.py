"""`bodymaps app` from the command line: bad files and no display exit 2 with one line (never a Qt abort);
--screenshot writes a private PNG of the painted window; --smoke opens, paints and exits 0."""

from __future__ import annotations

import os
import stat
import struct
import subprocess
import sys

import pytest

pytest.importorskip("PySide6")

from tests.desktop_helpers import CAUDA_EXAMPLE, L5_EXAMPLE, ROOT


def run_app(*args: str, env_update: dict | None = None, drop: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.update(env_update or {})
    for name in drop:
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "bodymaps", "app", *args], env=env, capture_output=True,
                          text=True, timeout=180, cwd=ROOT)


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_screenshot_writes_a_private_png_of_the_window(tmp_path):
    shot = tmp_path / "app.png"
    result = run_app(str(L5_EXAMPLE), "--screenshot", str(shot), "--size", "1366x768")
    assert result.returncode == 0, result.stderr
    assert png_size(shot) == (1366, 768)
    assert stat.S_IMODE(shot.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".*.tmp"))


def test_screenshot_without_a_display_renders_offscreen(tmp_path):
    shot = tmp_path / "flags.png"
    result = run_app(str(CAUDA_EXAMPLE), "--screenshot", str(shot), "--size", "1920x1080",
                     drop=("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"))
    assert result.returncode == 0, result.stderr
    assert png_size(shot) == (1920, 1080)


def test_smoke_opens_paints_and_exits_0():
    result = run_app(str(L5_EXAMPLE), "--smoke", "--map", "foerster")
    assert result.returncode == 0, result.stderr


def test_no_display_exits_2_with_one_line():
    result = run_app(str(L5_EXAMPLE), drop=("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "no display found" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("content, expected", [
    (None, "cannot read the file"),
    ('{"format": "bodymaps.exam", "version": 1, "motor": {"hip_flexion": {"left": 9}}}', "motor.hip_flexion.left"),
    ("{oops", "invalid JSON"),
])
def test_a_bad_exam_exits_2_with_one_line_and_no_window(tmp_path, content, expected):
    path = tmp_path / "exam.bodymaps.json"
    if content is not None:
        path.write_text(content)
    shot = tmp_path / "never.png"
    result = run_app(str(path), "--screenshot", str(shot))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bodymaps app: ") and expected in lines[0]
    assert not shot.exists()


def test_a_bad_size_exits_2(tmp_path):
    result = run_app("--screenshot", str(tmp_path / "x.png"), "--size", "big")
    assert result.returncode == 2 and "--size" in result.stderr


def test_the_app_command_module_does_not_import_qt():
    code = ("import sys, bodymaps.cli\nbodymaps.cli.build_parser()\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'desktop'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and result.stdout.strip() == "[]", result.stderr


def test_bodymaps_desktop_gui_script_is_registered_and_takes_the_same_flags(tmp_path):
    import importlib.metadata

    scripts = {e.name: e.value for e in importlib.metadata.entry_points(group="gui_scripts")}
    assert scripts.get("bodymaps-desktop") == "desktop.app:main"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    shot = tmp_path / "gui.png"
    code = f"import sys; from desktop.app import main; sys.exit(main([{str(L5_EXAMPLE)!r}, '--screenshot', {str(shot)!r}]))"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT,
                            timeout=180)
    assert result.returncode == 0, result.stderr
    assert png_size(shot) == (1366, 768)  # the default size for a screenshot


@pytest.mark.parametrize("argv", [
    [], ["exam.bodymaps.json"], ["exam.json", "--smoke"], ["--smoke", "exam.json"],
    ["--map", "foerster", "x.json"], ["x.json", "--screenshot", "shot.png", "--size", "800x600"],
    ["--size", "big", "--screenshot", "", "--map", "keegan_garrett", "--smoke"], [""],
])
def test_the_usual_app_command_lines_parse_as_argparse_parses_them(argv):
    from bodymaps.cli import app_cmd, build_parser

    simple = app_cmd.parse_simple(argv)
    parsed = build_parser("app").parse_args(["app", *argv])
    assert simple is not None
    assert vars(simple) == {name: getattr(parsed, name) for name in ("exam", "map", "screenshot", "size", "smoke")}


@pytest.mark.parametrize("argv", [
    ["--help"], ["-h"], ["--map=foerster"], ["--smo"], ["--map", "bogus"], ["a.json", "b.json"], ["--size"],
    ["--screenshot", "-x.png"], ["--smoke", "--smoke"], ["--map", "foerster", "--map", "foerster"], ["--"], ["-"],
    ["--version"],
])
def test_other_app_command_lines_are_left_to_argparse(argv):
    from bodymaps.cli import app_cmd

    assert app_cmd.parse_simple(argv) is None


def test_bad_app_arguments_still_get_argparse_s_message():
    result = run_app("--map", "bogus")
    assert result.returncode == 2 and "invalid choice: 'bogus'" in result.stderr


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc, where no file can be created")
def test_a_screenshot_into_a_folder_that_cannot_hold_it_says_so_before_opening_a_window():
    result = run_app(str(L5_EXAMPLE), "--screenshot", "/proc/bodymaps-shot.png")
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and "is not writable" in lines[0], result.stderr
