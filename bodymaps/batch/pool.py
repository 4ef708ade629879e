"""Assessing the exams of a batch (or doing any other per-exam work, such as writing its PDF), in this process
or on one worker process per core: :func:`assess_items`, and :func:`run_items` for any work function.

Workers are forked on Linux (they inherit the engine already built here) and spawned elsewhere (forking is
unsafe on macOS, absent on Windows); they read and assess chunks of exams and send rows back. A worker that dies (the out-of-memory killer, a kill -9) loses nothing: the exams of its chunk are
retried one by one on a fresh worker, and an exam whose worker dies twice gets a row saying so. Workers ignore
Ctrl-C (the main process stops them), take SIGTERM as its default, and exit by themselves when the main
process disappears (their end of the pipe reports end-of-file). Whatever ends the run, the workers are stopped
before this module returns or raises.
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from functools import partial
from multiprocessing.connection import Connection, wait
from typing import Any

from bodymaps.batch.inputs import Item
from bodymaps.batch.text import one_line

BATCH_COLUMNS = ("file", "top_condition", "side", "score", "top_root", "red_flags", "error")
PARALLEL_FROM = 200  # exams; below this, starting worker processes costs more than it saves
MAX_WORKERS = 8
DEATHS_PER_EXAM = 2  # an exam whose worker died this many times is reported instead of retried again
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
TEST_DELAY_ENV = "BODYMAPS_BATCH_TEST_DELAY"  # seconds of sleep per exam: fault-injection tests only

Row = dict[str, str]
Progress = Callable[[int], object]
Work = Callable[[Item], Row]  # one item's row; must not raise (a module-level function or a partial of one)
Lost = Callable[[Item, str], Row]  # the row of an item whose worker died DEATHS_PER_EXAM times, given how


def assess_item(item: Item, map_id: str, delay: float = 0.0) -> Row:
    """One output row; any failure becomes the row's error (a bad exam must not stop a batch)."""
    from bodymaps.engine import default_engine
    from bodymaps.exam.fileformat import ExamError, load_exam

    row = dict.fromkeys(BATCH_COLUMNS, "")
    row["file"] = item.name
    if item.error:
        row["error"] = item.error
        return row
    if delay:
        time.sleep(delay)
    try:
        result = default_engine().assess(load_exam(item.path), map_id)
    except Exception as exc:
        if not isinstance(exc, (ExamError, OSError, UnicodeDecodeError)):
            exc = RuntimeError(f"internal error ({type(exc).__name__}: {exc}); please report this exam")
        message = str(exc).removeprefix(f"{item.path}: ")  # exam errors already name their file
        row["error"] = one_line(message) or type(exc).__name__
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


def lost_assessment(item: Item, how: str) -> Row:
    row = dict.fromkeys(BATCH_COLUMNS, "")
    row.update(file=item.name, error=f"not assessed: the worker process died while assessing it, {DEATHS_PER_EXAM} "
               f"times (last {how}; the out-of-memory killer does this)")
    return row


def assess_items(items: list[Item], map_id: str, workers: int | None = None,
                 progress: Progress | None = None) -> list[Row]:
    """A row per item, in order. ``workers``: processes to use (default one per core from 200 exams on)."""
    from bodymaps.engine import default_engine

    default_engine()  # built once here; forked workers inherit it
    if workers is None:
        workers = min(os.cpu_count() or 1, MAX_WORKERS) if len(items) >= PARALLEL_FROM else 1
    delay = float(os.environ.get(TEST_DELAY_ENV) or 0)
    return run_items(items, partial(assess_item, map_id=map_id, delay=delay), workers, progress, lost_assessment)


def run_items(items: list[Item], work: Work, workers: int, progress: Progress | None = None,
              lost: Lost = lost_assessment, started: list[int] | None = None) -> list[Row]:
    """``work(item)`` for every item, in order, on ``workers`` processes (1: in this process), with the fault
    tolerance described above. The process ids of the workers started are appended to ``started``, so that a
    caller can clear up after any that were killed (their temporary files, for instance)."""
    workers = max(1, min(workers, len(items)))
    tick = progress or (lambda n: None)
    if workers == 1:
        rows = []
        for item in items:
            rows.append(work(item))
            tick(1)
        return rows
    return _Pool(items, work, lost, workers, tick, START_METHOD, started).run()


