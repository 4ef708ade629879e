"""Small pieces the teaching panels share: legend swatches, map and root pickers, note text."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from bodymaps.atlas import Atlas
from bodymaps.teach.bank import Bank, ItemFact
from bodymaps.teach.geometry import ROOTS
from desktop.style import ACCENT

ALL_ROOTS = "All roots"
DISAGREE_COLOUR = "#CC79A7"  # Okabe–Ito reddish purple: "the maps disagree here" (red is for red flags)
HIGHLIGHT_COLOUR = ACCENT
RIGHT_COLOUR = "#009E73"


def swatch(brush: QBrush, pen: QPen | None = None, size: int = 18) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(QColor("#FFFFFF"))
    p = QPainter(pix)
    p.setBrush(brush)
    p.setPen(pen or QPen(QColor("#555555"), 1))
    p.drawRect(QRectF(1, 1, size - 2, size - 2))
    p.end()
    return pix


class Legend(QWidget):
    """Swatches with labels in two columns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(3)
        self.labels: list[str] = []

    def set_entries(self, entries: list[tuple[QBrush, QPen | None, str]], columns: int = 2) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self.labels = [text for _b, _p, text in entries]
        for i, (brush, pen, text) in enumerate(entries):
            row, col = divmod(i, columns)
            icon = QLabel()
            icon.setPixmap(swatch(brush, pen))
            label = QLabel(text)
            label.setWordWrap(True)
            self.grid.addWidget(icon, row, 2 * col)
            self.grid.addWidget(label, row, 2 * col + 1)
        self.grid.setColumnStretch(1, 1)
        if columns > 1:
            self.grid.setColumnStretch(3, 1)


def map_combo(atlas: Atlas, selected: str | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)  # long map names must not force a wide window
    for info in atlas.maps.values():
        combo.addItem(info.label, info.id)
    combo.setCurrentIndex(max(0, combo.findData(selected or atlas.default_map)))
    return combo


def root_combo(with_all: bool = True) -> QComboBox:
    combo = QComboBox()
    if with_all:
        combo.addItem(ALL_ROOTS, "")
    for r in ROOTS:
        combo.addItem(r, r)
    return combo


def map_note_html(atlas: Atlas, map_id: str, heading: bool = True) -> str:
    info = atlas.maps[map_id]
    title = f"<b>{escape(info.label)}</b><br>" if heading else ""
    return (f"{title}<i>How it was made:</i> {escape(info.method)}<br><i>Blank areas:</i> "
            f"{escape(info.blank_areas)}<br><span style='color:#555'>{escape(info.citation)}</span>")


def root_facts_html(atlas: Atlas, bank: Bank, root: str) -> str:
    """Key muscles, reflexes and the ISNCSCI key point of one root, from data/teach and the atlas."""
    facts = bank.root_facts(atlas, root)

    def name(f: ItemFact) -> str:
        return f"<b>{escape(f.label)}</b> (ISNCSCI key muscle)" if f.isncsci else escape(f.label)

    rows = [f"<b>{escape(root)}</b>"]
    rows.append("Muscles: " + (", ".join(f"{name(f)} – {escape(f.muscle)}" for f in facts.muscles)
                               or "none tested here"))
    rows.append("Reflex: " + (", ".join(escape(f.label) for f in facts.reflexes) or "no routine reflex"))
    rows.append("ISNCSCI key point: " + (escape(", ".join(facts.key_points)) or "none"))
    return "<br>".join(rows)


def nice(text: str) -> str:
    return text.replace("_", " ")


def wrap_label(text: str = "", rich: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class Ask:
    """Questions the teaching mode asks the user; tests replace these."""

    @staticmethod
    def save_path(parent: QWidget, caption: str, suggested: str, file_filter: str) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, file_filter)
        return path or None
