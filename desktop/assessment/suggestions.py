"""What to examine next; activating a suggestion takes the user to the control that records it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from desktop.assessment.findings import describe

FINDING_ROLE = Qt.ItemDataRole.UserRole


class SuggestionsView(QListWidget):
    suggestionActivated = Signal(str)  # the finding, e.g. "motor.ankle_inversion.left"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestions")
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self._shown: tuple | None = None
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._activated)

    def set_assessment(self, assessment) -> None:
        suggestions = tuple(assessment.suggestions)
        if suggestions == self._shown:
            return
        self._shown = suggestions
        self.clear()
        if not suggestions:
            empty = QListWidgetItem("Nothing to add: the findings already separate the leading candidates.")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(empty)
            return
        for suggestion in suggestions:
            item = QListWidgetItem(f"{describe(suggestion.finding)} — {suggestion.why}")
            item.setData(FINDING_ROLE, suggestion.finding)
            item.setToolTip("Go to this examination (Enter or click)")
            self.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        finding = item.data(FINDING_ROLE)
        if finding:
            self.suggestionActivated.emit(finding)
