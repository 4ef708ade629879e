"""`bodymaps assess`: rank the differential for one exam (table or --json), or for many with --batch."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bodymaps.files import write_private_atomic

if TYPE_CHECKING:
    from bodymaps.engine.result import Assessment

TOP_CONDITIONS = 5
TOP_FINDINGS = 3
TOP_ROOTS = 4
SOURCE_WIDTH = 70
BATCH_COLUMNS = ("file", "top_condition", "side", "score", "top_root", "red_flags", "error")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "assess",
        help="rank conditions and roots for an exam document",
        description="Assess an exam document (*.bodymaps.json): differential, roots, red flags, next tests.",
    )
    p.add_argument("exam", nargs="?", type=Path, help="exam document (*.bodymaps.json)")
    p.add_argument("--map", default="evidence_based", help="dermatome map (default evidence_based)")
    p.add_argument("--json", action="store_true", help="print the assessment as JSON (exam-format.md)")
    p.add_argument("--batch", type=Path, metavar="FOLDER_OR_CSV",
                   help="assess every *.json in a folder, or every file in the 'path' column of a CSV; "
                   "exit status 1 when some exams could not be assessed (their rows say why)")
    p.add_argument("--out", type=Path, help="with --batch: results CSV to write (owner-only permissions)")
    p.set_defaults(run=run)


def _fail(message: str) -> int:
    print(f"bodymaps assess: {' '.join(str(message).split())}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from bodymaps.engine import default_engine
    from bodymaps.resources import DataError

    if args.batch is not None:
        if args.exam is not None:
            return _fail("give either an exam file or --batch, not both")
        if args.out is None:
            return _fail("--batch needs --out RESULTS.csv")
    try:
        engine = default_engine()
    except DataError as exc:
        return _fail(f"knowledge base or atlas is broken: {exc}")
    if args.map not in engine.maps:
        return _fail(f"unknown map {args.map!r}; allowed: {', '.join(engine.maps)}")
    if args.batch is not None:
        return _run_batch(args.batch, args.out, args.map)

    from bodymaps.exam.document import ExamError, load_exam

    if args.exam is None:
        return _fail("give an exam file (or --batch FOLDER_OR_CSV --out RESULTS.csv)")
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
    result = engine.assess(exam, args.map)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))  # ASCII escapes: safe on any terminal encoding
    else:
        print(format_table(result), end="")
    return 0


def format_table(result: Assessment) -> str:
    """The assessment for people: red flags first, then the differential with its reasons, roots, next tests."""
    from bodymaps import DISCLAIMER

    out = io.StringIO()
    w = out.write
    if result.red_flags:
        w("!! RED FLAGS " + "!" * 50 + "\n")
        for flag in result.red_flags:
            w(f"!! {flag.urgency.upper():<9} {flag.label}\n")
            w(f"!!           because: {', '.join(flag.because)}\n")
            w(f"!!           action:  {flag.action}\n")
        w("!" * 63 + "\n\n")
    w(f"Differential (dermatome map: {result.map}; score = log-odds, higher is more likely)\n")
    for rank, cond in enumerate(result.differential[:TOP_CONDITIONS], start=1):
        side = cond.side or "-"
        w(f"{rank:>2}. {cond.label:<42} {side:<9} {cond.score:>7.2f}\n")
        for sign, items in (("+", cond.supporting), ("-", cond.against)):
            for item in items[:TOP_FINDINGS]:
                source = item.source if len(item.source) <= SOURCE_WIDTH else item.source[: SOURCE_WIDTH - 3] + "..."
                w(f"      {sign} {item.finding:<44} {item.weight:>+6.2f}  {source}\n")
    rest = result.differential[TOP_CONDITIONS:]
    if rest:
        w("    others: " + ", ".join(f"{c.label} {c.score:.2f}" for c in rest) + "\n")
    w("\nRoots\n")
    for root in result.roots[:TOP_ROOTS]:
        w(f"    {root.root:<5} {root.side:<6} {root.score:>7.2f}\n")
    if result.suggestions:
        w("\nExamine next\n")
        for s in result.suggestions:
            w(f"    {s.finding:<40} {s.why}\n")
    w(f"\n{DISCLAIMER}\n")
    return out.getvalue()


def _batch_files(source: Path) -> list[Path]:
    if source.is_dir():
        return sorted(source.glob("*.json"))
    with source.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if "path" not in (reader.fieldnames or ()):
            raise ValueError(f"{source}: needs a 'path' column")
        paths = [Path(row["path"]) for row in reader if row.get("path")]
    # relative paths are read relative to the CSV's folder
    return [p if p.is_absolute() else source.parent / p for p in paths]


PARALLEL_FROM = 200  # exams; below this, starting worker processes costs more than it saves


def _batch_row(path: Path, map_id: str) -> dict[str, str]:
    """One output row; any failure becomes the row's error (a bad exam must not stop a batch)."""
    from bodymaps.engine import default_engine
    from bodymaps.exam.document import ExamError, load_exam

    row = dict.fromkeys(BATCH_COLUMNS, "")
    row["file"] = str(path)
    try:
        result = default_engine().assess(load_exam(path), map_id)
    except Exception as exc:
        if not isinstance(exc, (ExamError, OSError, UnicodeDecodeError)):
            exc = RuntimeError(f"internal error ({type(exc).__name__}: {exc}); please report this exam")
        message = " ".join(str(exc).split()) or type(exc).__name__
        row["error"] = message.removeprefix(f"{path}: ")  # exam errors already name their file
        return row
    top = result.differential[0]
    row.update(
        top_condition=top.condition,
        side=top.side or "",
        score=f"{top.score:.3f}",
        top_root=f"{result.roots[0].root} {result.roots[0].side}" if result.roots[0].score > 0 else "",
        red_flags=";".join(f.id for f in result.red_flags),
    )
    return row


