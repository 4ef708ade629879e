"""Writing files the way patient data must be written: atomically and readable by the owner only."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class FolderNotWritable(OSError):
    """The temporary file could not be created: the folder is missing or not writable."""


def write_private_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` all or nothing, with mode 0o600 (see :func:`write_private_atomic_bytes`)."""
    write_private_atomic_bytes(path, text.encode("utf-8"))


def write_private_atomic_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` all or nothing, with mode 0o600 (PDFs, PNGs, CSVs, quiz results).

    The text goes to a temporary file in the same folder, is flushed to disk and renamed over ``path``, so a
    crash or a full disk leaves any previous file untouched. Raises FolderNotWritable when the folder is
    missing or read-only, another OSError otherwise (callers name the path in their own message).
    """
    path = Path(path)
    folder = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise FolderNotWritable(exc.errno, exc.strerror) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)  # mkstemp already creates it 0o600; say so explicitly
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
