"""Helpers for the body-diagram tests: click and drag on zones as a user would (on the view's viewport)."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest

from desktop.body_view import BodyDiagram, BodyView


def zone_point(diagram: BodyDiagram, view_id: str, zone: str, side: str) -> QPointF:
    """A scene point well inside the zone's polygon (shapely's representative point)."""
    item = diagram.scenes()[view_id].zone_item(zone, side)
    assert item is not None, (view_id, zone, side)
    p = item.region.geometry.representative_point()
    return QPointF(p.x, p.y)


def viewport_pos(view: BodyView, point: QPointF) -> QPoint:
    return view.mapFromScene(point)


def click_zone(diagram: BodyDiagram, view_id: str, zone: str, side: str) -> None:
    view = diagram.views()[view_id]
    pos = viewport_pos(view, zone_point(diagram, view_id, zone, side))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)


def drag_zones(diagram: BodyDiagram, view_id: str, zones: list[tuple[str, str]], release: bool = True) -> None:
    """Press on the first zone, move through the others (with intermediate points), release on the last."""
    view = diagram.views()[view_id]
    points = [viewport_pos(view, zone_point(diagram, view_id, z, s)) for z, s in zones]
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for a, b in pairwise(points):
        for i in range(1, 5):
            QTest.mouseMove(view.viewport(), a + (b - a) * i / 4)
    if release:
        QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])


def pixel(image: QImage, view: BodyView, point: QPointF) -> QColor:
    """Colour of a grab of the view at a scene point."""
    pos = viewport_pos(view, point)
    ratio = image.devicePixelRatio()
    return image.pixelColor(int(pos.x() * ratio), int(pos.y() * ratio))


def patch_colours(image: QImage, view: BodyView, point: QPointF, radius: int = 4) -> list[QColor]:
    pos = viewport_pos(view, point)
    return [image.pixelColor(pos.x() + dx, pos.y() + dy)
            for dx in range(-radius, radius + 1) for dy in range(-radius, radius + 1)]


def grey(c: QColor) -> float:
    """Luminance 0-255 (what a greyscale print shows)."""
    return 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue()


def saturation(c: QColor) -> float:
    return max(c.red(), c.green(), c.blue()) - min(c.red(), c.green(), c.blue())
