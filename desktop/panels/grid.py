"""A left/right grid of exam findings (reflexes, strength, special tests): model, keyboard-first view, editor.

Rows are findings, columns the patient's right and left (as on an ISNCSCI worksheet). The model reads the exam
from the controller and writes only through edits. Absent or ``"not_tested"`` shows as a grey italic "NT",
different from any normal value; abnormal values carry a symbol (↑ ↓ +) as well as a colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from bodymaps.exam import NOT_TESTED, ExamError
from bodymaps.exam.edits import SetMotor, SetReflex, SetTest
from desktop.document.controller import marks_only
from desktop.style import NOT_TESTED_TEXT

ABNORMAL_TEXT = "#A14800"  # abnormal values: dark orange text, always with a symbol (↑ ↓ +) too
SIDES = ("right", "left")  # columns, as the clinician faces the patient on a worksheet
EDITS = {"reflexes": SetReflex, "motor": SetMotor, "tests": SetTest}
# the values each kind of row takes, in the order the editor offers them
CHOICES: dict[str, tuple[int | str, ...]] = {
    "grade": (0, 1, 2, 3, 4),
    "mrc": (0, 1, 2, 3, 4, 5),
    "plantar": ("downgoing", "upgoing"),
    "result": ("positive", "negative"),
}
# letters typed in a grid cell, for the kinds whose values are words (digits are the grades themselves)
TYPED_VALUES: dict[str, dict[str, object]] = {
    "plantar": {"u": "upgoing", "d": "downgoing"},
    "result": {"p": "positive", "+": "positive", "n": "negative", "-": "negative"},
}
VALUE_TEXT = {"downgoing": "Down", "upgoing": "Up", "positive": "Positive", "negative": "Negative"}


@dataclass(frozen=True)
class FindingRow:
    """One row: a finding (section/item) of a kind, or a heading row when ``section`` is empty."""

    section: str
    item: str
    label: str
    kind: str = ""  # grade | mrc | plantar | result
    sided: bool = True
    hint: str = ""  # e.g. the key root, shown after the label

    @property
    def heading(self) -> bool:
        return not self.section


def is_abnormal(kind: str, value: object) -> str:
    """The symbol that marks an abnormal value ("" when normal or not tested)."""
    if value is None or value == NOT_TESTED:
        return ""
    if kind == "grade":
        return "↓" if value in (0, 1) else "↑" if value in (3, 4) else ""
    if kind == "mrc":
        return "↓" if isinstance(value, int) and value < 5 else ""
    if kind == "plantar":
        return "↑" if value == "upgoing" else ""
    if kind == "result":
        return "+" if value == "positive" else ""
    return ""


def value_text(kind: str, value: object) -> str:
    if value is None or value == NOT_TESTED:
        return "NT"
    mark = is_abnormal(kind, value)
    text = VALUE_TEXT.get(value, str(value)) if isinstance(value, str) else str(value)
    return f"{text} {mark}" if mark else text


class FindingGridModel(QAbstractTableModel):
    """Rows of findings × (right, left[, asymmetry]) over the controller's exam."""

    def __init__(self, controller, rows: list[FindingRow], asymmetry: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.rows = rows
        self.asymmetry = asymmetry
        self._italic = QFont()
        self._italic.setItalic(True)
        self._bold = QFont()
        self._bold.setBold(True)
        controller.changed.connect(self.refresh)
        controller.documentReplaced.connect(self.refresh)

    # ------------------------------------------------------------------------------------- reading

    def value(self, row: int, column: int) -> object:
        spec = self.rows[row]
        if spec.heading or column >= 2:
            return None
        section = getattr(self.controller.document.exam, spec.section)
        entry = section.get(spec.item)
        if not spec.sided:
            return entry
        return entry.get(SIDES[column]) if isinstance(entry, dict) else None

    def asymmetric(self, row: int) -> bool:
        """Both sides tested and different (and at least one abnormal, for reflexes and strength)."""
        spec = self.rows[row]
        if spec.heading or not spec.sided:
            return False
        right, left = self.value(row, 0), self.value(row, 1)
        if right in (None, NOT_TESTED) or left in (None, NOT_TESTED):
            return False
        return right != left

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else (3 if self.asymmetry else 2)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return ("Right", "Left", "R≠L")[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == 2:
                return "≠ marks a finding that differs between the two sides"
            return None
        spec = self.rows[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{spec.label}  {spec.hint}".rstrip() if spec.hint else spec.label
        if role == Qt.ItemDataRole.ToolTipRole and not spec.heading:
            return f"{spec.label} (key root {spec.hint})" if spec.hint else spec.label
        if role == Qt.ItemDataRole.FontRole and spec.heading:
            return self._bold
        return None

    def flags(self, index):
        spec = self.rows[index.row()]
        if spec.heading or index.column() == 2 or (not spec.sided and index.column() == 1):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        spec = self.rows[row]
        if spec.heading:
            return None
        if column == 2:
            if role == Qt.ItemDataRole.DisplayRole:
                return "≠" if self.asymmetric(row) else ""
            if role == Qt.ItemDataRole.ToolTipRole and self.asymmetric(row):
                return "Left and right differ"
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(ABNORMAL_TEXT))
            return None
        if not spec.sided and column == 1:
            return None
        value = self.value(row, column)
        tested = value not in (None, NOT_TESTED)
        if role == Qt.ItemDataRole.DisplayRole:
            return value_text(spec.kind, value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if not spec.sided:  # one value across both columns: centred, so it reads as neither side
                return int(Qt.AlignmentFlag.AlignCenter)
            numeric = spec.kind in ("grade", "mrc") or not tested
            horizontal = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not tested:
                return QBrush(QColor(NOT_TESTED_TEXT))
            return QBrush(QColor(ABNORMAL_TEXT)) if is_abnormal(spec.kind, value) else None
        if role == Qt.ItemDataRole.FontRole:
            if not tested:
                return self._italic
            return self._bold if is_abnormal(spec.kind, value) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            side = f" ({SIDES[column]})" if spec.sided else ""
            return f"{spec.label}{side}: {'not tested' if not tested else value_text(spec.kind, value)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{spec.label} {SIDES[column] if spec.sided else ''}: {value_text(spec.kind, value)}"
        return None

    # ------------------------------------------------------------------------------------- writing

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        return self.set_value(index.row(), index.column(), value)

    def set_value(self, row: int, column: int, value: object) -> bool:
        """Apply one edit (``None`` or "not_tested" = not tested); False if the value is not allowed here."""
        spec = self.rows[row]
        if spec.heading:
            return False
        if value == NOT_TESTED:
            value = None  # not tested is the default: absent, as in a file nobody filled in
        if value is not None and value not in CHOICES[spec.kind]:
            return False
        edit_type = EDITS[spec.section]
        try:
            edit = edit_type(spec.item, SIDES[column] if spec.sided else None, value)
        except ExamError:
            return False
        self.controller.apply(edit)
        return True

    def refresh(self, *args) -> None:
        if self.rows and not (args and marks_only(args[0])):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1))

    def index_of(self, section: str, item: str, side: str | None) -> QModelIndex:
        for row, spec in enumerate(self.rows):
            if spec.section == section and spec.item == item:
                column = SIDES.index(side) if spec.sided and side in SIDES else 0
                return self.index(row, column)
        return QModelIndex()


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box editor (double-click or F2) offering "Not tested" and the values the row allows."""

    def createEditor(self, parent, option, index):
        spec = index.model().rows[index.row()]
        box = QComboBox(parent)
        box.addItem("Not tested", None)
        for value in CHOICES[spec.kind]:
            box.addItem(value_text(spec.kind, value), value)
        return box

    def setEditorData(self, editor, index):
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class FindingGridView(QTableView):
    """Keyboard-first: type a value and the cursor moves on; Delete (or N then T) sets "not tested".

    ``keys`` maps a typed character to a value for each kind of row; digits are the grades themselves.
    """

    rejected = Signal(str)  # a key that is not a value for this row (the window shows it in the status bar)
    KEYS = TYPED_VALUES

    def __init__(self, model: FindingGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(ChoiceDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setTabKeyNavigation(False)  # Tab leaves the grid: the arrows move inside it
        self.setAlternatingRowColors(False)
        self.setShowGrid(False)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        value_width = 58 if model.asymmetry else 78  # grades and Up/Down, or Positive/Negative
        for column in range(model.columnCount()):
            self.setColumnWidth(column, value_width if column < 2 else 36)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        rows.setTextElideMode(Qt.TextElideMode.ElideRight)  # narrow dock: labels shorten, values never do
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for row, spec in enumerate(model.rows):
            if not spec.heading and not spec.sided:
                self.setSpan(row, 0, 1, 2)
        self._pending_n: QPersistentModelIndex | None = None
        self.setCurrentIndex(self._first_editable())

    def resizeEvent(self, event) -> None:
        """Give the row labels what the value columns leave (they elide, with the full label as tooltip)."""
        super().resizeEvent(event)
        rows = self.verticalHeader()
        values = sum(self.columnWidth(c) for c in range(self.grid().columnCount()))
        scrollbar = self.verticalScrollBar().sizeHint().width() if self.verticalScrollBar().isVisible() else 0
        available = self.width() - 2 * self.frameWidth() - values - scrollbar
        hint = rows.sizeHint().width()
        rows.setFixedWidth(max(90, min(hint, available)))

    def grid(self) -> FindingGridModel:
        return self.model()  # type: ignore[return-value]

    def _first_editable(self) -> QModelIndex:
        model = self.grid()
        for row in range(model.rowCount()):
            if model.flags(model.index(row, 0)) & Qt.ItemFlag.ItemIsEditable:
                return model.index(row, 0)
        return QModelIndex()

    def advance(self) -> None:
        """Move to the next editable cell down the column, then on to the top of the next column."""
        model, current = self.grid(), self.currentIndex()
        row, column = current.row(), current.column()
        for _ in range(model.rowCount() * 2):
            row += 1
            if row >= model.rowCount():
                row, column = 0, (column + 1) % 2
            index = model.index(row, column)
            if model.flags(index) & Qt.ItemFlag.ItemIsEditable:
                self.setCurrentIndex(index)
                return

    def moveCursor(self, action, modifiers):
        """Arrow keys skip heading rows and the blank half of an unsided row."""
        index = super().moveCursor(action, modifiers)
        model = self.grid()
        step = -1 if action in (QAbstractItemView.CursorAction.MoveUp, QAbstractItemView.CursorAction.MovePageUp) else 1
        row = index.row()
        while 0 <= row < model.rowCount() and model.rows[row].heading:
            row += step
        if not 0 <= row < model.rowCount():
            return self.currentIndex()
        column = index.column()
        if not model.rows[row].sided or column > 1:
            column = 0 if not model.rows[row].sided else 1
        return model.index(row, column)

    def event(self, event) -> bool:
        """Keep typed values for the grid: plain digits and letters must not trigger window shortcuts (tools 1-4)."""
        if event.type() == QEvent.Type.ShortcutOverride and self.state() != QAbstractItemView.State.EditingState:
            plain = not (event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier))
            if plain and event.text() and event.text().isprintable() and event.text().strip():
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        model = self.grid()
        if not index.isValid() or self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        text = event.text().lower()
        spec = model.rows[index.row()]
        key = event.key()
        if event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier):
            super().keyPressEvent(event)  # Ctrl+Z and friends belong to the window
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            model.set_value(index.row(), index.column(), None)
            return
        pending, self._pending_n = self._pending_n, None
        if text == "t" and pending is not None and QModelIndex(pending) == index:
            model.set_value(index.row(), index.column(), None)  # "NT": not tested
            self.advance()
            return
        if text and text.isdigit() and spec.kind in ("grade", "mrc"):
            if not model.set_value(index.row(), index.column(), int(text)):
                self.rejected.emit(f"{spec.label}: {text} is not a grade here (allowed {CHOICES[spec.kind][0]}–{CHOICES[spec.kind][-1]})")
                return
            self.advance()
            return
        if text and text in self.KEYS.get(spec.kind, {}):
            model.set_value(index.row(), index.column(), self.KEYS[spec.kind][text])
            self.advance()
            return
        if text == "n":
            self._pending_n = QPersistentModelIndex(index)  # wait for the T of "NT"
            return
        if text and text.isprintable() and text.strip():
            allowed = "digits" if spec.kind in ("grade", "mrc") else "/".join(self.KEYS.get(spec.kind, {}))
            self.rejected.emit(f"{spec.label}: type {allowed}, or Delete for not tested")
            return
        super().keyPressEvent(event)
