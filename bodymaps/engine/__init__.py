"""Inference engine: an Exam in, a ranked and explained differential out. Pure Python, no Qt.

``assess(exam, map_id)`` uses a cached engine built from the knowledge base in data/knowledge/ and the
atlas (``bodymaps.atlas.load_atlas``); ``Engine`` takes the atlas weights as parameters so tests can inject
their own.
"""

from __future__ import annotations

from functools import cache

from bodymaps.engine.knowledge import KnowledgeBase, load_knowledge
from bodymaps.engine.result import (
    Assessment,
    ConditionResult,
    Contribution,
    LesionResult,
    RedFlag,
    RootResult,
    Suggestion,
)
from bodymaps.engine.scoring import Engine
from bodymaps.exam.model import Exam

__all__ = [
    "Assessment",
    "ConditionResult",
    "Contribution",
    "Engine",
    "KnowledgeBase",
    "LesionResult",
    "RedFlag",
    "RootResult",
    "Suggestion",
    "assess",
    "default_engine",
    "load_knowledge",
]

DEFAULT_MAP = "evidence_based"


@cache
def default_engine() -> Engine:
    """The engine over the packaged knowledge base and the atlas's zone overlaps (built once)."""
    from bodymaps.atlas import load_atlas

    atlas = load_atlas()
    maps = {m: atlas.zone_root_weights(m) for m in atlas.dermatome_maps}
    nerves = atlas.zone_nerve_weights()
    trunks = {n: atlas.nerve_trunk(n) for zone in nerves.values() for n in zone}
    return Engine(load_knowledge(), maps, nerves, trunks, default_map=DEFAULT_MAP)


def assess(exam: Exam, map_id: str = DEFAULT_MAP) -> Assessment:
    """Assess one exam; raises KeyError naming the allowed maps for an unknown ``map_id``."""
    return default_engine().assess(exam, map_id)
