"""Click to differential repainted: 200 clicks on zones through the real body view, beside a baseline.

The window is the app's at 1366x768 with the example exam and the default overlays (benchmarks/_app_window.py).
Each click is a real mouse press and release on the anterior view's viewport at a zone's centroid (numbness
tool; the second pass over the zones clears them again). The pointer is moved onto the zone first, as a hand
does, and left to settle (the hover outline and the status line are drawn then, not timed); the click is timed
from the mouse event to the end of every repaint it caused (differential, roots, banner, view, toolbar, status
bar), the event loop run until nothing is left. A second series clicks without moving the pointer there first
(the hover outline moves within the click); a third clicks with the leading condition selected, so every
click also redraws its evidence on the body. Baseline, in the same run: an empty
QGraphicsView repainting the same scene. Goal: p95 <= 16 ms (one frame at 60 Hz).

Run: .venv/bin/python benchmarks/bench_click.py [--clicks 200] [--size 1366x768]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time

from _app_window import (
    ROOT,
    example_window,
    like_an_installed_app,
    load,
    ms,
    p95,
    private_folders,
    settle,
    timed,
)

sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=200)
    parser.add_argument("--size", default="1366x768")
    args = parser.parse_args()
    like_an_installed_app()
    private_folders()
    width, height = (int(v) for v in args.size.split("x"))

    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QGraphicsView

    from bodymaps.atlas.rings import label_point

    _app, _atlas, window = example_window((width, height))
    diagram = window.diagram
    if not hasattr(diagram, "views"):
        print("bench_click: no body diagram in this build")
        return 1
    diagram.set_tool("numbness")
    view_id = "anterior"
    view = diagram.views()[view_id]
    scene = diagram.scenes()[view_id]
    targets = []
    for _key, item in sorted(scene.zone_items().items()):
        point = QPointF(*label_point(item.region.parts))  # from the plain rings: the bench imports no shapely
        pos = view.mapFromScene(point)
        if view.viewport().rect().contains(pos) and item.contains(point):
            targets.append(pos)
    left, no_mod = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier

    def click(pos, hover_first: bool = True) -> float:
        if hover_first:
            QTest.mouseMove(view.viewport(), pos)
            settle()
        return timed(lambda: QTest.mouseClick(view.viewport(), left, no_mod, pos))

    def series(count: int, hover_first: bool = True) -> tuple[list[float], int]:
        for pos in targets[:4] * 2:  # warm up (caches, first paint of each item)
            click(pos, hover_first)
        collections = sum(s["collections"] for s in gc.get_stats())
        times = [click(targets[i % len(targets)], hover_first) for i in range(count)]
        return times, sum(s["collections"] for s in gc.get_stats()) - collections

    plain, plain_gc = series(args.clicks)
    jumped, jumped_gc = series(args.clicks, hover_first=False)
    differential = window.assessment_panel.differential
    differential.select_condition(window.assessment.differential[0].condition)
    settle()
    selected, selected_gc = series(args.clicks)

    baseline_view = QGraphicsView(scene)
    baseline_view.resize(view.size())
    baseline_view.show()
    settle()
    baseline = []
    for _ in range(args.clicks):
        t0 = time.perf_counter()
        baseline_view.viewport().repaint()
        baseline.append(time.perf_counter() - t0)

    print(f"bench_click: {args.clicks} clicks on {len(targets)} zones of the {view_id} view"
          f" ({width}x{height} window, example exam); {load()}")
    for name, times, collected in (("click -> all repainted", plain, plain_gc),
                                   ("pointer jumping to the zone", jumped, jumped_gc),
                                   ("a condition selected", selected, selected_gc)):
        print(f"  {name:<28} median {ms(statistics.median(times))}, p95 {ms(p95(times))},"
              f" max {ms(max(times))}  (goal p95 <= 16 ms; {collected} garbage collections)")
    print(f"  baseline, empty QGraphicsView repaint of the same scene: median {ms(statistics.median(baseline))},"
          f" p95 {ms(p95(baseline))}")
    window.autosaver.remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
