"""The exam side of the window: tabs for the patient header and notes, reflexes and strength, special tests,
history and red flags. Keyboard-complete: Alt+letter picks a tab, Tab moves between the controls.

Mnemonics are unique across the window: menus F E V O H; tabs P R T Y; header N I A X D M S; assessment L B W.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from desktop.panels.header import HeaderPanel
from desktop.panels.notes import NotesPanel

if TYPE_CHECKING:  # the other tabs' modules are imported when those tabs are built
    from desktop.panels.history_flags import HistoryFlagsPanel
    from desktop.panels.neuro_grid import NeuroGridView
    from desktop.panels.tests_panel import TestsView

HINT_STYLE = "color: #666666; font-size: small;"


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def _page(*widgets) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(6, 6, 6, 6)
    _fill(page, *widgets)
    return page


def _fill(page: QWidget, *widgets) -> None:
    """Put widgets in a page, the last one taking the spare height."""
    layout = page.layout()
    for widget in widgets:
        layout.addWidget(widget)
    if widgets:
        layout.setStretch(layout.count() - 1, 1)


def _tab_after(page: QWidget, content: QWidget) -> None:
    """Move the Tab stops of ``content`` (a page's content built after the window) to just after ``page`` in the
    window's focus chain, where they would be had the page been built with the window: Qt appends a widget
    added later to the end of the chain, so Tab would leave the page for the wrong neighbour."""
    tab = Qt.FocusPolicy.TabFocus
    stops, widget = [], content
    while True:  # content's block of the chain: content, then its descendants
        if widget.focusPolicy() & tab:
            stops.append(widget)
        widget = widget.nextInFocusChain()
        if widget is content or not content.isAncestorOf(widget):
            break
    policy = page.focusPolicy()
    page.setFocusPolicy(policy | tab)  # setTabOrder() links Tab stops only: the page is one for a moment
    try:
        for first, second in zip([page, *stops[:-1]], stops, strict=True):
            QWidget.setTabOrder(first, second)
    finally:
        page.setFocusPolicy(policy)


class ExamPanel(QTabWidget):
    """The exam tabs. Only the patient tab is built with the window: the others are built the first time they
    are shown or reached (``neuro``, ``tests``, ``history_flags``, ``go_to``), or by :meth:`build_all` once the
    window's first frame is painted, so that the window appears sooner."""

    rejected = Signal(str)  # a key a grid refused (the window shows it in the status bar)

    def __init__(self, controller, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("examPanel")
        self.controller = controller
        self.header = HeaderPanel(controller)
        self.notes = NotesPanel(controller)
        notes_label = QLabel("Note&s")
        notes_label.setBuddy(self.notes)
        self.patient_page = _page(self.header, notes_label, self.notes)
        self.neuro_page = _page()
        self.tests_page = _page()
        self.history_page = QScrollArea()
        self.history_page.setWidgetResizable(True)
        self.history_page.setFrameShape(QScrollArea.Shape.NoFrame)
        self._neuro: NeuroGridView | None = None
        self._tests: TestsView | None = None
        self._history_flags: HistoryFlagsPanel | None = None
        self.addTab(self.patient_page, "&Patient")
        self.addTab(self.neuro_page, "&Reflexes · MRC")
        self.addTab(self.tests_page, "&Tests")
        self.addTab(self.history_page, "Histor&y · flags")
        self.setDocumentMode(True)
        self.currentChanged.connect(self._build_shown)

    # ------------------------------------------------------------------------------------- tabs built when needed

    @property
    def neuro(self) -> NeuroGridView:
        if self._neuro is None:
            from desktop.panels.neuro_grid import NeuroGridView

            self._neuro = NeuroGridView(self.controller)
            self._neuro.rejected.connect(self.rejected)
            _fill(self.neuro_page, _hint(
                "Type a grade and the cursor moves on · U/D plantar up/down · Delete or N T = not tested"),
                self._neuro)
            _tab_after(self.neuro_page, self._neuro)
        return self._neuro

    @property
    def tests(self) -> TestsView:
        if self._tests is None:
            from desktop.panels.tests_panel import TestsView

            self._tests = TestsView(self.controller)
            self._tests.rejected.connect(self.rejected)
            _fill(self.tests_page, _hint("P or + positive · N or − negative · Delete = not tested"), self._tests)
            _tab_after(self.tests_page, self._tests)
        return self._tests

    @property
    def history_flags(self) -> HistoryFlagsPanel:
        if self._history_flags is None:
            from desktop.panels.history_flags import HistoryFlagsPanel

            self._history_flags = HistoryFlagsPanel(self.controller)
            self.history_page.setWidget(self._history_flags)
            _tab_after(self.history_page, self._history_flags)
        return self._history_flags

    def _build_shown(self, index: int) -> None:
        builders = {id(self.neuro_page): "neuro", id(self.tests_page): "tests", id(self.history_page): "history_flags"}
        name = builders.get(id(self.widget(index)))
        if name is not None:
            getattr(self, name)  # built on first showing

    def build_all(self) -> None:
        """Build the tabs not shown yet (after the window's first frame)."""
        for name in ("neuro", "tests", "history_flags"):
            getattr(self, name)

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
