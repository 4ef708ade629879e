"""Baseline for benchmarks/startup.py: a bare PySide6 window holding N path items, shown until first paint.

Usage: python benchmarks/_bare_window.py N. Exits 0 right after the view's first paint.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QPointF, QTimer
from PySide6.QtGui import QPainterPath, QPolygonF
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView, QMainWindow


class FirstPaint(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 150
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    scene = QGraphicsScene()
    for i in range(count):
        x, y = (i % 15) * 40.0, (i // 15) * 40.0
        path = QPainterPath()
        path.addPolygon(QPolygonF([QPointF(x, y), QPointF(x + 30, y), QPointF(x + 30, y + 30), QPointF(x, y + 30)]))
        scene.addPath(path)
    view = QGraphicsView(scene)
    window.setCentralWidget(view)
    watcher = FirstPaint()
    view.viewport().installEventFilter(watcher)
    window.resize(1366, 768)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
