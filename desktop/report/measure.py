"""Measuring for the chart summary's layout: fonts, text heights and row heights on one paint device.

Units are device pixels of the paint device (a QPdfWriter at 1200 dpi or a QPrinter); ``Ctx.mm`` converts from
millimetres, and fonts are sized in points so they measure right on any device. Ligatures are off on every font
so that text copied out of the PDF is exact ("Affected", not "A\ufb00ected").
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPaintDevice

FAMILY = "DejaVu Sans"
WRAP = int(Qt.TextFlag.TextWordWrap)


def report_font(size: float, bold: bool = False, italic: bool = False, condensed: bool = True) -> QFont:
    font = QFont(FAMILY)
    font.setPointSizeF(size)
    font.setBold(bold)
    font.setItalic(italic)
    if condensed:
        font.setStretch(QFont.Stretch.Condensed)
    for tag in ("liga", "clig", "dlig"):  # no ligature glyphs: text copied from the chart must be exact
        font.setFeature(QFont.Tag(tag), 0)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


class Ctx:
    """Measuring for one paint device (fonts, metrics, text and row heights cached for one drawing)."""

    def __init__(self, device: QPaintDevice) -> None:
        self.device = device
        self.dpi = float(device.logicalDpiX())
        self._fonts: dict[tuple[float, bool, bool], QFont] = {}
        self._metrics: dict[int, QFontMetricsF] = {}  # id() of a font this Ctx made (kept alive in _fonts)
        self._heights: dict[tuple[str, int, int], float] = {}
        self.rows: dict[tuple[int, int, float, float, float], float] = {}  # Grid row heights, see Grid._row_h

    def mm(self, value: float) -> float:
        return value * self.dpi / 25.4

    def pt(self, device_units: float) -> float:
        return device_units * 72.0 / self.dpi

    def font(self, size: float, bold: bool = False, italic: bool = False) -> QFont:
        key = (size, bold, italic)
        font = self._fonts.get(key)
        if font is None:
            font = self._fonts[key] = report_font(size, bold, italic)
        return font

    def metrics(self, font: QFont) -> QFontMetricsF:
        metrics = self._metrics.get(id(font))
        if metrics is None:
            own = self.font(font.pointSizeF(), font.bold(), font.italic())  # the cached twin of any font
            metrics = self._metrics.get(id(own))
            if metrics is None:
                metrics = self._metrics[id(own)] = QFontMetricsF(own, self.device)
        return metrics

    def text_height(self, text: str, font: QFont, width: float) -> float:
        """Height of ``text`` word-wrapped to ``width`` (cached: layout asks for the same cells many times)."""
        own = self.font(font.pointSizeF(), font.bold(), font.italic()) if id(font) not in self._metrics else font
        key = (text, id(own), int(width))
        height = self._heights.get(key)
        if height is None:
            metrics = self.metrics(own)
            height = metrics.height() if not text else metrics.boundingRect(
                QRectF(0, 0, max(float(int(width)), 1.0), 1e7), WRAP, text).height()
            self._heights[key] = height
        return height

    def text_width(self, text: str, font: QFont) -> float:
        return self.metrics(font).horizontalAdvance(text)


__all__ = ["FAMILY", "WRAP", "Ctx", "report_font"]
