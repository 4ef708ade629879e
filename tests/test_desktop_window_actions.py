"""The window's actions around the document: About, the PDF export and print preview (with and without the
report module), the teaching switch, the start-up path without heavy modules and the remembered layout."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from bodymaps import DISCLAIMER, __version__
from bodymaps.exam import exam_to_dict
from desktop.document import commands, dialogs
from tests.desktop_helpers import L5_EXAMPLE, ROOT, make_window

pytestmark = pytest.mark.usefixtures("dialogs_log")

def test_about_shows_version_data_versions_and_the_statement(qtbot, dialogs_log):
    window = make_window(qtbot)
    window.act.about.trigger()
    function, title, html = dialogs_log.shown[-1]
    assert function == "show_about" and title == "About BodyMaps"
    assert __version__ in html and DISCLAIMER in html
    for name in commands.data_versions():
        assert name in html


def test_pdf_actions_without_the_report_module_say_so(qtbot, dialogs_log, monkeypatch):
    window = make_window(qtbot)
    monkeypatch.setattr(commands, "_printing", lambda: None)
    for action in (window.act.export_pdf, window.act.export_deidentified, window.act.print, window.act.preview):
        action.trigger()
        assert dialogs_log.shown[-1][2] == commands.NOT_AVAILABLE


def test_pdf_export_calls_the_report_module_with_the_map_and_paper(qtbot, monkeypatch, tmp_path):
    window = make_window(qtbot, path=L5_EXAMPLE, map_id="keegan_garrett")
    calls = []

    class FakePrinting:
        @staticmethod
        def check_pdf_path(path):
            return None

        @staticmethod
        def write_pdf(exam, path, *, map_id, paper="a4", deidentify=False):
            calls.append((exam, path, map_id, paper, deidentify))

    monkeypatch.setattr(commands, "_printing", lambda: FakePrinting)
    monkeypatch.setattr(dialogs, "ask_pdf_path", lambda parent, suggested: str(tmp_path / "out.pdf"))
    window.act.export_pdf.trigger()
    window.act.export_deidentified.trigger()
    qtbot.waitUntil(lambda: len(calls) == 2)  # written in the background
    calls.sort(key=lambda call: call[-1])
    exam = window.controller.document.exam
    assert calls == [(exam, str(tmp_path / "out.pdf"), "keegan_garrett", "a4", False),
                     (exam, str(tmp_path / "out.pdf"), "keegan_garrett", "a4", True)]


def test_start_up_path_does_not_load_heavy_modules(qtbot):
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "from desktop.app import make_application\n"
            "from desktop.main_window import MainWindow\n"
            "from bodymaps.atlas import load_atlas\n"
            "app = make_application(); w = MainWindow(load_atlas()); w.show(); app.processEvents()\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'matplotlib')\n"
            "             or m.startswith(('desktop.report', 'desktop.teach')))\n"
            "print(bad)")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


HEAVY = ("shapely", "numpy", "pandas", "matplotlib")


def test_opening_an_exam_reaches_its_first_frame_without_heavy_modules(tmp_path):
    """`bodymaps app EXAM --smoke`, as a user starts it (atlas from the compiled cache): the first painted
    window, with the exam assessed, imports neither shapely, numpy, pandas nor matplotlib, nor the report or
    teaching modules; and the window was painted with the exam's findings on it."""
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "from bodymaps.cli import main\n"
            f"status = main(['app', {str(L5_EXAMPLE)!r}, '--smoke'])\n"
            f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}\n"
            "             or m.startswith(('desktop.report', 'desktop.teach', 'bodymaps.report', 'bodymaps.teach.'))\n"
            "             and m != 'bodymaps.teach.kinds')\n"  # the CLI parser's list of names: no imports
            "from desktop.app import _windows\n"
            "w = _windows[-1]\n"
            "print(status, bad, len(w.controller.document.exam.sensory), w.assessment is not None)")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BODYMAPS_CACHE_DIR=str(tmp_path / "cache"),
               BODYMAPS_CONFIG_DIR=str(tmp_path / "config"), BODYMAPS_DATA_HOME=str(tmp_path / "data"))
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
            for _ in range(2)]  # the first start may compile the atlas cache (with shapely); the second uses it
    assert all(r.returncode == 0 for r in runs), runs[-1].stderr
    out = runs[-1].stdout.strip().splitlines()[-1]
    assert out.startswith("0 [] ") and out.endswith(" True"), out
    assert int(out.split()[-2]) > 0  # the example's findings are in the window's exam


def test_teaching_switch_is_hidden_without_the_module_and_swaps_the_centre_with_it(qtbot, monkeypatch):
    import importlib.machinery
    import importlib.util
    import types

    from PySide6.QtWidgets import QLabel

    if importlib.util.find_spec("desktop.teach") is None:
        window = make_window(qtbot)
        assert not window.act.teaching.isVisible()
    made = []

    class TeachingWidget(QLabel):
        def __init__(self, atlas, parent=None):
            super().__init__("teaching", parent)
            made.append(atlas)

    fake = types.ModuleType("desktop.teach")
    fake.__spec__ = importlib.machinery.ModuleSpec("desktop.teach", None)
    fake.TeachingWidget = TeachingWidget
    monkeypatch.setitem(sys.modules, "desktop.teach", fake)
    import desktop

    monkeypatch.setattr(desktop, "teach", fake, raising=False)
    window = make_window(qtbot)
    assert window.act.teaching.isVisible() and made == []  # imported only when switched on
    window.act.teaching.trigger()
    assert made == [window.atlas] and window.central.currentWidget() is window.teaching_page
    assert window.teaching_page.widget().page is window.teaching
    assert window.exam_dock.isHidden() and window.assessment_dock.isHidden()
    window.act.teaching.trigger()
    assert window.central.currentWidget() is window.diagram and window.exam_dock.isVisible()


