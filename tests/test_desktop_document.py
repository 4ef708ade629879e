"""The document in the window: undo texts in the Edit menu, title and unsaved mark, save and reopen, refusing
a broken file, the prompt before losing work, recent files, examples, autosave and recovery after kill -9,
and preferences (About, the PDF actions and the rest: test_desktop_window_actions.py)."""

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
