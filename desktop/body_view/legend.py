"""The legend under the body views, and the swatches and icons of the tools (kind colour **and** hatch)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from bodymaps.territories import Highlight
from desktop.body_view.items import AGAINST_COLOUR, FOR_COLOUR, SKIN, ZONE_LINE
from desktop.body_view.overlays import HIGHLIGHT_COLOUR, HIGHLIGHT_LINE
from desktop.style import KIND_STYLES


def kind_swatch(kind: str, size: int = 18) -> QPixmap:
    """A small square filled like a zone marked with ``kind`` (on skin, with the zone's border)."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    rect = QRectF(0.5, 0.5, size - 1, size - 1)
    p.fillRect(rect, QColor(SKIN))
    style = KIND_STYLES[kind]
    p.fillRect(rect, style.fill())
    p.fillRect(rect, style.hatch_brush())
    p.setPen(QPen(QColor("#555555"), 1))
    p.drawRect(rect)
    p.end()
    return pix


def eraser_icon(size: int = 18) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.translate(size / 2, size / 2)
    p.rotate(-35)
    w, h = size * 0.8, size * 0.42
    p.setPen(QPen(QColor("#444444"), 1.2))
    p.setBrush(QBrush(QColor("#ffffff")))
    p.drawRoundedRect(QRectF(-w / 2, -h / 2, w, h), 2, 2)
    p.setBrush(QBrush(QColor("#CC79A7")))
    p.drawRoundedRect(QRectF(-w / 2, -h / 2, w * 0.4, h), 2, 2)
    p.end()
    return pix


def tool_icon(tool: str, size: int = 18) -> QIcon:
    return QIcon(eraser_icon(size) if tool == "eraser" else kind_swatch(tool, size))


def _outline_swatch(colour: str, style: Qt.PenStyle, fill: str | None = None, size: int = 18) -> QPixmap:
    pix = QPixmap(size + 8, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    rect = QRectF(2, 2, size + 4, size - 4)
    p.fillRect(rect, QColor(fill) if fill else QColor(SKIN))
    pen = QPen(QColor(colour), 2.5, style)
    p.setPen(pen)
    p.drawRect(rect)
    p.end()
    return pix


class _Entry(QWidget):
    def __init__(self, pixmap: QPixmap, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        icon = QLabel()
        icon.setPixmap(pixmap)
        self.text = QLabel(text)
        layout.addWidget(icon)
        layout.addWidget(self.text)


class _ElidedLabel(QLabel):
    """A label that shows as much of its text as fits, ending in an ellipsis (the tooltip has it all)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width())))


class Legend(QWidget):
    """The finding kinds (and what the overlays show) on one line; under it, while a condition or root is
    highlighted, its territory and the outlines of the zones that count for and against it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(6, 2, 6, 2)
        rows.setSpacing(2)
        kinds = QHBoxLayout()
        kinds.setSpacing(12)
        self.kinds = {k: _Entry(kind_swatch(k), s.label) for k, s in KIND_STYLES.items()}
        for entry in self.kinds.values():
            kinds.addWidget(entry)
        self.unmarked = _Entry(_outline_swatch(ZONE_LINE, Qt.PenStyle.SolidLine), "Not marked")
        kinds.addWidget(self.unmarked)
        self.note = _ElidedLabel()  # what the overlays show: the dermatome map, what its blank areas mean
        self.note.setStyleSheet("color: #555555;")
        kinds.addWidget(self.note, 1)
        rows.addLayout(kinds)
        self.evidence_row = QWidget()
        evidence = QHBoxLayout(self.evidence_row)
        evidence.setContentsMargins(0, 0, 0, 0)
        evidence.setSpacing(12)
        self.territory = _Entry(_outline_swatch(HIGHLIGHT_LINE, Qt.PenStyle.SolidLine, HIGHLIGHT_COLOUR), "")
        self.for_entry = _Entry(_outline_swatch(FOR_COLOUR, Qt.PenStyle.SolidLine), "Counts for")
        self.against_entry = _Entry(_outline_swatch(AGAINST_COLOUR, Qt.PenStyle.DashLine), "Counts against")
        for entry in (self.territory, self.for_entry, self.against_entry):
            evidence.addWidget(entry)
        evidence.addStretch(1)
        rows.addWidget(self.evidence_row)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.set_highlight(None)

    def set_note(self, text: str, tooltip: str = "") -> None:
        self.note.set_full_text(text)
        self.note.setToolTip(tooltip)

    def set_highlight(self, highlight: Highlight | None) -> None:
        if highlight is not None:
            self.territory.text.setText(highlight.label)
            self.territory.text.adjustSize()
        self.territory.setVisible(highlight is not None and bool(highlight.regions))
        self.for_entry.setVisible(highlight is not None and bool(highlight.zones_for))
        self.against_entry.setVisible(highlight is not None and bool(highlight.zones_against))
        self.evidence_row.setVisible(highlight is not None)