def test_export_pdf_through_the_real_report_module_on_a_worker_thread(qtbot, monkeypatch, tmp_path):
    pytest.importorskip("desktop.report.printing")
    import threading

    from desktop.report import pdf

    window = make_window(qtbot, path=L5_EXAMPLE)
    target = tmp_path / "chart.pdf"
    monkeypatch.setattr(dialogs, "ask_pdf_path", lambda parent, suggested: str(target))
    drawn_on, real = [], pdf.pdf_bytes
    monkeypatch.setattr(pdf, "pdf_bytes", lambda report: drawn_on.append(threading.current_thread()) or real(report))
    before = exam_to_dict(window.controller.document.exam)
    assert commands.export_pdf(window)
    qtbot.waitUntil(lambda: "PDF written" in window.statusBar().currentMessage(), timeout=20000)
    assert drawn_on and drawn_on[0] is not threading.main_thread()  # the window's thread stayed free
    assert target.read_bytes()[:5] == b"%PDF-" and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert exam_to_dict(window.controller.document.exam) == before


def test_export_pdf_refuses_an_impossible_path_before_starting_and_reports_a_late_failure(
        qtbot, monkeypatch, tmp_path, dialogs_log):
    pytest.importorskip("desktop.report.printing")
    window = make_window(qtbot, path=L5_EXAMPLE)
    started = []
    real_start = commands.run_in_background
    monkeypatch.setattr(commands, "run_in_background", lambda *a, **k: started.append(a) or real_start(*a, **k))
    missing = tmp_path / "no such folder" / "chart.pdf"
    monkeypatch.setattr(dialogs, "ask_pdf_path", lambda parent, suggested: str(missing))
    assert not commands.export_pdf(window)
    assert not started and dialogs_log.shown[-1][1] == "Cannot export PDF"
    assert str(missing) in dialogs_log.shown[-1][2] and "does not exist" in dialogs_log.shown[-1][2]
    target = tmp_path / "chart.pdf"
    target.write_bytes(b"the previous chart")
    monkeypatch.setattr(dialogs, "ask_pdf_path", lambda parent, suggested: str(target))

    def full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("bodymaps.files.write_private_atomic_bytes", full)
    assert commands.export_pdf(window)  # started: the path was fine
    qtbot.waitUntil(lambda: len(dialogs_log.shown) == 2, timeout=20000)
    assert dialogs_log.shown[-1][1] == "Cannot export PDF" and "No space left" in dialogs_log.shown[-1][2]
    assert target.read_bytes() == b"the previous chart"
    assert "PDF written" not in window.statusBar().currentMessage()


def test_print_preview_opens_and_closes_without_crashing(qtbot):
    pytest.importorskip("desktop.report.printing")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    window = make_window(qtbot, path=L5_EXAMPLE)
    seen = []

    def close_preview():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.windowTitle() if dialog else None)
        if dialog is not None:
            dialog.reject()

    QTimer.singleShot(500, close_preview)
    window.act.preview.trigger()  # modal: returns once the timer has closed it
    assert seen == ["Chart summary — print preview"]


def test_window_layout_is_remembered_across_starts(qtbot):
    from bodymaps.atlas import load_atlas
    from desktop.app import open_window

    first = open_window(load_atlas(), None, None, size=(1200, 700))
    qtbot.addWidget(first)
    first.assessment_dock.hide()
    assert first.close()
    second = open_window(load_atlas(), None, None)  # interactive start: no size given
    qtbot.addWidget(second)
    assert second.assessment_dock.isHidden() and not second.exam_dock.isHidden()


def test_teaching_mode_with_the_real_module(qtbot):
    pytest.importorskip("desktop.teach")
    window = make_window(qtbot)
    assert window.act.teaching.isVisible()
    window.act.teaching.trigger()
    from desktop.teach import TeachingWidget

    assert window.central.currentWidget() is window.teaching_page  # at once; the widget follows its modules
    qtbot.waitUntil(lambda: window.teaching is not None, timeout=20000)
    assert isinstance(window.teaching, TeachingWidget) and window.teaching_page.widget().page is window.teaching
    assert window.width() == 1366  # a wide teaching page scrolls rather than widening the window
    # and fits the window's height at 1366x768: every tab's figure whole, no vertical scrolling (the tallest tab's
    # preferred height once made the page scroll and cut the feet off)
    for index in range(window.teaching.tabs.count()):
        window.teaching.tabs.setCurrentIndex(index)
        qtbot.wait(50)
        assert window.teaching_page.verticalScrollBar().maximum() == 0, window.teaching.tabs.tabText(index)
        assert window.teaching.height() <= window.teaching_page.viewport().height()
    assert not any(a.isEnabled() for a in window.act_tools())
    window.act.teaching.trigger()
    assert window.central.currentWidget() is window.diagram and not window.assessment_dock.isHidden()
