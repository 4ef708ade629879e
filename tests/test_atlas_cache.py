"""The compiled-atlas cache: the same atlas as a full load, no shapely on a cached start, never trusted blindly."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bodymaps.atlas import load_atlas_from
from bodymaps.atlas.cache import cache_key, cached_atlas

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
EXAMPLE = DATA / "examples" / "left_l5_radiculopathy.bodymaps.json"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("BODYMAPS_CACHE_DIR", str(folder))
    return folder


def test_a_cached_atlas_equals_a_full_load(cache):
    first = cached_atlas(DATA / "atlas", load_atlas_from)  # builds and stores
    files = list(cache.glob("atlas-*.pickle"))
    assert len(files) == 1 and (files[0].stat().st_mode & 0o777) == 0o600
    second = cached_atlas(DATA / "atlas", lambda folder: pytest.fail("the cache was not used"))
    fresh = load_atlas_from(DATA / "atlas")
    assert second.to_json() == fresh.to_json() == first.to_json()
    for map_id in fresh.dermatome_maps:
        assert second.zone_root_weights(map_id) == fresh.zone_root_weights(map_id)
    assert second.zone_nerve_weights() == fresh.zone_nerve_weights()
    zone = second.view("anterior").zone("dorsum_foot", "left")
    assert zone is not None and zone.geometry.area == pytest.approx(
        fresh.view("anterior").zone("dorsum_foot", "left").geometry.area)
    assert second.zone_at("anterior", *zone.geometry.representative_point().coords[0]) == ("dorsum_foot", "left")


def test_a_cached_start_imports_neither_shapely_nor_numpy(cache):
    env = dict(os.environ, BODYMAPS_CACHE_DIR=str(cache))
    cmd = [sys.executable, "-m", "bodymaps", "assess", str(EXAMPLE), "--json"]
    subprocess.run(cmd, env=env, check=True, capture_output=True)  # first run fills the cache
    probe = (
        "import sys, json\n"
        "from bodymaps.cli import main\n"
        f"main(['assess', {str(EXAMPLE)!r}, '--json'])\n"
        "print(json.dumps(sorted(m for m in ('shapely', 'numpy') if m in sys.modules)), file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], env=env, check=True, capture_output=True, text=True)
    assert json.loads(out.stderr.strip().splitlines()[-1]) == []
    assert json.loads(out.stdout)["differential"][0]["condition"]


def test_a_corrupt_cache_file_is_rebuilt(cache):
    cached_atlas(DATA / "atlas", load_atlas_from)
    (target,) = cache.glob("atlas-*.pickle")
    target.write_bytes(b"not a pickle")
    atlas = cached_atlas(DATA / "atlas", load_atlas_from)
    assert atlas.view("anterior").zones and pickle.loads(target.read_bytes()).view("anterior").zones


class _Marker:
    def __reduce__(self):
        return (Path.touch, (Path(os.environ["MARKER"]),))


def test_a_cache_file_others_can_write_is_never_loaded(cache, tmp_path, monkeypatch):
    marker = tmp_path / "pwned"
    monkeypatch.setenv("MARKER", str(marker))
    cache.mkdir()
    target = cache / f"atlas-{cache_key(DATA / 'atlas')}.pickle"
    target.write_bytes(pickle.dumps(_Marker()))
    target.chmod(0o666)
    atlas = cached_atlas(DATA / "atlas", load_atlas_from)
    assert not marker.exists() and atlas.view("posterior").zones


def test_changed_data_gets_a_new_cache_entry(cache, tmp_path):
    copy = tmp_path / "atlas"
    shutil.copytree(DATA / "atlas", copy)
    before = cache_key(copy)
    meta = json.loads((copy / "atlas.json").read_text(encoding="utf-8"))
    meta["about"] += " (edited)"
    (copy / "atlas.json").write_text(json.dumps(meta), encoding="utf-8")
    assert cache_key(copy) != before


def test_the_cache_can_be_turned_off_and_an_unwritable_folder_is_harmless(tmp_path, monkeypatch):
    monkeypatch.setenv("BODYMAPS_CACHE_DIR", "off")
    assert cached_atlas(DATA / "atlas", load_atlas_from).view("soles").zones
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("BODYMAPS_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    assert cached_atlas(DATA / "atlas", load_atlas_from).view("soles").zones
