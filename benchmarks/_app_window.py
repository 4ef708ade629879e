"""Shared by bench_click.py and bench_actions.py: the app's window as a user gets it, and "wait until painted".

The window is built as ``bodymaps app EXAMPLE --size WxH`` builds it (the example exam, the default preferences,
so the dermatome overlay is on), in a throwaway settings and recovery folder, and finished as the app finishes
starting up after its first frame (``desktop.app.finish_start_up``: deferred tabs built, start-up's garbage
collected once and the survivors frozen, so that later collections never walk them).
"""

from __future__ import annotations

import compileall
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "examples" / "left_l5_radiculopathy.bodymaps.json"


def like_an_installed_app() -> None:
    """Run with compiled modules, as an installed app does: with PYTHONDONTWRITEBYTECODE set (this project's
    shell sets it) every first import would compile its source, adding tens of milliseconds to the first run of
    an action that no user sees. So re-run this script without it, the .pyc files kept in a temporary folder
    (PYTHONPYCACHEPREFIX), never in the tree, and compile the project there first."""
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE")
        env.setdefault("PYTHONPYCACHEPREFIX", os.path.join(tempfile.gettempdir(), "bodymaps-bench-pycache"))
        os.execve(sys.executable, [sys.executable, *sys.argv], env)
    if sys.pycache_prefix:
        for package in ("bodymaps", "desktop"):
            compileall.compile_dir(ROOT / package, quiet=1)


def private_folders() -> str:
    """Point settings and recovery files at a new temporary folder (never the user's)."""
    folder = tempfile.mkdtemp(prefix="bodymaps-bench-")
    os.environ["BODYMAPS_CONFIG_DIR"] = folder
    os.environ["BODYMAPS_DATA_HOME"] = folder
    return folder


def settle() -> None:
    """Run the event loop until what the last action asked for is done: posted events, the tree views' delayed
    layouts (a zero-time timer started while events are processed runs on the next pass) and every repaint."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()


def timed(action) -> float:
    """Seconds from the start of ``action()`` to the end of the repaints it caused."""
    t0 = time.perf_counter()
    action()
    settle()
    return time.perf_counter() - t0


def example_window(size: tuple[int, int]):
    """The main window with the example exam, shown at ``size`` and painted; (app, atlas, window)."""
    from bodymaps.atlas import load_atlas
    from bodymaps.exam import ExamDocument
    from desktop import app as desktop_app
    from desktop.main_window import MainWindow

    app = desktop_app.make_application()
    desktop_app.pause_gc()
    atlas = load_atlas()
    window = MainWindow(atlas, ExamDocument.open(EXAMPLE), None)
    window.resize(*size)
    window.size_docks(size[0])
    window.show()
    desktop_app.wait_painted(window)
    desktop_app.finish_start_up(window)
    settle()
    return app, atlas, window


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def ms(x: float) -> str:
    return f"{x * 1000:6.1f} ms"
