"""Nerve territories against dermatomes (the pairs of data/teach/nerve_pairs.csv), with every root's key
muscles, reflexes and ISNCSCI key points."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodymaps.atlas import Atlas
from bodymaps.teach.bank import Bank, NervePair
from bodymaps.teach.geometry import cm2, nerve_geometry, root_geometry
from desktop.teach.canvas import AtlasCanvas, colour, root_brush
from desktop.teach.common import Legend, map_combo, wrap_label

TABLE_ROOTS = ("L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4-5")
NERVE_COLOUR = "#000000"


def nerve_brush() -> QBrush:
    return QBrush(colour(NERVE_COLOUR, 150), Qt.BrushStyle.Dense6Pattern)


def nerve_pen() -> QPen:
    pen = QPen(colour(NERVE_COLOUR), 2.4)
    pen.setDashPattern([4, 2])
    return pen


def pair_views(atlas: Atlas, pair: NervePair) -> tuple[str, ...]:
    return tuple(v for v in atlas.views if cm2(atlas, v, nerve_geometry(atlas, v, pair.nerve)) >= 1.0)


class NervesPanel(QWidget):
    def __init__(self, atlas: Atlas, bank: Bank, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.atlas, self.bank = atlas, bank
        self.pairs = QListWidget()
        for pair in bank.nerve_pairs:
            self.pairs.addItem(f"{pair.label} vs {' / '.join(pair.roots)}")
        self.pairs.setFixedWidth(330)
        self.map_box = map_combo(atlas)
        self.canvas = AtlasCanvas(atlas, ("anterior",))
        self.legend = Legend()
        self.text = wrap_label()
        self.table = self._root_table()

        top = QHBoxLayout()
        top.addWidget(QLabel("Map"))
        top.addWidget(self.map_box)
        top.addStretch(1)
        middle = QVBoxLayout()
        middle.addLayout(top)
        middle.addWidget(self.canvas, 1)
        middle.addWidget(self.legend)
        right = QVBoxLayout()
        right.addWidget(QLabel("<b>Nerve vs root</b>"))
        right.addWidget(self.pairs)
        right.addWidget(self.text)
        right.addStretch(1)
        upper = QHBoxLayout()
        upper.addLayout(middle, 1)
        upper.addLayout(right)
        layout = QVBoxLayout(self)
        layout.addLayout(upper, 3)
        layout.addWidget(QLabel("<b>Key muscles, reflexes and ISNCSCI key points</b> (bold: ISNCSCI key muscle)"))
        layout.addWidget(self.table, 1)

        self.pairs.currentRowChanged.connect(self.refresh)
        self.map_box.currentIndexChanged.connect(self.refresh)
        self.pairs.setCurrentRow(0)

    @property
    def pair(self) -> NervePair:
        return self.bank.nerve_pairs[max(0, self.pairs.currentRow())]

    def refresh(self) -> None:
        atlas, pair, map_id = self.atlas, self.pair, str(self.map_box.currentData())
        views = pair_views(atlas, pair)
        if self.canvas.views != views:
            self.canvas.set_views(views)
        canvas = self.canvas
        canvas.clear_layers()
        canvas.hover_map = map_id
        canvas.add_dermatomes(map_id, set(pair.roots), alpha=210)
        canvas.add_root_labels(map_id, set(pair.roots))
        shared = {r: 0.0 for r in pair.roots}
        nerve_area = 0.0
        for vid in views:
            for region in atlas.view(vid).nerves:
                if region.id == pair.nerve:
                    canvas.add_region(region, nerve_brush(), nerve_pen(), z=6)
            territory = nerve_geometry(atlas, vid, pair.nerve)
            nerve_area += cm2(atlas, vid, territory)
            for r in pair.roots:
                shared[r] += cm2(atlas, vid, territory.intersection(root_geometry(atlas, map_id, vid, r)))
        self.overlap = shared
        info = atlas.nerves[pair.nerve]
        entries: list[tuple[QBrush, QPen | None, str]] = [(nerve_brush(), nerve_pen(), f"{info.label} (roots {info.roots})")]
        entries += [(root_brush(atlas, r), None, f"{r} dermatome ({atlas.maps[map_id].label})") for r in pair.roots]
        self.legend.set_entries(entries, columns=1)
        overlap = ", ".join(f"{r}: {v:.0f} cm²" for r, v in shared.items())
        self.text.setText(
            f"<p><b>{escape(info.label)}</b> covers {nerve_area:.0f} cm² (both sides); shared with the dermatome on "
            f"this map: {escape(overlap)}.</p><p>{escape(pair.explanation)}</p>"
            f"<p style='color:#555'>{escape(pair.source)}<br>Territory: {escape(info.source)}</p>")

    def _root_table(self) -> QTableWidget:
        columns = ("Root", "Muscles (ISNCSCI key muscle in bold)", "Reflex", "ISNCSCI key point")
        table = QTableWidget(len(TABLE_ROOTS), len(columns))
        table.setHorizontalHeaderLabels(list(columns))
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, root in enumerate(TABLE_ROOTS):
            facts = self.bank.root_facts(self.atlas, root)
            muscles = facts.muscles
            cells = [root, ", ".join(f"{f.label} ({f.muscle})" for f in muscles) or "—",
                     ", ".join(f.label for f in facts.reflexes) or "—", ", ".join(facts.key_points) or "—"]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1 and any(f.isncsci for f in muscles):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    key = ", ".join(f.label for f in muscles if f.isncsci)
                    others = ", ".join(f.label for f in muscles if not f.isncsci)
                    item.setText(f"{key} (key)" + (f" · also {others}" if others else ""))
                table.setItem(row, col, item)
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        return table
