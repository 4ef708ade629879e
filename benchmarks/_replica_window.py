"""Replica for benchmarks/startup.py: BodyMaps' first frame rebuilt from plain Qt widgets, with none of
BodyMaps' window code, to find out what a window of that kind costs in PySide6 at all.

It does the floor's core work (benchmarks/_floor_window.py: import the core, load the atlas, read and assess the
example), then builds what the app's first frame shows, each part with the stock widget a minimal app would
use: a menu bar of five menus and a toolbar of 15 buttons and a combo box; a left dock with four tabs, the
Patient tab's form and a notes editor; three graphics views holding the same regions as the app's diagram
(zones, one dermatome map, nerve territories, landmarks: the baseline's item count) as antialiased path items,
filled and outlined, each dermatome with a text label, and the two R/L letters per view; a right dock with the
map's name, a tree of the 19 conditions (three columns), a 2x9 table of roots and a suggestions list; a status
bar. It paints none of the app's hatches, halos or pixmap-cached overlays, so it is cheaper than the app.

Usage: python benchmarks/_replica_window.py N EXAM. Prints ``first-paint MONOTONIC`` like the bare window.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def build(atlas, assessment):
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF
    from PySide6.QtWidgets import (
        QComboBox,
        QDockWidget,
        QFormLayout,
        QGraphicsScene,
        QGraphicsView,
        QHBoxLayout,
        QLabel,
        QLineEdit,
        QListWidget,
        QMainWindow,
        QPlainTextEdit,
        QTableWidget,
        QTableWidgetItem,
        QTabWidget,
        QTreeWidget,
        QTreeWidgetItem,
        QVBoxLayout,
        QWidget,
    )

    window = QMainWindow()
    for title in ("File", "Edit", "View", "Tools", "Help"):
        menu = window.menuBar().addMenu(title)
        for i in range(8):
            menu.addAction(f"{title} action {i}")
    toolbar = window.addToolBar("Main")
    for name in ("New", "Open", "Save", "Undo", "Redo", "Pain", "Numbness", "Paraesthesia", "Eraser", "Map",
                 "Dermatomes", "Nerves", "Landmarks", "Teaching mode", "Help"):
        toolbar.addAction(name)
    toolbar.addWidget(QComboBox())

    tabs = QTabWidget()
    patient = QWidget()
    form = QFormLayout(patient)
    for label in ("Name", "ID", "Age", "Sex", "Date", "Examiner"):
        form.addRow(label, QLineEdit())
    form.addRow("Notes", QPlainTextEdit("Left leg pain radiating to the dorsum of the foot."))
    tabs.addTab(patient, "Patient")
    for title in ("Reflexes · MRC", "Tests", "History · flags"):
        tabs.addTab(QWidget(), title)
    left = QDockWidget("Exam", window)
    left.setWidget(tabs)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, left)

    central = QWidget()
    row = QHBoxLayout(central)
    pen = QPen(QColor("#5b4636"), 1.2)
    for view in atlas.views.values():
        scene = QGraphicsScene(window)  # owned by the window, as the app's scenes are
        regions = [("#f5e6d8", view.zones), ("#c7d6ee", view.dermatomes.get(atlas.default_map, [])),
                   ("#e8d0e8", view.nerves)]
        for colour, group in regions:
            brush = QBrush(QColor(colour))
            for region in group:
                path = QPainterPath()
                for polygon in region.polygons:
                    path.addPolygon(QPolygonF([QPointF(x, y) for x, y in polygon]))
                scene.addPath(path, pen, brush)
                if colour == "#c7d6ee":
                    label = scene.addSimpleText(region.id)
                    label.setPos(path.boundingRect().center())
        for landmark in view.landmarks:
            scene.addEllipse(landmark.x - 3, landmark.y - 3, 6, 6, pen)
        for letter, x in (("R", 0.0), ("L", view.width - 20)):
            scene.addSimpleText(letter).setPos(x, 0)
        graphics = QGraphicsView(scene)
        graphics.setRenderHint(QPainter.RenderHint.Antialiasing)
        graphics.scale(620 / view.height, 620 / view.height)  # the whole figure in the 768-pixel window
        row.addWidget(graphics)
    window.setCentralWidget(central)

    panel = QWidget()
    column = QVBoxLayout(panel)
    column.addWidget(QLabel("Dermatome map: Evidence-based (Lee 2008)"))
    tree = QTreeWidget()
    tree.setHeaderLabels(["Condition", "Side", "Score"])
    for rank, condition in enumerate(assessment.differential, 1):
        QTreeWidgetItem(tree, [f"{rank}. {condition.label}", condition.side or "", f"{condition.score:+.1f}"])
    column.addWidget(tree)
    roots = ["L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4-5"]
    table = QTableWidget(2, len(roots))
    table.setHorizontalHeaderLabels(roots)
    table.setVerticalHeaderLabels(["R", "L"])
    for entry in assessment.roots:
        if entry.root in roots:
            table.setItem(0 if entry.side == "right" else 1, roots.index(entry.root),
                          QTableWidgetItem(f"{entry.score:+.1f}"))
    column.addWidget(table)
    column.addWidget(QListWidget())
    column.addWidget(QLabel("Decision support, not a diagnosis."))
    right = QDockWidget("Assessment", window)
    right.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, right)
    window.statusBar().showMessage("Ready")
    return window


def main() -> int:
    from _floor_window import core_work_result

    atlas, assessment = core_work_result(sys.argv[2])
    from _bare_window import show_until_first_frame
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    return show_until_first_frame(app, build(atlas, assessment))


if __name__ == "__main__":
    sys.exit(main())
