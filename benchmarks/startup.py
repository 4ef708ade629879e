"""Start-up time: process start to the first painted window with the example exam loaded and assessed.

Compared, in one run with alternating repetitions, against a bare PySide6 window holding the same number of
graphics items (benchmarks/_bare_window.py). Prints both medians, the ratio (goal <= 1.5) and the peak
memory (RSS) of each. Offscreen, so it runs anywhere; the absolute numbers vary by machine, the ratio less.

Run:  .venv/bin/python benchmarks/startup.py [--repeat 9] [--bundle dist/bodymaps/bodymaps]
With --bundle it measures the PyInstaller binary as well (build it with `bash installer/build.sh`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "examples" / "left_l5_radiculopathy.bodymaps.json"


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of one process run to completion."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users' installs keep their .pyc files; so do we
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"startup: {' '.join(cmd)} failed ({status}): {stderr.strip()[-400:]}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


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


def measure(label: str, cmd: list[str], base: list[str], repeat: int) -> None:
    run(cmd), run(base)  # warm the file cache
    app_times, base_times, app_rss, base_rss = [], [], [], []
    for _ in range(repeat):  # alternate, so that drift affects both alike
        t, m = run(cmd)
        app_times.append(t)
        app_rss.append(m)
        t, m = run(base)
        base_times.append(t)
        base_rss.append(m)
    a, b = statistics.median(app_times), statistics.median(base_times)
    print(f"{label}: first painted window {a * 1000:.0f} ms (median of {repeat}); bare window {b * 1000:.0f} ms; "
          f"ratio {a / b:.2f} (goal <= 1.5)")
    print(f"{label}: peak RSS {max(app_rss):.0f} MB; bare window {max(base_rss):.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--bundle", help="path of the bundled binary to measure too")
    args = parser.parse_args()
    items = item_count()
    base = [sys.executable, str(ROOT / "benchmarks" / "_bare_window.py"), str(items)]
    venv_app = [str(Path(sys.executable).with_name("bodymaps")), "app", str(EXAMPLE), "--smoke"]
    print(f"startup: {items} graphics items in the baseline window")
    measure("bodymaps app (venv)", venv_app, base, args.repeat)
    if args.bundle:
        measure("bundle", [args.bundle, "app", str(EXAMPLE), "--smoke"], base, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
