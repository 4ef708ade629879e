"""Start-up time: process start to the first painted window with the example exam loaded and assessed.

Compared, in one run with alternating repetitions, against a bare PySide6 window holding the same number of
graphics items (benchmarks/_bare_window.py). Prints both medians, the ratio (goal <= 1.5) and the peak
memory (RSS) of each. For the venv it also times, alternating with the others, two references that split the gap:
a floor (benchmarks/_floor_window.py: the bare window after the core work the first frame needs: import the
core, load the atlas, read and assess the exam) and a replica (benchmarks/_replica_window.py: the same core work,
then the widgets of the app's first frame as stock Qt widgets, with none of BodyMaps' window code). Offscreen, so it runs anywhere; the absolute numbers vary by machine, the ratio less.

How it is measured (the same protocol for both sides):
- start: time.monotonic() read just before the process is spawned (fork/exec and the interpreter's own start
  are inside the measure);
- first paint: both processes print ``first-paint MONOTONIC`` from a zero-delay timer posted by the first
  Paint event of their top-level window, i.e. as soon as Qt's first paint pass over the whole window is done
  (for the app: the window with the exam loaded and assessed, the differential, roots and body views painted;
  `bodymaps app EXAM --smoke`, desktop/app.py). time.monotonic() is CLOCK_MONOTONIC, system-wide on Linux, so
  the two clocks are the same clock;
- the figure compared is first paint - start. The time to process exit (wait4) is printed too, for
  transparency: it adds the teardown, which the app's --smoke skips (os._exit once stdout is flushed).
Peak RSS is ru_maxrss of the whole process (wait4). The app runs with a private settings folder and a private
atlas cache, warmed by a first unmeasured run, as a user's second start would find it.

Run:  .venv/bin/python benchmarks/startup.py [--repeat 9] [--bundle dist/bodymaps/bodymaps]
With --bundle it measures the PyInstaller binary as well (build it with `bash installer/build.sh`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "examples" / "left_l5_radiculopathy.bodymaps.json"


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(start -> first paint, start -> exit) in seconds and the peak RSS (MB) of one process."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    t_exit = time.monotonic()
    out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"startup: {' '.join(cmd)} failed ({status}): {err.strip()[-400:]}")
    painted = [float(line.split()[1]) for line in out.splitlines() if line.startswith("first-paint ")]
    if not painted:
        raise SystemExit(f"startup: {' '.join(cmd)} did not report its first paint: {out.strip()[-200:]}")
    return painted[0] - t0, t_exit - t0, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def item_count() -> int:
    """Graphics items in the app's diagram: every zone, dermatome and nerve region of every view."""
    sys.path.insert(0, str(ROOT))
    from bodymaps.atlas import load_atlas

    atlas = load_atlas()
    total = 0
    for view in atlas.views.values():
        total += len(view.zones) + len(view.nerves) + len(view.landmarks)
        total += len(next(iter(view.dermatomes.values()), []))
    return total


def measure(label: str, cmd: list[str], base: list[str], repeat: int, env: dict[str, str],
            floors: dict[str, list[str]] | None = None) -> float:
    for warm in (cmd, base, *(floors or {}).values()):  # warm the file cache and the app's atlas cache
        run(warm, env)
    app_runs, base_runs = [], []
    floor_runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in floors or {}}
    for _ in range(repeat):  # alternate, so that drift affects both alike
        app_runs.append(run(cmd, env))
        base_runs.append(run(base, env))
        for name, floor in (floors or {}).items():
            floor_runs[name].append(run(floor, env))
    a, b = (statistics.median(r[0] for r in runs) for runs in (app_runs, base_runs))
    ae, be = (statistics.median(r[1] for r in runs) for runs in (app_runs, base_runs))
    print(f"{label}: start -> first painted window {a * 1000:.0f} ms (median of {repeat}; "
          f"{min(r[0] for r in app_runs) * 1000:.0f}-{max(r[0] for r in app_runs) * 1000:.0f}); "
          f"bare window {b * 1000:.0f} ms ({min(r[0] for r in base_runs) * 1000:.0f}-"
          f"{max(r[0] for r in base_runs) * 1000:.0f}); ratio {a / b:.2f} (goal <= 1.5)")
    print(f"{label}: start -> process exit {ae * 1000:.0f} ms; bare window {be * 1000:.0f} ms")
    print(f"{label}: peak RSS {max(r[2] for r in app_runs):.0f} MB; "
          f"bare window {max(r[2] for r in base_runs):.0f} MB")
    for name, runs in floor_runs.items():
        f = statistics.median(r[0] for r in runs)
        print(f"{label}: {name} {f * 1000:.0f} ms ({min(r[0] for r in runs) * 1000:.0f}-"
              f"{max(r[0] for r in runs) * 1000:.0f}), ratio {f / b:.2f}")
    return a / b


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--bundle", help="path of the bundled binary to measure too")
    args = parser.parse_args()
    items = item_count()
    folder = tempfile.mkdtemp(prefix="bodymaps-startup-")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BODYMAPS_CONFIG_DIR=folder, BODYMAPS_DATA_HOME=folder)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users' installs keep their .pyc files; so do we
    base = [sys.executable, str(ROOT / "benchmarks" / "_bare_window.py"), str(items)]
    venv_app = [str(Path(sys.executable).with_name("bodymaps")), "app", str(EXAMPLE), "--smoke"]
    print(f"startup: {items} graphics items in the baseline window; load average {os.getloadavg()[0]:.2f}")
    # a cache folder each: the venv and the bundle have different cache keys, and each drops the other's file
    floors = {  # the same arguments as the bare window, plus the example
        "floor (bare window after the core work: import, atlas, exam, assessment)": "_floor_window.py",
        "replica (the core work, then the first frame's widgets as stock Qt widgets)": "_replica_window.py",
    }
    measure("bodymaps app (venv)", venv_app, base, args.repeat, dict(env, BODYMAPS_CACHE_DIR=f"{folder}/venv"),
            {name: [sys.executable, str(ROOT / "benchmarks" / script), str(items), str(EXAMPLE)]
             for name, script in floors.items()})
    if args.bundle:
        measure("bundle", [args.bundle, "app", str(EXAMPLE), "--smoke"], base, args.repeat,
                dict(env, BODYMAPS_CACHE_DIR=f"{folder}/bundle"))
    print(f"startup: load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
