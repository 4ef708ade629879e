"""Speed of the body diagram, beside baselines from the same run (offscreen; ratios, never absolute goals).

- build: a BodyDiagram (three scenes, one item per zone polygon, outline, drawing aids, markers) against a bare
  QGraphicsScene + QGraphicsView holding the same number of plain path items made from the same (cached) paths.
- click: a real mouse click on a zone (tool -> controller -> document -> changed -> restyle of that one item)
  followed by a repaint of the viewport area that changed, against repainting that area with nothing changed.
Goals from the desktop issue: build <= ~100 ms, click -> restyle well under a frame (16 ms).
Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_body_view.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QGraphicsPathItem, QGraphicsScene, QGraphicsView  # noqa: E402

from bodymaps.atlas import Atlas, load_atlas  # noqa: E402
from bodymaps.exam import ExamDocument  # noqa: E402
from desktop.body_view import BodyDiagram  # noqa: E402
from desktop.body_view.paths import region_path  # noqa: E402
from desktop.document.controller import ExamController  # noqa: E402

REPEAT = 9
CLICKS = 40


def _bare(atlas: Atlas) -> QGraphicsView:
    scene = QGraphicsScene()
    for view in atlas.views.values():
        for zone in view.zones:
            scene.addItem(QGraphicsPathItem(region_path(zone)))
    return QGraphicsView(scene)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    atlas = load_atlas()
    atlas.zone_root_weights(atlas.default_map)
    atlas.zone_nerve_weights()
    controller = ExamController(ExamDocument())
    BodyDiagram(atlas, controller).deleteLater()  # warm Qt (fonts, enums, the path cache)
    _bare(atlas).deleteLater()
    app.processEvents()

    builds, bases = [], []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        bare = _bare(atlas)
        t1 = time.perf_counter()
        diagram = BodyDiagram(atlas, controller)
        t2 = time.perf_counter()
        bases.append(t1 - t0)
        builds.append(t2 - t1)
        bare.deleteLater()
        diagram.deleteLater()
        app.processEvents()

    diagram = BodyDiagram(atlas, controller)
    diagram.resize(1200, 800)
    diagram.show()
    app.processEvents()
    view = diagram.views()["anterior"]
    item = diagram.zone_items("anterior_thigh", "left")[0]
    p = item.region.geometry.representative_point()
    pos = view.mapFromScene(QPointF(p.x, p.y))
    area = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
    clicks, repaints = [], []
    for _ in range(CLICKS):
        t0 = time.perf_counter()
        view.viewport().repaint(area)
        t1 = time.perf_counter()
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        view.viewport().repaint(area)
        t2 = time.perf_counter()
        repaints.append(t1 - t0)
        clicks.append(t2 - t1)

    build, base = statistics.median(builds), statistics.median(bases)
    click, repaint = statistics.median(clicks), statistics.median(repaints)
    zones = sum(len(v.zones) for v in atlas.views.values())
    print(f"body diagram: {len(atlas.views)} views, {zones} zone items; medians of {REPEAT} builds, {CLICKS} clicks")
    print(f"build             {build * 1e3:7.1f} ms   baseline (bare scene, same paths) {base * 1e3:6.1f} ms   "
          f"ratio {build / base:5.1f}x")
    print(f"click -> restyle  {click * 1e3:7.2f} ms   baseline (repaint, no change)     {repaint * 1e3:6.2f} ms   "
          f"ratio {click / repaint:5.1f}x")


if __name__ == "__main__":
    main()
