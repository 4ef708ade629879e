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


_HEIGHTS: dict[tuple[str, float, bool, bool, int, float], float] = {}  # text heights, for every drawing
_HEIGHTS_LIMIT = 50_000  # entries (a few MB); the app measures the strings of every exam it exports


class Ctx:
    """Measuring for one paint device: fonts and metrics cached for one drawing; text heights for the
    process (a height depends only on the text, the font, the width and the device's resolution, and most
    strings recur from one summary to the next: table headings, "not tested", muscle names)."""

    def __init__(self, device: QPaintDevice) -> None:
        self.device = device
        self.dpi = float(device.logicalDpiX())
        self._fonts: dict[tuple[float, bool, bool], QFont] = {}
        self._keys: dict[int, tuple[float, bool, bool]] = {}  # id() of a font made here -> its key
        self._metrics: dict[tuple[float, bool, bool], QFontMetricsF] = {}
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
            self._keys[id(font)] = key
        return font

    def _key(self, font: QFont) -> tuple[float, bool, bool]:
        key = self._keys.get(id(font))
        return key if key is not None else (font.pointSizeF(), font.bold(), font.italic())

    def metrics(self, font: QFont) -> QFontMetricsF:
        key = self._key(font)
        metrics = self._metrics.get(key)
        if metrics is None:
            metrics = self._metrics[key] = QFontMetricsF(self.font(*key), self.device)
        return metrics

    def text_height(self, text: str, font: QFont, width: float) -> float:
        """Height of ``text`` word-wrapped to ``width``."""
        size, bold, italic = self._key(font)
        key = (text, size, bold, italic, int(width), self.dpi)
        height = _HEIGHTS.get(key)
        if height is None:
            metrics = self.metrics(font)
            height = metrics.height() if not text else metrics.boundingRect(
                QRectF(0, 0, max(float(int(width)), 1.0), 1e7), WRAP, text).height()
            if len(_HEIGHTS) >= _HEIGHTS_LIMIT:
                _HEIGHTS.clear()
            _HEIGHTS[key] = height
        return height

    def text_width(self, text: str, font: QFont) -> float:
        return self.metrics(font).horizontalAdvance(text)


__all__ = ["FAMILY", "WRAP", "Ctx", "report_font"]
