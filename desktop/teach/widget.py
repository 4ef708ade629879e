"""The teaching mode: Explore, Compare, Nerves & roots, Quiz and Results on the clinical mode's atlas.

Each tab's panel is built when it is first asked for (its tab opened, or ``build_next``), so that the window
can build them one per pass of its event loop instead of all five in one go.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QTabWidget, QVBoxLayout, QWidget

from bodymaps.atlas import Atlas
from bodymaps.teach.bank import Bank, load_bank
from bodymaps.teach.results import ResultStore

PANELS = (("explore", "Explore"), ("compare", "Compare maps"), ("nerves", "Nerves and roots"), ("quiz", "Quiz"),
          ("results", "Results"))


class TeachingWidget(QWidget):
    """All of teaching mode in one widget, for the app shell's mode switch (imported lazily)."""

    def __init__(self, atlas: Atlas, parent: QWidget | None = None, bank: Bank | None = None,
                 store: ResultStore | None = None) -> None:
        super().__init__(parent)
        self.atlas = atlas
        self.bank = bank or load_bank()
        self.store = store or ResultStore()
        self.tabs = QTabWidget()
        self._panels: dict[str, QWidget] = {}
        for _name, title in PANELS:
            self.tabs.addTab(QWidget(), title)  # a stand-in until the tab is first opened
        self.tabs.currentChanged.connect(lambda index: self._panel(PANELS[index][0]) if index >= 0 else None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._panel(PANELS[self.tabs.currentIndex()][0])

    def build_next(self) -> bool:
        """Build one panel not built yet; False when every one is (the window calls this until then)."""
        for name, _title in PANELS:
            if name not in self._panels:
                self._panel(name)
                return True
        return False

    @property
    def explore(self):
        return self._panel("explore")

    @property
    def compare(self):
        return self._panel("compare")

    @property
    def nerves(self):
        return self._panel("nerves")

    @property
    def quiz(self):
        return self._panel("quiz")

    @property
    def results(self):
        return self._panel("results")

    def _panel(self, name: str):
        """The panel of one tab, built and put in its tab on first use."""
        panel = self._panels.get(name)
        if panel is not None:
            return panel
        panel = self._panels[name] = self._make(name)
        index = [n for n, _ in PANELS].index(name)
        current = self.tabs.currentIndex()
        stand_in = self.tabs.widget(index)
        self.tabs.blockSignals(True)  # swapping the page is not the user changing tabs
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, panel, PANELS[index][1])
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        stand_in.deleteLater()
        if index == current:  # lay the new page out now, so that it is painted at its final size only
            for _ in range(3):  # a layout request reaches the scroll area around the page one level at a time
                QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        return panel

    def _make(self, name: str) -> QWidget:
        if name == "explore":
            from desktop.teach.explore import ExplorePanel

            return ExplorePanel(self.atlas, self.bank)
        if name == "compare":
            from desktop.teach.compare import ComparePanel

            return ComparePanel(self.atlas)
        if name == "nerves":
            from desktop.teach.nerves import NervesPanel

            return NervesPanel(self.atlas, self.bank)
        if name == "quiz":
            from desktop.teach.quiz import QuizPanel

            quiz = QuizPanel(self.atlas, self.bank, self.store)
            quiz.answered.connect(self._answered)
            return quiz
        from desktop.teach.results_view import ResultsPanel

        return ResultsPanel(self.store)

    def _answered(self) -> None:
        if "results" in self._panels:  # otherwise it reads the store afresh when first opened
            self._panels["results"].refresh()
