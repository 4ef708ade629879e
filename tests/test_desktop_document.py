"""The document in the window: undo texts in the Edit menu, title and unsaved mark, save and reopen, refusing
a broken file, the prompt before losing work, recent files, examples, autosave and recovery after kill -9,
preferences, About and the PDF actions."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from bodymaps import DISCLAIMER, __version__
from bodymaps.exam import exam_to_dict, load_exam
from bodymaps.exam.edits import SetMotor, SetReflex, SetZoneFinding
from desktop.document import commands, dialogs, recovery, settings
from tests.desktop_helpers import CAUDA_EXAMPLE, L5_EXAMPLE, ROOT, make_window

pytestmark = pytest.mark.usefixtures("dialogs_log")


def test_edit_menu_shows_readable_undo_and_redo_texts(qtbot):
    window = make_window(qtbot)
    window.controller.apply(SetReflex("achilles", "left", 1))
    assert window.act.undo.text() == "&Undo Achilles (ankle jerk) (left): 1"
    window.controller.begin_group("Mark left dorsum of foot: numbness")
    window.controller.apply(SetZoneFinding("dorsum_foot", "left", "numbness"))
    window.controller.end_group()
    assert window.act.undo.text() == "&Undo Mark left dorsum of foot: numbness"
    window.act.undo.trigger()
    assert window.controller.document.exam.sensory == []
    assert window.act.redo.text() == "&Redo Mark left dorsum of foot: numbness"
    window.act.undo.trigger()
    assert window.controller.document.exam.reflexes == {} and not window.controller.document.modified
    assert not window.act.undo.isEnabled()
    window.act.redo.trigger()
    assert window.controller.document.exam.reflexes == {"achilles": {"left": 1}}
    assert [s.toString() for s in window.act.redo.shortcuts()] == ["Ctrl+Shift+Z", "Ctrl+Y"]


def test_title_shows_the_file_name_and_an_unsaved_mark(qtbot, tmp_path):
    path = tmp_path / "smith.bodymaps.json"
    path.write_bytes(L5_EXAMPLE.read_bytes())
    window = make_window(qtbot, path=path)
    assert window.windowTitle() == "smith.bodymaps.json[*] — BodyMaps" and not window.isWindowModified()
    window.controller.apply(SetMotor("hip_flexion", "left", 5))
    assert window.isWindowModified()
    window.controller.undo()
    assert not window.isWindowModified()


def test_save_reopen_and_compare(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, path=L5_EXAMPLE)
    window.controller.apply(SetMotor("ankle_eversion", "right", 4))
    window.controller.apply(SetZoneFinding("heel", "right", "paresthesia"))
    target = tmp_path / "saved.bodymaps.json"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested: str(target))
    assert window.files.save_as()
    assert not window.controller.document.modified and window.windowTitle().startswith("saved.bodymaps.json")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert exam_to_dict(load_exam(target)) == exam_to_dict(window.controller.document.exam)
    edited = exam_to_dict(window.controller.document.exam)
    assert window.files.new()
    assert window.controller.document.exam.motor == {}
    monkeypatch.setattr(dialogs, "ask_open_path", lambda parent, folder: str(target))
    assert window.files.open()
    assert exam_to_dict(window.controller.document.exam) == edited
    assert settings.recent_files()[0] == str(target.resolve())
    assert window.act.recent_menu.actions()[0].text().endswith(str(target.resolve()))


def test_a_broken_file_is_refused_with_a_dialog_and_the_open_exam_is_untouched(qtbot, tmp_path, dialogs_log,
                                                                               monkeypatch):
    window = make_window(qtbot, path=L5_EXAMPLE)
    window.controller.apply(SetMotor("hip_flexion", "left", 3))
    before = exam_to_dict(window.controller.document.exam)
    broken = tmp_path / "broken.bodymaps.json"
    data = json.loads(L5_EXAMPLE.read_text())
    data["reflexes"]["patellar"]["left"] = 7
    broken.write_text(json.dumps(data))
    asked = []
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: asked.append(name) or "discard")
    assert not window.files.open_path(broken)
    assert dialogs_log.shown[-1][0] == "show_error"
    assert "reflexes.patellar.left" in dialogs_log.shown[-1][2] and "7" in dialogs_log.shown[-1][2]
    assert asked == []  # refused before asking about the open exam
    assert exam_to_dict(window.controller.document.exam) == before
    assert window.controller.document.modified and window.controller.undo_stack.count() == 1
    (tmp_path / "junk.bodymaps.json").write_text("{not json")
    assert not window.files.open_path(tmp_path / "junk.bodymaps.json")
    assert "invalid JSON" in dialogs_log.shown[-1][2]
    assert exam_to_dict(window.controller.document.exam) == before


def test_closing_with_unsaved_work_asks_and_cancel_keeps_the_window(qtbot, monkeypatch):
    window = make_window(qtbot)
    window.controller.apply(SetMotor("hip_flexion", "left", 4))
    asked = []
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: asked.append(name) or "cancel")
    assert not window.close()
    assert asked == ["Untitled exam"] and window.isVisible()
    assert not window.files.new()  # replacing is refused too
    assert window.controller.document.exam.motor == {"hip_flexion": {"left": 4}}
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: "discard")
    assert window.close()


def test_example_exams_open_from_the_help_menu_as_untitled_copies(qtbot):
    window = make_window(qtbot)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    examples = next(a.menu() for a in help_menu.actions() if a.menu() is not None)
    titles = [a.text() for a in examples.actions()]
    assert "Left l5 radiculopathy" in titles and "Cauda equina red flags" in titles
    examples.actions()[titles.index("Cauda equina red flags")].trigger()
    assert window.controller.document.path is None
    assert window.windowTitle().startswith("Cauda equina red flags (example)")
    assert exam_to_dict(window.controller.document.exam) == exam_to_dict(load_exam(CAUDA_EXAMPLE))
    assert window.banner_bar.isVisible()


def test_autosave_writes_a_private_recovery_file_and_a_clean_save_removes_it(qtbot, tmp_path):
    window = make_window(qtbot)
    saver = window.autosaver
    window.controller.apply(SetMotor("hip_flexion", "left", 4))
    assert saver.timer.isActive() and saver.timer.interval() <= 2000
    qtbot.waitUntil(lambda: saver.file is not None and saver.file.exists(), timeout=5000)
    assert stat.S_IMODE(saver.file.stat().st_mode) == 0o600
    assert saver.file.parent == recovery.recovery_dir()
    assert str(tmp_path) in str(saver.file) or os.environ["BODYMAPS_DATA_HOME"] in str(saver.file)
    data = json.loads(saver.file.read_text())
    assert data["exam"]["motor"] == {"hip_flexion": {"left": 4}}
    file = saver.file
    window.files._save_to(tmp_path / "clean.bodymaps.json")
    assert not file.exists()
    other = make_window(qtbot)  # a second window keys its own file
    other.controller.apply(SetMotor("hip_flexion", "right", 3))
    other.autosaver.write_now()
    window.controller.apply(SetMotor("hip_flexion", "left", 2))
    window.autosaver.write_now()
    assert window.autosaver.file != other.autosaver.file and window.autosaver.file.exists()


CRASHING_SESSION = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from bodymaps.exam.edits import SetMotor, SetZoneFinding
    from bodymaps.atlas import load_atlas
    from bodymaps.exam import ExamDocument
    from desktop.app import make_application
    from desktop.main_window import MainWindow
    app = make_application()
    window = MainWindow(load_atlas(), ExamDocument.open({path!r}))
    window.show()
    window.controller.apply(SetMotor("ankle_inversion", "right", 3))
    window.controller.begin_group("Mark numbness")
    window.controller.apply(SetZoneFinding("heel", "right", "numbness"))
    window.controller.end_group()
    window.autosaver.write_now()
    print(window.autosaver.file, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_recovery_after_kill_9_restores_everything_and_saves_to_the_original_file(qtbot, tmp_path, monkeypatch):
    original = tmp_path / "patient.bodymaps.json"
    original.write_bytes(L5_EXAMPLE.read_bytes())
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", CRASHING_SESSION.format(root=str(ROOT), path=str(original))],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    left_behind = recovery.find_orphans()
    assert len(left_behind) == 1 and str(left_behind[0].file) == proc.stdout.strip()
    offered = []
    monkeypatch.setattr(dialogs, "ask_restore", lambda parent, text: offered.append(text) or True)
    from desktop.app import offer_recovery

    window = make_window(qtbot)
    offer_recovery(window)
    assert offered and "patient.bodymaps.json" in offered[0]
    exam = window.controller.document.exam
    assert exam.motor["ankle_inversion"] == {"left": 4, "right": 3}
    assert {"zone": "heel", "side": "right", "kind": "numbness"} in exam_to_dict(exam)["sensory"]
    expected = exam_to_dict(load_exam(L5_EXAMPLE))
    expected["motor"]["ankle_inversion"]["right"] = 3
    expected["sensory"].append({"zone": "heel", "side": "right", "kind": "numbness"})
    assert exam_to_dict(exam) == expected  # nothing lost, nothing added
    assert window.controller.document.modified and window.controller.document.path == original
    assert window.act.undo.text() == "&Undo Restore unsaved changes"
    assert not left_behind[0].file.exists() and recovery.find_orphans() == []
    assert window.files.save()
    assert exam_to_dict(load_exam(original)) == expected


def test_declining_recovery_discards_the_file(qtbot, monkeypatch):
    folder = recovery.recovery_dir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    file = folder / f"recovery-{int(dead.stdout)}-1.json"
    file.write_text(json.dumps({"format": recovery.FORMAT, "version": 1, "saved_at": 0, "path": None,
                                "exam": {"format": "bodymaps.exam", "version": 1, "notes": "lost?"}}))
    assert [r.exam.notes for r in recovery.find_orphans()] == ["lost?"]
    from desktop.app import offer_recovery

    window = make_window(qtbot)
    offer_recovery(window)  # guard_dialogs answers no
    assert not file.exists() and window.controller.document.exam.notes == ""


def test_preferences_persist_and_restore_defaults(qtbot, monkeypatch):
    from desktop.document.preferences_dialog import PreferencesDialog
    from desktop.document.settings import Preferences

    dialog = PreferencesDialog(Preferences())
    qtbot.addWidget(dialog)
    dialog.map_box.setCurrentIndex(dialog.map_box.findData("foerster"))
    dialog.examiner.setText("Dr Who")
    dialog.paper_box.setCurrentIndex(dialog.paper_box.findData("letter"))
    dialog.overlay_boxes["nerves"].setChecked(True)
    dialog.overlay_boxes["dermatomes"].setChecked(False)
    chosen = dialog.preferences()
    settings.save_preferences(chosen)
    assert settings.load_preferences() == Preferences("foerster", "Dr Who", "letter", ["nerves"])
    assert os.environ["BODYMAPS_CONFIG_DIR"] in settings.qsettings().fileName()
    dialog.restore_button.click()
    assert dialog.preferences() == Preferences()
    settings.save_preferences(Preferences(overlays=[]))
    assert settings.load_preferences().overlays == []
    # the window uses them: a new exam carries the examiner, the map starts as chosen
    settings.save_preferences(chosen)
    window = make_window(qtbot)
    assert window.state.map_id == "foerster"
    assert window.files.new_exam().info.examiner == "Dr Who"
    assert window.act.overlays["nerves"].isChecked() and not window.act.overlays["dermatomes"].isChecked()
    monkeypatch.setattr(dialogs, "edit_preferences", lambda parent, prefs: Preferences(overlays=["landmarks"]))
    commands.edit_preferences(window)
    assert settings.load_preferences().overlays == ["landmarks"] and window.act.overlays["landmarks"].isChecked()


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


def test_text_still_being_typed_is_saved_and_counts_as_unsaved_work(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot)
    window.exam_panel.setCurrentWidget(window.exam_panel.patient_page)
    qtbot.keyClicks(window.exam_panel.notes, "Seen in clinic")  # no pause, no focus change yet
    qtbot.keyClicks(window.exam_panel.header.name, "Ada")
    asked = []
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: asked.append(name) or "cancel")
    assert not window.close()
    assert asked and window.controller.document.exam.notes == "Seen in clinic"
    target = tmp_path / "typed.bodymaps.json"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested: str(target))
    qtbot.keyClicks(window.exam_panel.notes, ", walking in.")
    assert window.files.save()
    saved = load_exam(target)
    assert saved.notes == "Seen in clinic, walking in." and saved.patient.name == "Ada"


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


def test_recovery_opens_in_a_new_window_when_this_one_holds_another_exam(qtbot, monkeypatch, tmp_path):
    from desktop.app import _windows, offer_recovery

    folder = recovery.recovery_dir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    file = folder / f"recovery-{int(dead.stdout)}-1.json"
    file.write_text(json.dumps({"format": recovery.FORMAT, "version": 1, "saved_at": 0, "path": None,
                                "exam": {"format": "bodymaps.exam", "version": 1, "notes": "left behind"}}))
    monkeypatch.setattr(dialogs, "ask_restore", lambda parent, text: True)
    window = make_window(qtbot, path=L5_EXAMPLE)  # opened from the command line
    before = len(_windows)
    offer_recovery(window)
    assert window.controller.document.exam.notes != "left behind"
    assert len(_windows) == before + 1
    other = _windows[-1]
    qtbot.addWidget(other)
    assert other.controller.document.exam.notes == "left behind" and other.controller.document.modified


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
