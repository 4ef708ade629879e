"""Matching rules against the facts of one exam and collecting their (damped) contributions.

A contribution is ``(finding text, weight, source, side of the fact)``. Contributions of rules that share a
``group`` are damped: sorted by size, the i-th counts ``DAMPING**i`` of its weight (positive and negative
separately), so correlated findings (many numb zones of one root, SLR and slump...) do not add up naively.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace

from bodymaps.engine.facts import OTHER_SIDE, Fact, Facts
from bodymaps.engine.knowledge import KnowledgeBase, Rule
from bodymaps.resources import DataError

DAMPING = 0.5  # i-th largest contribution of a group counts DAMPING**i
MIN_OVERLAP = 0.02  # zone overlaps below this are ignored (atlas rounding noise)
OVERLAP_SECTIONS = ("dermatome", "territory", "outside")

ZoneWeights = Mapping[str, Mapping[str, float]]
Contrib = tuple[str, float, str, "str | None"]


def damp(items: list[Contrib]) -> list[Contrib]:
    """Damp one group: positives and negatives separately, largest first."""
    out: list[Contrib] = []
    for sign in (1, -1):
        part = sorted((c for c in items if c[1] * sign > 0), key=lambda c: -abs(c[1]))
        factor = 1.0
        for text, weight, source, side in part:
            out.append((text, weight * factor, source, side))
            factor *= DAMPING
    return out


class Collector:
    """The contributions to one target (one side variant of it): damped groups, undamped ones, and the names
    of the groups that already contribute something positive (what ``requires`` asks for)."""

    __slots__ = ("flat", "groups", "positive")

    def __init__(self) -> None:
        self.groups: dict[tuple[str, str | None], list[Contrib]] = defaultdict(list)
        self.flat: list[Contrib] = []
        self.positive: set[str] = set()

    def add(self, group: str, key: str | None, contrib: Contrib) -> None:
        self.groups[(group, key)].append(contrib)
        if contrib[1] > 0:
            self.positive.add(group)

    def add_flat(self, group: str, contrib: Contrib) -> None:
        self.flat.append(contrib)
        if contrib[1] > 0:
            self.positive.add(group)

    def finish(self) -> list[Contrib]:
        out = list(self.flat)
        for items in self.groups.values():
            out.extend(damp(items))
        return out


class Matcher:
    """Applies rule rows to facts; holds what the rules need from the atlas (nerve-territory overlaps)."""

    def __init__(self, kb: KnowledgeBase, zone_nerve_weights: ZoneWeights, nerve_trunks: Mapping[str, str]) -> None:
        self.kind_weights = kb.kind_weights
        self.territory: dict[tuple[str, str], dict[str, float]] = {}
        for rule in (*kb.root_rules, *kb.condition_rules):
            if rule.section in ("territory", "outside"):
                key = (rule.section, "|".join(rule.items))
                if key not in self.territory:
                    self.territory[key] = _overlaps(rule, zone_nerve_weights, nerve_trunks)
        # (section, item) keys each rule reads, to skip rules none of whose findings were examined
        self.keys: dict[int, tuple[tuple[str, str], ...]] = {}
        for rule in (*kb.root_rules, *kb.condition_rules):
            if rule.section in OVERLAP_SECTIONS:
                self.keys[id(rule)] = (("sensory", "*"),)
            elif rule.section == "variable":
                self.keys[id(rule)] = tuple(("sensory", item) for item in rule.items)
            elif rule.section != "root":
                self.keys[id(rule)] = tuple((rule.section, item) for item in rule.items)
        self.bilateral_parts = {
            id(rule): [replace(rule, items=(item,), side="same", min_count=0) for item in rule.items]
            for rule in kb.condition_rules
            if rule.side == "bilateral"
        }

    def match(
        self, rule: Rule, facts: Facts, accept: frozenset, map_w: ZoneWeights, root: str | None
    ) -> list[tuple[Fact, float]]:
        """The facts a rule matches among those on an accepted side, each with its (undamped) weight."""
        section = rule.section
        if section in OVERLAP_SECTIONS:
            candidates: Iterable[Fact] = facts.get_section("sensory")
        else:
            by_key = facts.by_key
            key_section = "sensory" if section == "variable" else section
            candidates = [f for item in rule.items for f in by_key.get((key_section, item), ())]
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
                weight *= self.kind_weights[fact.value]  # type: ignore[index]
            if section == "dermatome":
                overlap = map_w.get(fact.item, {}).get(root or "", 0.0)
            elif section == "variable":  # a variable zone counts only where the chosen map leaves the root out
                overlap = 0.0 if map_w.get(fact.item, {}).get(root or "", 0.0) >= MIN_OVERLAP else 1.0
            elif section in ("territory", "outside"):
                overlap = self.territory[(section, "|".join(rule.items))].get(fact.item, 0.0)
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

    def collect(
        self,
        rules: list[Rule],
        facts: Facts,
        side: str | None,
        map_w: ZoneWeights,
        root: str | None,
        roots_ev: Mapping[tuple[str, str], list[Contrib]] | None,
        into: Collector,
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
            keys = self.keys.get(id(rule))
            if keys is not None and not any(k in present or (k[1] == "*" and k[0] in sections) for k in keys):
                continue
            if rule.requires and not into.positive.intersection(rule.requires):
                continue
            self._apply(rule, facts, side, accept, map_w, root, roots_ev, into)

    def _apply(self, rule, facts, side, accept, map_w, root, roots_ev, into: Collector) -> None:
        if rule.section == "root":
            if side is None or roots_ev is None:
                return
            for item in rule.items:
                for text, weight, source, fside in roots_ev[(item, side)]:
                    into.add_flat(rule.group, (text, weight * rule.weight, source, fside))
            return
        if rule.side == "contralateral" and side is not None:
            accept = frozenset((OTHER_SIDE[side],))
        matches = self.match(rule, facts, accept, map_w, root)
        for fact, weight in matches:
            contrib = (fact.text, weight, rule.source, fact.side)
            if rule.min_count:
                into.add_flat(rule.group, contrib)
            else:
                into.add(rule.group, side, contrib)

    def collect_bilateral(self, rules: list[Rule], facts: Facts, into: Collector, deferred: bool = False) -> None:
        """Rules that need a finding on both sides: the weaker side's weight, half counted on each side.

        As in ``collect``, rules with ``requires`` run in the ``deferred`` call, if a required group contributes.
        """
        for rule in rules:
            if rule.side != "bilateral" or bool(rule.requires) != deferred:
                continue
            if rule.requires and not into.positive.intersection(rule.requires):
                continue
            for sub in self.bilateral_parts[id(rule)]:
                if (sub.section, sub.items[0]) not in facts.by_key:
                    continue
                best = []
                for side in ("left", "right"):
                    matches = self.match(sub, facts, frozenset((side,)), {}, None)
                    if not matches:
                        break
                    best.append(max(matches, key=lambda m: m[1]))
                else:
                    weight = min(best[0][1], best[1][1]) / 2
                    for fact, _w in best:  # halves damped per side, so the pair stays symmetric
                        into.add(rule.group, f"bilateral-{fact.side}", (fact.text, weight, rule.source, fact.side))


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
