"""The Qt binding keeps Python's reference counts intact while the diagram paints.

PySide6 6.12.0 drops a reference to ``None`` on every Qt call that returns nothing; on Python 3.11, where
``None`` is not immortal, a few thousand painter calls later the process aborts ("none_dealloc: deallocating
None"). pyproject.toml excludes that release; this test fails loudly if such a binding comes back.
"""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath


def test_void_qt_calls_keep_the_reference_count_of_none(qtbot):
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    path = QPainterPath()
    path.addRect(0, 0, 8, 8)
    before = sys.getrefcount(None)
    for _ in range(200):
        painter.setPen(QColor("black"))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
    after = sys.getrefcount(None)
    painter.end()
    assert after - before > -50, "this PySide6 build leaks references to None; see pyproject.toml"
