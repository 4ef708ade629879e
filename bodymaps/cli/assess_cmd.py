"""`bodymaps assess`: rank the differential for one exam (table or --json), or for many with --batch."""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bodymaps.engine.result import Assessment

TOP_CONDITIONS = 5
TOP_FINDINGS = 3
TOP_ROOTS = 4
SOURCE_WIDTH = 70


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
    p.add_argument("--workers", type=int, metavar="N",
                   help="with --batch: worker processes (default one per core, up to 8, from 200 exams on)")
    p.set_defaults(run=run)


def _fail(message: str) -> int:
    from bodymaps.batch.text import for_terminal, one_line

    print(f"bodymaps assess: {for_terminal(one_line(str(message)))}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except KeyboardInterrupt:  # Ctrl-C outside a batch's own handling (start-up, one exam): one line, no trace
        print("bodymaps assess: interrupted (SIGINT)", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    from bodymaps.cli.engine_setup import engine_for

    if args.batch is not None:
        if args.exam is not None:
            return _fail("give either an exam file or --batch, not both")
        if args.out is None:
            return _fail("--batch needs --out RESULTS.csv")
    engine = engine_for(args.map)
    if isinstance(engine, str):
        return _fail(engine)
    if args.batch is not None:
        if args.workers is not None and not 1 <= args.workers <= 64:
            return _fail(f"--workers {args.workers}: allowed 1 to 64")
        return _run_batch(args.batch, args.out, args.map, args.workers)

    from bodymaps.exam.fileformat import ExamError, load_exam

    if args.exam is None:
        return _fail("give an exam file (or --batch FOLDER_OR_CSV --out RESULTS.csv)")
    if args.exam.is_dir():
        return _fail(f"{args.exam} is a folder; give an exam file, or use --batch for a folder of exams")
    if not args.exam.exists() and not args.exam.is_symlink():
        return _fail(f"no such file: {args.exam}")
    try:
        exam = load_exam(args.exam)  # a pipe, a device or a link loop is refused, saying which
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
    from bodymaps.engine.result import finding_parts
    from bodymaps.report.findings import describe

    def words(finding: str) -> str:  # "motor.hip_abduction.left=4" -> "Hip abduction, left: MRC 4" (--json keeps ids)
        return describe(*finding_parts(finding), finding)

    out = io.StringIO()
    w = out.write
    if result.red_flags:
        w("!! RED FLAGS " + "!" * 50 + "\n")
        for flag in result.red_flags:
            w(f"!! {flag.urgency.upper():<9} {flag.label}\n")
            w(f"!!           because: {'; '.join(words(b) for b in flag.because)}\n")
            w(f"!!           action:  {flag.action}\n")
        w("!" * 63 + "\n\n")
    w(f"Differential (dermatome map: {result.map}; score = log-odds, higher is more likely)\n")
    for rank, cond in enumerate(result.differential[:TOP_CONDITIONS], start=1):
        side = cond.side or "-"
        w(f"{rank:>2}. {cond.label:<42} {side:<9} {cond.score:>7.2f}\n")
        for sign, items in (("+", cond.supporting), ("-", cond.against)):
            for item in items[:TOP_FINDINGS]:
                source = item.source if len(item.source) <= SOURCE_WIDTH else item.source[: SOURCE_WIDTH - 3] + "..."
                w(f"      {sign} {words(item.finding):<44} {item.weight:>+6.2f}  {source}\n")
    rest = result.differential[TOP_CONDITIONS:]
    if rest:
        w("    others: " + ", ".join(f"{c.label} {c.score:.2f}" for c in rest) + "\n")
    w("\nRoots\n")
    evidenced = [root for root in result.roots[:TOP_ROOTS] if root.score > 0]  # a root at 0 has no evidence
    for root in evidenced:
        w(f"    {root.root:<5} {root.side:<6} {root.score:>7.2f}\n")
    if not evidenced:
        w("    no root has evidence for it\n")
    if result.suggestions:
        w("\nExamine next\n")
        for s in result.suggestions:
            w(f"    {words(s.finding):<40} {s.why}\n")
    w(f"\n{DISCLAIMER}\n")
    return out.getvalue()


class _Interrupted(BaseException):
    """SIGINT or SIGTERM during a batch (a BaseException, so no ``except Exception`` swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_interrupted(signum: int, frame: object) -> None:
    raise _Interrupted(signum)


def _run_batch(source: Path, out: Path, map_id: str, workers: int | None = None) -> int:
    """Assess every exam of a folder or CSV listing and write the results CSV; the exit status."""
    import signal
    import threading

    from bodymaps.batch import BatchError, assess_items, check_out, collect, write_results
    from bodymaps.batch.text import for_terminal

    shown = for_terminal(str(out))
    handle = threading.current_thread() is threading.main_thread()
    watched = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, _raise_interrupted) for s in watched} if handle else {}
    try:
        try:
            items = collect(source)
            target = check_out(out, source, items)
        except BatchError as exc:
            return _fail(str(exc))
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: workers are forked from this process
        progress = tqdm(total=len(items), desc="assess", unit="exam", disable=not sys.stderr.isatty(),
                        file=sys.stderr)
        with progress:
            rows = assess_items(items, map_id, workers, progress.update)
        late: list[int] = []
        if handle:  # the results are complete: a signal now no longer stops the write
            for s in watched:
                signal.signal(s, lambda signum, frame: late.append(signum))
        for row in rows:
            if row["error"]:
                print(f"bodymaps assess: {for_terminal(row['file'] or '(no file)')}: {for_terminal(row['error'])}",
                      file=sys.stderr)
        try:
            write_results(target, rows)
        except (OSError, UnicodeError) as exc:
            return _fail(f"cannot write {shown}: {getattr(exc, 'strerror', None) or exc}")
    except _Interrupted as stop:
        name = signal.Signals(stop.signum).name
        print(f"bodymaps assess: interrupted ({name}); stopped, {shown} not changed", file=sys.stderr)
        return 128 + stop.signum
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if late:
        print(f"bodymaps assess: interrupted ({signal.Signals(late[0]).name}) after the results were written "
              f"to {shown}", file=sys.stderr)
        return 128 + late[0]
    failed = sum(1 for row in rows if row["error"])
    if failed:
        print(f"bodymaps assess: {failed} of {len(rows)} exams could not be assessed; see the error column of "
              f"{shown}", file=sys.stderr)
        return 1  # the results are written; the status tells scripts that some rows are errors
    return 0
