"""Work done off the UI thread (teaching mode's imports, PDF export) comes back to the UI thread, errors too."""

from __future__ import annotations

import threading

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QObject

from bodymaps.exam.edits import SetMotor
from desktop.background import run_in_background
from desktop.document import commands, dialogs
from tests.desktop_helpers import L5_EXAMPLE, make_window

pytestmark = pytest.mark.usefixtures("dialogs_log")


def test_work_runs_on_a_worker_and_its_result_or_error_comes_back_on_the_ui_thread(qtbot):
    seen = []
    run_in_background(lambda: threading.current_thread().name, lambda result: seen.append(
        (result, threading.current_thread() is threading.main_thread())))
    run_in_background(lambda: 1 / 0, lambda result: seen.append((type(result), True)))
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert ("bodymaps-background", True) in seen and (ZeroDivisionError, True) in seen


def test_a_result_for_an_object_deleted_meanwhile_is_dropped(qtbot):
    from shiboken6 import delete

    owner, seen, release = QObject(), [], threading.Event()
    run_in_background(release.wait, seen.append, owner=owner)
    delete(owner)
    release.set()
    qtbot.wait(200)
    assert seen == []


def test_export_writes_the_exam_as_it_was_asked_for_and_reports_a_failure(qtbot, monkeypatch, tmp_path, dialogs_log):
    window = make_window(qtbot, path=L5_EXAMPLE)
    written, release = [], threading.Event()

    class SlowPrinting:
        @staticmethod
        def check_pdf_path(path):  # the path is fine; the failure below comes while writing
            return None

        @staticmethod
        def write_pdf(exam, path, *, map_id, paper="a4", deidentify=False):
            release.wait(10)
            if path.endswith("bad.pdf"):
                raise OSError(f"cannot write {path}: folder is not writable")
            written.append(exam.motor.get("hip_flexion"))

    monkeypatch.setattr(commands, "_printing", lambda: SlowPrinting)
    monkeypatch.setattr(dialogs, "ask_pdf_path", lambda parent, suggested: str(tmp_path / "out.pdf"))
    before = window.controller.document.exam.motor.get("hip_flexion")
    assert commands.export_pdf(window)
    assert "Writing PDF" in window.statusBar().currentMessage()
    window.controller.apply(SetMotor("hip_flexion", "left", 2))  # the window is free while it is written
    release.set()
    qtbot.waitUntil(lambda: "PDF written" in window.statusBar().currentMessage())
    assert written == [before]
    monkeypatch.setattr(dialogs, "ask_pdf_path", lambda parent, suggested: str(tmp_path / "bad.pdf"))
    assert commands.export_pdf(window)
    qtbot.waitUntil(lambda: bool(dialogs_log.shown))
    assert dialogs_log.shown[-1][:2] == ("show_error", "Cannot export PDF") and "not writable" in dialogs_log.shown[-1][2]
