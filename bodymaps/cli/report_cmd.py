"""`bodymaps report`: the chart summary PDF of one exam, or of every exam in a folder with --batch.

The content comes from ``bodymaps.report``; drawing needs Qt (``desktop.report``), imported inside ``run`` only,
with ``QT_QPA_PLATFORM=offscreen`` when there is no display, so the core still imports without Qt.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

PARALLEL_FROM = 20  # exams; below this, starting worker processes costs more than it saves


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
    p.add_argument("--batch", type=Path, metavar="FOLDER", help="write one PDF per *.json exam in FOLDER")
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
    if not folder.is_dir():
        return f"folder {folder} does not exist"
    if not os.access(folder, os.W_OK):
        return f"folder {folder} is not writable"
    return None


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
    try:
        return _run(args)
    except KeyboardInterrupt:
        _say("interrupted (SIGINT); a PDF being written was not replaced")
        return 130


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
    if not args.exam.is_file():
        return _fail(f"no such file: {args.exam}")
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


def _pdf_name(exam_path: Path) -> str:
    name = exam_path.name
    for suffix in (".bodymaps.json", ".json"):
        if name.endswith(suffix):
            return name[: -len(suffix)] + ".pdf"
    return name + ".pdf"


def _one(job: tuple[Path, Path, str, str, bool, bool]) -> tuple[str, str]:
    """(exam path, error or ""); a bad exam must not stop a batch."""
    path, out_dir, map_id, paper, deidentify, outline_root = job
    from bodymaps.exam import ExamError, load_exam

    write_pdf = _printing().export_pdf
    try:
        write_pdf(load_exam(path), out_dir / _pdf_name(path), map_id=map_id, paper=paper, deidentify=deidentify,
                  outline_root=outline_root)
    except (ExamError, OSError, ValueError, UnicodeDecodeError) as exc:
        return str(path), " ".join(str(exc).split()).removeprefix(f"{path}: ")
    except Exception as exc:  # keep going; say it is ours
        return str(path), f"internal error ({type(exc).__name__}: {exc}); please report this exam"
    return str(path), ""


def _run_batch(args: argparse.Namespace) -> int:
    source: Path = args.batch
    out_dir: Path = args.out_dir
    if not source.is_dir():
        return _fail(f"--batch needs a folder of exams; {source} is not one")
    problem = _writable_folder(out_dir)
    if problem:
        return _fail(f"cannot write PDFs to {out_dir}: {problem}")
    files = sorted(source.glob("*.json"))
    _use_offscreen_without_display()
    from tqdm import tqdm

    from bodymaps.atlas import load_atlas

    load_atlas()  # loaded once here, shared by forked workers
    jobs = [(f, out_dir, args.map, args.paper, args.deidentify, args.outline_root) for f in files]
    workers = min(os.cpu_count() or 1, 8) if len(files) >= PARALLEL_FROM else 1
    progress = tqdm(total=len(files), desc="report", unit="pdf", disable=not sys.stderr.isatty(), file=sys.stderr)
    results: list[tuple[str, str]] = []
    with progress:
        if workers > 1 and sys.platform.startswith("linux"):
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context: Any = multiprocessing.get_context("fork")  # Qt is not loaded yet in this process
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                for result in pool.map(_one, jobs, chunksize=4):
                    results.append(result)
                    progress.update(1)
        else:
            for job in jobs:
                results.append(_one(job))
                progress.update(1)
    failed = [(p, e) for p, e in results if e]
    for path, error in failed:
        _say(f"{path}: {error}")
    if failed:
        _say(f"{len(failed)} of {len(files)} exams skipped; {len(files) - len(failed)} PDFs written to {out_dir}")
        return 1
    return 0
