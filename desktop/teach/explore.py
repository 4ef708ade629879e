"""Explore: one map's dermatomes, alone or all at once, with a legend, blank areas, nerves and key points."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QBrush, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bodymaps.atlas import Atlas
from bodymaps.teach.bank import Bank
from bodymaps.teach.geometry import ROOTS, blank_geometry, roots_of_map
from desktop.teach.canvas import BLANK_COLOUR, AtlasCanvas, blank_brush, colour, root_brush
from desktop.teach.common import (
    Ask,
    Legend,
    map_combo,
    map_note_html,
    root_combo,
    root_facts_html,
    wrap_label,
)
from desktop.teach.handout import legend_html, write_handout


class ExplorePanel(QWidget):
    def __init__(self, atlas: Atlas, bank: Bank, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.atlas, self.bank = atlas, bank
        self.map_box = map_combo(atlas)
        self.root_box = root_combo()
        self.nerves_box = QCheckBox("Nerve territories")
        self.points_box = QCheckBox("ISNCSCI key points")
        self.points_box.setChecked(True)
        self.print_button = QPushButton("PDF handout…")
        controls = QHBoxLayout()
        for w in (QLabel("Map"), self.map_box, QLabel("Root"), self.root_box):
            controls.addWidget(w)
        controls.addStretch(1)
        options = QHBoxLayout()
        for w in (self.nerves_box, self.points_box):
            options.addWidget(w)
        options.addStretch(1)
        options.addWidget(self.print_button)

        self.canvas = AtlasCanvas(atlas)
        self.hover_label = QLabel("Hover over the body to name the root and nerve.")
        self.hover_label.setObjectName("hover")
        left = QVBoxLayout()
        left.addLayout(controls)
        left.addLayout(options)
        left.addWidget(self.canvas, 1)
        left.addWidget(self.hover_label)

        self.legend = Legend()
        self.note = wrap_label()
        self.facts = wrap_label()
        side = QVBoxLayout()
        side.addWidget(QLabel("<b>Legend</b>"))
        side.addWidget(self.legend)
        side.addSpacing(8)
        side.addWidget(self.note)
        side.addSpacing(8)
        side.addWidget(self.facts)
        side.addStretch(1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(320)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(side_widget)

        self.canvas.hovered.connect(self._hovered)
        for box in (self.map_box, self.root_box):
            box.currentIndexChanged.connect(self.refresh)
        for check in (self.nerves_box, self.points_box):
            check.toggled.connect(self.refresh)
        self.print_button.clicked.connect(self.print_handout)
        self.refresh()

    @property
    def map_id(self) -> str:
        return str(self.map_box.currentData())

    @property
    def root(self) -> str | None:
        return self.root_box.currentData() or None

    def _hovered(self, text: str) -> None:
        self.hover_label.setText(text or " ")

    def refresh(self) -> None:
        atlas, map_id, root = self.atlas, self.map_id, self.root
        canvas = self.canvas
        canvas.clear_layers()
        canvas.hover_map = map_id
        canvas.hover_nerves = True
        roots = {root} if root else None
        for vid in canvas.views:
            canvas.add_geometry(vid, blank_geometry(atlas, map_id, vid), blank_brush(), None, z=0.5)
        canvas.add_dermatomes(map_id, roots, alpha=215 if root else 200)
        canvas.add_root_labels(map_id, roots)
        if self.nerves_box.isChecked():
            for vid in canvas.views:
                for region in atlas.view(vid).nerves:
                    pen = QPen(colour(atlas.colors["nerves"].get(region.id, "#333333")), 2.2)
                    pen.setDashPattern([4, 3])
                    canvas.add_region(region, QBrush(), pen, z=5)
        if self.points_box.isChecked():
            canvas.add_key_points(roots)
        present = roots_of_map(atlas, map_id)
        shown = [r for r in ROOTS if r in present and (root is None or r == root)]
        entries: list[tuple[QBrush, QPen | None, str]] = [(root_brush(atlas, r), None, r) for r in shown]
        entries.append((blank_brush(), None, "Blank"))
        if root:
            entries.append((QBrush(colour("#FBF8F4")), None, "Other roots (pick All roots)"))
        if self.points_box.isChecked():
            entries.append((QBrush(colour("#000000")), None, "ISNCSCI key point"))
        if self.nerves_box.isChecked():
            pen = QPen(colour("#333333"), 2)
            pen.setDashPattern([3, 2])
            entries.append((QBrush(), pen, "Nerve territory (hover names it)"))
        self.legend.set_entries(entries)
        supplements = "".join(f"<br><i>{escape(r)}:</i> {escape(t)}" for r, t in atlas.maps[map_id].supplements.items())
        self.note.setText(map_note_html(atlas, map_id) + supplements)
        if root:
            self.facts.setText(root_facts_html(atlas, self.bank, root))
        else:
            self.facts.setText("Pick a root to see it alone, with its key muscles, reflex and ISNCSCI key point.")

    def print_handout(self) -> None:
        path = Ask.save_path(self, "Save handout", f"dermatomes-{self.map_id}.pdf", "PDF (*.pdf)")
        if not path:
            return
        title = f"Dermatomes: {self.atlas.maps[self.map_id].label}" + (f" – {self.root}" if self.root else "")
        facts = f"<p>{root_facts_html(self.atlas, self.bank, self.root)}</p>" if self.root else ""
        shown = [r for r in ROOTS if r in roots_of_map(self.atlas, self.map_id) and (not self.root or r == self.root)]
        legend = legend_html([(self.atlas.colors["roots"][r], r) for r in shown] + [(BLANK_COLOUR, "blank (hatched)")])
        try:
            write_handout(path, title, f"{legend}<p>{map_note_html(self.atlas, self.map_id)}</p>{facts}", [self.canvas])
        except OSError as exc:
            QMessageBox.warning(self, "Handout not saved", f"Could not write {path}: {exc}")
