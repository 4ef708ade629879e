"""Export the chart summary PDF on a worker thread, so that the window keeps answering while it is drawn.

Assessing, laying out and drawing the example exam takes 35-100 ms (the first export of a session also loads
the report modules and fonts), longer on a loaded machine; on the GUI thread that froze the window. QPdfWriter
and QPainter may be used outside the GUI thread (they paint into memory; no widget is touched), so the work
runs on a Python thread and the result comes back to the GUI thread through a queued Qt signal.

The caller checks the path first (``printing.check_pdf_path``) and passes a copy of the exam, so an edit made
while the PDF is drawn changes neither the PDF nor a half-read exam. One export runs at a time (later ones
wait for it): the print outlines are cached per process and built by whichever export comes first.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from bodymaps.exam import Exam

_one_at_a_time = threading.Lock()
_running: set[_Relay] = set()  # kept alive until their result is delivered


class _Relay(QObject):
    """Lives in the GUI thread; a signal emitted from the worker is delivered there (queued)."""

    finished = Signal(object)  # the error message, or None when the PDF was written


def start(exam: Exam, path: str | os.PathLike[str], *, map_id: str, paper: str, deidentify: bool,
          done: Callable[[str | None], None], parent: QObject | None = None) -> threading.Thread:
    """Write the PDF of ``exam`` (a copy the caller will not change) to ``path`` on a worker thread; ``done``
    is called on the GUI thread with None, or with a one-line message when nothing was written. With a
    ``parent`` (the window), a result that arrives after the parent was closed is dropped."""
    from desktop.report.printing import export_pdf

    relay = _Relay(parent)
    _running.add(relay)

    def deliver(error: object) -> None:
        _running.discard(relay)
        done(error if isinstance(error, str) else None)

    relay.finished.connect(deliver)

    def work() -> None:
        error: str | None = None
        try:
            with _one_at_a_time:
                export_pdf(exam, path, map_id=map_id, paper=paper, deidentify=deidentify)
        except (OSError, ValueError) as exc:  # messages that name the path and the reason
            error = str(exc)
        except Exception as exc:  # never lose a failure on a thread nobody watches
            error = f"internal error while drawing the PDF ({type(exc).__name__}: {exc}); nothing was written"
        try:
            relay.finished.emit(error)
        except RuntimeError:  # the window (and the relay with it) is gone: nobody to tell
            _running.discard(relay)

    thread = threading.Thread(target=work, name="bodymaps-pdf-export")  # not a daemon: an exit waits for it
    thread.start()
    return thread


__all__ = ["start"]
