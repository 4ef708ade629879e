"""A per-user cache of what BodyMaps derives from its data files, so that a start costs milliseconds.

Two things are cached: the compiled atlas (bodymaps.atlas.cache: reading the SVGs takes 0.2-0.6 s and needs
shapely and numpy) and the parsed knowledge base (bodymaps.engine.knowledge: about 7 ms of CSV parsing and
checking, on the path to the app's first window); the PDF report keeps its print outlines here too
(desktop.report.figures: the atlas's rings simplified for paper). Each is pickled under a name made of a hash
of everything it was made from: the data files, the code that reads them, the BodyMaps and Python versions.
Any change gives a new name, so a stale copy is never used.

The cache is an optimisation only: a missing, unreadable, foreign or corrupt file is ignored and rebuilt, and a
folder that cannot be written leaves the data loaded the slow way. Files are written atomically, 0600, in a
0700 folder; a file not owned by the user, or writable by others, is never read (a pickle runs code when
loaded).

``BODYMAPS_CACHE_DIR`` sets the folder; ``BODYMAPS_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
FORMAT = 1  # bump when the way entries are named or stored changes


def cache_dir() -> Path | None:
    """The per-user cache folder, or None when caching is off."""
    override = os.environ.get("BODYMAPS_CACHE_DIR")
    if override is not None:
        return None if override.strip().lower() in ("", "off", "0", "no") else Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "BodyMaps" / "Cache"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches" / "BodyMaps"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bodymaps"
    return base


def content_key(files: Iterable[Path], code: Iterable[Path], salt: str = "") -> str:
    """sha256 over the BodyMaps and Python versions, ``salt``, the code files (absent in a bundle, whose version
    then counts) and the data files (name and content, in the order given): an entry's name."""
    import hashlib

    from bodymaps import __version__

    digest = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}|{FORMAT}|{pickle.HIGHEST_PROTOCOL}|{salt}".encode())
    for path in code:
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:24]


def trustworthy(path: Path) -> bool:
    """A regular file of ours that nobody else can write."""
    try:
        info = path.lstat()
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def entry_path(name: str, key: str) -> Path | None:
    """Where the entry ``name`` with this key lives (None when caching is off)."""
    where = cache_dir()
    return None if where is None else where / f"{name}-{key}.pickle"


def cached(name: str, key: str, build: Callable[[], T], kind: type, prepare: Callable[[T], None] | None = None) -> T:
    """The value cached as ``name`` under ``key`` when there is a trustworthy one of type ``kind``; else
    ``build()``, then ``prepare(value)`` (derive what the cached copy must hold), stored for the next start."""
    target = entry_path(name, key)
    if target is None:
        return build()
    if trustworthy(target):
        try:
            with target.open("rb") as fh:
                value = pickle.load(fh)
            if isinstance(value, kind):
                return value  # type: ignore[return-value]
        except Exception:  # a torn or foreign file: rebuild it
            pass
    value = build()
    if prepare is not None:
        prepare(value)
    store(name, target, value)
    return value


def store(name: str, target: Path, value: object) -> None:
    """Write an entry atomically (0600, folder 0700) and drop the older entries of the same name."""
    from bodymaps.files import write_private_atomic_bytes

    where = target.parent
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        for old in where.glob(f"{name}-*.pickle"):  # earlier versions of the data or code
            if old != target:
                with contextlib.suppress(OSError):
                    old.unlink()
        write_private_atomic_bytes(target, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # no cache this time; the value itself is fine
