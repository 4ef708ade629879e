"""How finding kinds look, on screen and on paper: an Okabe–Ito colour **and** a hatch, never colour alone.

One table for the body diagram, its legend, the PDF figures and the teaching mode, so that a kind looks the
same everywhere. Red is kept for red flags only.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor


@dataclass(frozen=True)
class KindStyle:
    kind: str  # pain | numbness | paresthesia
    label: str
    colour: str  # Okabe–Ito (Okabe & Ito 2008, colour-blind safe)
    hatch: Qt.BrushStyle  # readable in greyscale and on a black-and-white printer
    symbol: str  # for text legends and tables

    def fill(self, alpha: int = 150) -> QBrush:
        colour = QColor(self.colour)
        colour.setAlpha(alpha)
        return QBrush(colour)

    def hatch_brush(self, colour: str = "#000000", alpha: int = 200) -> QBrush:
        c = QColor(colour)
        c.setAlpha(alpha)
        return QBrush(c, self.hatch)


KIND_STYLES: dict[str, KindStyle] = {
    "pain": KindStyle("pain", "Pain", "#E69F00", Qt.BrushStyle.FDiagPattern, "P"),  # orange, ////
    "numbness": KindStyle("numbness", "Numbness", "#0072B2", Qt.BrushStyle.CrossPattern, "N"),  # blue, ++++
    "paresthesia": KindStyle("paresthesia", "Paraesthesia", "#009E73", Qt.BrushStyle.BDiagPattern, "T"),
}
KIND_ORDER = ("numbness", "paresthesia", "pain")  # the strongest evidence is drawn on top

ACCENT = "#0072B2"
RED_FLAG = "#C62828"
EMERGENCY_BG = "#FDECEA"
URGENT_BG = "#FFF4E5"
NOT_TESTED_TEXT = "#8A8A8A"