def _worker_main(conn: Connection, inherited: list[Connection], items: list[Item], work: Work) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the main process decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for other in inherited:  # so that only the main process holds the other ends: its death is our EOF
        other.close()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        rows = [work(items[i]) for i in task]
        try:
            conn.send(rows)
        except OSError:  # the main process is gone
            return


class _Worker:
    def __init__(self, process: Any, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.chunk: list[int] | None = None


class _Pool:
    def __init__(self, items: list[Item], work: Work, lost: Lost, size: int, tick: Progress, method: str,
                 started: list[int] | None) -> None:
        self.items, self.work, self.lost, self.size, self.tick = items, work, lost, size, tick
        self.started = started if started is not None else []
        self.ctx: Any = multiprocessing.get_context(method)
        self.forked = method == "fork"
        self.rows: list[Row | None] = [None] * len(items)
        self.left = len(items)
        self.deaths = [0] * len(items)
        chunk = max(1, min(32, len(items) // (size * 4)))
        self.queue = collections.deque(list(range(i, min(i + chunk, len(items))))
                                       for i in range(0, len(items), chunk))
        self.workers: list[_Worker] = []

    def run(self) -> list[Row]:
        finished = False
        try:
            while self.left:
                self._dispatch()
                if not self.workers:  # no process could be started: finish here
                    for task in self.queue:
                        self._store(task, [self.work(self.items[i]) for i in task])
                    self.queue.clear()
                    break
                self._collect()
            finished = True
        finally:
            self._stop(graceful=finished)
        return [row for row in self.rows if row is not None]

    def _dispatch(self) -> None:
        for w in list(self.workers):
            if w.chunk is None and self.queue:
                self._send(w, self.queue.popleft())
        while self.queue and len(self.workers) < self.size:
            try:
                parent, child = self.ctx.Pipe()
                # a forked child inherits every pipe end open here: it closes them (a spawned one has none)
                inherited = [w.conn for w in self.workers] + [parent] if self.forked else []
                process = self.ctx.Process(target=_worker_main, daemon=True,
                                           args=(child, inherited, self.items, self.work))
                process.start()
            except OSError:
                return
            self.started.append(process.pid)
            child.close()
            w = _Worker(process, parent)
            self.workers.append(w)
            self._send(w, self.queue.popleft())

    def _send(self, w: _Worker, task: list[int]) -> None:
        w.chunk = task
        try:
            w.conn.send(task)
        except OSError:  # died before it got the task: the task is not its fault
            w.chunk = None
            self.queue.appendleft(task)
            self._bury(w)

    def _collect(self) -> None:
        busy = [w for w in self.workers if w.chunk is not None]
        if not busy:  # cannot happen while exams are left; never wait on nothing
            missing = [i for i, row in enumerate(self.rows) if row is None]
            self._store(missing, [self.work(self.items[i]) for i in missing])
            return
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
        for w in busy:
            if w.conn not in ready and w.process.sentinel not in ready:
                continue
            try:
                if w.conn.poll():
                    rows = w.conn.recv()
                    task, w.chunk = w.chunk or [], None
                    self._store(task, rows)
                    continue
            except (EOFError, OSError):
                pass
            if not w.process.is_alive() or w.conn.closed:
                self._died(w)

    def _store(self, task: list[int], rows: list[Row]) -> None:
        for i, row in zip(task, rows, strict=True):
            self.rows[i] = row
        self.left -= len(task)
        self.tick(len(task))

    def _died(self, w: _Worker) -> None:
        task = w.chunk or []
        self._bury(w)
        code = w.process.exitcode
        how = f"killed by {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit status {code}"
        for i in reversed(task):
            self.deaths[i] += 1
            if self.deaths[i] < DEATHS_PER_EXAM:
                self.queue.appendleft([i])  # retried alone, so one bad exam cannot sink its neighbours
            else:
                self._store([i], [self.lost(self.items[i], how)])

    def _bury(self, w: _Worker) -> None:
        self.workers.remove(w)
        w.conn.close()
        if w.process.is_alive():
            w.process.kill()
        w.process.join()

    def _stop(self, graceful: bool) -> None:
        for w in self.workers:
            if graceful:
                with contextlib.suppress(OSError):
                    w.conn.send(None)
            else:
                w.process.terminate()
        deadline = time.monotonic() + (5 if graceful else 2)
        for w in self.workers:
            w.process.join(timeout=max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
            w.conn.close()
        self.workers.clear()
