"""The ranked differential: one row per condition with a score bar and the side; each row expands to the prior
and the findings for and against it, with their weights and sources.

A new assessment updates the rows in place and announces only the cells whose text, side or bar changed, so a
click on the body repaints two or three rows, not the list; the view keeps which conditions were expanded and
selected, wherever they move.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QStyledItemDelegate, QTreeView

from desktop.assessment.findings import describe
from desktop.style import ACCENT

SIDE_TEXT = {"left": "Left", "right": "Right", "bilateral": "Both", None: ""}
SCORE_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # (score, fraction of the bar 0..1) on condition rows
DISPLAY, TOOLTIP, FONT = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole), int(Qt.ItemDataRole.FontRole)
ALIGNMENT, FOREGROUND = int(Qt.ItemDataRole.TextAlignmentRole), int(Qt.ItemDataRole.ForegroundRole)
BAR_LOW, BAR_HIGH = -6.0, 6.0  # the bar's fixed scale (log-odds evidence score)
FOR_COLOUR = "#1B6E3A"
AGAINST_COLOUR = "#7A4A00"


class DifferentialModel(QAbstractItemModel):
    """Conditions (top level, best first) and their contributions (children: prior, for, against)."""

    HEADERS = ("Condition", "Side", "Score")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.results: tuple = ()
        self._children: dict[int, list[tuple[str, float, str]]] = {}  # row -> its findings, made when asked
        self._low, self._high = 0.0, 1.0
        self._cells: dict[tuple[int, int, int], dict[int, object]] = {}
        # rows whose findings are in the model: fetched when the view opens a row, dropped when it closes it, so
        # a finding that comes or goes under a closed row changes nothing the view has laid out
        self._open: set[int] = set()
        self._shown_rows: list[tuple] = []  # what each condition row shows (see _shown), to tell what changed
        self._bold = QFont()
        self._bold.setBold(True)

    def set_assessment(self, assessment) -> bool:
        """Take a new assessment; True when the model was reset (the number of conditions changed).

        Otherwise the rows are updated in place, by position: a condition that moves changes what two rows
        show, a score that changes what one cell shows, and only those cells are announced (the view repaints
        them alone, not the whole list). Open rows whose number of findings changed insert or remove children.
        """
        results = tuple(assessment.differential)
        scores = [r.score for r in results] or [0.0]
        if len(results) != len(self.results):
            self.beginResetModel()
            self.results, self._children, self._cells, self._open = results, {}, {}, set()
            self._low, self._high = min(scores), max(scores)
            self._shown_rows = [self._shown(row) for row in range(len(results))]
            self.endResetModel()
            return True
        old_shown = self._shown_rows
        old_children = {row: self._children_of(row) for row in self._open}
        self.results, self._cells = results, {}
        self._low, self._high = min(scores), max(scores)
        self._children = dict(old_children)  # what the view holds, until each open row is brought up to date
        for row, old in sorted(old_children.items()):
            new = self._rows_of(results[row])
            if len(new) > len(old):
                self.beginInsertRows(self.index(row, 0), len(old), len(new) - 1)
                self._children[row] = new
                self.endInsertRows()
            elif len(new) < len(old):
                self.beginRemoveRows(self.index(row, 0), len(new), len(old) - 1)
                self._children[row] = new
                self.endRemoveRows()
            else:
                self._children[row] = new
        self._children = {row: self._children[row] for row in self._open}  # the closed rows' are made on demand
        self._shown_rows = [self._shown(row) for row in range(len(results))]
        for row, (before, after) in enumerate(zip(old_shown, self._shown_rows, strict=True)):
            changed = [column for column in range(3) if before[column] != after[column]]
            if changed:  # one row's range: the view repaints that row only
                self.dataChanged.emit(self.index(row, changed[0]), self.index(row, changed[-1]))
        for row, old in old_children.items():
            new = self._children[row]
            first = next((i for i, (a, b) in enumerate(zip(new, old, strict=False)) if a != b), min(len(new), len(old)))
            if first < len(new):
                parent = self.index(row, 0)
                self.dataChanged.emit(self.index(first, 0, parent), self.index(len(new) - 1, 2, parent))
        return False

    def _children_of(self, row: int) -> list[tuple[str, float, str]]:
        children = self._children.get(row)
        if children is None:
            children = self._children[row] = self._rows_of(self.results[row])
        return children

    def findings(self, row: int) -> list[tuple[str, float, str]]:
        """(text, weight, source) of a condition's prior and findings, as its row shows them once opened."""
        return list(self._children_of(row))

    def canFetchMore(self, parent) -> bool:
        return parent.isValid() and parent.internalId() == 0 and parent.row() not in self._open

    def fetchMore(self, parent) -> None:
        """The view opens a condition: its findings come into the model."""
        if self.canFetchMore(parent):
            count = len(self._children_of(parent.row()))
            self.beginInsertRows(parent, 0, count - 1)
            self._open.add(parent.row())
            self.endInsertRows()

    def close(self, row: int) -> None:
        """The view closed a condition: its findings leave the model until it is opened again."""
        if row in self._open:
            self.beginRemoveRows(self.index(row, 0), 0, len(self._children_of(row)) - 1)
            self._open.discard(row)
            self.endRemoveRows()

    @staticmethod
    def _rows_of(result) -> list[tuple[str, float, str]]:
        rows = [("Prior (how common it is)", result.prior, "knowledge base: conditions.csv")]
        rows += [(describe(c.finding), c.weight, c.source) for c in result.supporting]
        rows += [(describe(c.finding), c.weight, c.source) for c in result.against]
        return rows

    def _shown(self, row: int) -> tuple:
        """What a condition row shows, cell by cell (name and bold, side, score and bar): what a repaint draws."""
        result = self.results[row]
        bold = row == 0 and bool(result.supporting or result.against)
        return ((result.label, bold), result.side, (f"{result.score:+.1f}", self.bar_fraction(result.score)))

    def bar_fraction(self, score: float) -> float:
        """Bar length on one fixed scale for every exam: an evidence score of -6 or less is empty, +6 full
        (in steps of 1/1000 of the bar, far below a pixel, so a score that moves a hair repaints nothing)."""
        return round(min(1.0, max(0.0, (score - BAR_LOW) / (BAR_HIGH - BAR_LOW))), 3)

    def has_findings(self) -> bool:
        """Whether any finding of the exam counts (engine phrases such as "no supporting finding" do not)."""
        return any(c.section for r in self.results for c in (*r.supporting, *r.against))

    def explain(self, index) -> str:
        """What a selected row means, in full (the tree elides): a condition's sum or one finding's source."""
        from html import escape  # when a row is selected: html costs 1.7 ms of start-up

        if not index.isValid():
            return ""
        if index.internalId() == 0:
            r = self.results[index.row()]
            side = f", {SIDE_TEXT.get(r.side, r.side).lower()}" if r.side else ""
            return (f"<b>{escape(r.label)}</b>{escape(side)}: {r.score:+.2f} = prior {r.prior:+.2f}"
                    f" + {sum(c.weight for c in r.supporting):+.2f} for"
                    f" {sum(c.weight for c in r.against):+.2f} against. Expand to see each finding.")
        text, weight, source = self._children_of(index.internalId() - 1)[index.row()]
        return f"<b>{escape(text)}</b> {weight:+.2f} · <span style='color:#555'>{escape(source)}</span>"

    def row_of(self, condition: str) -> int:
        for row, result in enumerate(self.results):
            if result.condition == condition:
                return row
        return -1

    # ------------------------------------------------------------------------------------- tree

    def index(self, row, column, parent=QModelIndex()):  # noqa: B008
        if not 0 <= column < 3:
            return QModelIndex()
        if parent.isValid():
            if parent.internalId() != 0 or parent.column() != 0 or not 0 <= row < self.rowCount(parent):
                return QModelIndex()
            return self.createIndex(row, column, parent.row() + 1)
        return self.createIndex(row, column, 0) if 0 <= row < len(self.results) else QModelIndex()

    def parent(self, index=QModelIndex()):  # noqa: B008
        parent_id = index.internalId() if index.isValid() else 0
        return self.createIndex(parent_id - 1, 0, 0) if parent_id else QModelIndex()

    def rowCount(self, parent=QModelIndex()):  # noqa: B008
        if not parent.isValid():
            return len(self.results)
        if parent.internalId() == 0 and parent.column() == 0 and parent.row() in self._open:
            return len(self._children_of(parent.row()))
        return 0

    def hasChildren(self, parent=QModelIndex()):  # noqa: B008
        """Every condition has at least its prior to show, open or not (the tree draws its arrow)."""
        if not parent.isValid():
            return bool(self.results)
        return parent.internalId() == 0 and parent.column() == 0

    def columnCount(self, parent=QModelIndex()):  # noqa: B008
        return 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        """Served from a per-cell cache of role -> value (painting asks ~15 roles of every visible cell)."""
        if not index.isValid():
            return None
        key = (index.internalId(), index.row(), index.column())
        cell = self._cells.get(key)
        if cell is None:
            cell = self._cells[key] = self._cell(*key)
        return cell.get(int(role))

    def _cell(self, parent_id: int, row: int, column: int) -> dict[int, object]:
        if parent_id == 0:
            result = self.results[row]
            cell: dict[int, object] = {
                DISPLAY: (f"{row + 1}. {result.label}", SIDE_TEXT.get(result.side, result.side),
                          f"{result.score:+.1f}")[column],
                TOOLTIP: (f"{result.label}: evidence score {result.score:+.2f} (log-odds; larger = more likely)"
                          f" = prior {result.prior:+.2f} + {len(result.supporting)} for"
                          f" + {len(result.against)} against"),
            }
            if column == 2:
                cell[SCORE_ROLE] = (result.score, self.bar_fraction(result.score))
            if row == 0 and (result.supporting or result.against):
                cell[FONT] = self._bold
            return cell
        text, weight, source = self._children_of(parent_id - 1)[row]
        cell = {
            DISPLAY: (text, f"{weight:+.2f}", source)[column],
            TOOLTIP: f"{text}\nweight {weight:+.2f}\nsource: {source}",
        }
        if column == 1:
            cell[ALIGNMENT] = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column == 2:
            cell[FOREGROUND] = QBrush(QColor("#666666"))
        elif row > 0:
            cell[FOREGROUND] = QBrush(QColor(FOR_COLOUR if weight > 0 else AGAINST_COLOUR))
        return cell


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
        text_width = option.fontMetrics.averageCharWidth() * 5 + 6
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
        self.setColumnWidth(2, 80)  # bar and number; the rest goes to the condition names (1366 px wide windows)
        self._expanded: set[str] = set()
        self._selected: str | None = None
        self._emitted: tuple | None = None  # what conditionSelected last said (emitted again only on change)
        self._syncing = False  # while a new assessment is shown: rows open, close and move under the user
        self.expanded.connect(self._on_expanded)
        self.collapsed.connect(self._on_collapsed)
        self.selectionModel().currentRowChanged.connect(self._current_changed)

    def _on_expanded(self, index) -> None:
        if index.parent().isValid():  # a finding row (expandAll, say): only conditions open and close
            return
        if not self._syncing:
            self._expanded.add(self.differential.results[index.row()].condition)

    def _on_collapsed(self, index) -> None:
        if index.parent().isValid():
            return
        if not self._syncing:
            self._expanded.discard(self.differential.results[index.row()].condition)
        self.differential.close(index.row())

    def set_assessment(self, assessment) -> None:
        """Show a new assessment; the conditions expanded and selected stay so wherever they move."""
        selected = self._selected
        before = self.currentIndex()
        self._syncing = True
        try:
            reset = self.differential.set_assessment(assessment)
            # expansion belongs to conditions, the tree's to rows: open and close rows to match
            wanted = {self.differential.row_of(c) for c in self._expanded} - {-1}
            for row in range(self.differential.rowCount()):
                index = self.differential.index(row, 0)
                if (row in wanted) != self.isExpanded(index):
                    self.setExpanded(index, row in wanted)
            if selected is None:
                return
            row = self.differential.row_of(selected)
            current_row = before.row() if before.internalId() == 0 else before.internalId() - 1
            if row >= 0 and (reset or row != current_row or not before.isValid()):
                self.setCurrentIndex(self.differential.index(row, 0))
        finally:
            self._syncing = False
        if row < 0:  # the condition is no longer listed
            self._selected = None
            self.clearSelection()
            self._emit_selected(None)
            return
        self._emit_selected(self.differential.results[row])  # the highlight follows a change of side or findings

    def _emit_selected(self, result) -> None:
        key = None if result is None else (result.condition, result.side, result.supporting, result.against)
        if key != self._emitted:
            self._emitted = key
            self.conditionSelected.emit(result)

    def _current_changed(self, current, _previous) -> None:
        if self._syncing:
            return
        if not current.isValid():
            self._selected = None
            self._emit_selected(None)
            return
        row = current.row() if current.internalId() == 0 else current.internalId() - 1
        result = self.differential.results[row]
        self._selected = result.condition
        self._emit_selected(result)

    def select_condition(self, condition: str) -> None:
        row = self.differential.row_of(condition)
        if row >= 0:
            self.setCurrentIndex(self.differential.index(row, 0))
