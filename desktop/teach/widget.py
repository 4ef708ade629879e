"""The teaching mode: Explore, Compare, Nerves & roots, Quiz and Results on the clinical mode's atlas."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from bodymaps.atlas import Atlas
from bodymaps.teach.bank import Bank, load_bank
from bodymaps.teach.results import ResultStore


class TeachingWidget(QWidget):
    """All of teaching mode in one widget, for the app shell's mode switch (imported lazily)."""

    def __init__(self, atlas: Atlas, parent: QWidget | None = None, bank: Bank | None = None,
                 store: ResultStore | None = None) -> None:
        super().__init__(parent)
        from desktop.teach.compare import ComparePanel
        from desktop.teach.explore import ExplorePanel
        from desktop.teach.nerves import NervesPanel
        from desktop.teach.quiz import QuizPanel
        from desktop.teach.results_view import ResultsPanel

        self.atlas = atlas
        self.bank = bank or load_bank()
        self.store = store or ResultStore()
        self.tabs = QTabWidget()
        self.explore = ExplorePanel(atlas, self.bank)
        self.compare = ComparePanel(atlas)
        self.nerves = NervesPanel(atlas, self.bank)
        self.quiz = QuizPanel(atlas, self.bank, self.store)
        self.results = ResultsPanel(self.store)
        for panel, title in ((self.explore, "Explore"), (self.compare, "Compare maps"),
                             (self.nerves, "Nerves and roots"), (self.quiz, "Quiz"), (self.results, "Results")):
            self.tabs.addTab(panel, title)
        self.quiz.answered.connect(self.results.refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
