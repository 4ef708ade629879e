"""SIGINT and SIGTERM as an exception in the main thread, for commands that must stop cleanly (kept light:
the single-exam ``bodymaps report`` imports it on its way to the PDF)."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


class Interrupted(BaseException):
    """SIGINT or SIGTERM during a run (a BaseException, so no ``except Exception`` swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def signals_raise() -> Iterator[None]:
    """SIGINT and SIGTERM raise :class:`Interrupted` in this (main) thread while the block runs, so that a
    PDF being written is abandoned cleanly (its temporary file removed) and the workers are stopped."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise Interrupted(signum)

    watched = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, handler) for s in watched}
    try:
        yield
    finally:
        for s, old in previous.items():
            signal.signal(s, old)