def _run_batch(source: Path, out: Path, map_id: str, workers: int | None = None) -> int:
    """Assess every exam of a folder or CSV listing; large batches use one process per core, in order."""
    import itertools

    if not source.exists():
        return _fail(f"no such file or folder: {source}")
    if not out.parent.is_dir() or not os.access(out.parent, os.W_OK):
        return _fail(f"cannot write {out}: folder {out.parent} does not exist or is not writable")
    try:
        files = _batch_files(source)
    except (ValueError, OSError, UnicodeDecodeError, csv.Error) as exc:
        return _fail(str(exc))
    from tqdm import tqdm

    if workers is None:
        workers = min(os.cpu_count() or 1, 8) if len(files) >= PARALLEL_FROM else 1
    rows = []
    progress = tqdm(total=len(files), desc="assess", unit="exam", disable=not sys.stderr.isatty(), file=sys.stderr)
    with progress:
        if workers > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(workers) as pool:
                results = list(_tracked(pool.map(_batch_row, files, itertools.repeat(map_id), chunksize=32), progress))
        else:
            results = list(_tracked(map(_batch_row, files, itertools.repeat(map_id)), progress))
    for row in results:
        if row["error"]:
            print(f"bodymaps assess: {row['file']}: {row['error']}", file=sys.stderr)
        rows.append(row)
    failed = sum(1 for row in rows if row["error"])
    try:
        _write_private_csv(out, rows)
    except OSError as exc:
        return _fail(f"cannot write {out}: {exc.strerror or exc}")
    if failed:
        print(f"bodymaps assess: {failed} of {len(files)} exams could not be assessed; see the error column of {out}",
              file=sys.stderr)
        return 1  # the results are written; the status tells scripts that some rows are errors
    return 0


def _tracked(rows: Iterator[dict[str, str]], progress: Any) -> Iterator[dict[str, str]]:
    for row in rows:
        progress.update(1)
        yield row


def _write_private_csv(path: Path, rows: list[dict[str, str]]) -> None:
    """Write atomically (temp file in the same folder, then rename) with owner-only permissions."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=BATCH_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    write_private_atomic(path, buffer.getvalue())
