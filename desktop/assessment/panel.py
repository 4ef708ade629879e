"""The assessment side: map in use and the decision-support line, the differential, roots and suggestions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from bodymaps import DISCLAIMER
from desktop.assessment.differential import DifferentialView
from desktop.assessment.roots import RootsView
from desktop.assessment.suggestions import SuggestionsView
from desktop.document.settings import MAP_LABELS


def _title(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: 600; margin-top: 4px;")
    label.setBuddy(buddy)
    return label


def _section(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(_title(title, widget))
    layout.addWidget(widget, 1)
    return box


class AssessmentPanel(QWidget):
    def __init__(self, state, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentPanel")
        self.state = state
        self.map_label = QLabel()
        self.map_label.setObjectName("mapLabel")
        self.disclaimer = QLabel(DISCLAIMER)
        self.disclaimer.setObjectName("disclaimer")
        self.disclaimer.setWordWrap(True)
        self.disclaimer.setStyleSheet("color: #555555; font-style: italic;")
        self.differential = DifferentialView()
        self.empty_hint = QLabel("No findings yet: the order only reflects how common each condition is.")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #555555;")
        self.detail = QLabel()
        self.detail.setObjectName("differentialDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setMaximumHeight(self.fontMetrics().lineSpacing() * 3 + 6)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.hide()
        self.differential.selectionModel().currentChanged.connect(self._explain)
        self.roots = RootsView()
        self.suggestions = SuggestionsView()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(_section("Differentia&l (evidence score, larger = more likely)", self.differential), 1)
        top_layout.addWidget(self.empty_hint)
        top_layout.addWidget(self.detail)
        top_layout.addWidget(_title("Roots, evidence &by side", self.roots))
        top_layout.addWidget(self.roots)
        splitter.addWidget(top)
        splitter.addWidget(_section("&What to examine next", self.suggestions))
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.map_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.disclaimer)
        state.updated.connect(self.set_assessment)
        state.mapChanged.connect(self._show_map)
        self._show_map(state.map_id)

    def _show_map(self, map_id: str) -> None:
        self.map_label.setText(f"Dermatome map: <b>{MAP_LABELS.get(map_id, map_id)}</b>")

    def _explain(self, current, _previous=None) -> None:
        selected = self.differential.selectionModel().isSelected(current)
        text = self.differential.differential.explain(current) if selected else ""
        self.detail.setText(text)
        self.detail.setVisible(bool(text))

    def set_assessment(self, assessment) -> None:
        self.differential.set_assessment(assessment)
        self.empty_hint.setVisible(not self.differential.differential.has_findings())
        self._explain(self.differential.currentIndex())
        self.roots.set_assessment(assessment)
        self.suggestions.set_assessment(assessment)
