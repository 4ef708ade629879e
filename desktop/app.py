"""The desktop application: QApplication set-up, the window, and the `bodymaps app` flags.

``bodymaps app [EXAM] [--map MAP] [--screenshot PNG [--size WxH]] [--smoke]``. The exam is read before Qt
starts, so a bad file exits 2 with one line and no window; without a display (and without --screenshot or
--smoke, which render offscreen) it exits 2 saying so, instead of letting Qt abort.

``--smoke`` prints ``first-paint MONOTONIC`` (time.monotonic(), CLOCK_MONOTONIC on Linux) once the window's
first frame is painted, then ends the process without tearing every Qt object down (benchmarks/startup.py
measures process start -> that line, against a bare window that reports its first frame the same way).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys
import time
from pathlib import Path

from bodymaps.exam import ExamDocument, ExamError

DEFAULT_SIZE = (1366, 768)
EXPOSE_TIMEOUT_S = 10.0
FINISH_LATEST_S = 3.0  # the first window finishes starting up by then even if it is never painted


class AppError(Exception):
    """A one-line reason to exit with status 2 (bad file, bad size, no display)."""


def parse_size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        w, h = (int(p) for p in text.lower().split("x"))
    except ValueError:
        raise AppError(f"--size {text!r}: expected WIDTHxHEIGHT, e.g. 1366x768") from None
    if not (320 <= w <= 8000 and 240 <= h <= 8000):
        raise AppError(f"--size {text!r}: width and height must be between 320x240 and 8000x8000")
    return w, h


def has_display() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return True  # offscreen, minimal, vnc, windows, cocoa ...: Qt will not need an X server
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def load_document(path: str | None) -> ExamDocument | None:
    if path is None:
        return None
    try:
        return ExamDocument.open(path)
    except ExamError as exc:
        raise AppError(str(exc)) from None


def make_application(argv: list[str] | None = None):
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from desktop.style import ACCENT

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("BodyMaps")
    app.setOrganizationName("BodyMaps")
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.Link, QColor(ACCENT))
    app.setPalette(palette)
    return app


def wait_painted(window, timeout: float = EXPOSE_TIMEOUT_S) -> None:
    """Process events until the window is exposed and has painted once (painted on purpose only if exposing it
    did not paint it already: a second full paint of the window would double the cost of the first frame)."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject
    from PySide6.QtWidgets import QApplication

    class PaintSeen(QObject):
        painted = False

        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.painted = True
            return False

    seen = PaintSeen()
    window.installEventFilter(seen)
    try:
        deadline = time.monotonic() + timeout
        handle = window.windowHandle()
        while time.monotonic() < deadline and not (handle is not None and handle.isExposed()):
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            handle = window.windowHandle()
        QApplication.processEvents()
        if not seen.painted:
            window.repaint()
            QApplication.processEvents()
    finally:
        window.removeEventFilter(seen)


def after_first_frame(window, callback) -> None:
    """Call ``callback()`` once the window's first frame is painted.

    The first Paint event of the top-level window starts Qt's paint pass over the whole window; a zero-delay
    timer posted from it runs once that pass (docks, panels, body views) is done. benchmarks/_bare_window.py
    detects its first frame the same way, so that both sides of the start-up benchmark measure the same thing.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstFrame(QObject):
        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                QTimer.singleShot(0, callback)
                self.deleteLater()
            return False

    window.installEventFilter(FirstFrame(window))


_gc_paused = False


def pause_gc() -> None:
    """Start-up allocates a few hundred thousand objects that live as long as the app (modules, classes, the
    atlas, the window's items), and the cyclic garbage collector would walk them over and over while they are
    made: about a hundred collections, 20-30 ms before the first frame. Paused until :func:`finish_start_up`."""
    global _gc_paused
    if gc.isenabled():
        gc.disable()
        _gc_paused = True


def finish_start_up(window) -> None:
    """After the first window's first frame: what that frame did not show (MainWindow.finish_start_up), then
    one collection of start-up's garbage, and the survivors set aside (gc.freeze: later collections, during a
    click say, never walk them again) before the collector resumes. Runs once; a second call does nothing."""
    global _gc_paused
    try:
        window.finish_start_up()
    finally:
        if _gc_paused:
            _gc_paused = False
            gc.collect()
            gc.freeze()
            gc.enable()


def report_first_frame(window, timeout: float = EXPOSE_TIMEOUT_S) -> None:
    """--smoke: run the event loop until the first frame is painted, print ``first-paint MONOTONIC``, finish
    starting up (what the window builds after its first frame) and return."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    painted = []

    def first_frame() -> None:
        print(f"first-paint {time.monotonic():.6f}", flush=True)
        painted.append(True)
        finish_start_up(window)
        QApplication.exit(0)  # not quit(): that would close the window, saving its layout as the user's

    def too_late() -> None:  # never exposed (a platform that does not paint hidden windows): paint it now
        if not painted:
            window.repaint()

    after_first_frame(window, first_frame)
    QTimer.singleShot(int(timeout * 1000), too_late)
    QApplication.instance().exec()


