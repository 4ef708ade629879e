"""The parsed knowledge base is cached per user like the atlas: the same assessments as a fresh parse, never a
stale copy, and a cache that cannot be used costs nothing but time."""

from __future__ import annotations

import dataclasses
import pickle
import shutil
from pathlib import Path

import pytest

from bodymaps.atlas import load_atlas
from bodymaps.engine import Engine
from bodymaps.engine.knowledge import _read_knowledge, load_knowledge
from bodymaps.exam import load_exam
from bodymaps.resources import data_dir

ROOT = Path(__file__).resolve().parent.parent
EXAMS = sorted((ROOT / "data" / "examples").glob("*.bodymaps.json")) + sorted((ROOT / "tests" / "cases").glob("*.json"))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("BODYMAPS_CACHE_DIR", str(folder))
    load_knowledge.cache_clear()
    yield folder
    load_knowledge.cache_clear()


def engine_over(knowledge) -> Engine:
    atlas = load_atlas()
    nerves = atlas.zone_nerve_weights()
    trunks = {n: atlas.nerve_trunk(n) for zone in nerves.values() for n in zone}
    return Engine(knowledge, {m: atlas.zone_root_weights(m) for m in atlas.dermatome_maps}, nerves, trunks)


def test_a_cached_knowledge_base_assesses_every_case_like_a_fresh_parse(cache):
    load_knowledge()  # parses and stores
    (entry,) = cache.glob("knowledge-*.pickle")
    assert entry.stat().st_mode & 0o777 == 0o600
    load_knowledge.cache_clear()
    cached = load_knowledge()  # from the file
    fresh = _read_knowledge()
    assert cached is not fresh and len(cached.root_rules) == len(fresh.root_rules) > 0
    exams = [load_exam(path) for path in EXAMS]
    assert len(exams) > 20
    from_cache, from_tables = engine_over(cached), engine_over(fresh)
    for map_id in ("evidence_based", "foerster"):
        for exam, path in zip(exams, EXAMS, strict=True):
            assert from_cache.assess(exam, map_id).to_dict() == from_tables.assess(exam, map_id).to_dict(), path.name


def test_predicates_survive_pickling_with_their_meaning():
    rules = [*_read_knowledge().root_rules, *_read_knowledge().condition_rules]
    values = [None, 0, 1, 2, 3, 4, 5, "positive", "negative", "pain", "numbness", "paresthesia", "upgoing",
              "female", 30, 70]
    for rule in rules:
        copy = pickle.loads(pickle.dumps(rule))
        assert copy.when.text == rule.when.text and copy.when.origin == rule.when.origin
        for value in values:
            for other in (None, 0, 5):
                assert copy.when.test(value, other) == rule.when.test(value, other), (rule.file, rule.row, value)


def test_changed_tables_are_read_again_never_served_stale(cache, tmp_path, monkeypatch):
    load_knowledge()
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    path = copy / "knowledge" / "conditions.csv"
    text = path.read_text(encoding="utf-8")
    line = next(li for li in text.splitlines() if li.startswith("l5_radiculopathy,"))
    prior = line.split(",")[1]
    path.write_text(text.replace(line, line.replace(f",{prior},", ",-3.25,", 1)), encoding="utf-8")
    monkeypatch.setenv("BODYMAPS_DATA", str(copy))
    data_dir.cache_clear()
    load_knowledge.cache_clear()
    try:
        assert load_knowledge().conditions["l5_radiculopathy"].prior == -3.25
        assert len(list(cache.glob("knowledge-*.pickle"))) == 1  # the older entry was replaced
    finally:
        monkeypatch.delenv("BODYMAPS_DATA")
        data_dir.cache_clear()
        load_knowledge.cache_clear()


def test_a_corrupt_or_foreign_entry_is_never_trusted(cache):
    load_knowledge()
    (entry,) = cache.glob("knowledge-*.pickle")
    entry.write_bytes(b"not a pickle")
    load_knowledge.cache_clear()
    assert load_knowledge().root_rules
    entry.write_bytes(pickle.dumps(dataclasses.replace(load_knowledge(), root_rules=())))
    entry.chmod(0o666)  # writable by others: never loaded (a pickle runs code)
    load_knowledge.cache_clear()
    assert load_knowledge().root_rules
    entry.chmod(0o600)  # ours again: then it is used (which is what the two checks above rely on)
    entry.write_bytes(pickle.dumps(dataclasses.replace(load_knowledge(), root_rules=())))
    load_knowledge.cache_clear()
    assert load_knowledge().root_rules == ()


def test_an_unwritable_or_disabled_cache_is_harmless(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    for setting in (str(blocker / "cache"), "off"):
        monkeypatch.setenv("BODYMAPS_CACHE_DIR", setting)
        load_knowledge.cache_clear()
        assert load_knowledge().root_rules
    load_knowledge.cache_clear()
