"""Rules against facts: the static side (``Matcher``: rules indexed by the findings they read, how each finds
its facts) and the damped ``Collector`` of a target's contributions; the per-exam side is ``scope.Scope``.

A contribution is ``(finding text, weight, source, side of the fact)``. Contributions of rules that share a
``group`` are damped: sorted by size, the i-th counts ``DAMPING**i`` of its weight (positive and negative
separately), so correlated findings (many numb zones of one root, SLR and slump...) do not add up naively.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from bodymaps.engine.facts import Fact, Facts
from bodymaps.engine.knowledge import KnowledgeBase, Rule
from bodymaps.resources import DataError

DAMPING = 0.5  # i-th largest contribution of a group counts DAMPING**i
MIN_OVERLAP = 0.02  # zone overlaps below this are ignored (atlas rounding noise)
OVERLAP_SECTIONS = ("dermatome", "territory", "outside")

ZoneWeights = Mapping[str, Mapping[str, float]]
Contrib = tuple[str, float, str, "str | None"]
# what a rule matches, shared by the rules with the same match key: (section, items, when text, unsided, root of a
# dermatome/variable rule or None)
MatchKey = tuple[str, tuple[str, ...], str, bool, "str | None"]
# a matching fact: (fact, kind weight or 0.0 when not kind-scaled, zone overlap)
Match = tuple[Fact, float, float]
# how to find the facts of a match key (see ``Matcher.specs``)
Spec = tuple[
    str,
    "tuple[tuple[str, str], ...] | None",
    "Callable[[object, object], bool] | None",
    bool,
    "Mapping[str, float] | None",
    bool,
    str,
    "dict[str, float] | None",
]


def damp(items: list[Contrib]) -> list[Contrib]:
    """Damp one group: positives and negatives separately, largest first."""
    if len(items) == 1:  # the common case: nothing to damp
        return items if items[0][1] != 0 else []
    out: list[Contrib] = []
    for part in ([c for c in items if c[1] > 0], [c for c in items if c[1] < 0]):
        if len(part) > 1:
            part.sort(key=_size)  # stable: equal weights keep their order
        i = 0
        while i < len(part):
            # equal weights share their factors equally (the same finding on the left and on the right gets the same
            # share, so mirroring an exam mirrors the result); the sum is what plain ranking would give
            j = i + 1
            while j < len(part) and math.isclose(part[j][1], part[i][1], rel_tol=1e-12, abs_tol=1e-15):
                j += 1
            factor = math.fsum([DAMPING**k for k in range(i, j)]) / (j - i)
            for text, weight, source, side in part[i:j]:
                out.append((text, weight * factor, source, side))
            i = j
    return out


def _size(contrib: Contrib) -> float:
    return -abs(contrib[1])


class Collector:
    """The contributions to one target (one side variant of it): damped groups, undamped ones, and the names
    of the groups that already contribute something positive (what ``requires`` asks for)."""

    __slots__ = ("flat", "groups", "patterns", "positive")

    def __init__(self) -> None:
        self.groups: dict[tuple[str, str | None], list[Contrib]] = defaultdict(list)
        self.flat: list[Contrib] = []
        self.patterns: list[tuple[Rule, list[Match]]] = []  # pattern rules that fired, shared out in finish()
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
        if self.patterns:
            net: dict[str, float] = defaultdict(float)
            for text, weight, _source, _side in out:
                net[text] += weight
            for rule, base in self.patterns:
                out.extend(pattern_shares(rule, base, net))
        return out


def chained(entries: Iterable[Entry], bilateral: Iterable[Rule] = ()) -> bool:
    """Whether one of these deferred rules requires a group that another of them gives (a chain of requires)."""
    gives = {e[1] for e in entries if e[3]} | {r.group for r in bilateral if r.requires and r.weight > 0}
    if not gives:
        return False
    return any(not gives.isdisjoint(e[2]) for e in entries) or any(
        not gives.isdisjoint(r.requires) for r in bilateral if r.requires)


def settle(into: Collector, run: Callable[[Collector], None], chain: bool = True) -> None:
    """Run a target's deferred rules (those with ``requires``) into ``into`` once, after finding every group they
    can make positive: one such rule may open another (a chain of requires: leg pain opens 'back pain radiating
    into the leg'), and neither the order of the rows nor that of the left and right passes may decide whether it
    does (that order made a mirrored exam score differently). ``run`` collects the deferred rules into a
    collector; the groups are found on scratch collectors, so nothing is counted twice. ``chain`` False (no rule
    requires what another deferred rule gives, see ``chained``): every required group is already known, one run."""
    while chain:
        scratch = Collector()
        scratch.positive = set(into.positive)
        run(scratch)
        if scratch.positive <= into.positive:
            break
        into.positive |= scratch.positive
    run(into)


class Matcher:
    """Applies rule rows to facts; holds what the rules need from the atlas (nerve-territory overlaps)."""

    def __init__(self, kb: KnowledgeBase, zone_nerve_weights: ZoneWeights, nerve_trunks: Mapping[str, str]) -> None:
        self.kind_weights = kb.kind_weights
        # a root's neighbours (the roots above and below it), whose dermatomes overlap its own, and the zones that
        # a variable rule gives it: what "unexplained" root rules read
        roots = kb.roots
        self.neighbours = {r: tuple(roots[max(i - 1, 0):i] + roots[i + 1:i + 2]) for i, r in enumerate(roots)}
        self.variable_zones: dict[str, set[str]] = defaultdict(set)
        for rule in kb.root_rules:
            if rule.section == "variable":
                self.variable_zones[rule.target].update(rule.items)
        self.territory: dict[tuple[str, str], dict[str, float]] = {}
        for rule in (*kb.root_rules, *kb.condition_rules):
            if rule.section in ("territory", "outside"):
                key = (rule.section, "|".join(rule.items))
                if key not in self.territory:
                    self.territory[key] = _overlaps(rule, zone_nerve_weights, nerve_trunks)
        # rules indexed by the (section, item) keys they read, so an exam only visits rules it can match;
        # ("sensory", "*") stands for any sensory finding, and root-evidence rules always apply
        rules = (*kb.root_rules, *kb.condition_rules)
        index: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.always: tuple[int, ...] = tuple(i for i, rule in enumerate(rules) if rule.section in EVIDENCE)
        for position, rule in enumerate(rules):
            if rule.section in EVIDENCE:
                continue
            for key in _fact_keys(rule):
                index[key].append(position)
        self.index = {key: tuple(positions) for key, positions in index.items()}
        self.bilateral_parts = {
            id(rule): [replace(rule, items=(item,), side="same", min_count=0) for item in rule.items]
            for rule in kb.condition_rules
            if rule.side == "bilateral"
        }
        parts = [part for split in self.bilateral_parts.values() for part in split]
        # rules with the same match key find the same facts (the weight aside): shared per exam
        self.match_key: dict[int, MatchKey] = {id(rule): _match_key(rule) for rule in (*rules, *parts)}
        # per match key: (section, fact keys or None for every sensory fact, test or None when every value
        # passes ('present', 'any'), needs the other side's value,
        # kind weights or None, unsided, root of a dermatome/variable rule, nerve-territory overlaps or None)
        self.specs: dict[MatchKey, Spec] = {}
        for rule in (*rules, *parts):
            mkey = self.match_key[id(rule)]
            if mkey in self.specs or rule.section in EVIDENCE:
                continue
            territory = (
                self.territory[(rule.section, "|".join(rule.items))]
                if rule.section in ("territory", "outside")
                else None
            )
            self.specs[mkey] = (
                rule.section,
                None if rule.section in OVERLAP_SECTIONS else _fact_keys(rule),
                None if rule.when.text in ("present", "any") else rule.when.test,  # None: every fact passes
                rule.when.needs_other,
                self.kind_weights if rule.when.kind_scaled else None,
                rule.side == "",
                mkey[4] or "",  # the zone root; read by dermatome and variable rules only
                territory,
            )
        # per table position: (rule, kind, match key, target, sided, second pass, *entry head); kind 0 plain,
        # 1 with requires, 2 bilateral, 3 root; the entry head is what collect_pass needs besides the matches
        self.plans: list[Plan] = [
            (
                rule,
                3 if rule.section in EVIDENCE else 2 if rule.side == "bilateral" else 1 if rule.requires else 0,
                self.match_key[id(rule)],
                rule.target,
                bool(rule.side),
                1 if rule.requires else 0,
                *_entry_head(rule),
            )
            for rule in rules
        ]

    def find(self, rule: Rule, facts: Facts, map_w: ZoneWeights) -> list[Match]:
        """(fact, kind weight or 0.0 when not kind-scaled, zone overlap) of every fact the rule's finding,
        side and ``when`` accept, on any side; the rule's weight is applied by ``weigh``. Rules with the same
        ``match_key`` (``motor.* <=4`` of many targets) find the same facts, so a scope asks once per key."""
        section, keys, test, needs_other, kinds, unsided, root, territory = self.specs[self.match_key[id(rule)]]
        if keys is None:
            candidates: Iterable[Fact] = facts.get_section("sensory")
        else:
            by_key = facts.by_key
            candidates = [f for key in keys if key in by_key for f in by_key[key]]
            if not candidates:
                return []
        out: list[Match] = []
        for fact in candidates:
            if unsided and fact.side is not None:
                continue
            if test is not None and not test(fact.value, facts.other_value(fact) if needs_other else None):
                continue
            # kind-scaled rules read sensory facts only, whose value is a kind (str): not expressible in Fact
            kind = kinds[fact.value] if kinds else 0.0  # type: ignore[index]
            if section == "dermatome":
                overlap = map_w.get(fact.item, _EMPTY).get(root, 0.0)
            elif section == "variable":  # a variable zone counts only where the chosen map leaves the root out
                overlap = 0.0 if map_w.get(fact.item, _EMPTY).get(root, 0.0) >= MIN_OVERLAP else 1.0
            elif section == "unexplained":  # neither the root's dermatome, its neighbours' nor a variable zone
                zone = map_w.get(fact.item, _EMPTY)
                near = (root, *self.neighbours.get(root, ()))
                explained = fact.item in self.variable_zones.get(root, ()) or any(
                    zone.get(r, 0.0) >= MIN_OVERLAP for r in near
                )
                overlap = 0.0 if explained else 1.0
            elif territory is not None:
                overlap = territory.get(fact.item, 0.0)
            else:
                overlap = 1.0
            if overlap < MIN_OVERLAP:
                continue
            out.append((fact, kind, overlap))
        return out


_EMPTY: dict[str, float] = {}


UNSIDED, SIDED, SPECIAL, ROOT, LESION = range(5)
EVIDENCE = ("root", "lesion")  # rules that add a root's or a nerve lesion's whole evidence
NO_BASE: list[Match] = []
# (code, group, requires, gives a positive contribution, matching facts with kind and overlap factors, rule)
Entry = tuple[int, str, frozenset[str], bool, list[Match], Rule]
Passes = tuple[list[Entry], list[Entry], list[Entry], list[Entry]]
EntryHead = tuple[int, str, frozenset[str], bool]
# (rule, kind, match key, target, sided, second pass, *entry head): see ``Matcher.plans``
Plan = tuple[Rule, int, MatchKey, str, bool, int, int, str, frozenset[str], bool]


def _entry_head(rule: Rule) -> EntryHead:
    """(code, group, requires, gives a positive contribution) of a rule, for ``collect_pass``."""
    if rule.section == "root":
        code = ROOT
    elif rule.section == "lesion":
        code = LESION
    elif rule.min_count or rule.side == "contralateral":
        code = SPECIAL
    elif rule.side == "":
        code = UNSIDED
    else:
        code = SIDED
    # every contribution of a rule has the sign of its weight (kind weights and overlaps are positive)
    return code, rule.group, frozenset(rule.requires), rule.weight > 0


def _fact_keys(rule: Rule) -> tuple[tuple[str, str], ...]:
    """The (section, item) keys of the facts a rule reads (overlap sections read every sensory finding)."""
    if rule.section in OVERLAP_SECTIONS:
        return (("sensory", "*"),)
    section = "sensory" if rule.section in ("variable", "unexplained") else rule.section
    return tuple((section, item) for item in rule.items)


def _match_key(rule: Rule) -> MatchKey:
    zone_root = rule.target if rule.section in ("dermatome", "variable", "unexplained") else None
    return (rule.section, rule.items, rule.when.text, rule.side == "", zone_root)


def weigh(rule: Rule, base: list[Match]) -> list[Contrib]:
    """The rule's contributions from its matching facts: weight x kind weight (if kind-scaled) x overlap."""
    weight = rule.weight
    source = rule.source
    return [(f.text, weight * kind * overlap if kind else weight * overlap, source, f.side) for f, kind, overlap in base]


def pattern_shares(rule: Rule, base: list[Match], net: Mapping[str, float]) -> list[Contrib]:
    """A pattern rule's weight shared equally by the exam findings behind the pattern (the fact's value), each
    with its own side, so every listed contribution is a finding of the exam and the pattern counts once.

    ``net``: what each finding already gives the same target through its other rules. A finding that counts
    against the target there takes no share of a positive pattern (nor one that counts for it, of a negative
    pattern): a pattern's weight does not depend on how many findings share it, so a share would list as supporting
    a finding whose removal raises the score (an absent knee jerk behind 'weakness in both legs' while it counts
    against an upper motor neuron lesion as a lower motor neuron sign). When every finding behind the pattern
    counts against the target, the pattern adds nothing: it rests only on findings that argue against it."""
    out: list[Contrib] = []
    sign = 1.0 if rule.weight > 0 else -1.0
    for fact, _kind, _overlap in base:
        behind = fact.value if isinstance(fact.value, tuple) and fact.value else (fact.text,)
        behind = tuple(t for t in behind if sign * net.get(str(t), 0.0) >= 0)
        if not behind:
            continue
        share = rule.weight / len(behind)
        source = f"{fact.text} ({len(behind)} findings share {rule.weight:g}): {rule.source}"
        out.extend((str(text), share, source, finding_side(str(text))) for text in behind)
    return out


def finding_side(text: str) -> str | None:
    """The side named in a spec-style finding string (``motor.x.left=4`` -> left), or None."""
    head = text.partition("=")[0]
    for side in ("left", "right", "midline"):
        if head.endswith("." + side):
            return side
    return None


def _overlaps(rule: Rule, nerves: ZoneWeights, trunks: Mapping[str, str]) -> dict[str, float]:
    wanted = set(rule.items)
    known = {n for zone in nerves.values() for n in zone} | set(trunks.values())
    if not wanted & known:
        raise DataError(
            f"{rule.file}, row {rule.row}, column finding: no atlas nerve or trunk named "
            f"{'|'.join(rule.items)} (known: {', '.join(sorted(known))})"
        )
    out: dict[str, float] = {}
    for zone, fractions in nerves.items():
        inside = sum(w for n, w in fractions.items() if n in wanted or trunks.get(n) in wanted)
        other = sum(w for n, w in fractions.items() if not (n in wanted or trunks.get(n) in wanted))
        # "outside" only for zones with none of the territory, so no zone counts both for and against
        value = inside if rule.section == "territory" else (other if inside < MIN_OVERLAP else 0.0)
        if value >= MIN_OVERLAP:
            out[zone] = value
    return out
