"""One way in to the data files, the same for a wheel, an editable install, a source checkout and a bundle.

The repository's ``data/`` folder is installed as the package ``bodymaps_data`` (see pyproject.toml), so
``importlib.resources.files("bodymaps_data")`` finds it wherever the package went: site-packages for a wheel,
the checkout for an editable install. A PyInstaller bundle carries the same tree as
``sys._MEIPASS/bodymaps_data`` (installer/bodymaps.spec), found first. Loaders open files by path, so this module hands out real
filesystem paths.
"""

from __future__ import annotations

import importlib
import os
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

# hashlib, tempfile, shutil and importlib.resources are imported where they are needed: this module is on the
# path to every start (the app's first window among them), and most starts need none of them

DATA_PACKAGE = "bodymaps_data"
SHORT_HASH = 12  # hex digits of sha256 shown in versions


class DataError(ValueError):
    """A data file in data/ is missing or malformed; the message names the file, row and column."""


@cache
def data_dir() -> Path:
    """Folder that holds BodyMaps' data files, resolved once per process.

    ``BODYMAPS_DATA`` overrides (tests use it to load a deliberately broken copy). Otherwise the installed
    package ``bodymaps_data``; failing that, the ``data/`` folder of a source checkout run without installing.
    """
    override = os.environ.get("BODYMAPS_DATA")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller: installer/bodymaps.spec puts data/ here
    if bundle and (Path(bundle) / DATA_PACKAGE).is_dir():
        return Path(bundle) / DATA_PACKAGE
    try:
        module = importlib.import_module(DATA_PACKAGE)
    except ModuleNotFoundError as exc:
        if exc.name != DATA_PACKAGE:
            raise
        checkout = Path(__file__).resolve().parent.parent / "data"
        if (checkout / "__init__.py").is_file():
            return checkout
        raise DataError(f"BodyMaps data not found: package {DATA_PACKAGE!r} is not installed and there is no "
                        f"{checkout} (reinstall BodyMaps, or set BODYMAPS_DATA to a data folder)") from None
    init = getattr(module, "__file__", None)
    if init and Path(init).parent.is_dir():  # a wheel, an editable install: the package is a folder
        return Path(init).parent
    from importlib.resources import files

    return _on_disk(files(module))


def _on_disk(root: Traversable) -> Path:
    """A real folder for a resource tree: itself when it already is one (wheel, editable install, bundle),
    else a private copy that lives until the process exits (a zipped install)."""
    import atexit
    import shutil
    import tempfile

    if isinstance(root, Path):
        return root
    copy = Path(tempfile.mkdtemp(prefix="bodymaps-data-"))
    atexit.register(shutil.rmtree, copy, ignore_errors=True)

    def extract(node: Traversable, dest: Path) -> None:
        for child in node.iterdir():
            if child.is_dir():
                (dest / child.name).mkdir()
                extract(child, dest / child.name)
            else:
                (dest / child.name).write_bytes(child.read_bytes())

    extract(root, copy)
    return copy


def data_path(*parts: str) -> Path:
    """Path of a file inside the data folder; raises DataError naming it if it is missing."""
    path = data_dir().joinpath(*parts)
    if not path.exists():
        raise DataError(f"data file missing: {path}")
    return path


def _is_content(relative: Path) -> bool:
    """Whether a file (path relative to its data folder) is content: not a cache, hidden file or backup."""
    return ("__pycache__" not in relative.parts and not any(part.startswith(".") for part in relative.parts)
            and not relative.name.endswith(("~", ".pyc", ".bak", ".swp")))


@cache
def _tree_hash(folder: Path) -> str:
    """Short sha256 over the files below a folder: relative path and content, in sorted path order.

    Line endings are normalised, so a checkout with CRLF line endings hashes like the original.
    """
    import hashlib

    if not folder.is_dir():
        raise DataError(f"data folder missing: {folder}")
    digest = hashlib.sha256()
    files = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*")
             if p.is_file() and _is_content(p.relative_to(folder))}
    for name in sorted(files):
        content = files[name].read_bytes().replace(b"\r\n", b"\n")
        digest.update(name.encode() + b"\0" + len(content).to_bytes(8, "big") + content)
    return digest.hexdigest()[:SHORT_HASH]


def data_versions() -> dict[str, str]:
    """What produced a result: the BodyMaps version and short content hashes of the data it reasoned with.

    ``{"bodymaps": "0.1.0", "atlas": ..., "knowledge": ..., "vocabulary": ...}``; the hashes cover
    data/atlas, data/knowledge and data/vocabulary.csv. Computed once per data folder (about 1 ms).
    """
    from bodymaps import __version__

    root = data_dir()
    vocabulary = data_path("vocabulary.csv")
    return {
        "bodymaps": __version__,
        "atlas": _tree_hash(root / "atlas"),
        "knowledge": _tree_hash(root / "knowledge"),
        "vocabulary": _file_hash(vocabulary),
    }


@cache
def _file_hash(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()[:SHORT_HASH]
