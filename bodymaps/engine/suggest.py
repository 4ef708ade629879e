"""Suggestions: examinations not yet done whose knowledge-base weights differ most between the top candidates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bodymaps.engine.facts import Facts
from bodymaps.engine.result import ConditionResult, Suggestion
from bodymaps.vocabulary import vocabulary

if TYPE_CHECKING:
    from bodymaps.engine.scoring import Engine

MAX_SUGGESTIONS = 4
CLOSE = 3.0  # candidates within this many score units of the best
MIN_SEPARATION = 0.3
PAIRS = ((0, 1, 1.0), (0, 2, 0.6), (1, 2, 0.3))  # (candidate, candidate, importance)
OUTCOMES = {
    "motor": (5, 4, 2),
    "reflexes": (2, 1, 3),
    "babinski": ("upgoing", "downgoing"),
    "tests": ("positive", "negative"),
}
SECTION_KIND = {"motor": "motor", "reflexes": "reflex", "tests": "test"}


def _delta(engine: Engine, cid: str, section: str, item: str, value: object) -> float:
    """Undamped weight the knowledge base gives one outcome of a finding for a condition (roots included)."""
    cache = engine.delta_cache
    key = (cid, section, item, value)
    if key not in cache:
        total = 0.0
        for rule in engine.condition_rules.get(cid, []):
            if rule.section == "root":
                for root in rule.items:
                    total += rule.weight * sum(
                        r.weight / max(r.min_count, 1)
                        for r in engine.root_rules.get(root, [])
                        if r.section == section and item in r.items and r.when.test(value, None)
                    )
                    total += rule.weight * _lesion_weight(engine, root, section, item, value)
            elif rule.section == "lesion":  # the main lesion of the condition (e.g. common fibular at the fibular head)
                total += rule.weight * _lesion_weight(engine, rule.items[0], section, item, value)
            elif rule.section == section and item in rule.items and rule.when.test(value, None):
                total += rule.weight / max(rule.min_count, 1)
        cache[key] = total
    return cache[key]


def _lesion_weight(engine: Engine, lesion_id: str, section: str, item: str, value: object) -> float:
    """The lesion model's weight of one outcome (the other side unknown), for suggestions."""
    lesion = engine.lesions.lesions.get(lesion_id)
    if lesion is None or not isinstance(value, int):
        return 0.0
    if section == "motor":
        return engine.lesions.motor_weight(lesion, item, value)[0]
    if section == "reflexes":
        return engine.lesions.reflex_weight(lesion, item, value, None)[0]
    return 0.0


def suggestions(engine: Engine, facts: Facts, differential: tuple[ConditionResult, ...]) -> tuple[Suggestion, ...]:
    # multilevel radiculopathy is scored from the roots' evidence, not from rules of its own: leave it out
    ranked = [c for c in differential if engine.kb.conditions[c.condition].laterality != "multilevel"]
    best = ranked[0].score
    top = [c for c in ranked[:3] if c.score >= best - CLOSE]
    if len(top) < 2:
        return ()
    sides = {c.side for c in top[:2]}
    wanted = sorted({"left", "right"} & sides) if not sides & {None, "bilateral"} else ["left", "right"]
    scored = []
    for section, item, sided, total, reason in _separating(engine, tuple((c.condition, c.label) for c in top)):
        for side in wanted if sided else [None]:
            if facts.examined(section, item, side):
                continue
            name = f"{section}.{item}" + (f".{side}" if side else "")
            scored.append((-round(total, 9), name, reason))
    scored.sort()
    return tuple(Suggestion(name, why) for _, name, why in scored[:MAX_SUGGESTIONS])


def _separating(engine: Engine, top: tuple[tuple[str, str], ...]) -> list[tuple[str, str, bool, float, str]]:
    """(section, item, sided, separation, reason) of every examination that separates the top candidates by at
    least ``MIN_SEPARATION``; it depends on the candidates only, so it is worked out once per candidate tuple."""
    cache = engine.separating_cache
    if top in cache:
        return cache[top]
    voc = vocabulary()
    out = []
    for section, kind in SECTION_KIND.items():
        for item in voc.ids(kind):
            sided = voc.term(kind, item).laterality == "sided"
            outcomes = OUTCOMES["babinski" if item == "babinski" else section]
            total, reason, reason_weight = 0.0, "", 0.0
            for i, j, importance in PAIRS:
                if j >= len(top):
                    continue
                (a, label_a), (b, label_b) = top[i], top[j]
                diff = max(
                    abs(_delta(engine, a, section, item, v) - _delta(engine, b, section, item, v)) for v in outcomes
                )
                total += importance * diff
                if importance * diff > reason_weight:
                    reason_weight = importance * diff
                    reason = f"separates {label_a} from {label_b}"
            if total >= MIN_SEPARATION:
                out.append((section, item, sided, total, reason))
    cache[top] = out
    return out
