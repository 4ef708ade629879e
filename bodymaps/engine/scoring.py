"""The inference engine: exam facts + knowledge base + atlas overlaps -> ranked, explained differential.

Score of a condition = prior + sum of contributions (log-odds style), damped per rule group (collect.py).
Every listed weight is the contribution actually added, so the score is explainable by construction.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping

from bodymaps.engine.collect import MIN_OVERLAP, Collector, Contrib, Matcher, ZoneWeights
from bodymaps.engine.facts import Facts, exam_facts
from bodymaps.engine.knowledge import KnowledgeBase, Rule
from bodymaps.engine.multilevel import Multilevel
from bodymaps.engine.redflags import red_flags
from bodymaps.engine.result import Assessment, ConditionResult, Contribution, RootResult
from bodymaps.engine.suggest import suggestions
from bodymaps.exam.model import Exam

LATERAL_MIN = 0.3  # lateral evidence below this: side is null
BILATERAL_MIN = 0.5  # both sides at least this, and the weaker at least BILATERAL_RATIO of the stronger
BILATERAL_RATIO = 0.5


class Engine:
    """Assess exams against one knowledge base and one atlas (injected, so tests can use small weights)."""

    def __init__(
        self,
        kb: KnowledgeBase,
        zone_root_weights_by_map: Mapping[str, ZoneWeights],
        zone_nerve_weights: ZoneWeights,
        nerve_trunks: Mapping[str, str] | None = None,
        default_map: str = "evidence_based",
    ) -> None:
        self.kb = kb
        self.maps = {
            m: {z: {r: w for r, w in roots.items() if w >= MIN_OVERLAP} for z, roots in zones.items()}
            for m, zones in zone_root_weights_by_map.items()
        }
        self.default_map = default_map if default_map in self.maps else next(iter(self.maps))
        self.matcher = Matcher(kb, zone_nerve_weights, dict(nerve_trunks or {}))
        self.root_rules: dict[str, list[Rule]] = defaultdict(list)
        for rule in kb.root_rules:
            self.root_rules[rule.target].append(rule)
        self.condition_rules: dict[str, list[Rule]] = defaultdict(list)
        for rule in kb.condition_rules:
            self.condition_rules[rule.target].append(rule)
        self.multilevel = Multilevel(kb, self.root_rules)

    # ------------------------------------------------------------------ roots
    def _root_evidence(self, facts: Facts, map_w: ZoneWeights) -> dict[tuple[str, str], list[Contrib]]:
        result = {}
        collect = self.matcher.collect
        for root in self.kb.roots:
            rules = self.root_rules.get(root, [])
            for side in ("left", "right"):
                into = Collector()
                for deferred in (False, True):
                    collect(rules, facts, side, map_w, root, None, into, deferred=deferred)
                result[(root, side)] = into.finish()
        return result

    # ------------------------------------------------------------------ conditions
    def _sided(self, cid: str, facts: Facts, map_w: ZoneWeights, roots_ev) -> tuple[str | None, list[Contrib]]:
        """Both side variants of a one-limb condition; the one that scores higher is kept."""
        rules = self.condition_rules.get(cid, [])
        variants = {}
        for side in ("left", "right"):
            into = Collector()
            for deferred in (False, True):
                self.matcher.collect(rules, facts, side, map_w, None, roots_ev, into, deferred=deferred)
            contribs = self._unsupported(cid, into.finish())
            total = math.fsum(c[1] for c in contribs)
            variants[side] = (total, _lateral(contribs, side), contribs)
        (tl, el, cl), (tr, er, cr) = variants["left"], variants["right"]
        if math.isclose(tl, tr, rel_tol=1e-9, abs_tol=1e-12):
            best_side, contribs = ("left", cl) if el >= er else ("right", cr)
        else:
            best_side, contribs = ("left", cl) if tl > tr else ("right", cr)
        return _side_label(el, er, best_side), contribs

    def _axial(self, cid: str, facts: Facts, map_w: ZoneWeights) -> tuple[str | None, list[Contrib]]:
        rules = self.condition_rules.get(cid, [])
        into = Collector()
        collect = self.matcher.collect
        sided = [r for r in rules if r.side]
        for deferred in (False, True):
            self.matcher.collect_bilateral(rules, facts, into, deferred=deferred)
            for side in ("left", "right"):
                collect(sided, facts, side, map_w, None, None, into, axial=True, deferred=deferred)
            collect(rules, facts, None, map_w, None, None, into, deferred=deferred)
        contribs = into.finish()
        return _side_label(_lateral(contribs, "left"), _lateral(contribs, "right"), None), contribs

    def _unsupported(self, cid: str, contribs: list[Contrib]) -> list[Contrib]:
        """Add the general ``unsupported`` contribution when no finding supports the condition.

        Monotonic: adding a supporting finding removes it, so the score never drops (general_rules.csv).
        """
        if any(c[1] > 0 for c in contribs):
            return contribs
        rule = self.kb.general.get(f"unsupported:{cid}") or self.kb.general["unsupported"]
        return [*contribs, (rule.finding, rule.weight, rule.source, None)]

    # ------------------------------------------------------------------ public
    def assess(self, exam: Exam, map_id: str | None = None) -> Assessment:
        map_id = map_id or self.default_map
        if map_id not in self.maps:
            raise KeyError(f"unknown dermatome map {map_id!r}; allowed: {', '.join(self.maps)}")
        map_w = self.maps[map_id]
        facts = exam_facts(exam)
        roots_ev = self._root_evidence(facts, map_w)
        roots = [
            RootResult(root, side, math.fsum(c[1] for c in ev), _explain(ev)[0])
            for (root, side), ev in roots_ev.items()
        ]
        roots.sort(key=lambda r: (-round(r.score, 9), self.kb.roots.index(r.root), r.side))
        results = []
        for index, (cid, cond) in enumerate(self.kb.conditions.items()):
            if cond.laterality == "sided":
                side, contribs = self._sided(cid, facts, map_w, roots_ev)
            elif cond.laterality == "multilevel":
                _own_side, own = self._axial(cid, facts, map_w)
                side, contribs = self.multilevel.assess(own, self._unsupported(cid, own), facts, map_w, roots_ev)
            else:
                side, contribs = self._axial(cid, facts, map_w)
                contribs = self._unsupported(cid, contribs)
            supporting, against = _explain(contribs)
            score = cond.prior + math.fsum(c.weight for c in (*supporting, *against))
            results.append((index, ConditionResult(cid, cond.label, side, score, cond.prior, supporting, against)))
        results.sort(key=lambda pair: (-round(pair[1].score, 9), pair[0]))
        differential = tuple(r for _, r in results)
        return Assessment(
            differential=differential,
            roots=tuple(roots),
            red_flags=red_flags(self.kb, facts),
            suggestions=suggestions(self, facts, differential),
            map=map_id,
        )


BOTH_SIDES = frozenset(("history.bilateral_leg_symptoms",))


def _side_label(el: float, er: float, best: str | None) -> str | None:
    hi, lo = max(el, er), min(el, er)
    if hi < LATERAL_MIN:
        return None
    if lo >= BILATERAL_MIN and lo >= BILATERAL_RATIO * hi:
        return "bilateral"
    if best is None or math.isclose(el, er, rel_tol=1e-9, abs_tol=1e-12):
        return "left" if el > er else "right" if er > el else None
    return best


def _lateral(contribs: list[Contrib], side: str) -> float:
    """Evidence that lateralises to ``side``; midline findings and 'bilateral leg symptoms' count for both."""
    return math.fsum(c[1] for c in contribs if c[3] == side or c[3] == "midline" or c[0] in BOTH_SIDES)


def _explain(contribs: list[Contrib]) -> tuple[tuple[Contribution, ...], tuple[Contribution, ...]]:
    """Merge contributions per finding (sources joined) and split them into supporting and against."""
    weights: dict[str, float] = {}
    sources: dict[str, list[str]] = {}
    for text, weight, source, _side in contribs:
        weights[text] = weights.get(text, 0.0) + weight
        bucket = sources.setdefault(text, [])
        if source not in bucket:
            bucket.append(source)
    merged = [Contribution(t, w, "; ".join(sources[t])) for t, w in weights.items() if abs(w) > 1e-12]
    supporting = sorted((c for c in merged if c.weight > 0), key=lambda c: (-c.weight, c.finding))
    against = sorted((c for c in merged if c.weight < 0), key=lambda c: (c.weight, c.finding))
    return tuple(supporting), tuple(against)

