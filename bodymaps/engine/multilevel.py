"""Multilevel radiculopathy: the best root's whole evidence plus the deficits of a second, different root.

A deficit (weakness MRC <= 4, a reflex reduced to <= 1 unless the other side was examined and has the same grade, as
in the lesion model: a symmetric reduction localises to neither limb; numbness) counts for a
second root only if the first root cannot explain it: on the first root's side, the first root's own weight
for it must be below ``LEVEL_SPECIFIC`` of the second root's, and the second root adds only the difference. So dorsiflexion (L4 1.1, L5 0.8) proves nothing
beside L5 or L4, but proves a second level beside L3 or S1. The pair must go both ways: the first root needs a
deficit of its own that the second cannot explain, else the second root alone accounts for everything.
Then the pair counts even if the first root's evidence is negative overall (e.g. upper motor neuron signs). A symmetric reflex reduction (age, neuropathy) is
not localising and proves no level. The second root's deficits are damped by the group of the root rule they
come from (motor, reflex, sensory), as the root's own evidence is, and the second root's own findings against it
(a normal key muscle or reflex) count too, unless the first root's evidence already counts them.

Dermatomes of neighbouring roots overlap (Foerster 1933; Lee 2008), so two neighbouring roots of one side make a pair
only when each has a weak muscle or a reduced reflex that the other does not explain: numbness in the dermatome next
to a root's is their overlap, not a second level; roots two levels apart may rest on their skin.

A root alone is still a candidate (so a weak second root never lowers the score), but it carries the general rule
``no_second_level`` (general_rules.csv): one root's evidence is not evidence of several levels. The penalty
belongs to the root-alone candidate, not to the exam, so it keeps monotonicity: a pair only ever adds a candidate
beside it, and the score is the best candidate. The side is that of the root(s) used: the root's own side alone,
or for a pair, their common side, or bilateral when they lie on different sides.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from typing import cast

from bodymaps.engine.collect import MIN_OVERLAP, Contrib, ZoneWeights, damp
from bodymaps.engine.facts import Fact, Facts
from bodymaps.engine.knowledge import KnowledgeBase, Rule
from bodymaps.engine.lesions import SPARED_PATTERN, LesionModel, interacting

LEVEL_SPECIFIC = 0.7  # the first root explains a deficit if its weight is >= 70% of the second root's
DEFICIT_ROOTS = ("L2", "L3", "L4", "L5", "S1")
DEFICIT_SECTIONS = frozenset(("motor", "reflexes", "sensory"))

# root -> (weight, source, group) of one deficit finding
Weights = dict[str, tuple[float, str, str]]
# (fact, its side: left or right, weights per root)
Deficit = tuple[Fact, str, Weights]
# (value, second root and side, its contributions)
Second = tuple[float, tuple[str, str], list[Contrib]]

HISTORY = ("history.", "red_flags.", "patient.")  # what multilevel's own rules read from the history


class Multilevel:
    def __init__(
        self,
        kb: KnowledgeBase,
        root_rules: Mapping[str, list[Rule]],
        lesions: LesionModel,
        territories: Mapping[str, Mapping[str, float]] | None = None,
    ) -> None:
        self.lesions = lesions
        # nerves whose condition has a sensory territory (femoral, common fibular): zone -> share of the zone
        self.territories = {
            lid: territory for lid, territory in (territories or {}).items()
            if lid in lesions.lesions and lesions.lesions[lid].kind == "nerve"
        }
        self.roots = [r for r in kb.roots if r in DEFICIT_ROOTS]
        self.root_rules = root_rules
        self.numb_weight = kb.kind_weights["numbness"]
        self.dermatome = {
            r.target: (r.weight, r.group) for r in kb.root_rules if r.section == "dermatome" and r.when.kind_scaled
        }
        self._cache: dict[tuple[str, str, object, object], Weights] = {}
        self._nerve_cache: dict[tuple[str, str, object, object], dict[str, float]] = {}
        rule = kb.general["no_second_level"]
        self.no_second: Contrib = (rule.finding, rule.weight, rule.source, None)

    def _rule_weights(self, fact: Fact, other: object) -> Weights:
        """Positive lesion-model weight per root for a motor or reflex deficit (cached per value pair)."""
        key = (fact.section, fact.item, fact.value, other)
        if key not in self._cache:
            self._cache[key] = self.lesions.deficit_weights(fact, other, self.roots)
        return self._cache[key]

    def deficits(self, facts: Facts, map_w: ZoneWeights) -> list[Deficit]:
        out: list[Deficit] = []
        # knee and ankle jerks that make up symmetric areflexia localise to no root (as in the lesion model), so they
        # prove no level either: otherwise removing one of them, which then supports nothing, could free the others
        areflexia = {t for f in facts.get("pattern", "symmetric_areflexia") for t in cast(tuple, f.value)}
        for (section, _item), same_item in facts.by_key.items():
            if section not in DEFICIT_SECTIONS:
                continue
            for fact in same_item:
                side = fact.side
                if side in ("left", "right") and fact.text not in areflexia:
                    self._deficit(fact, side, facts, map_w, out)
        return out

    def _deficit(self, fact: Fact, side: str, facts: Facts, map_w: ZoneWeights, out: list[Deficit]) -> None:
        """Append (fact, side, weights per root) if the fact (on ``side``) is a deficit."""
        value = fact.value
        if fact.section == "motor" and isinstance(value, int) and value <= 4:
            out.append((fact, side, self._rule_weights(fact, None)))
        elif fact.section == "reflexes" and isinstance(value, int) and value <= 1:
            other = facts.other_value(fact)
            if other != value:  # not symmetric: against the normal range, or one of an unequal pair (lesion model)
                out.append((fact, side, self._rule_weights(fact, other)))
        elif fact.section == "sensory" and value == "numbness":
            weights: Weights = {}
            for root, overlap in map_w.get(fact.item, {}).items():
                if root in self.dermatome and root in DEFICIT_ROOTS and overlap >= MIN_OVERLAP:
                    weight, group = self.dermatome[root]
                    source = "numbness in its dermatome (chosen map) [S]"
                    weights[root] = (weight * self.numb_weight * overlap, source, group)
            out.append((fact, side, weights))

    def _nerve_weights(self, deficits: list[Deficit], facts: Facts) -> list[dict[str, float]]:
        """Per deficit: each territory nerve's weight for it (lesion model for a muscle or reflex; for numbness,
        1.0 if any of the nerve's territory is in the zone, as a zone is "outside" a territory only with none of it)."""
        out: list[dict[str, float]] = []
        for fact, _side, _weights in deficits:
            other = facts.other_value(fact) if fact.section == "reflexes" else None
            key = (fact.section, fact.item, fact.value, other if isinstance(other, int) else None)
            row = self._nerve_cache.get(key)
            if row is None:
                row = {}
                for lid, territory in self.territories.items():
                    lesion = self.lesions.lesions[lid]
                    value = fact.value
                    if fact.section == "sensory":
                        row[lid] = 1.0 if territory.get(fact.item, 0.0) >= MIN_OVERLAP else 0.0
                    elif isinstance(value, int) and fact.section == "motor":
                        row[lid] = self.lesions.motor_weight(lesion, fact.item, value)[0]
                    elif isinstance(value, int):
                        row[lid] = self.lesions.reflex_weight(lesion, fact.item, value, other)[0]
                self._nerve_cache[key] = row
            out.append(row)
        return out

    def _one_root_will_do(self, deficits: list[Deficit], first: str, second: str, side: str) -> bool:
        """Whether one other root explains every deficit of a pair on one side: each weak muscle or reduced reflex
        the pair explains, as well as (LEVEL_SPECIFIC of) the pair's better root; and the pair's numb zones, when they
        all belong to one root of the pair that is that root's neighbour (dermatomes overlap). Then one level will do:
        a foot drop with numb L3 skin is L4, not L3 + L5; numb skin of both roots of a pair still needs two. Every
        condition holds for each deficit or for all of them together, so removing a finding can only make the test
        true, never false: a pair it removes never comes back when a finding is taken away."""
        pair = (first, second)
        for root in self.roots:
            if root in pair:
                continue
            owners: set[str] = set()
            for fact, fside, weights in deficits:
                best = max((weights[r][0] for r in pair if r in weights), default=0.0)
                if fside != side or best <= 0.0:
                    continue
                if fact.section == "sensory":
                    owners.add(max((r for r in pair if r in weights), key=lambda r: weights[r][0]))
                    if len(owners) > 1 or abs(self.roots.index(next(iter(owners))) - self.roots.index(root)) != 1:
                        break
                elif (weights[root][0] if root in weights else 0.0) < LEVEL_SPECIFIC * best:
                    break
            else:
                return True
        return False

    def assess(
        self,
        own: list[Contrib],
        alone: list[Contrib],
        facts: Facts,
        map_w: ZoneWeights,
        roots_ev: Mapping[tuple[str, str], list[Contrib]],
    ) -> tuple[str | None, list[Contrib]]:
        """(side, contributions): ``own`` (the condition's own rules) plus the best root or pair of roots.

        ``alone`` is what the condition scores without any root (``own``, or ``own`` plus the unsupported
        contribution); roots are added only if they do better, so no finding can lower the score.
        """
        deficits = self.deficits(facts, map_w)
        # nothing in the history supports the condition's own rules (root pain: leg pain worse than back, cough; a
        # diabetic plexopathy: diabetes, weight loss; both legs): then a pair of roots whose every deficit one nerve
        # explains is not needed (pain in the thigh or groin, which a femoral lesion causes too, does not count)
        # (engine v6's gates, a token weight of a weak muscle or a positive femoral stretch that only opens the
        # back-and-leg rule, are not history either; nor is back pain radiating into the leg, a sensory rule: leg
        # pain is what a femoral lesion causes too, so it does not keep a pair that one nerve explains)
        lone = not any(c[1] > 0 and (c[0].startswith(HISTORY) or c[2].startswith("pattern.")) for c in own)
        nerve_w = self._nerve_weights(deficits, facts) if lone else []
        # a root's evidence without the lesion model's interacting terms (a deficit the root cannot explain, shared
        # pattern penalties): in a pair the other root may explain that deficit, and the pair must stay monotonic
        roots_ev = {key: [c for c in ev if not interacting(c)] for key, ev in roots_ev.items()}
        combos: list[tuple[float, tuple[str, str], tuple[str, str] | None, list[Contrib]]] = []
        for first in self.roots:
            for side in ("left", "right"):
                value = math.fsum([c[1] for c in roots_ev[(first, side)]])
                if value > 0:  # the root alone (always a candidate, so a weak second root never lowers the score)
                    combos.append((value + self.no_second[1], (first, side), None, [self.no_second]))
                if not deficits:  # no second level possible
                    continue
                buckets: dict[tuple[str, str], dict[str, list[Contrib]]] = defaultdict(lambda: defaultdict(list))
                for fact, fside, weights in deficits:
                    explained = weights[first][0] if first in weights and fside == side else 0.0
                    for second, (weight, source, group) in weights.items():
                        if second == first or explained >= LEVEL_SPECIFIC * weight:
                            continue
                        text = f"second level {second}: {source}"
                        # a finding counts once: the second root adds what it explains beyond the first
                        buckets[(second, fside)][group].append((fact.text, weight - explained, text, fside))
                seconds: list[Second] = []
                own_texts = {c[0] for c in roots_ev[(first, side)]}
                for key, groups in buckets.items():
                    if not _own_deficit(deficits, (first, side), key):
                        continue  # the second root explains every deficit of the first: one root is enough
                    if key[1] == side and abs(self.roots.index(key[0]) - self.roots.index(first)) == 1 and not (
                        (groups.get("motor") or groups.get("reflex")) and _motor_deficit(deficits, first, side, key[0])
                    ):
                        continue  # neighbours resting on numbness alone: their dermatomes overlap, one root will do
                    if key[1] == side and self._one_root_will_do(deficits, first, key[0], side):
                        continue  # a root between or beside them explains the weakness, and the skin by overlap
                    if lone and key[1] == side and _one_nerve_will_do(deficits, nerve_w, (first, key[0]), side):
                        continue  # one nerve explains every deficit of the pair: one lesion, not two roots
                    contribs = [c for items in groups.values() for c in damp(items)]
                    # what argues against the second root (e.g. its key muscle normal) counts too
                    # (not the spared-pattern share: the weak muscle that brings it may be counted for the first
                    # root, and removing that muscle must not raise the pair)
                    contribs += [
                        c for c in roots_ev[key]
                        if c[1] < 0 and c[0] not in own_texts and not interacting(c) and SPARED_PATTERN not in c[2]
                    ]
                    seconds.append((math.fsum([c[1] for c in contribs]), key, contribs))
                if not seconds:
                    continue
                # ties: prefer the same side as the first root (keeps the result mirror-symmetric), then level
                def rank(s: Second, side: str = side) -> tuple[float, bool, int]:
                    return s[0], s[1][1] == side, -self.roots.index(s[1][0])

                total, key, contribs = max(seconds, key=rank)
                combos.append((value + total, (first, side), key, contribs))
        if not combos:
            return None, alone
        top = max(c[0] for c in combos)
        if math.fsum([c[1] for c in own]) + top <= math.fsum([c[1] for c in alone]):
            return None, alone
        tied = [c for c in combos if math.isclose(c[0], top, rel_tol=1e-9, abs_tol=1e-12)]
        _value, first_key, _second_key, second_contribs = tied[0]
        contribs = [*own, *roots_ev[first_key], *second_contribs]
        # the side(s) of the roots used: one side, or bilateral when the two levels lie on different sides
        labels = {f[1] if s is None or f[1] == s[1] else "bilateral" for _, f, s, _c in tied}
        if len(labels) > 1:  # equally good on either side (e.g. mirror-image pictures)
            return "bilateral", contribs
        return labels.pop(), contribs


