"""The desktop application: QApplication set-up, the window, and the `bodymaps app` flags.

``bodymaps app [EXAM] [--map MAP] [--screenshot PNG [--size WxH]] [--smoke]``. The exam is read before Qt
starts, so a bad file exits 2 with one line and no window; without a display (and without --screenshot or
--smoke, which render offscreen) it exits 2 saying so, instead of letting Qt abort.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from bodymaps.exam import ExamDocument, ExamError

DEFAULT_SIZE = (1366, 768)
EXPOSE_TIMEOUT_S = 10.0


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


def settle_after_start() -> None:
    """Once the window is up: hand everything built so far (atlas, knowledge base, widgets, about 50,000 objects)
    to the garbage collector's permanent generation. Otherwise each full collection, every few hundred edits,
    walks that whole heap: a 20-40 ms pause in the middle of a click. Nothing there is garbage (a collection at
    this point finds a handful of objects), so nothing is kept that would have been freed."""
    import gc

    gc.freeze()


_windows: list = []


def open_window(atlas, document, map_id, size=None):
    from desktop.main_window import MainWindow

    window = MainWindow(atlas, document, map_id)
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
            folder = Path(screenshot_path).resolve().parent
            if not folder.is_dir():
                raise AppError(f"--screenshot {screenshot_path}: folder {folder} does not exist")
    except AppError as exc:
        print(f"bodymaps app: {exc}", file=sys.stderr)
        return 2

    from bodymaps.atlas import load_atlas

    app = make_application()
    atlas = load_atlas()
    window = open_window(atlas, document, map_id, wanted or (DEFAULT_SIZE if screenshot_path or smoke else None))
    if screenshot_path or smoke:
        wait_painted(window)
        if screenshot_path:
            try:
                screenshot(window, screenshot_path)
            except OSError as exc:
                print(f"bodymaps app: cannot write {screenshot_path}: {exc.strerror or exc}", file=sys.stderr)
                return 2
        window.autosaver.remove()
        return 0
    offer_recovery(window)
    settle_after_start()
    return app.exec()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``bodymaps-desktop`` gui-script: the same flags as ``bodymaps app``."""
    import argparse

    from bodymaps.cli import app_cmd

    parser = argparse.ArgumentParser(prog="bodymaps-desktop", description="BodyMaps desktop app")
    app_cmd.add_arguments(parser)
    args = parser.parse_args(argv)
    return app_cmd.run(args)


if __name__ == "__main__":
    sys.exit(main())
