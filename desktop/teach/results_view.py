"""Results: the saved score, per root, and which roots the student confuses (a small confusion table)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodymaps.teach.geometry import ROOTS
from bodymaps.teach.results import ResultStore, confusions, per_root, score
from desktop.teach.common import Ask


def _cell(text: str, right: bool = True, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if bold:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item


def _order(root: str) -> int:
    return ROOTS.index(root) if root in ROOTS else len(ROOTS)


class ResultsPanel(QWidget):
    def __init__(self, store: ResultStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.total = QLabel()
        self.total.setObjectName("total")
        self.where = QLabel(f"Saved in {store.path}")
        self.where.setWordWrap(True)
        self.where.setStyleSheet("color:#555")
        self.per_root = QTableWidget(0, 4)
        self.per_root.setHorizontalHeaderLabels(["Root", "Right", "Answered", "%"])
        self.confusion = QTableWidget(0, 0)
        for table in (self.per_root, self.confusion):
            table.verticalHeader().setVisible(table is self.confusion)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.export_button = QPushButton("Export CSV…")
        self.clear_button = QPushButton("Clear saved results")
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        tables = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel("<b>Per root</b> (questions about that root)"))
        left.addWidget(self.per_root)
        right = QVBoxLayout()
        legend = QLabel("<b>Confusions</b>: rows = the right root, columns = what was answered instead "
                        "(blank = a blank area of the map, none = no root)")
        legend.setWordWrap(True)
        right.addWidget(legend)
        right.addWidget(self.confusion)
        tables.addLayout(left, 1)
        tables.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.total)
        layout.addWidget(self.where)
        layout.addLayout(tables, 1)
        layout.addLayout(buttons)
        self.export_button.clicked.connect(self.export)
        self.clear_button.clicked.connect(self.clear)
        self.refresh()

    def refresh(self) -> None:
        results = self.store.results
        right, total = score(results)
        pct = f" ({100 * right / total:.0f}%)" if total else ""
        self.total.setText(f"<b>All sessions: {right} of {total} right{pct}</b>")
        roots = per_root(results)
        ordered = sorted(roots, key=_order)
        self.per_root.setRowCount(len(ordered))
        for row, root in enumerate(ordered):
            ok, n = roots[root]
            self.per_root.setItem(row, 0, _cell(root, right=False))
            self.per_root.setItem(row, 1, _cell(str(ok)))
            self.per_root.setItem(row, 2, _cell(str(n)))
            self.per_root.setItem(row, 3, _cell(f"{100 * ok / n:.0f}", bold=ok / n < 0.5))
        pairs = confusions(results)
        expected = sorted({e for e, _g in pairs}, key=_order)
        given = sorted({g for _e, g in pairs}, key=_order)
        self.confusion.setRowCount(len(expected))
        self.confusion.setColumnCount(len(given))
        self.confusion.setVerticalHeaderLabels(expected)
        self.confusion.setHorizontalHeaderLabels(given)
        for r, e in enumerate(expected):
            for c, g in enumerate(given):
                count = pairs.get((e, g), 0)
                self.confusion.setItem(r, c, _cell(str(count) if count else "", bold=count > 1))
        self.export_button.setEnabled(bool(results))
        if self.store.problem:
            self.where.setText(f"Results: {self.store.problem}")
        else:
            self.where.setText(f"Saved in {self.store.path}")

    def export(self) -> None:
        path = Ask.save_path(self, "Export results", "bodymaps-quiz-results.csv", "CSV (*.csv)")
        if not path:
            return
        try:
            self.store.export_csv(path)
        except OSError as exc:
            QMessageBox.warning(self, "Results not exported", f"Could not write {path}: {exc}")

    def clear(self) -> None:
        self.store.clear()
        self.refresh()
