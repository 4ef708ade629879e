"""The main window: wiring only. Exam panels on the left, the body diagram in the middle, the assessment on
the right, the red-flag banner above everything; menus and toolbar from desktop.menus."""

from __future__ import annotations

import importlib.util

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QScrollArea, QStackedWidget, QToolBar

from bodymaps.engine import assess
from desktop import menus
from desktop.assessment.findings import control_of
from desktop.assessment.panel import AssessmentPanel
from desktop.assessment.red_flag_banner import RedFlagBanner
from desktop.assessment.state import AssessmentState
from desktop.background import run_in_background
from desktop.diagram_slot import defer_pixmap_caches, highlight_for, make_diagram, start_pixmap_caches
from desktop.document import settings
from desktop.document.controller import ExamController
from desktop.document.file_ops import FileOps
from desktop.document.recovery import Autosaver
from desktop.exam_panel import ExamPanel


class MainWindow(QMainWindow):
    def __init__(self, atlas, document=None, map_id: str | None = None, parent=None, starting: bool = False) -> None:
        """``starting``: the app's first window, which leaves what its first frame does not show to
        :meth:`finish_start_up` (called once that frame is painted) so that it appears sooner."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._starting = starting
        if starting:
            defer_pixmap_caches()
        self.atlas = atlas
        self.prefs = settings.load_preferences()
        self.controller = ExamController(document, self)
        self.autosaver = Autosaver(self.controller, self)
        self.files = FileOps(self, self.controller, self.autosaver)
        self.state = AssessmentState(self.controller, map_id or self.prefs.default_map, self)

        # the diagram (large, in the middle); teaching mode swaps it for the teaching widget
        self.diagram = make_diagram(atlas, self.controller, self)
        self.central = QStackedWidget()
        self.central.addWidget(self.diagram)
        self.setCentralWidget(self.central)
        self.teaching = None
        self.teaching_page: QScrollArea | None = None
        self._highlight_source: tuple[str, ...] | None = None

        # the red-flag banner spans the whole window, above the docks: a fixed toolbar of its own
        self.banner = RedFlagBanner()
        self.banner_bar = QToolBar("Red flags")
        self.banner_bar.setObjectName("redFlagBar")
        self.banner_bar.setMovable(False)
        self.banner_bar.setFloatable(False)
        self.banner_bar.toggleViewAction().setVisible(False)
        self.banner_bar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self.banner_bar.addWidget(self.banner)

        self.exam_panel = ExamPanel(self.controller)
        self.assessment_panel = AssessmentPanel(self.state)
        self.exam_dock = self._dock("Exam", self.exam_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.assessment_dock = self._dock("Assessment", self.assessment_panel, Qt.DockWidgetArea.RightDockWidgetArea)

        self.act = menus.build(self)
        self.addToolBarBreak()
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner_bar)
        self.banner_bar.hide()
        self.statusBar().showMessage("Ready", 3000)

        # wiring: one assessment feeds every panel
        self.state.updated.connect(self._assessed)
        self.state.mapChanged.connect(self._map_changed)
        self.files.titleChanged.connect(self.setWindowTitle)
        self.controller.documentReplaced.connect(self.exam_panel.start)
        self.assessment_panel.differential.conditionSelected.connect(self._condition_selected)
        self.assessment_panel.roots.rootSelected.connect(self._root_selected)
        self.assessment_panel.suggestions.suggestionActivated.connect(self.go_to_finding)
        self.exam_panel.rejected.connect(lambda text: self.statusBar().showMessage(text, 4000))
        if hasattr(self.diagram, "statusText"):  # the zone under the pointer, with its roots and nerves
            self.diagram.statusText.connect(self._hover_text)
        if hasattr(self.diagram, "set_map"):
            self.diagram.set_map(self.state.map_id)
        if hasattr(self.diagram, "set_overlay"):
            for name in settings.OVERLAYS:
                self.diagram.set_overlay(name, name in self.prefs.overlays)
        self.files._update_title()
        self.state.recompute()
        self.exam_panel.start()
        if not starting:
            self.exam_panel.build_all()

    def finish_start_up(self) -> None:
        """Once the first frame is painted: the body views' pixmap caches, the exam tabs not shown yet."""
        if not self._starting:
            return
        self._starting = False
        start_pixmap_caches()
        self.exam_panel.build_all()

    def _dock(self, title: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{title.lower()}Dock")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def size_docks(self, width: int) -> None:
        """Panels compact, the body diagram large: about a quarter of the width each side."""
        left = max(350, min(440, int(width * 0.24)))
        right = max(340, min(520, int(width * 0.28)))
        self.resizeDocks([self.exam_dock, self.assessment_dock], [left, right], Qt.Orientation.Horizontal)

    # ------------------------------------------------------------------------------------- assessment

    @property
    def assessment(self):
        return self.state.assessment

    def _assessed(self, assessment) -> None:
        self.banner.set_assessment(assessment)
        if self._highlight_source is not None and self._highlight_source[0] == "root":
            self._show_highlight(self._highlight_source)  # a condition's follows from the differential
        if self.banner_bar.isHidden() == bool(assessment.red_flags):
            self.banner_bar.setVisible(bool(assessment.red_flags))

    def set_map(self, map_id: str) -> None:
        self.state.set_map(map_id)

    def _map_changed(self, map_id: str) -> None:
        if hasattr(self.diagram, "set_map"):
            self.diagram.set_map(map_id)
        menus.sync_map(self, map_id)

    def _condition_selected(self, result) -> None:
        self._show_highlight(None if result is None else ("condition", result.condition))

    def _root_selected(self, root: str, side: str) -> None:
        self._show_highlight(("root", root, side))

    def _show_highlight(self, source: tuple[str, ...] | None) -> None:
        """Highlight a condition's or a root's territory and the marked zones that count for or against it."""
        self._highlight_source = source
        if hasattr(self.diagram, "set_highlight") and self.state.assessment is not None:
            highlight = None if source is None else highlight_for(self.atlas, self.state.assessment, source)
            self.diagram.set_highlight(highlight)

    def go_to_finding(self, finding: str) -> bool:
        section, item, side = control_of(finding)
        if section == "sensory":
            from bodymaps.vocabulary import vocabulary

            where = vocabulary().label("zone", item or "") + (f" ({side})" if side and side != "midline" else "")
            views = self.atlas.zone_views(item or "")
            if views and hasattr(self.diagram, "set_current_view"):
                self.diagram.set_current_view(views[0])  # matters when the views are stacked (narrow window)
            self.diagram.setFocus()
            self.statusBar().showMessage(f"Examine sensation at {where}, then mark it on the body diagram", 8000)
            return True
        found = self.exam_panel.go_to(section, item, side)
        if found:
            self.exam_dock.show()
            self.exam_dock.raise_()
        return found

    def _hover_text(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text)
        else:
            self.statusBar().clearMessage()

    def commit_pending(self) -> None:
        self.exam_panel.commit_pending()

    def assess_now(self):
        """Assess the open exam (tests and the benchmark use this to compare with the panels)."""
        return assess(self.controller.document.exam, self.state.map_id)

    def act_tools(self) -> list:
        """The diagram's tool actions (Pain, Numbness, Paraesthesia, Eraser), as in the toolbar."""
        return self.diagram.tool_actions().actions() if hasattr(self.diagram, "tool_actions") else []

    # ------------------------------------------------------------------------------------- teaching

    @staticmethod
    def teaching_available() -> bool:
        try:
            return importlib.util.find_spec("desktop.teach") is not None
        except (ImportError, ValueError):
            return False

    def set_teaching(self, on: bool) -> None:
        """Swap the diagram for the teaching widget (the exam stays open, untouched, behind it).

        The first time, the page shows at once with a line saying it is opening; what takes long and makes no
        widget (importing the teaching modules with shapely and numpy, reading the question bank) runs on a
        worker thread, and the widget is built when it is done: the window never stalls for that import."""
        if on and self.teaching_page is None:
            # in a scroll area, so a teaching page wider than a small screen never widens the window
            self.teaching_page = QScrollArea()
            self.teaching_page.setWidgetResizable(True)
            self.teaching_page.setFrameShape(QScrollArea.Shape.NoFrame)
            self.central.addWidget(self.teaching_page)
            from desktop import teach  # lazily: teaching stays off the start-up path

            prepare = getattr(teach, "prepare", None)
            if prepare is None:
                self._teaching_ready({})
            else:
                opening = QLabel("Opening teaching mode…")
                opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self.teaching_page.setWidget(opening)
                run_in_background(lambda: prepare(self.atlas), self._teaching_ready)
        self.central.setCurrentWidget(self.teaching_page if on else self.diagram)
        self.exam_dock.setVisible(not on)
        self.assessment_dock.setVisible(not on)
        for action in [*self.act_tools(), *self.act.overlays.values()]:  # the exam's diagram tools rest meanwhile
            action.setEnabled(not on)

    def _teaching_ready(self, prepared) -> None:
        """Build the teaching widget from what the worker prepared (or say why teaching mode cannot open)."""
        if isinstance(prepared, Exception):
            failed = QLabel(f"Teaching mode could not open: {prepared}")
            failed.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.teaching_page.setWidget(failed)
            return
        from desktop import teach

        self._finish_teaching(teach.TeachingWidget(self.atlas, None, **prepared))

    def _finish_teaching(self, teaching) -> None:
        """Build the teaching tabs one per pass of the event loop (each takes up to a few tens of milliseconds),
        then show the widget: laid out with all its tabs, as if it had been built at once."""
        if getattr(teaching, "build_next", lambda: False)():
            QTimer.singleShot(0, self, lambda: self._finish_teaching(teaching))
            return
        self.teaching = teaching
        from desktop.fit_page import FitPage

        self.teaching_page.setWidget(FitPage(teaching))

    # ------------------------------------------------------------------------------------- closing

    def save_layout(self) -> None:
        """Remember the window's size and the docks' layout for the next start (QSettings)."""
        store = settings.qsettings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())
        store.sync()

    def restore_layout(self) -> bool:
        """Put the window and docks back as they were at the last clean close; False when nothing was saved."""
        store = settings.qsettings()
        geometry, state = store.value("window/geometry"), store.value("window/state")
        if geometry is None or state is None:
            return False
        return bool(self.restoreGeometry(geometry) and self.restoreState(state))

    def closeEvent(self, event) -> None:
        if self.files.maybe_save():
            self.save_layout()
            self.autosaver.timer.stop()
            self.autosaver.remove()
            event.accept()
        else:
            event.ignore()
