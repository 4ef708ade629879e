"""Window commands that open a dialog or hand the exam to another module: PDF, printing, preferences, about.

The PDF and printing machinery (desktop.report.printing) is imported inside each handler, never at start-up.
"""

from __future__ import annotations

import copy
from functools import partial
from pathlib import Path

from bodymaps import DISCLAIMER, __version__
from desktop.background import run_in_background
from desktop.document import dialogs, settings

NOT_AVAILABLE = "PDF export is not available in this build."
SHORTCUTS = (
    ("Ctrl+N / Ctrl+O / Ctrl+S / Ctrl+Shift+S", "New, open, save, save as"),
    ("Ctrl+Z / Ctrl+Shift+Z or Ctrl+Y", "Undo / redo"),
    ("Ctrl+P / Ctrl+E", "Print / export PDF"),
    ("1 2 3 4", "Body diagram tools: pain, numbness, paraesthesia, eraser"),
    ("Ctrl + / Ctrl − / Ctrl+0", "Zoom in, out, fit"),
    ("Alt+P, Alt+R, Alt+T, Alt+Y", "Exam tabs: patient, reflexes & strength, tests, history & flags"),
    ("Alt+N, I, A, X, D, M, S", "Patient name, ID, age, sex, exam date, examiner, notes"),
    ("Digits 0–5", "Reflex grade or MRC grade; the cursor moves on"),
    ("U / D", "Plantar response up / down"),
    ("P or + / N or −", "Special test positive / negative"),
    ("Delete, or N then T", "Not tested"),
    ("Alt+L, Alt+B, Alt+W", "Differential, roots by side, what to examine next"),
    ("F1", "This list"),
)


def _printing():
    try:
        from desktop.report import printing
    except ImportError:
        return None
    return printing


def _context(window):
    return window.controller.document.exam, window.state.map_id, settings.load_preferences().paper


def export_pdf(window, deidentify: bool = False) -> bool:
    """Write the chart summary PDF (in the background; the status bar says when it is written, a dialog if it
    cannot be); ``deidentify`` leaves out name, ID and free-text notes. False if nothing was started."""
    printing = _printing()
    if printing is None:
        dialogs.show_info(window, "Export PDF", NOT_AVAILABLE)
        return False
    exam, map_id, paper = _context(window)
    document = window.controller.document
    stem = document.path.name.removesuffix(".bodymaps.json").removesuffix(".json") if document.path else "exam"
    folder = document.path.parent if document.path else Path.home()
    suffix = "-deidentified" if deidentify else ""
    path = dialogs.ask_pdf_path(window, str(folder / f"{stem}{suffix}.pdf"))
    if not path:
        return False
    problem = printing.check_pdf_path(path)  # before anything starts: the message names the path and why
    if problem:
        dialogs.show_error(window, "Cannot export PDF", problem)
        return False
    # Written on a worker thread (QPdfWriter and QPainter work off the UI thread; the report draws no pixmap):
    # the first export imports the PDF machinery and lays out the fonts, about 0.1 s the window would otherwise
    # stand still for. The PDF shows the exam as it was asked for, whatever is edited meanwhile.
    exam = copy.deepcopy(exam)
    window.statusBar().showMessage(f"Writing PDF: {path}…")
    run_in_background(lambda: printing.write_pdf(exam, path, map_id=map_id, paper=paper, deidentify=deidentify),
                      partial(_pdf_written, window, path), owner=window)
    return True


def _pdf_written(window, path: str, result) -> None:
    if isinstance(result, Exception):  # the report module's message names the path and the reason
        window.statusBar().clearMessage()
        dialogs.show_error(window, "Cannot export PDF", str(result))
        return
    window.statusBar().showMessage(f"PDF written: {path}", 5000)


def print_report(window) -> bool:
    printing = _printing()
    if printing is None:
        dialogs.show_info(window, "Print", NOT_AVAILABLE)
        return False
    exam, map_id, paper = _context(window)
    return bool(printing.print_report(window, exam, map_id=map_id, paper=paper))


def preview_report(window) -> None:
    """Print preview of the chart summary (the report module's dialog, which can print it too)."""
    printing = _printing()
    if printing is None:
        dialogs.show_info(window, "Print preview", NOT_AVAILABLE)
        return
    exam, map_id, paper = _context(window)
    printing.preview_report(window, exam, map_id=map_id, paper=paper)


def edit_preferences(window) -> None:
    prefs = dialogs.edit_preferences(window, settings.load_preferences())
    if prefs is None:
        return
    settings.save_preferences(prefs)
    window.prefs = prefs
    for name, action in window.act.overlays.items():
        action.setChecked(name in prefs.overlays)


def data_versions() -> dict[str, str]:
    """BodyMaps and data versions (bodymaps.resources.data_versions when this build has it)."""
    try:
        from bodymaps.resources import data_versions as versions

        return dict(versions())
    except (ImportError, AttributeError, OSError, ValueError):
        return {"bodymaps": __version__}


def about_html() -> str:
    import html  # the About and Shortcuts boxes only

    rows = "".join(f"<tr><td>{html.escape(k)}</td><td><code>{html.escape(str(v))}</code></td></tr>"
                   for k, v in data_versions().items())
    return (f"<h3>BodyMaps {html.escape(__version__)}</h3>"
            "<p>Clinical decision support for back, buttock and leg pain.</p>"
            f"<p><b>{html.escape(DISCLAIMER)}</b></p>"
            f"<table cellspacing='6'>{rows}</table>")


def show_about(window) -> None:
    dialogs.show_about(window, "About BodyMaps", about_html())


def show_shortcuts(window) -> None:
    import html

    rows = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>" for k, v in SHORTCUTS)
    dialogs.show_about(window, "Keyboard shortcuts", f"<table cellspacing='4'>{rows}</table>")
