"""Work that would stall the window for longer than a user notices, done on a worker thread.

Only work that makes no widget belongs here (importing modules, reading files, pure computation): the result is
handed back to the UI thread, which builds what it needs from it. Python threads share one interpreter lock,
so the worker slows the UI thread down a little but never holds it for long (about 30 ms at most while a large
module such as numpy is imported, against 0.1-0.15 s for the same import on the UI thread).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot


class _Relay(QObject):
    """Made on the UI thread, so the queued delivery runs the callback there."""

    finished = Signal(object)

    def __init__(self, callback: Callable[[Any], None], owner: QObject | None) -> None:
        super().__init__()
        self._callback = callback
        self._owner = owner
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver(self, result: Any) -> None:
        _pending.discard(self)
        if self._owner is not None and not shiboken6.isValid(self._owner):
            return  # the window that asked was closed (and deleted) meanwhile
        self._callback(result)


_pending: set[_Relay] = set()  # keeps each relay alive until its result is delivered


def run_in_background(work: Callable[[], Any], callback: Callable[[Any], None], owner: QObject | None = None) -> None:
    """Run ``work()`` on a worker thread, then ``callback(result)`` on the UI thread (``result`` is the exception
    if ``work`` raised one), unless ``owner`` (by default the object ``callback`` is a method of) has been deleted
    by then. Call from the UI thread."""
    if owner is None and isinstance(getattr(callback, "__self__", None), QObject):
        owner = callback.__self__  # type: ignore[attr-defined]
    relay = _Relay(callback, owner)
    _pending.add(relay)

    def target() -> None:
        try:
            result: Any = work()
        except Exception as exc:  # handed to the callback, which says what went wrong
            result = exc
        relay.finished.emit(result)

    threading.Thread(target=target, name="bodymaps-background", daemon=True).start()