def exit_without_teardown(status: int = 0) -> None:
    """End a --smoke run at once: flush stdout and stderr, then os._exit. Destroying every Qt object and
    module one by one takes 50-70 ms and saves nothing (a smoke run has no settings or recovery to write)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)


def screenshot(window, path: str) -> None:
    from PySide6.QtCore import QBuffer, QIODevice

    from bodymaps.files import write_private_atomic_bytes

    image = window.grab().toImage()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    write_private_atomic_bytes(path, bytes(buffer.data()))


def offer_recovery(window) -> None:
    """After a crash, offer each exam left behind. One goes into this window when it holds nothing yet (or the
    same file); any other opens in a window of its own, so an exam opened from the command line stays."""
    from pathlib import Path

    from desktop.document import dialogs
    from desktop.document.recovery import find_orphans

    free = window.controller.document.path is None and not window.controller.document.modified
    for recovered in find_orphans():
        if not dialogs.ask_restore(window, recovered.describe()):
            recovered.discard()
            continue
        own = window.controller.document.path
        same_file = own is not None and recovered.path is not None and Path(recovered.path) == own
        if free or same_file:
            target, free = window, False
        else:
            target = open_window(window.atlas, None, window.state.map_id)
        target.files.restore(recovered)


_windows: list = []


def open_window(atlas, document, map_id, size=None, starting: bool = False):
    """A new window, shown. ``starting``: the app's first window, which builds what its first frame does not
    show after that frame (``MainWindow.finish_start_up``), so that it appears sooner."""
    from desktop.main_window import MainWindow

    window = MainWindow(atlas, document, map_id, starting=starting)
    if size is None and window.restore_layout():  # interactive: as the user left it
        window.show()
        _windows.append(window)
        return window
    if size is None:
        screen = window.screen().availableGeometry()
        size = (min(1600, int(screen.width() * 0.92)), min(1000, int(screen.height() * 0.92)))
    window.resize(*size)
    window.size_docks(size[0])
    window.show()
    _windows.append(window)
    return window


def import_core_before_qt():
    """The core modules the first window uses, then the atlas, before PySide6: PySide's import hook reads the
    source of every module imported after it (shibokensupport's feature check, about 0.1 ms a module in a
    venv); the core never imports Qt, so its modules need not pass through that hook."""
    import importlib

    from bodymaps.atlas import load_atlas

    for name in ("bodymaps.engine", "bodymaps.territories", "bodymaps.atlas.rings"):
        importlib.import_module(name)
    return load_atlas()


def run(exam: str | None = None, map_id: str | None = None, screenshot_path: str | None = None,
        size: str | None = None, smoke: bool = False) -> int:
    try:
        wanted = parse_size(size)
        document = load_document(exam)
        if screenshot_path or smoke:
            if not has_display():
                os.environ["QT_QPA_PLATFORM"] = "offscreen"
        elif not has_display():
            raise AppError("no display found (set DISPLAY, or use --screenshot PNG to render offscreen)")
        if screenshot_path:
            from bodymaps.files import folder_problem

            folder = Path(screenshot_path).resolve().parent
            problem = folder_problem(folder)
            if problem:
                raise AppError(f"--screenshot {screenshot_path}: folder {folder} {problem}")
    except AppError as exc:
        print(f"bodymaps app: {exc}", file=sys.stderr)
        return 2

    pause_gc()  # until the first frame (finish_start_up), Qt's own import included
    atlas = import_core_before_qt()
    from PySide6.QtCore import QTimer

    app = make_application()
    size = wanted or (DEFAULT_SIZE if screenshot_path or smoke else None)
    window = open_window(atlas, document, map_id, size, starting=True)
    if screenshot_path:
        wait_painted(window)
        finish_start_up(window)
        try:
            screenshot(window, screenshot_path)
        except OSError as exc:
            print(f"bodymaps app: cannot write {screenshot_path}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        window.autosaver.remove()
        return 0
    if smoke:
        report_first_frame(window)
        window.autosaver.remove()
        # whoever called run() (the command line, or a test inspecting the window) finishes first; then the
        # interpreter's exit ends the process without the teardown
        atexit.register(exit_without_teardown, 0)
        return 0
    after_first_frame(window, lambda: finish_start_up(window))
    # a window that is never painted (started minimised, say) finishes starting up all the same
    QTimer.singleShot(int(FINISH_LATEST_S * 1000), lambda: finish_start_up(window))
    offer_recovery(window)
    return app.exec()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``bodymaps-desktop`` gui-script: the same flags as ``bodymaps app``."""
    from bodymaps.cli import app_cmd

    simple = app_cmd.parse_simple(sys.argv[1:] if argv is None else argv)
    if simple is not None:  # the usual forms, without argparse (app_cmd.parse_simple)
        return app_cmd.run(simple)
    import argparse

    parser = argparse.ArgumentParser(prog="bodymaps-desktop", description="BodyMaps desktop app")
    app_cmd.add_arguments(parser)
    args = parser.parse_args(argv)
    return app_cmd.run(args)


if __name__ == "__main__":
    sys.exit(main())
