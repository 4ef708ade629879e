"""A QGraphicsView of one body view: zoom (wheel, Ctrl +/-), fit to the window, pan (middle button), nothing else.

While the figure fits, resizing keeps it fitted; once the user zooms, the zoom is kept until ``fit()``.
Zoomed in, the patient's R and L are also painted at the edges of the viewport so that the side is never in
doubt even when the figure's own markers are out of sight.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QCursor,
    QFocusEvent,
    QFont,
    QMouseEvent,
    QPainter,
    QPixmapCache,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from desktop.body_view.legend import eraser_icon
from desktop.body_view.scene import MARKER_COLOUR, BodyScene

ZOOM_STEP = 1.25
MAX_ZOOM = 8.0  # relative to fit
# The items keep device-pixel pixmaps of themselves (QGraphicsItem.DeviceCoordinateCache) in QPixmapCache,
# whose default 10 MB holds less than three full-height views with an overlay: past it, pixmaps are thrown
# away and drawn again at every repaint, which is slower than no cache at all.
PIXMAP_CACHE_KB = 160 * 1024


class BodyView(QGraphicsView):
    def __init__(self, scene: BodyScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        if QPixmapCache.cacheLimit() < PIXMAP_CACHE_KB:
            QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)
        self.body_scene = scene
        self.view_id = scene.view_id
        self._fitted = True
        self._zoom = 1.0  # relative to fit
        self._pan_from: QPoint | None = None
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.setMinimumSize(120, 160)
        self.setAccessibleName(scene.atlas_view.label)
        scene.tools.toolChanged.connect(self._tool_cursor)
        self._tool_cursor(scene.tools.tool())

    def _tool_cursor(self, tool: str) -> None:
        """A crosshair while painting, the eraser's icon while erasing, an arrow when there is no exam."""
        if self.body_scene.controller is None:
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
        elif tool == "eraser":
            self.viewport().setCursor(QCursor(eraser_icon(22), 4, 17))
        else:
            self.viewport().setCursor(Qt.CursorShape.CrossCursor)

    # ------------------------------------------------------------------------------------------- zoom

    def zoom(self) -> float:
        """Zoom relative to fitting the whole figure (1.0 = fit)."""
        return self._zoom

    def fit(self) -> None:
        self._fitted = True
        self._zoom = 1.0
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self.viewport().update()

    def zoom_by(self, factor: float) -> None:
        new = min(MAX_ZOOM, max(1.0, self._zoom * factor))
        if new == self._zoom:
            return
        if new == 1.0:
            self.fit()
            return
        self.scale(new / self._zoom, new / self._zoom)
        self._zoom = new
        self._fitted = False
        self.viewport().update()

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP**steps)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fitted:
            self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fitted:
            self.fit()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if not self._fitted:
            self.viewport().update()  # the edge markers stay put while the scene scrolls under them

    # ------------------------------------------------------------------------------------------- panning

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton:  # the middle button pans; the left one is the tool's
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            delta = event.position().toPoint() - self._pan_from
            self._pan_from = event.position().toPoint()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton and self._pan_from is not None:
            self._pan_from = None
            self._tool_cursor(self.body_scene.tools.tool())
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.body_scene.finish_stroke()  # a drag cut short by another window: keep it as one undo step
        super().focusOutEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self.body_scene.leave()
        super().leaveEvent(event)

    # ------------------------------------------------------------------------------------------- markers

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        if self._fitted:
            return  # the figure's own R and L are in view
        view = self.body_scene.atlas_view
        viewer_left = "L" if view.patient_left_on == "viewer-left" else "R"
        viewer_right = "R" if viewer_left == "L" else "L"
        painter.save()
        painter.resetTransform()
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(15)
        painter.setFont(font)
        area = self.viewport().rect().adjusted(6, 4, -6, -4)
        for text, align in ((viewer_left, Qt.AlignmentFlag.AlignLeft), (viewer_right, Qt.AlignmentFlag.AlignRight)):
            box = painter.boundingRect(area, int(align | Qt.AlignmentFlag.AlignTop), text).adjusted(-4, -1, 4, 1)
            painter.fillRect(box, QColor(255, 255, 255, 210))
            painter.setPen(QColor(MARKER_COLOUR))
            painter.drawText(area, int(align | Qt.AlignmentFlag.AlignTop), text)
        painter.restore()
