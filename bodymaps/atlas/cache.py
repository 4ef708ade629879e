"""A compiled copy of the validated atlas, so that a start costs milliseconds instead of a geometry pass.

Reading the SVGs, validating the polygons and deriving the zone weights takes 0.2–0.6 s and needs shapely and
numpy; the app's first window and ``bodymaps assess`` need only the rings and the derived weights. After a
full load the atlas (rings as plain tuples, weights for every map) is pickled to the per-user cache folder,
named by a hash of everything it was made from: the atlas files, the vocabulary, the code that reads them,
the BodyMaps and Python versions. Any change gives a new name, so a stale copy is never used.

The cache is an optimisation only: a missing, unreadable, foreign or corrupt file is ignored and rebuilt,
and a folder that cannot be written leaves the atlas loaded the slow way. The file is written atomically,
0600, in a 0700 folder; a file not owned by the user, or writable by others, is never read.

``BODYMAPS_CACHE_DIR`` sets the folder; ``BODYMAPS_CACHE_DIR=off`` turns the cache off.

:func:`cached` keeps other data derived from the packaged files the same way (the knowledge base, the
report's print outlines), each under its own name and key; :func:`loaded_key` is the key of the atlas this
process loaded, for data derived from it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from bodymaps.resources import data_path

if TYPE_CHECKING:
    from bodymaps.atlas.model import Atlas

FORMAT = 1  # bump when the pickled classes change shape
T = TypeVar("T")
_loaded_keys: dict[str, str] = {}  # atlas folder -> the key of the atlas this process loaded from it


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


def _code_fingerprint() -> bytes:
    """The source of the modules that shape the cached objects (absent in a bundle: its version then counts)."""
    from bodymaps import __version__

    digest = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}|{FORMAT}|{pickle.HIGHEST_PROTOCOL}".encode())
    here = Path(__file__).resolve().parent
    for name in ("model.py", "loader.py", "svgio.py", "cache.py"):
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    return digest.digest()


def loaded_key(folder: Path) -> str:
    """The key of the atlas ``cached_atlas`` loaded from ``folder`` in this process (computed if none was)."""
    key = _loaded_keys.get(str(folder))
    return key if key is not None else cache_key(folder)


def fingerprint(*parts: bytes | str) -> str:
    """A short hash of ``parts`` with the BodyMaps and Python versions: the key of some derived data."""
    from bodymaps import __version__

    digest = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}|{FORMAT}|{pickle.HIGHEST_PROTOCOL}".encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()[:24]


def cached(name: str, key: str, build: Callable[[], T], kind: type) -> T:
    """Data derived from packaged files: ``name-key.pickle`` from the cache folder when it is there, of type
    ``kind`` and trustworthy; else ``build()``, stored for the next process (older keys of ``name`` go)."""
    where = cache_dir()
    if where is None:
        return build()
    target = where / f"{name}-{key}.pickle"
    value = _read(target)
    if isinstance(value, kind):
        return value  # type: ignore[return-value]
    value = build()
    _write(value, where, target, name)
    return value


def _read(target: Path) -> object:
    if not _trustworthy(target):
        return None
    try:
        with target.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # a torn or foreign file: rebuild it
        return None


def _write(value: object, where: Path, target: Path, name: str) -> None:
    from bodymaps.files import write_private_atomic_bytes

    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        for old in where.glob(f"{name}-*.pickle"):  # earlier versions of the data or code
            if old != target:
                with contextlib.suppress(OSError):
                    old.unlink()
        write_private_atomic_bytes(target, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # no cache this time; the data itself is fine


def cache_key(folder: Path) -> str:
    """Hash of the atlas folder's files, the vocabulary and the code: the cached file's name."""
    digest = hashlib.sha256(_code_fingerprint())
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(data_path("vocabulary.csv").read_bytes())
    return digest.hexdigest()[:24]


def _trustworthy(path: Path) -> bool:
    """A regular file of ours that nobody else can write (a pickle runs code when loaded)."""
    try:
        info = path.lstat()
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def cached_atlas(folder: Path, load: Callable[[Path], Atlas]) -> Atlas:
    """The atlas in ``folder``: from the cache when it matches, else ``load(folder)`` then cached."""
    from bodymaps.atlas.model import Atlas

    if cache_dir() is None:
        return load(folder)
    key = _loaded_keys[str(folder)] = cache_key(folder)

    def build() -> Atlas:
        atlas = load(folder)
        for map_id in atlas.dermatome_maps:  # derive everything the cached copy must hold
            atlas.zone_root_weights(map_id)
        atlas.zone_nerve_weights()
        return atlas

    return cached("atlas", key, build, Atlas)
