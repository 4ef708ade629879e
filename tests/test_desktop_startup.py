"""Start-up: the first window shows the exam assessed at its first frame and builds what that frame does not show
afterwards (hidden exam tabs, pixmap caches of the drawing), with the same Tab order and the same picture."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

pytest.importorskip("PySide6")

from tests.desktop_helpers import CAUDA_EXAMPLE, L5_EXAMPLE, ROOT


@pytest.fixture
def starting_window(qtbot):
    """The app's first window as `bodymaps app EXAM` builds it, before its first frame has been painted."""
    from bodymaps.atlas import load_atlas
    from bodymaps.exam import ExamDocument
    from desktop.app import make_application
    from desktop.body_view import items
    from desktop.main_window import MainWindow

    make_application()
    window = MainWindow(load_atlas(), ExamDocument.open(L5_EXAMPLE), None, starting=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.size_docks(1366)
    yield window
    items.start_pixmap_caches()  # never leave the deferral on for the next test


def tab_stops(window) -> list[str]:
    from PySide6.QtCore import Qt

    stops, widget = [], window.nextInFocusChain()
    while widget is not window:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            stops.append(f"{type(widget).__name__}:{widget.objectName()}")
        widget = widget.nextInFocusChain()
    return stops


def test_the_first_frame_has_the_exam_assessed_and_the_rest_follows(starting_window, qtbot):
    from PySide6.QtWidgets import QGraphicsItem

    from desktop.body_view.items import LabelItem, ShapeItem, ZoneItem

    window = starting_window
    # what the first frame shows is all there: the exam, its differential, the body views with the findings
    assert window.assessment is not None
    assert window.assessment_panel.differential.model().rowCount() == len(window.assessment.differential) > 0
    scene = window.diagram.scenes()["anterior"]
    assert any(item.kinds() for item in scene.zone_items().values())
    # what it does not show waits: the other exam tabs, the drawing's pixmap caches (hatched zones keep theirs:
    # a hatch is anchored to its pixmap)
    panel = window.exam_panel
    assert (panel._neuro, panel._tests, panel._history_flags) == (None, None, None)
    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    drawing = [i for i in scene.items() if isinstance(i, (LabelItem, ShapeItem)) and i.cacheMode() != cached]
    assert len(drawing) > 20
    zones = [i for i in scene.items() if isinstance(i, ZoneItem)]
    assert all(i.cacheMode() == cached for i in zones if i.kinds())
    drawing += [i for i in zones if not i.kinds()]
    assert all(i.cacheMode() != cached for i in drawing)
    zone = scene.zone_items()[("dorsum_foot", "left")]
    assert zone.toolTip() == ""  # hover text, set once the frame is painted

    window.show()
    qtbot.waitExposed(window)
    window.finish_start_up()
    assert None not in (panel._neuro, panel._tests, panel._history_flags)
    assert all(i.cacheMode() == cached for i in drawing)
    assert "Dorsum of foot (left)" in zone.toolTip() and "L5" in zone.toolTip()
    window.finish_start_up()  # a second call changes nothing


def test_a_tab_is_built_when_it_is_first_shown(starting_window):
    panel = starting_window.exam_panel
    panel.setCurrentWidget(panel.tests_page)
    assert panel._tests is not None and panel._tests.isVisibleTo(panel)
    assert panel._neuro is None
    assert panel.go_to("motor", "ankle_dorsiflexion", "left")  # reached from a suggestion: built on the way
    assert panel.currentWidget() is panel.neuro_page and panel.neuro.currentIndex().isValid()


def test_tab_order_is_the_same_whenever_and_in_whatever_order_the_tabs_are_built(starting_window, qtbot):
    from bodymaps.atlas import load_atlas
    from bodymaps.exam import ExamDocument
    from desktop.main_window import MainWindow

    eager = MainWindow(load_atlas(), ExamDocument.open(L5_EXAMPLE), None)  # every tab built with the window
    qtbot.addWidget(eager)
    for name in ("history_flags", "tests", "neuro"):  # the reverse of their order in the window
        getattr(starting_window.exam_panel, name)
    expected = tab_stops(eager)
    assert tab_stops(starting_window) == expected
    notes = expected.index("NotesPanel:notes")
    assert expected[notes + 1:notes + 4] == ["NeuroGridView:neuroGrid", "TestsView:testsGrid", "QScrollArea:"]


def test_smoke_reports_the_first_paint_and_resumes_the_garbage_collector(tmp_path):
    code = (f"import sys, gc; sys.path.insert(0, {str(ROOT)!r})\n"
            "from desktop import app\n"
            f"status = app.run({str(CAUDA_EXAMPLE)!r}, smoke=True)\n"
            "print('status', status, gc.isenabled(), gc.get_freeze_count() > 1000,\n"
            "      not app._windows[-1].banner_bar.isHidden(), app._windows[-1].exam_panel._history_flags is not None)")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BODYMAPS_CONFIG_DIR=str(tmp_path),
               BODYMAPS_DATA_HOME=str(tmp_path))
    before = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    after = time.monotonic()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    painted = [float(line.split()[1]) for line in lines if line.startswith("first-paint ")]
    assert len(painted) == 1 and before < painted[0] < after  # the same clock as ours (CLOCK_MONOTONIC)
    assert lines[-1] == "status 0 True True True True"  # the red-flag banner shows; the tabs were built after
    ini = tmp_path / "bodymaps.ini"
    assert not ini.exists() or "geometry" not in ini.read_text()  # a smoke run never saves the window layout


def test_a_sub_command_builds_only_its_own_parser_and_help_still_lists_them_all():
    code = ("import sys\nfrom bodymaps.cli import main\n"
            "try:\n    main(['app', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('bodymaps.cli.')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "usage: bodymaps app" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "['bodymaps.cli.app_cmd']"
    everything = subprocess.run([sys.executable, "-m", "bodymaps", "--help"], capture_output=True, text=True,
                                cwd=ROOT, timeout=60)
    assert "{atlas,assess,report,app,quiz}" in everything.stdout


def test_finishing_start_up_resumes_the_collector_once(starting_window):
    import gc

    from desktop import app

    assert gc.isenabled()
    app.pause_gc()
    try:
        assert not gc.isenabled()
        app.finish_start_up(starting_window)
        assert gc.isenabled() and gc.get_freeze_count() > 0
        gc.disable()  # a second call (the timer after the first frame) changes nothing
        app.finish_start_up(starting_window)
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
