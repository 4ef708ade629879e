"""`bodymaps report`: the chart summary PDF of one exam, or of every exam in a folder with --batch.

The content comes from ``bodymaps.report``; drawing needs Qt (``desktop.report``), imported inside ``run`` only,
with ``QT_QPA_PLATFORM=offscreen`` when there is no display, so the core still imports without Qt.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import Any


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="write the chart summary PDF of an exam",
        description="Write the chart summary (PDF) of an exam document: red flags, body figures, findings, "
        "assessment, references. Written atomically, readable by the owner only.",
    )
    p.add_argument("exam", nargs="?", type=Path, help="exam document (*.bodymaps.json)")
    p.add_argument("-o", "--output", type=Path, help="PDF to write (replaced atomically if it exists)")
    p.add_argument("--map", default="evidence_based", help="dermatome map (default evidence_based)")
    p.add_argument("--paper", default="a4", choices=("a4", "letter"), help="paper size (default a4)")
    p.add_argument("--deidentify", action="store_true",
                   help="HIPAA Safe Harbor variant: no name, ID, examiner or notes; dates as the year; ages 90+")
    p.add_argument("--no-dermatome-outline", dest="outline_root", action="store_false",
                   help="do not outline the leading root's dermatome on the body figures")
    p.add_argument("--batch", type=Path, metavar="FOLDER",
                   help="write one PDF per *.json exam in FOLDER (or per file in the 'path' column of a CSV)")
    p.add_argument("--out-dir", type=Path, help="with --batch: folder for the PDFs")
    p.set_defaults(run=run)


def _say(message: str) -> None:
    """One inert line on stderr (file names and messages may hold escape sequences or bidi controls)."""
    from bodymaps.batch.text import for_terminal, one_line

    print(f"bodymaps report: {for_terminal(one_line(str(message)))}", file=sys.stderr)


def _fail(message: str) -> int:
    _say(message)
    return 2


def _use_offscreen_without_display() -> None:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _writable_folder(folder: Path) -> str | None:
    from bodymaps.files import folder_problem

    problem = folder_problem(folder)
    return f"folder {folder} {problem}" if problem else None


def _quick_exit() -> None:
    """At interpreter exit, skip the last full garbage collection: the run is over and its output closed, and
    tracing the atlas, the engine and Qt's enum classes once more only to free them made the user wait about
    30 ms (a third of what writing the PDF costs). ``gc.freeze`` moves every object out of the collector's
    reach; memory is returned by module teardown and the operating system as usual."""
    import gc

    gc.freeze()


def run(args: argparse.Namespace) -> int:
    import atexit

    atexit.unregister(_quick_exit)  # once, however many times run() is called in one process
    atexit.register(_quick_exit)
    from bodymaps.cli.interrupts import Interrupted, signals_raise

    try:
        with signals_raise():
            return _run(args)
    except (KeyboardInterrupt, Interrupted) as stop:
        signum = stop.signum if isinstance(stop, Interrupted) else signal.SIGINT
        _say(f"interrupted ({signal.Signals(signum).name}); a PDF being written was not replaced")
        return 128 + signum


def _run(args: argparse.Namespace) -> int:
    from bodymaps.cli.engine_setup import engine_for

    engine = engine_for(args.map)
    if isinstance(engine, str):
        return _fail(engine)
    if args.batch is not None:
        if args.exam is not None or args.output is not None:
            return _fail("give either EXAM -o PDF or --batch FOLDER --out-dir DIR, not both")
        if args.out_dir is None:
            return _fail("--batch needs --out-dir DIR")
        return _run_batch(args)
    if args.exam is None or args.output is None:
        return _fail("give an exam file and -o SUMMARY.pdf (or --batch FOLDER --out-dir DIR)")
    from bodymaps.exam import ExamError, load_exam

    if args.exam.is_dir():
        return _fail(f"{args.exam} is a folder; give an exam file, or use --batch for a folder of exams")
    if not args.exam.exists() and not args.exam.is_symlink():
        return _fail(f"no such file: {args.exam}")  # a pipe, a device or a link loop: load_exam says which
    try:
        exam = load_exam(args.exam)
    except ExamError as exc:
        return _fail(str(exc))
    except (OSError, UnicodeDecodeError) as exc:
        return _fail(f"{args.exam}: {exc}")
    output: Path = args.output
    if output.is_dir():
        return _fail(f"cannot write {output}: it is a folder")
    problem = _writable_folder(output.parent if str(output.parent) else Path("."))
    if problem:
        return _fail(f"cannot write {output}: {problem}")
    _use_offscreen_without_display()
    write_pdf = _printing().export_pdf
    try:
        write_pdf(exam, output, map_id=args.map, paper=args.paper, deidentify=args.deidentify,
                  outline_root=args.outline_root)
    except (OSError, ValueError) as exc:
        return _fail(str(exc))
    return 0


def _printing() -> Any:
    """The Qt renderer (``desktop.report.printing``), loaded by name when a PDF is drawn: the core's import
    contract forbids ``desktop`` as a dependency, and this command is the one place that reaches out to it."""
    import importlib

    return importlib.import_module("desktop.report.printing")


def _run_batch(args: argparse.Namespace) -> int:
    from bodymaps.cli.report_batch import run_batch

    _use_offscreen_without_display()
    return run_batch(args.batch, args.out_dir, map_id=args.map, paper=args.paper, deidentify=args.deidentify,
                     outline_root=args.outline_root, tell=_say)
