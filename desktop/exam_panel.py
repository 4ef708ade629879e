"""The exam side of the window: tabs for the patient header and notes, reflexes and strength, special tests,
history and red flags. Keyboard-complete: Alt+letter picks a tab, Tab moves between the controls.

Mnemonics are unique across the window: menus F E V O H; tabs P R T Y; header N I A X D M S; assessment L B W.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from desktop.panels.header import HeaderPanel
from desktop.panels.history_flags import HistoryFlagsPanel
from desktop.panels.neuro_grid import NeuroGridView
from desktop.panels.notes import NotesPanel
from desktop.panels.tests_panel import TestsView

HINT_STYLE = "color: #666666; font-size: small;"


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def _page(*widgets, stretch_last: bool = True) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(6, 6, 6, 6)
    for widget in widgets:
        layout.addWidget(widget)
    if stretch_last:
        layout.setStretch(len(widgets) - 1, 1)
    return page


class ExamPanel(QTabWidget):
    def __init__(self, controller, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("examPanel")
        self.header = HeaderPanel(controller)
        self.notes = NotesPanel(controller)
        self.neuro = NeuroGridView(controller)
        self.tests = TestsView(controller)
        self.history_flags = HistoryFlagsPanel(controller)
        notes_label = QLabel("Note&s")
        notes_label.setBuddy(self.notes)
        self.patient_page = _page(self.header, notes_label, self.notes)
        self.neuro_page = _page(
            _hint("Type a grade and the cursor moves on · U/D plantar up/down · Delete or N T = not tested"),
            self.neuro,
        )
        self.tests_page = _page(_hint("P or + positive · N or − negative · Delete = not tested"), self.tests)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.history_flags)
        self.history_page = scroll
        self.addTab(self.patient_page, "&Patient")
        self.addTab(self.neuro_page, "&Reflexes · MRC")
        self.addTab(self.tests_page, "&Tests")
        self.addTab(self.history_page, "Histor&y · flags")
        self.setDocumentMode(True)

    def start(self) -> None:
        """A new or opened exam starts at the patient tab with the cursor in the name field."""
        self.setCurrentWidget(self.patient_page)
        self.header.name.setFocus()

    def commit_pending(self) -> None:
        """Record what is typed but not yet an edit (notes mid-pause, a header field still focused)."""
        self.notes.commit()
        self.header.commit()

    def go_to(self, section: str | None, item: str | None, side: str | None) -> bool:
        """Show and focus the control that records a finding (from a suggestion); False if there is none."""
        if section in ("reflexes", "motor"):
            self.setCurrentWidget(self.neuro_page)
            view = self.neuro
        elif section == "tests":
            self.setCurrentWidget(self.tests_page)
            view = self.tests
        elif section in ("history", "red_flags"):
            box = self.history_flags.box(section, item or "")
            if box is None:
                return False
            self.setCurrentWidget(self.history_page)
            self.history_page.ensureWidgetVisible(box)
            box.setFocus()
            return True
        elif section == "patient":
            self.setCurrentWidget(self.patient_page)
            self.header.setFocus()
            return True
        else:
            return False
        index = view.grid().index_of(section, item or "", side)
        if not index.isValid():
            return False
        view.setCurrentIndex(index)
        view.scrollTo(index)
        view.setFocus()
        return True
