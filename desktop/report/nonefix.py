"""Work around a PySide6 6.12 reference-count bug on CPython 3.11: every Qt method that returns nothing
(``painter.drawLine(...)``, ``pen.setWidth(...)``) gives back ``None`` without taking a reference to it.

On CPython 3.12+ ``None`` is immortal and this does no harm. On 3.11 each call lowers ``None``'s count by one;
it starts at a few thousand, so after some thousands of calls (one chart summary makes several thousand) the
interpreter aborts with "Fatal Python error: none_dealloc", at exit or in the middle of a batch.
``guard()`` measures what a drawing session took and gives the references back; on first use a standing
margin is added for the few Qt calls made elsewhere. The references are added to the count directly and
never released, because at interpreter exit every holder of ``None`` lets go and the stolen ones would be
missing again. Remove this module once PySide6 is fixed (seen with PySide6-Essentials 6.12.0, Python 3.11.7).
"""

from __future__ import annotations

import ctypes
import platform
import sys
from collections.abc import Iterator
from contextlib import contextmanager

MARGIN = 1_000_000  # references added once: room for stray void calls outside guard()
_margin_added = False


def affected() -> bool:
    return platform.python_implementation() == "CPython" and sys.version_info < (3, 12)


def _give_back(count: int) -> None:
    if count > 0:
        ctypes.c_ssize_t.from_address(id(None)).value += count  # ob_refcnt is PyObject's first field


@contextmanager
def guard() -> Iterator[None]:
    """Give ``None`` back the references that Qt calls inside the block took from it."""
    global _margin_added
    if not affected():
        yield
        return
    if not _margin_added:
        _give_back(MARGIN)
        _margin_added = True
    before = sys.getrefcount(None)
    try:
        yield
    finally:
        _give_back(before - sys.getrefcount(None))