def _own_deficit(deficits: list[Deficit], first: tuple[str, str], second: tuple[str, str]) -> bool:
    """Whether the first root (root, side) has a deficit that the second root does not explain."""
    root, side = first
    for _fact, fside, weights in deficits:
        if fside != side or root not in weights:
            continue
        other = weights[second[0]][0] if second[0] in weights and second[1] == side else 0.0
        if other < LEVEL_SPECIFIC * weights[root][0]:
            return True
    return False


def _motor_deficit(deficits: list[Deficit], root: str, side: str, other: str) -> bool:
    """Whether the root has a weak muscle or a reduced reflex on ``side`` that the other root does not explain as
    well (below LEVEL_SPECIFIC of the root's own weight)."""
    for fact, fside, weights in deficits:
        if fside != side or fact.section == "sensory" or root not in weights:
            continue
        if (weights[other][0] if other in weights else 0.0) < LEVEL_SPECIFIC * weights[root][0]:
            return True
    return False


def _one_nerve_will_do(
    deficits: list[Deficit], nerve_w: list[dict[str, float]], pair: tuple[str, str], side: str
) -> bool:
    """Whether one nerve explains every deficit of a pair on one side: each weak muscle or reduced reflex the pair
    explains, as well as (LEVEL_SPECIFIC of) the pair's better root, and each numb zone within its territory. Then one
    lesion will do: quadriceps and iliopsoas weak with a numb anterior thigh is the femoral nerve, not L2 + L3 (the
    femoral condition competes with the roots on its own). Asked only when nothing of multilevel radiculopathy's own
    rules supports it (root pain in the history, a diabetic radiculoplexus neuropathy's features, which mimic the
    femoral nerve). A test on every deficit: removing a finding can only make it true."""
    nerves = {lid for row in nerve_w for lid in row}
    for lid in nerves:
        for (fact, fside, weights), row in zip(deficits, nerve_w, strict=True):
            best = max((weights[r][0] for r in pair if r in weights), default=0.0)
            if fside != side or best <= 0.0:
                continue
            mine = row.get(lid, 0.0)
            if (fact.section == "sensory" and mine <= 0.0) or (
                fact.section != "sensory" and mine < LEVEL_SPECIFIC * best
            ):
                break
        else:
            return True
    return False
