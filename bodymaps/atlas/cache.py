"""A compiled copy of the validated atlas, so that a start costs milliseconds instead of a geometry pass.

Reading the SVGs, validating the polygons and deriving the zone weights takes 0.2–0.6 s and needs shapely and
numpy; the app's first window and ``bodymaps assess`` need only the rings and the derived weights. After a
full load the atlas (rings as plain tuples, weights for every map) is pickled to the per-user cache folder,
named by a hash of everything it was made from: the atlas files, the vocabulary, the code that reads them,
the BodyMaps and Python versions. Any change gives a new name, so a stale copy is never used. How files are
stored, trusted and named is shared with the knowledge base's cache: bodymaps/derived_cache.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bodymaps.derived_cache import cache_dir, cached, content_key
from bodymaps.resources import data_path

if TYPE_CHECKING:
    from bodymaps.atlas.model import Atlas

__all__ = ["FORMAT", "cache_dir", "cache_key", "cached_atlas", "loaded_key"]
FORMAT = 1  # bump when the pickled classes change shape
_loaded_keys: dict[str, str] = {}  # atlas folder -> the key of the atlas this process loaded from it


def cache_key(folder: Path) -> str:
    """Hash of the atlas folder's files, the vocabulary and the code: the cached file's name."""
    here = Path(__file__).resolve().parent
    code = [here / name for name in ("model.py", "loader.py", "svgio.py", "cache.py")]
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    return content_key([*files, data_path("vocabulary.csv")], code, salt=f"atlas{FORMAT}")


def loaded_key(folder: Path) -> str:
    """The key of the atlas :func:`cached_atlas` loaded from ``folder`` in this process (else computed now):
    the name of data derived from that atlas (the report's print outlines) without hashing its files again."""
    key = _loaded_keys.get(str(folder))
    return key if key is not None else cache_key(folder)


def cached_atlas(folder: Path, load: Callable[[Path], Atlas]) -> Atlas:
    """The atlas in ``folder``: from the cache when it matches, else ``load(folder)`` then cached."""
    from bodymaps.atlas.model import Atlas

    def derive(atlas: Atlas) -> None:  # everything the cached copy must hold
        for map_id in atlas.dermatome_maps:
            atlas.zone_root_weights(map_id)
        atlas.zone_nerve_weights()

    key = _loaded_keys[str(folder)] = cache_key(folder)
    return cached("atlas", key, lambda: load(folder), Atlas, derive)
