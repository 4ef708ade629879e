"""Root summary: L1 to S4-5 across, right and left down; each cell the root's evidence score, shaded by strength."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSizePolicy, QTableView

from desktop.assessment.findings import describe
from desktop.style import ACCENT

ROOTS = ("L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4-5")
SIDES = ("right", "left")
FULL_SHADE_AT = 4.0  # an evidence score of 4 or more gets the full shade


def _shade(score: float) -> int:
    """Opacity of a cell's accent shade (0-255), or -1 for none."""
    return int(30 + 170 * min(1.0, score / FULL_SHADE_AT)) if score > 0.05 else -1


def _shown(score: float) -> tuple:
    """What a cell with this score draws: text, shade, white or grey text, bold (the tooltip is not drawn)."""
    text = "·" if abs(score) < 0.05 else f"{score:+.1f}"
    ink = "white" if score >= FULL_SHADE_AT * 0.6 else "grey" if abs(score) < 0.05 or score < 0 else ""
    return text, _shade(score), ink, score >= 1.0


class RootsModel(QAbstractTableModel):
    """Rows: right, left. Columns: the roots, cranial to caudal."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.results: dict[tuple[str, str], object] = {}
        self._cells: dict[tuple[int, int], dict[int, object]] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_assessment(self, assessment) -> None:
        """Take a new assessment; only the cells whose shown score or shade changed are repainted."""
        results = {(r.root, r.side): r for r in assessment.roots}
        if results == self.results:
            return  # nothing to repaint (a click elsewhere on the body changes no root)
        before = [[_shown(self.score(row, column)) for column in range(len(ROOTS))] for row in range(len(SIDES))]
        self.results = results
        self._cells = {}
        for row, shown in enumerate(before):
            for column, cell in enumerate(shown):
                if cell != _shown(self.score(row, column)):
                    self.dataChanged.emit(self.index(row, column), self.index(row, column))

    def result(self, row: int, column: int):
        return self.results.get((ROOTS[column], SIDES[row]))

    def score(self, row: int, column: int) -> float:
        result = self.result(row, column)
        return result.score if result is not None else 0.0

    def rowCount(self, parent=QModelIndex()):  # noqa: B008
        return 0 if parent.isValid() else len(SIDES)

    def columnCount(self, parent=QModelIndex()):  # noqa: B008
        return 0 if parent.isValid() else len(ROOTS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return ROOTS[section] if orientation == Qt.Orientation.Horizontal else ("R", "L")[section]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        """Served from a per-cell cache of role -> value (painting asks ~15 roles of all 18 cells)."""
        if not index.isValid():
            return None
        key = (index.row(), index.column())
        cell = self._cells.get(key)
        if cell is None:
            cell = self._cells[key] = {}
        role = int(role)
        if role not in cell:
            cell[role] = self._data(*key, role)
        return cell[role]

    def _data(self, row: int, column: int, role: int):
        score = self.score(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return "·" if abs(score) < 0.05 else f"{score:+.1f}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and score > 0.05:
            colour = QColor(ACCENT)
            colour.setAlpha(_shade(score))
            return QBrush(colour)
        if role == Qt.ItemDataRole.ForegroundRole:
            if score >= FULL_SHADE_AT * 0.6:
                return QBrush(QColor("white"))
            if abs(score) < 0.05 or score < 0:
                return QBrush(QColor("#8A8A8A"))
        if role == Qt.ItemDataRole.FontRole and score >= 1.0:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            result = self.result(row, column)
            name = f"{ROOTS[column]} {SIDES[row]}"
            if result is None or not result.findings:
                return f"{name}: no findings"
            lines = [f"{name}: {score:+.2f}"] + [f"  {c.weight:+.2f}  {describe(c.finding)}" for c in result.findings]
            return "\n".join(lines)
        return None


class RootsView(QTableView):
    """Selecting a cell emits :attr:`rootSelected` (root, side) so the window can highlight that dermatome."""

    rootSelected = Signal(str, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("roots")
        self.roots = RootsModel(self)
        self.setModel(self.roots)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setMinimumSectionSize(30)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        height = self.horizontalHeader().sizeHint().height() + 2 * self.verticalHeader().defaultSectionSize() + 4
        self.setFixedHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.selectionModel().currentChanged.connect(self._current_changed)

    def _current_changed(self, current, _previous) -> None:
        if current.isValid():
            self.rootSelected.emit(ROOTS[current.column()], SIDES[current.row()])

    def set_assessment(self, assessment) -> None:
        self.roots.set_assessment(assessment)
