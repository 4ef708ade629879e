"""Baseline for benchmarks/startup.py: a bare PySide6 window holding N path items, shown until its first frame.

Usage: python benchmarks/_bare_window.py N. Prints ``first-paint MONOTONIC`` (seconds on time.monotonic(), the
system-wide CLOCK_MONOTONIC on Linux) once the window's first frame is painted, then quits and exits 0.

The first frame is detected exactly as `bodymaps app --smoke` detects it (desktop/app.py, FirstFrame): the first
Paint event of the top-level window starts Qt's paint pass over the whole window; a zero-delay timer posted from
it runs as soon as that pass (every child widget, the view and its items) is done.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QPointF, QTimer
from PySide6.QtGui import QPainterPath, QPolygonF
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView, QMainWindow


class FirstFrame(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, self.painted)
        return False

    def painted(self) -> None:
        print(f"first-paint {time.monotonic():.6f}", flush=True)
        QApplication.quit()


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
    return show_until_first_frame(app, window)


def show_until_first_frame(app: QApplication, window: QMainWindow) -> int:
    """Show the window at 1366x768 and run the event loop until its first frame is painted (FirstFrame)."""
    watcher = FirstFrame()
    window.installEventFilter(watcher)
    window.resize(1366, 768)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
