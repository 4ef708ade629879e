"""The per-exam side of rule matching: which rules an exam can match, their matching facts found once, and the
collection of their contributions, side by side, into a target's ``Collector``."""

from __future__ import annotations

import math
from collections.abc import Mapping

from bodymaps.engine.collect import (
    LESION,
    NO_BASE,
    ROOT,
    SIDED,
    UNSIDED,
    Collector,
    Contrib,
    Entry,
    Match,
    Matcher,
    MatchKey,
    Passes,
    ZoneWeights,
    weigh,
)
from bodymaps.engine.facts import OTHER_SIDE, Facts
from bodymaps.engine.knowledge import Rule


class Scope:
    """One exam assessed on one map: the rules worth visiting, and the facts each rule matches (on any side, with
    their kind and overlap factors), found once and then weighed for every target variant that asks."""

    __slots__ = ("_contribs", "bases", "bilateral", "facts", "map_w", "matcher", "passes")

    def __init__(self, matcher: Matcher, facts: Facts, map_w: ZoneWeights) -> None:
        self.matcher = matcher
        self.facts = facts
        self.map_w = map_w
        self._contribs: dict[int, list[Contrib]] = {}
        self.bases: dict[MatchKey, list[Match]] = {}
        # the rules that read at least one finding of this exam, in table order
        hits = set(matcher.always)
        index = matcher.index
        for key in facts.by_key:
            if key in index:
                hits.update(index[key])
        if "sensory" in facts.by_section and ("sensory", "*") in index:
            hits.update(index[("sensory", "*")])
        # per target: the rules that match something, as entries of the first and of the second (``requires``)
        # pass, and the same for the sided rules only (what an axial target's left and right passes visit)
        passes: dict[str, Passes] = {}
        bilateral: dict[str, list[Rule]] = {}
        bases = self.bases
        plans = matcher.plans
        for position in sorted(hits):
            rule, kind, mkey, target, sided, deferred, code, group, requires, gives = plans[position]
            if kind == 2:
                bilateral.setdefault(target, []).append(rule)
                continue
            base: list[Match] | None
            if kind == 3:
                base = NO_BASE
            else:
                base = bases.get(mkey)
                if base is None:
                    base = bases[mkey] = matcher.find(rule, facts, map_w)
                if not base:
                    continue
            lists = passes.get(target)
            if lists is None:
                lists = passes[target] = ([], [], [], [])
            entry: Entry = (code, group, requires, gives, base, rule)
            lists[deferred].append(entry)
            if sided:
                lists[2 + deferred].append(entry)
        self.passes = passes
        self.bilateral = bilateral

    def match(self, rule: Rule, accept: frozenset[str | None]) -> list[Contrib]:
        """The rule's contributions from facts on an accepted side (unsided rules: unsided facts)."""
        found = self._contribs.get(id(rule))
        if found is None:
            key = self.matcher.match_key[id(rule)]
            base = self.bases.get(key)
            if base is None:
                base = self.bases[key] = self.matcher.find(rule, self.facts, self.map_w)
            found = self._contribs[id(rule)] = weigh(rule, base)
        if rule.side != "":
            found = [c for c in found if c[3] in accept]
        if rule.min_count:
            if len(found) < rule.min_count:
                return []
            count = len(found)
            return [(text, weight / count, source, side) for text, weight, source, side in found]
        return found

    def collect_pass(
        self,
        entries: list[Entry],
        side: str | None,
        roots_ev: Mapping[tuple[str, str], list[Contrib]] | None,
        into: Collector,
        axial: bool = False,
        only: bool = False,
    ) -> None:
        """Contributions of one target's rules (``entries`` of one of its ``passes``) for one side.

        A sided target's variant for ``side`` also sees midline and unsided facts (``axial`` False); an axial
        target is collected in three passes, damped separately: left only, right only, then unsided and
        midline (``side`` None). Rules with ``requires`` run in a second pass, after every first pass, and only
        if one of the required groups has a positive contribution.
        """
        if side is None:
            accept = _ACCEPT_UNSIDED
        elif axial or only:
            accept = _ACCEPT_ONLY[side]
        else:
            accept = _ACCEPT_SIDED[side]
        positive = into.positive
        groups = into.groups
        # an axial target damps a group across its left, right and unsided passes: the same finding on both sides
        # (back pain left and right) is one correlated finding, not two
        key_side = None if axial else side
        for code, group, requires, gives, base, rule in entries:
            if requires and positive.isdisjoint(requires):
                continue
            if only and not rule.side:  # the second leg of a both-legs candidate: its unsided rules counted once
                continue
            if code == SIDED:
                weight = rule.weight
                source = rule.source
                # as weigh, for the facts on an accepted side only
                chosen = [
                    (f.text, weight * kind * overlap if kind else weight * overlap, source, f.side)
                    for f, kind, overlap in base
                    if f.side in accept
                ]
                if chosen:
                    groups[(group, key_side)].extend(chosen)
                    if gives:
                        positive.add(group)
            elif code == UNSIDED:
                if rule.section == "pattern":
                    # a derived finding: its weight is shared, undamped, by the exam findings behind it
                    into.patterns.append((rule, base))  # shared out when the target's other findings are known
                else:
                    groups[(group, side)].extend(weigh(rule, base))
                if gives:
                    positive.add(group)
            elif code == ROOT:
                if side is None or roots_ev is None:
                    continue
                factor = rule.weight
                for item in rule.items:
                    evidence = roots_ev[(item, side)]
                    into.flat.extend([(text, weight * factor, source, fside) for text, weight, source, fside in evidence])
                    if any(c[1] * factor > 0 for c in evidence):
                        positive.add(group)
            elif code == LESION:
                # the best of the listed nerve lesions (e.g. common fibular or one of its branches)
                if side is None or roots_ev is None:
                    continue
                factor = rule.weight
                best: list[Contrib] = []
                best_total = -math.inf
                family = [roots_ev.get((item, side), []) for item in rule.items]
                for i, evidence in enumerate(family):
                    if len(family) > 1:
                        # one nerve and its branches (today only the common fibular row lists several): a finding
                        # that any other member counts for does not count against this one. The condition is the
                        # nerve; which member is weighed is bookkeeping, and without this the best member could
                        # change when a finding is removed, so removing a finding listed for the condition could
                        # raise it. The cost: the member shown may list fewer findings than a sibling explains
                        others = {c[0] for j, ev in enumerate(family) if j != i for c in ev if c[1] > 0}
                        evidence = [c for c in evidence if c[1] >= 0 or c[0] not in others]
                    total = math.fsum([c[1] for c in evidence])
                    if evidence and total > best_total:
                        best, best_total = evidence, total
                into.flat.extend([(text, weight * factor, source, fside) for text, weight, source, fside in best])
                if any(c[1] * factor > 0 for c in best):
                    positive.add(group)
            else:  # min_count or contralateral rules
                rule_accept = _ACCEPT_ONLY[OTHER_SIDE[side]] if rule.side == "contralateral" and side else accept
                for contrib in self.match(rule, rule_accept):
                    if rule.min_count:
                        into.add_flat(group, contrib)
                    else:
                        into.add(group, side, contrib)

    def collect_bilateral(self, target: str, into: Collector, deferred: bool = False) -> None:
        """The target's rules that need a finding on both sides: the weaker side's weight, half counted on each
        side. As in ``collect_pass``, rules with ``requires`` run in the ``deferred`` call, if a required group
        contributes.
        """
        by_key = self.facts.by_key
        for rule in self.bilateral.get(target, ()):
            if bool(rule.requires) != deferred:
                continue
            if rule.requires and into.positive.isdisjoint(rule.requires):
                continue
            for sub in self.matcher.bilateral_parts[id(rule)]:
                if (sub.section, sub.items[0]) not in by_key:
                    continue
                best = []
                for side in ("left", "right"):
                    matches = self.match(sub, _ACCEPT_ONLY[side])
                    if not matches:
                        break
                    best.append(max(matches, key=lambda c: c[1]))
                else:
                    weight = min(best[0][1], best[1][1]) / 2
                    for text, _w, _source, fside in best:  # halves damped per side, so the pair stays symmetric
                        into.add(rule.group, f"bilateral-{fside}", (text, weight, rule.source, fside))


_ACCEPT_UNSIDED = frozenset((None, "midline"))
_ACCEPT_ONLY = {"left": frozenset(("left",)), "right": frozenset(("right",))}
_ACCEPT_SIDED = {side: frozenset((side, "midline", None)) for side in ("left", "right")}


