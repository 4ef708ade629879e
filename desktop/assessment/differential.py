"""The ranked differential: one row per condition with a score bar and the side; each row expands to the prior
and the findings for and against it, with their weights and sources.

A model reset per assessment (19 rows) is cheap; the view keeps which conditions were expanded and selected.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QStyledItemDelegate, QTreeView

from desktop.assessment.findings import describe
from desktop.style import ACCENT

SIDE_TEXT = {"left": "Left", "right": "Right", "bilateral": "Both", None: ""}
SCORE_ROLE = Qt.ItemDataRole.UserRole + 1  # (score, fraction of the bar 0..1) on condition rows
FOR_COLOUR = "#1B6E3A"
AGAINST_COLOUR = "#7A4A00"


class DifferentialModel(QAbstractItemModel):
    """Conditions (top level, best first) and their contributions (children: prior, for, against)."""

    HEADERS = ("Condition", "Side", "Score")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.results: tuple = ()
        self._children: list[list[tuple[str, float, str]]] = []
        self._low, self._high = 0.0, 1.0
        self._bold = QFont()
        self._bold.setBold(True)

    def set_assessment(self, assessment) -> None:
        self.beginResetModel()
        self.results = tuple(assessment.differential)
        self._children = []
        for result in self.results:
            rows = [("Prior (how common it is)", result.prior, "knowledge base: conditions.csv")]
            rows += [(describe(c.finding), c.weight, c.source) for c in result.supporting]
            rows += [(describe(c.finding), c.weight, c.source) for c in result.against]
            self._children.append(rows)
        scores = [r.score for r in self.results] or [0.0]
        self._low, self._high = min(scores), max(scores)
        self.endResetModel()

    def bar_fraction(self, score: float) -> float:
        """Bar length: the lowest score in this differential is empty, the highest is full."""
        span = self._high - self._low
        return 1.0 if span <= 1e-9 else (score - self._low) / span

    def row_of(self, condition: str) -> int:
        for row, result in enumerate(self.results):
            if result.condition == condition:
                return row
        return -1

    # ------------------------------------------------------------------------------------- tree

    def index(self, row, column, parent=QModelIndex()):  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1 if parent.isValid() else 0)

    def parent(self, index=QModelIndex()):  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent=QModelIndex()):  # noqa: B008
        if not parent.isValid():
            return len(self.results)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._children[parent.row()])
        return 0

    def columnCount(self, parent=QModelIndex()):  # noqa: B008
        return 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = index.column()
        if index.internalId() == 0:
            result = self.results[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return (f"{index.row() + 1}. {result.label}", SIDE_TEXT.get(result.side, result.side),
                        f"{result.score:+.1f}")[column]
            if role == SCORE_ROLE:
                return (result.score, self.bar_fraction(result.score))
            if role == Qt.ItemDataRole.ToolTipRole:
                return (f"{result.label}: evidence score {result.score:+.2f} (log-odds; larger = more likely)"
                        f" = prior {result.prior:+.2f} + {len(result.supporting)} for + {len(result.against)} against")
            if role == Qt.ItemDataRole.FontRole and index.row() == 0:
                return self._bold
            return None
        text, weight, source = self._children[index.internalId() - 1][index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return text
            return f"{weight:+.2f}" if column == 1 else source
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{text}\nweight {weight:+.2f}\nsource: {source}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 2:
                return QBrush(QColor("#666666"))
            if index.row() > 0:
                return QBrush(QColor(FOR_COLOUR if weight > 0 else AGAINST_COLOUR))
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and index.row() > 0:
            return None
        return None


class ScoreBarDelegate(QStyledItemDelegate):
    """A horizontal bar in the accent colour with the score right-aligned beside it (condition rows only)."""

    def paint(self, painter: QPainter, option, index) -> None:
        bar = index.data(SCORE_ROLE)
        if bar is None:
            super().paint(painter, option, index)
            return
        score, fraction = bar
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        rect = option.rect.adjusted(4, 0, -4, 0)
        text_width = option.fontMetrics.horizontalAdvance("+00.0") + 6
        bar_height = max(4, rect.height() - 10)
        bar_top = rect.top() + (rect.height() - bar_height) / 2
        bar_rect = QRectF(rect.left(), bar_top, max(0.0, (rect.width() - text_width) * fraction), bar_height)
        painter.save()
        colour = QColor(ACCENT)
        if fraction < 0.5:
            colour.setAlpha(110)
        painter.fillRect(bar_rect, colour)
        painter.setFont(option.font)
        painter.setPen(option.palette.color(option.palette.ColorRole.Text))
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{score:+.1f}")
        painter.restore()


class DifferentialView(QTreeView):
    """The differential; selecting a condition emits :attr:`conditionSelected` (None when cleared)."""

    conditionSelected = Signal(object)  # ConditionResult | None

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("differential")
        self.differential = DifferentialModel(self)
        self.setModel(self.differential)
        self.setItemDelegateForColumn(2, ScoreBarDelegate(self))
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.setColumnWidth(1, 48)
        self.setColumnWidth(2, 104)
        self._expanded: set[str] = set()
        self._selected: str | None = None
        self.expanded.connect(lambda i: self._expanded.add(self.differential.results[i.row()].condition))
        self.collapsed.connect(lambda i: self._expanded.discard(self.differential.results[i.row()].condition))
        self.selectionModel().currentRowChanged.connect(self._current_changed)

    def set_assessment(self, assessment) -> None:
        selected = self._selected
        self.differential.set_assessment(assessment)
        for condition in self._expanded:
            row = self.differential.row_of(condition)
            if row >= 0:
                self.setExpanded(self.differential.index(row, 0), True)
        if selected is not None:
            row = self.differential.row_of(selected)
            self.blockSignals(True)
            self.selectionModel().blockSignals(True)
            self.setCurrentIndex(self.differential.index(row, 0))
            self.selectionModel().blockSignals(False)
            self.blockSignals(False)
            self._selected = selected
            self.conditionSelected.emit(self.differential.results[row])  # the highlight follows the new side

    def _current_changed(self, current, _previous) -> None:
        if not current.isValid():
            self._selected = None
            self.conditionSelected.emit(None)
            return
        row = current.row() if current.internalId() == 0 else current.internalId() - 1
        result = self.differential.results[row]
        self._selected = result.condition
        self.conditionSelected.emit(result)

    def select_condition(self, condition: str) -> None:
        row = self.differential.row_of(condition)
        if row >= 0:
            self.setCurrentIndex(self.differential.index(row, 0))
