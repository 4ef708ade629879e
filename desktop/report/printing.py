"""The app's way in to the chart summary: export a PDF (the window runs ``write_pdf`` on a worker thread, after
``check_pdf_path``), print through the system dialog, print preview.

Each function assesses the exam itself (``bodymaps.engine.assess``) so that the paper always matches the
findings given; PDF machinery is imported when a function is called, not when the app starts.
"""

from __future__ import annotations

import errno
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QWidget

    from bodymaps.exam import Exam
    from bodymaps.report import Report

PAPERS = ("a4", "letter")


def build(exam: Exam, *, map_id: str, paper: str = "a4", deidentify: bool = False,
          outline_root: bool = True) -> Report:
    """Assess ``exam`` and build the report content; ValueError for an unknown map or paper."""
    from bodymaps.engine import assess
    from bodymaps.report import build_report

    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; allowed: {', '.join(PAPERS)}")
    try:
        assessment = assess(exam, map_id)
    except KeyError as exc:
        raise ValueError(str(exc.args[0]) if exc.args else f"unknown map {map_id!r}") from None
    return build_report(exam, assessment, paper=paper, deidentify=deidentify, outline_root=outline_root)


def write_pdf(exam: Exam, path: str | os.PathLike[str], *, map_id: str, paper: str = "a4",
              deidentify: bool = False) -> None:
    """Write the chart summary to ``path`` atomically, owner-only (0600); an existing file is replaced whole.

    Raises ValueError (unknown map or paper) or OSError whose message names the path and the reason; on any
    error nothing is written and a previous file at ``path`` is left as it was.
    """
    export_pdf(exam, path, map_id=map_id, paper=paper, deidentify=deidentify)


def export_pdf(exam: Exam, path: str | os.PathLike[str], *, map_id: str, paper: str = "a4",
               deidentify: bool = False, outline_root: bool = True) -> None:
    """``write_pdf`` with the command line's extra option (``outline_root=False``: no dermatome outline)."""
    from bodymaps.files import FolderNotWritable, write_private_atomic_bytes
    from desktop.report.pdf import pdf_bytes

    target = os.fspath(path)
    if os.path.isdir(target):
        raise _error(IsADirectoryError, f"cannot write {target}: it is a folder", errno.EISDIR)
    report = build(exam, map_id=map_id, paper=paper, deidentify=deidentify, outline_root=outline_root)
    data = pdf_bytes(report).data
    try:
        write_private_atomic_bytes(target, data)
    except FolderNotWritable as exc:
        folder = os.path.dirname(os.path.abspath(target))
        reason = "does not exist" if not os.path.isdir(folder) else "is not writable"
        raise _error(OSError, f"cannot write {target}: folder {folder} {reason}", exc.errno) from None
    except OSError as exc:
        raise _error(OSError, f"cannot write {target}: {exc.strerror or exc}", exc.errno) from None


def check_pdf_path(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot take the PDF (one line naming it), or None: checked before an export starts."""
    from bodymaps.files import OutputRefused, check_output, folder_problem

    target = os.fspath(path)
    try:
        check_output(target)  # a folder, a device, a named pipe, a dangling link... are refused
    except OutputRefused as exc:
        return f"cannot write {target}: {exc.strerror}"
    folder = os.path.dirname(os.path.abspath(target))
    problem = folder_problem(folder)
    return f"cannot write {target}: folder {folder} {problem}" if problem else None


def _error(kind: type[OSError], message: str, code: int | None) -> OSError:
    """An OSError whose str() is the message alone (no "[Errno N]" in front of what the user reads)."""
    error = kind(message)
    error.errno = code
    return error


def _printer(paper: str) -> QPrinter:
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout
    from PySide6.QtPrintSupport import QPrinter

    from desktop.report.pdf import page_size

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    printer.setPageLayout(QPageLayout(page_size(paper), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    return printer


def print_report(parent: QWidget | None, exam: Exam, *, map_id: str, paper: str = "a4") -> bool:
    """Show the system print dialog and print the summary; True if it was sent to a printer."""
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QDialog

    from desktop.report.pdf import paint

    report = build(exam, map_id=map_id, paper=paper)
    printer = _printer(paper)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print chart summary")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    paint(report, printer)
    return True


def preview_report(parent: QWidget | None, exam: Exam, *, map_id: str, paper: str = "a4") -> None:
    """Show the summary in a print preview (which can print it too)."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    from desktop.report.pdf import paint

    report = build(exam, map_id=map_id, paper=paper)
    printer = _printer(paper)  # a name of its own: the dialog only borrows it, and must not outlive it
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("Chart summary \u2014 print preview")
    dialog.paintRequested.connect(lambda target: paint(report, target))
    dialog.exec()
    dialog.deleteLater()
    del dialog
