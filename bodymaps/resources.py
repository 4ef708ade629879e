"""One way in to the data files, the same for a source checkout, an editable install and a PyInstaller bundle."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path


class DataError(ValueError):
    """A data file in data/ is missing or malformed; the message names the file, row and column."""


@cache
def data_dir() -> Path:
    """Folder that holds BodyMaps' data files.

    ``BODYMAPS_DATA`` overrides (tests use it to load a deliberately broken copy); inside a PyInstaller
    bundle the data sits under ``sys._MEIPASS``; otherwise it is the ``data/`` folder beside the package.
    """
    override = os.environ.get("BODYMAPS_DATA")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "data"
    return Path(__file__).resolve().parent.parent / "data"


def data_path(*parts: str) -> Path:
    """Path of a file inside the data folder; raises DataError naming it if it is missing."""
    path = data_dir().joinpath(*parts)
    if not path.exists():
        raise DataError(f"data file missing: {path}")
    return path
