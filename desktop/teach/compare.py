"""Compare two dermatome maps side by side or overlaid: disagreement hatched, cm² per root, how each was made."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPainterPath, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodymaps.atlas import Atlas
from bodymaps.teach.geometry import ROOTS, Disagreement, disagreement_geometry, disagreements
from desktop.body_view.paths import geometry_path
from desktop.teach.canvas import AtlasCanvas, colour, root_brush
from desktop.teach.common import (
    DISAGREE_COLOUR,
    Ask,
    Legend,
    map_combo,
    map_note_html,
    root_combo,
    wrap_label,
)
from desktop.teach.handout import legend_html, write_handout

VIEW_SETS = {"Front and back": ("anterior", "posterior"), "Anterior": ("anterior",), "Posterior": ("posterior",),
             "Soles": ("soles",)}
COLUMNS = ("Root", "Disagree cm²", "A cm²", "B cm²", "Only A", "Only B")

# Where two maps disagree is the same every time it is asked (each side-by-side drawing asks once, the table
# again): worked out once per atlas, maps, view and root. The atlas is kept in the entry, so its id is not reused.
_worked_out: dict[tuple, tuple[Atlas, object]] = {}


def _once(kind: str, atlas: Atlas, args: tuple, work):
    key = (kind, id(atlas), *args)
    entry = _worked_out.get(key)
    if entry is None or entry[0] is not atlas:
        entry = _worked_out[key] = (atlas, work())
    return entry[1]


def where_maps_disagree(atlas: Atlas, a: str, b: str, view_id: str, root: str | None) -> QPainterPath:
    """``disagreement_geometry`` as a path to draw, worked out once."""
    return _once("geometry", atlas, (a, b, view_id, root),
                 lambda: geometry_path(disagreement_geometry(atlas, a, b, view_id, root)))


def disagreements_in(atlas: Atlas, a: str, b: str, view_id: str) -> list[Disagreement]:
    """``disagreements`` of one view, worked out once."""
    return _once("table", atlas, (a, b, view_id), lambda: disagreements(atlas, a, b, view_id))


def prepare(atlas: Atlas) -> None:
    """Work out what the tab shows when first opened (the default maps, front and back): for a worker thread
    (shapely and QPainterPath work there; no widget is made)."""
    others = [m for m in atlas.maps if m != atlas.default_map]
    if others:
        for view_id in VIEW_SETS["Front and back"]:
            where_maps_disagree(atlas, atlas.default_map, others[0], view_id, None)
            disagreements_in(atlas, atlas.default_map, others[0], view_id)


def disagree_brush() -> QBrush:
    return QBrush(colour(DISAGREE_COLOUR, 190), Qt.BrushStyle.DiagCrossPattern)


def disagree_pen() -> QPen:
    return QPen(colour(DISAGREE_COLOUR), 2.0)


class ComparePanel(QWidget):
    def __init__(self, atlas: Atlas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.atlas = atlas
        others = [m for m in atlas.maps if m != atlas.default_map]
        self.map_a = map_combo(atlas)
        self.map_b = map_combo(atlas, others[0] if others else None)
        self.mode = QComboBox()
        self.mode.addItems(["Side by side", "Overlay"])
        self.views_box = QComboBox()
        self.views_box.addItems(list(VIEW_SETS))
        self.root_box = root_combo()
        self.print_button = QPushButton("PDF handout…")
        controls = QVBoxLayout()
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        for w in (QLabel("Map A"), self.map_a, QLabel("Map B"), self.map_b):
            row1.addWidget(w)
        for w in (self.mode, self.views_box, QLabel("Root"), self.root_box):
            row2.addWidget(w)
        row1.addStretch(1)
        row2.addStretch(1)
        row2.addWidget(self.print_button)
        controls.addLayout(row1)
        controls.addLayout(row2)

        self.canvas_a = AtlasCanvas(atlas, VIEW_SETS["Front and back"])
        self.canvas_b = AtlasCanvas(atlas, VIEW_SETS["Front and back"])
        self.caption_a, self.caption_b = QLabel(), QLabel()
        for caption in (self.caption_a, self.caption_b):
            caption.setWordWrap(True)
        figures = QHBoxLayout()
        for caption, canvas in ((self.caption_a, self.canvas_a), (self.caption_b, self.canvas_b)):
            column = QVBoxLayout()
            column.addWidget(caption)
            column.addWidget(canvas, 1)
            figures.addLayout(column, 1)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.legend = Legend()
        self.notes = wrap_label()
        side = QVBoxLayout()
        side.addWidget(QLabel("<b>Where the maps disagree</b> (both sides, views shown)"))
        side.addWidget(self.table, 1)
        side.addWidget(self.legend)
        side.addWidget(self.notes)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(360)

        left = QVBoxLayout()
        left.addLayout(controls)
        left.addLayout(figures, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(side_widget)

        for box in (self.map_a, self.map_b, self.mode, self.views_box, self.root_box):
            box.currentIndexChanged.connect(self.refresh)
        self.print_button.clicked.connect(self.print_handout)
        self.rows: list[Disagreement] = []
        self.refresh()

    @property
    def maps(self) -> tuple[str, str]:
        return str(self.map_a.currentData()), str(self.map_b.currentData())

    @property
    def root(self) -> str | None:
        return self.root_box.currentData() or None

    @property
    def overlay(self) -> bool:
        return self.mode.currentText() == "Overlay"

    def _draw(self, canvas: AtlasCanvas, map_id: str, outline_map: str | None) -> None:
        a, b = self.maps
        roots = {self.root} if self.root else None
        canvas.clear_layers()
        canvas.hover_map = map_id
        canvas.add_dermatomes(map_id, roots, alpha=150 if outline_map else 200)
        if outline_map:
            for vid in canvas.views:
                for region in self.atlas.view(vid).dermatomes[outline_map]:
                    if roots is None or region.id in roots:
                        pen = QPen(colour(self.atlas.colors["roots"].get(region.id, "#333333")).darker(150), 2.4)
                        pen.setDashPattern([5, 3])
                        canvas.add_region(region, QBrush(), pen, z=6)
        for vid in canvas.views:
            canvas.add_geometry(vid, where_maps_disagree(self.atlas, a, b, vid, self.root), disagree_brush(),
                                disagree_pen(), z=8)
        canvas.add_root_labels(map_id, roots)

    def refresh(self) -> None:
        a, b = self.maps
        views = VIEW_SETS[self.views_box.currentText()]
        for canvas in (self.canvas_a, self.canvas_b):
            if canvas.views != views:
                canvas.set_views(views)
        label_a, label_b = self.atlas.maps[a].label, self.atlas.maps[b].label
        if self.overlay:
            self.canvas_b.hide()
            self.caption_b.hide()
            self.caption_a.setText(f"<b>A: {escape(label_a)}</b> filled · <b>B: {escape(label_b)}</b> dashed")
            self._draw(self.canvas_a, a, b)
        else:
            self.canvas_b.show()
            self.caption_b.show()
            self.caption_a.setText(f"<b>A: {escape(label_a)}</b>")
            self.caption_b.setText(f"<b>B: {escape(label_b)}</b>")
            self._draw(self.canvas_a, a, None)
            self._draw(self.canvas_b, b, None)
        self._fill_table(views)
        entries: list[tuple[QBrush, QPen | None, str]] = [
            (disagree_brush(), disagree_pen(), "The maps disagree (one map gives the skin to the root, the other not)")]
        if self.overlay:
            pen = QPen(colour("#555555"), 2)
            pen.setDashPattern([3, 2])
            entries.append((QBrush(), pen, f"Map B's borders ({label_b})"))
        entries += [(root_brush(self.atlas, r), None, r) for r in ROOTS if not self.root or r == self.root][:9]
        self.legend.set_entries(entries[:1] + entries[1:], columns=1 if len(entries) < 4 else 2)
        self.notes.setText(f"<p><b>A</b> · {map_note_html(self.atlas, a)}</p><p><b>B</b> · {map_note_html(self.atlas, b)}</p>")

    def _fill_table(self, views: tuple[str, ...]) -> None:
        a, b = self.maps
        totals: dict[str, list[float]] = {}
        for vid in views:
            for d in disagreements_in(self.atlas, a, b, vid):
                if self.root and d.root != self.root:
                    continue
                t = totals.setdefault(d.root, [0.0] * 5)
                for i, value in enumerate((d.area_a, d.area_b, d.only_a, d.only_b, d.total)):
                    t[i] += value
        ordered = [r for r in ROOTS if r in totals]
        self.table.setRowCount(len(ordered))
        self.summary: dict[str, float] = {}
        for row, root in enumerate(ordered):
            values = totals[root]
            self.summary[root] = values[4]
            self.table.setItem(row, 0, QTableWidgetItem(root))
            for col, value in enumerate([values[4], *values[:4]], 1):
                item = QTableWidgetItem(f"{value:.0f}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if col == 1 and value >= 50:
                    item.setText(f"▲ {value:.0f}")  # large disagreement: marked by symbol as well as weight
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, col, item)

    def table_html(self) -> str:
        head = "".join(f"<th>{escape(c)}</th>" for c in COLUMNS)
        rows = []
        for r in range(self.table.rowCount()):
            cells = "".join(f"<td align='right'>{escape(self.table.item(r, c).text())}</td>" for c in range(len(COLUMNS)))
            rows.append(f"<tr>{cells}</tr>")
        return f"<table border='1' cellspacing='0' cellpadding='2'><tr>{head}</tr>{''.join(rows)}</table>"

    def print_handout(self) -> None:
        a, b = self.maps
        path = Ask.save_path(self, "Save handout", f"compare-{a}-{b}.pdf", "PDF (*.pdf)")
        if not path:
            return
        canvases = [self.canvas_a] if self.overlay else [self.canvas_a, self.canvas_b]
        title = f"Dermatome maps compared: {self.atlas.maps[a].label} vs {self.atlas.maps[b].label}"
        roots = [r for r in ROOTS if not self.root or r == self.root]
        legend = legend_html([(DISAGREE_COLOUR, "the maps disagree (cross-hatched)")]
                             + [(self.atlas.colors["roots"][r], r) for r in roots])
        notes = (f"{legend}<p><b>A</b> · {map_note_html(self.atlas, a)}</p>"
                 f"<p><b>B</b> · {map_note_html(self.atlas, b)}</p>")
        try:
            write_handout(path, title, notes, canvases, self.table_html())
        except OSError as exc:
            QMessageBox.warning(self, "Handout not saved", f"Could not write {path}: {exc}")
