"""`bodymaps report --batch FOLDER --out-dir DIR`: one chart summary PDF per exam, on the batch worker pool.

The exams are listed like ``bodymaps assess --batch`` lists them (``bodymaps.batch.collect``: the ``*.json``
of a folder, or the ``path`` column of a CSV listing), and drawn on the same fault-tolerant pool
(``bodymaps.batch.run_items``): a worker killed mid-batch loses no exam (its exams are retried on a fresh
worker; an exam whose worker dies twice gets an error line), and every exam ends with its PDF written or one
error line on stderr. A named pipe or a device is refused, as an input (that exam's line) and as an output.
SIGINT and SIGTERM stop every worker and exit with 130 and 143; the PDFs already written stay (each was written
atomically) and no half-written file is left: the temporary files of workers that were stopped are removed.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import stat
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from bodymaps.batch import BatchError, Item, run_items
from bodymaps.batch.pool import MAX_WORKERS, TEST_DELAY_ENV, Row
from bodymaps.batch.text import for_terminal, one_line
from bodymaps.cli.interrupts import Interrupted, signals_raise

PARALLEL_FROM = 20  # exams; below this, starting worker processes costs more than it saves
_WORKER_TEMP = re.compile(r"\.bm(\d{1,10})-[A-Za-z0-9_]{8}\.tmp\.pdf")  # bodymaps.files' temporary names


def pdf_name(exam_path: str) -> str:
    name = Path(exam_path).name
    for suffix in (".bodymaps.json", ".json"):
        if name.endswith(suffix):
            return name[: -len(suffix)] + ".pdf"
    return name + ".pdf"


def report_item(item: Item, out_dir: str, map_id: str, paper: str, deidentify: bool, outline_root: bool,
                delay: float = 0.0) -> Row:
    """Write one exam's PDF into ``out_dir``; the row says where, or why not (a bad exam must not stop a batch)."""
    import importlib

    from bodymaps.exam import ExamError, load_exam

    row = {"file": item.name, "pdf": "", "error": item.error}
    if item.error:
        return row
    if delay:
        time.sleep(delay)
    target = Path(out_dir) / pdf_name(item.path)
    try:
        printing = importlib.import_module("desktop.report.printing")  # by name: the core never imports desktop
        printing.export_pdf(load_exam(item.path), target, map_id=map_id, paper=paper, deidentify=deidentify,
                            outline_root=outline_root)
    except (ExamError, OSError, ValueError, UnicodeDecodeError) as exc:
        row["error"] = one_line(str(exc).removeprefix(f"{item.path}: ")) or type(exc).__name__
        return row
    except Exception as exc:  # keep going; say it is ours
        row["error"] = one_line(f"internal error ({type(exc).__name__}: {exc}); please report this exam")
        return row
    row["pdf"] = str(target)
    return row


def lost_report(item: Item, how: str) -> Row:
    return {"file": item.name, "pdf": "",
            "error": f"no PDF: the worker process died while drawing it, twice (last {how}; the out-of-memory "
                     "killer does this)"}


def _named(items: list[Item]) -> list[Item]:
    """Two exams whose PDFs would have the same name (a.json, a.bodymaps.json): the second is refused."""
    seen: dict[str, str] = {}
    out = []
    for item in items:
        if item.path:
            name = pdf_name(item.path)
            if name in seen:
                item = Item(item.name, error=f"its PDF would be {name}, the same as for {seen[name]}; rename one")
            else:
                seen[name] = item.name
        out.append(item)
    return out


def _out_dir_problem(out_dir: Path) -> str | None:
    try:
        st = os.stat(out_dir)
    except OSError:
        return f"folder {for_terminal(str(out_dir))} does not exist"
    if not stat.S_ISDIR(st.st_mode):
        from bodymaps.files import kind_of

        return f"{for_terminal(str(out_dir))} is {kind_of(st.st_mode)}, not a folder"
    from bodymaps.files import folder_problem

    problem = folder_problem(out_dir)
    return f"folder {for_terminal(str(out_dir))} {problem}" if problem else None


def _clear_temporaries(out_dir: Path, pids: list[int]) -> None:
    """Remove the temporary files that stopped or killed workers were writing (never anyone else's)."""
    ours = {str(pid) for pid in pids}
    with contextlib.suppress(OSError), os.scandir(out_dir) as entries:
        for entry in entries:
            match = _WORKER_TEMP.fullmatch(entry.name)
            if match and match.group(1) in ours and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def run_batch(source: Path, out_dir: Path, *, map_id: str, paper: str, deidentify: bool, outline_root: bool,
              tell: Callable[[str], None]) -> int:
    """The exit status: 0 every PDF written, 1 some exams skipped (one line each through ``tell``), 2 the
    batch cannot run, 128 + the signal when interrupted."""
    problem = _out_dir_problem(out_dir)
    if problem:
        tell(f"cannot write PDFs to {out_dir}: {problem}")
        return 2
    pids: list[int] = []
    try:
        with signals_raise():
            try:
                items = _named(_collect(source))
            except BatchError as exc:
                tell(str(exc))
                return 2
            rows = _draw(items, out_dir, map_id, paper, deidentify, outline_root, pids)
    except Interrupted as stop:
        _clear_temporaries(out_dir, pids)
        written = sum(1 for p in out_dir.glob("*.pdf") if p.is_file())
        tell(f"interrupted ({signal.Signals(stop.signum).name}); workers stopped, no PDF half-written "
             f"({written} PDFs in {for_terminal(str(out_dir))})")
        return 128 + stop.signum
    _clear_temporaries(out_dir, pids)  # a worker killed while writing (the pool retried its exams)
    failed = [row for row in rows if row["error"]]
    for row in failed:
        tell(f"{for_terminal(row['file'] or '(no file)')}: {for_terminal(row['error'])}")
    if failed:
        tell(f"{len(failed)} of {len(rows)} exams skipped; {len(rows) - len(failed)} PDFs written to "
             f"{for_terminal(str(out_dir))}")
        return 1
    return 0


def _collect(source: Path) -> list[Item]:
    from bodymaps.batch import collect

    return collect(source)


def _draw(items: list[Item], out_dir: Path, map_id: str, paper: str, deidentify: bool, outline_root: bool,
          pids: list[int]) -> list[Row]:
    from tqdm import tqdm

    from bodymaps.atlas import load_atlas

    load_atlas()  # loaded once here, inherited by forked workers (Qt is not loaded in this process)
    tqdm.monitor_interval = 0  # no monitor thread: workers are forked from this process
    workers = min(os.cpu_count() or 1, MAX_WORKERS) if len(items) >= PARALLEL_FROM else 1
    delay = float(os.environ.get(TEST_DELAY_ENV) or 0)
    work = partial(report_item, out_dir=str(out_dir), map_id=map_id, paper=paper, deidentify=deidentify,
                   outline_root=outline_root, delay=delay)
    with tqdm(total=len(items), desc="report", unit="pdf", disable=not sys.stderr.isatty(),
              file=sys.stderr) as progress:
        return run_items(items, work, workers, progress.update, lost_report, pids)
