"""The inference engine: exam facts + knowledge base + atlas overlaps -> ranked, explained differential.

Score of a condition = prior + sum of contributions (log-odds style). Contributions of rules that share a
``group`` are damped: sorted by size, the i-th counts ``DAMPING**i`` of its weight (positive and negative
separately), so correlated findings (many numb zones of one root, SLR and slump...) do not add up naively.
Every listed weight is the contribution actually added, so the score is explainable by construction.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace

from bodymaps.engine.facts import OTHER_SIDE, Fact, Facts, exam_facts
from bodymaps.engine.knowledge import KnowledgeBase, Rule
from bodymaps.engine.redflags import red_flags
from bodymaps.engine.result import Assessment, ConditionResult, Contribution, RootResult
from bodymaps.engine.suggest import suggestions
from bodymaps.exam.model import Exam
from bodymaps.resources import DataError

DAMPING = 0.5  # i-th largest contribution of a group counts DAMPING**i
MIN_OVERLAP = 0.02  # zone overlaps below this are ignored (atlas rounding noise)
LATERAL_MIN = 0.3  # lateral evidence below this: side is null
BILATERAL_MIN = 0.5  # both sides at least this, and the weaker at least BILATERAL_RATIO of the stronger
BILATERAL_RATIO = 0.5
LEVEL_SPECIFIC = 0.7  # a deficit proves a second level only if no other root has >= 70% of its weight
DEFICIT_ROOTS = ("L2", "L3", "L4", "L5", "S1")

ZoneWeights = Mapping[str, Mapping[str, float]]

# internal contribution: (finding text, weight, source, side of the fact)
Contrib = tuple[str, float, str, str | None]


def _damp(items: list[Contrib]) -> list[Contrib]:
    """Damp one group: positives and negatives separately, largest first."""
    out: list[Contrib] = []
    for sign in (1, -1):
        part = sorted((c for c in items if c[1] * sign > 0), key=lambda c: -abs(c[1]))
        factor = 1.0
        for text, weight, source, side in part:
            out.append((text, weight * factor, source, side))
            factor *= DAMPING
    return out


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
        trunks = dict(nerve_trunks or {})
        self._territory: dict[tuple[str, str], dict[str, float]] = {}
        for rule in (*kb.root_rules, *kb.condition_rules):
            if rule.section in ("territory", "outside"):
                key = (rule.section, "|".join(rule.items))
                if key not in self._territory:
                    self._territory[key] = self._overlaps(rule, zone_nerve_weights, trunks)
        self.root_rules: dict[str, list[Rule]] = defaultdict(list)
        for rule in kb.root_rules:
            self.root_rules[rule.target].append(rule)
        self.condition_rules: dict[str, list[Rule]] = defaultdict(list)
        for rule in kb.condition_rules:
            self.condition_rules[rule.target].append(rule)
        self._dermatome_weight = {
            r.target: r.weight for r in kb.root_rules if r.section == "dermatome" and r.when.kind_scaled
        }
        # (section, item) keys each rule reads, to skip rules none of whose findings were examined
        self._keys: dict[int, tuple[tuple[str, str], ...]] = {}
        for rule in (*kb.root_rules, *kb.condition_rules):
            if rule.section in ("dermatome", "territory", "outside"):
                self._keys[id(rule)] = (("sensory", "*"),)
            elif rule.section != "root":
                self._keys[id(rule)] = tuple((rule.section, item) for item in rule.items)
        self._bilateral_parts = {
            id(rule): [replace(rule, items=(item,), side="same", min_count=0) for item in rule.items]
            for rule in kb.condition_rules
            if rule.side == "bilateral"
        }
        self._primary_cache: dict[tuple[str, str, object], tuple[str, float, str] | None] = {}

    @staticmethod
    def _overlaps(rule: Rule, nerves: ZoneWeights, trunks: Mapping[str, str]) -> dict[str, float]:
        wanted = set(rule.items)
        known = {n for zone in nerves.values() for n in zone} | set(trunks.values())
        if not wanted & known:
            raise DataError(
                f"{rule.file}, row {rule.row}, column finding: no atlas nerve or trunk named "
                f"{'|'.join(rule.items)} (known: {', '.join(sorted(known))})"
            )
        out = {}
        for zone, fractions in nerves.items():
            inside = sum(w for n, w in fractions.items() if n in wanted or trunks.get(n) in wanted)
            other = sum(w for n, w in fractions.items() if not (n in wanted or trunks.get(n) in wanted))
            # "outside" only for zones with none of the territory, so no zone counts both for and against
            value = inside if rule.section == "territory" else (other if inside < MIN_OVERLAP else 0.0)
            if value >= MIN_OVERLAP:
                out[zone] = value
        return out

    # ------------------------------------------------------------------ matching
    def _match(
        self, rule: Rule, facts: Facts, accept: frozenset, map_w: ZoneWeights, root: str | None
    ) -> list[tuple[Fact, float]]:
        section = rule.section
        if section in ("dermatome", "territory", "outside"):
            candidates: Iterable[Fact] = facts.get_section("sensory")
        else:
            by_key = facts.by_key
            candidates = [f for item in rule.items for f in by_key.get((section, item), ())]
            if not candidates:
                return []
        when = rule.when
        test = when.test
        unsided = rule.side == ""
        out = []
        for fact in candidates:
            if unsided:
                if fact.side is not None:
                    continue
            elif fact.side not in accept:
                continue
            if not test(fact.value, facts.other_value(fact) if when.needs_other else None):
                continue
            weight = rule.weight
            if when.kind_scaled:
                weight *= self.kb.kind_weights[fact.value]  # type: ignore[index]
            if section == "dermatome":
                overlap = map_w.get(fact.item, {}).get(root or "", 0.0)
            elif section in ("territory", "outside"):
                overlap = self._territory[(section, "|".join(rule.items))].get(fact.item, 0.0)
            else:
                overlap = 1.0
            if overlap < MIN_OVERLAP:
                continue
            out.append((fact, weight * overlap))
        if rule.min_count:
            if len(out) < rule.min_count:
                return []
            return [(f, w / len(out)) for f, w in out]
        return out

    def _collect(
        self,
        rules: list[Rule],
        facts: Facts,
        side: str | None,
        map_w: ZoneWeights,
        root: str | None,
        roots_ev: Mapping[tuple[str, str], list[Contrib]] | None,
        groups: dict[tuple[str, str | None], list[Contrib]],
        flat: list[Contrib],
        axial: bool = False,
        deferred: bool = False,
    ) -> None:
        """Contributions of ``rules`` for one side.

        A sided target's variant for ``side`` also sees midline and unsided facts (``axial`` False); an axial
        target is collected in three passes, damped separately: left only, right only, then unsided and
        midline (``side`` None). Rules with ``requires`` run in a second call (``deferred``), after every
        pass, and only if one of the required groups has a positive contribution.
        """
        if side is None:
            accept = frozenset((None, "midline"))
        elif axial:
            accept = frozenset((side,))
        else:
            accept = frozenset((side, "midline", None))
        present = facts.by_key
        sections = facts.by_section
        for rule in rules:
            if rule.side == "bilateral" or (bool(rule.requires) != deferred):
                continue
            keys = self._keys.get(id(rule))
            if keys is not None and not any(k in present or (k[1] == "*" and k[0] in sections) for k in keys):
                continue
            if rule.requires and not any(
                c[1] > 0 for key, items in groups.items() if key[0] in rule.requires for c in items
            ):
                continue
            self._apply(rule, facts, side, accept, map_w, root, roots_ev, groups, flat)

    def _apply(self, rule, facts, side, accept, map_w, root, roots_ev, groups, flat) -> None:
        if rule.section == "root":
            if side is None or roots_ev is None:
                return
            for item in rule.items:
                for text, weight, source, fside in roots_ev[(item, side)]:
                    flat.append((text, weight * rule.weight, source, fside))
            return
        if rule.side == "contralateral" and side is not None:
            accept = frozenset((OTHER_SIDE[side],))
        matches = self._match(rule, facts, accept, map_w, root)
        if not matches:
            return
        target = flat if rule.min_count else groups[(rule.group, side)]
        for fact, weight in matches:
            target.append((fact.text, weight, rule.source, fact.side))

    def _collect_bilateral(
        self, rules: list[Rule], facts: Facts, groups: dict[tuple[str, str | None], list[Contrib]]
    ) -> None:
        for rule in rules:
            if rule.side != "bilateral":
                continue
            for sub in self._bilateral_parts[id(rule)]:
                if (sub.section, sub.items[0]) not in facts.by_key:
                    continue
                best = []
                for side in ("left", "right"):
                    matches = self._match(sub, facts, frozenset((side,)), {}, None)
                    if not matches:
                        break
                    best.append(max(matches, key=lambda m: m[1]))
                else:
                    weight = min(best[0][1], best[1][1]) / 2
                    for fact, _w in best:  # halves damped per side, so the pair stays symmetric
                        groups[(rule.group, f"bilateral-{fact.side}")].append(
                            (fact.text, weight, rule.source, fact.side)
                        )

    @staticmethod
    def _finish(groups: dict[tuple[str, str | None], list[Contrib]], flat: list[Contrib]) -> list[Contrib]:
        out = list(flat)
        for items in groups.values():
            out.extend(_damp(items))
        return out

    # ------------------------------------------------------------------ roots
    def _root_evidence(self, facts: Facts, map_w: ZoneWeights) -> dict[tuple[str, str], list[Contrib]]:
        result = {}
        for root in self.kb.roots:
            rules = self.root_rules.get(root, [])
            for side in ("left", "right"):
                groups: dict[tuple[str, str | None], list[Contrib]] = defaultdict(list)
                flat: list[Contrib] = []
                for deferred in (False, True):
                    self._collect(rules, facts, side, map_w, root, None, groups, flat, deferred=deferred)
                result[(root, side)] = self._finish(groups, flat)
        return result

    # ------------------------------------------------------------------ conditions
    def _sided(self, cid: str, facts: Facts, map_w: ZoneWeights, roots_ev) -> tuple[str | None, list[Contrib]]:
        rules = self.condition_rules.get(cid, [])
        variants = {}
        for side in ("left", "right"):
            groups: dict[tuple[str, str | None], list[Contrib]] = defaultdict(list)
            flat: list[Contrib] = []
            for deferred in (False, True):
                self._collect(rules, facts, side, map_w, None, roots_ev, groups, flat, deferred=deferred)
            contribs = self._finish(groups, flat)
            total = math.fsum(c[1] for c in contribs)
            lateral = _lateral(contribs, side)
            variants[side] = (total, lateral, contribs)
        (tl, el, cl), (tr, er, cr) = variants["left"], variants["right"]
        if math.isclose(tl, tr, rel_tol=1e-9, abs_tol=1e-12):
            best_side, contribs = ("left", cl) if el >= er else ("right", cr)
        else:
            best_side, contribs = ("left", cl) if tl > tr else ("right", cr)
        return self._side_label(el, er, best_side), contribs

    @staticmethod
    def _side_label(el: float, er: float, best: str | None) -> str | None:
        hi, lo = max(el, er), min(el, er)
        if hi < LATERAL_MIN:
            return None
        if lo >= BILATERAL_MIN and lo >= BILATERAL_RATIO * hi:
            return "bilateral"
        if best is None or math.isclose(el, er, rel_tol=1e-9, abs_tol=1e-12):
            return "left" if el > er else "right" if er > el else None
        return best

    def _axial(self, cid: str, facts: Facts, map_w: ZoneWeights) -> tuple[str | None, list[Contrib]]:
        rules = self.condition_rules.get(cid, [])
        groups: dict[tuple[str, str | None], list[Contrib]] = defaultdict(list)
        flat: list[Contrib] = []
        self._collect_bilateral(rules, facts, groups)
        sided = [r for r in rules if r.side]
        for deferred in (False, True):
            for side in ("left", "right"):
                self._collect(sided, facts, side, map_w, None, None, groups, flat, axial=True, deferred=deferred)
            self._collect(rules, facts, None, map_w, None, None, groups, flat, deferred=deferred)
        contribs = self._finish(groups, flat)
        return self._side_label(_lateral(contribs, "left"), _lateral(contribs, "right"), None), contribs

    def _primary(self, fact: Fact) -> tuple[str, float, str] | None:
        """The root a deficit finding points to (largest positive root-rule weight), for multilevel.

        None when the finding is not a deficit or is shared (the runner-up root has at least
        ``LEVEL_SPECIFIC`` of the best weight, e.g. dorsiflexion L4/L5): it cannot prove a second level.
        """
        key = (fact.section, fact.item, fact.value)
        if key not in self._primary_cache:
            weights: dict[str, tuple[float, str]] = {}
            deficit = (fact.section == "motor" and isinstance(fact.value, int) and fact.value <= 4) or (
                fact.section == "reflexes" and isinstance(fact.value, int) and fact.value <= 1
            )
            if deficit:
                for root in DEFICIT_ROOTS:
                    for rule in self.root_rules.get(root, []):
                        if (
                            rule.section == fact.section
                            and fact.item in rule.items
                            and rule.weight > 0
                            and rule.when.text != "asym_lower"
                            and rule.when.test(fact.value, None)
                            and rule.weight > weights.get(root, (0.0, ""))[0]
                        ):
                            weights[root] = (rule.weight, rule.source)
            ranked = sorted(weights.items(), key=lambda kv: -kv[1][0])
            best = None
            if ranked and (len(ranked) == 1 or ranked[1][1][0] < LEVEL_SPECIFIC * ranked[0][1][0]):
                root, (weight, source) = ranked[0]
                best = (root, weight, source)
            self._primary_cache[key] = best
        return self._primary_cache[key]

    def _multilevel(
        self, cid: str, facts: Facts, map_w: ZoneWeights, roots_ev: Mapping[tuple[str, str], list[Contrib]]
    ) -> tuple[str | None, list[Contrib]]:
        """Best root's whole evidence + the level-specific deficits of a second, different root (either side)."""
        _label, contribs = self._axial(cid, facts, map_w)
        buckets: dict[tuple[str, str], list[Contrib]] = defaultdict(list)
        for fact in facts:
            if fact.side in ("left", "right") and fact.section in ("motor", "reflexes"):
                primary = self._primary(fact)
                if primary:
                    root, weight, source = primary
                    text = f"second level {root}: {source}"
                    buckets[(root, fact.side)].append((fact.text, weight, text, fact.side))
            elif fact.side in ("left", "right") and fact.value == "numbness":
                overlaps = sorted(map_w.get(fact.item, {}).items(), key=lambda kv: -kv[1])
                if overlaps and (len(overlaps) == 1 or overlaps[1][1] < LEVEL_SPECIFIC * overlaps[0][1]):
                    root, overlap = overlaps[0]
                    if root in DEFICIT_ROOTS:
                        weight = self._dermatome_weight.get(root, 0.0) * overlap
                        text = f"second level {root}: numbness in its dermatome (chosen map) [S]"
                        buckets[(root, fact.side)].append((fact.text, weight, text, fact.side))
        deficits = {key: _damp(items) for key, items in buckets.items()}
        deficit_sum = {key: math.fsum(c[1] for c in items) for key, items in deficits.items()}
        combos: list[tuple[float, tuple[str, str], tuple[str, str] | None]] = []
        for root in DEFICIT_ROOTS:
            for side in ("left", "right"):
                first = math.fsum(c[1] for c in roots_ev[(root, side)])
                if first <= 0:
                    continue  # a root with no evidence of its own cannot head a multilevel picture
                others = [(v, k) for k, v in deficit_sum.items() if k[0] != root]
                # ties: prefer the same side as the first root (keeps the result mirror-symmetric), then level
                second = (
                    max(others, key=lambda vk, s=side: (vk[0], vk[1][1] == s, -DEFICIT_ROOTS.index(vk[1][0])))
                    if others
                    else None
                )
                value = first + (second[0] if second else 0.0)
                combos.append((value, (root, side), second[1] if second else None))
        if not combos:
            return None, contribs
        top = max(c[0] for c in combos)
        tied = [c for c in combos if math.isclose(c[0], top, rel_tol=1e-9, abs_tol=1e-12)]
        _value, first_key, second_key = tied[0]
        contribs = contribs + list(roots_ev[first_key])
        if second_key is not None:
            contribs += deficits[second_key]
        labels = {None if s is None else (f[1] if f[1] == s[1] else "bilateral") for _, f, s in tied}
        if labels == {None}:
            return None, contribs
        if len(labels - {None}) > 1:  # equally good on either side (e.g. mirror-image pictures)
            return "bilateral", contribs
        return next(iter(labels - {None})), contribs

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
                side, contribs = self._multilevel(cid, facts, map_w, roots_ev)
            else:
                side, contribs = self._axial(cid, facts, map_w)
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

