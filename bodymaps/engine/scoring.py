"""The inference engine: exam facts + knowledge base + atlas overlaps -> ranked, explained differential.

Score of a condition = prior + sum of contributions (log-odds style), damped per rule group (collect.py).
Every listed weight is the contribution actually added, so the score is explainable by construction.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from functools import partial

from bodymaps.engine.collect import (
    MIN_OVERLAP,
    Collector,
    Contrib,
    Entry,
    Matcher,
    Passes,
    ZoneWeights,
    chained,
    settle,
)
from bodymaps.engine.facts import exam_facts
from bodymaps.engine.knowledge import KnowledgeBase, Rule
from bodymaps.engine.lesions import LesionModel
from bodymaps.engine.multilevel import Multilevel
from bodymaps.engine.patterns import Patterns
from bodymaps.engine.redflags import red_flags, trigger_groups
from bodymaps.engine.result import Assessment, ConditionResult, Contribution, LesionResult, RootResult
from bodymaps.engine.scope import Scope
from bodymaps.engine.suggest import suggestions
from bodymaps.exam.model import Exam

NO_PASSES: Passes = ([], [], [], [])
LATERAL_MIN = 0.3  # lateral evidence below this: side is null
BILATERAL_MIN = 0.5  # both sides at least this, and the weaker at least BILATERAL_RATIO of the stronger
BILATERAL_RATIO = 0.5
MAX_LESIONS = 6  # nerve lesions listed in Assessment.lesions
# (root, side) -> the root's contributions on that side
RootsEvidence = dict[tuple[str, str], list[Contrib]]


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
        assert kb.anatomy is not None
        self.lesions = LesionModel(kb.anatomy, kb.roots)
        self.nerves = tuple(lid for lid, lesion in self.lesions.lesions.items() if lesion.kind == "nerve")
        territories = {
            rule.items[0]: self.matcher.territory[("territory", rule.items[0])]
            for rule in kb.condition_rules
            if rule.section == "territory" and len(rule.items) == 1
        }
        self.multilevel = Multilevel(kb, self.root_rules, self.lesions, territories)
        self._root_order = {root: i for i, root in enumerate(kb.roots)}
        # equal root evidence: the commoner root lesion first (the prior of the root's own radiculopathy, e.g. L5
        # before L4 for a foot drop that only dorsiflexion shows), then cranial to caudal
        self._root_rank: dict[str, tuple[float, int]] = {}
        for rule in kb.condition_rules:
            if rule.section == "root" and len(rule.items) == 1 and rule.items[0] in self._root_order:
                prior = kb.conditions[rule.target].prior
                best = self._root_rank.get(rule.items[0], (math.inf, 0))[0]
                self._root_rank[rule.items[0]] = (min(best, -prior), 0)
        for root, i in self._root_order.items():
            self._root_rank[root] = (self._root_rank.get(root, (math.inf, 0))[0], i)
        self.trigger_groups = trigger_groups(kb.triggers)
        self.patterns = Patterns(kb.patterns)
        # suggestions depend only on the candidate conditions: worked out once per candidate set
        self.delta_cache: dict[tuple[str, str, str, object], float] = {}
        self.separating_cache: dict[tuple[tuple[str, str], ...], list[tuple[str, str, bool, float, str]]] = {}

    # ------------------------------------------------------------------ roots
    def _root_evidence(self, scope: Scope) -> RootsEvidence:
        """Per (root, side): the root's rules (dermatomes, tension tests, ...) and the lesion model's weights of
        every muscle and reflex of that limb; per (nerve, side): the lesion model's weights alone (the nerves'
        sensory territories and tests are rules of their conditions)."""
        result: RootsEvidence = {}
        collect = scope.collect_pass
        by_lesion = self.lesions.evidence_all(scope.facts)
        for root in self.kb.roots:
            passes = scope.passes.get(root)
            for side in ("left", "right"):
                anatomy = by_lesion[(root, side)]
                into = Collector()
                if passes is not None and passes[0]:
                    collect(passes[0], side, None, into)
                into.flat.extend(anatomy)
                for text, weight, _source, _side in anatomy:
                    if weight > 0:
                        # a weak hip abductor is its own group: the Trendelenburg sign is the same finding, so a rule
                        # that requires other motor evidence of the root does not count it
                        group = "reflex" if not text.startswith("motor.") else (
                            "abductor_motor" if text.startswith("motor.hip_abduction.") else "motor")
                        into.positive.add(group)
                if passes is not None and passes[1]:
                    settle(into, partial(collect, passes[1], side, None), chained(passes[1]))
                result[(root, side)] = into.finish()
        for nerve in self.nerves:
            for side in ("left", "right"):
                result[(nerve, side)] = by_lesion[(nerve, side)]
        return result

    # ------------------------------------------------------------------ conditions
    def _sided(
        self, cid: str, scope: Scope, roots_ev: RootsEvidence, paired: bool = False
    ) -> tuple[str | None, list[Contrib]]:
        """Both side variants of a one-limb condition; the one that scores higher is kept. A ``paired`` condition
        (the same lesion may affect both legs) also has a both-legs candidate: each leg's evidence, damped per leg,
        plus the ``bilateral_lesion`` penalty (general_rules.csv); it is kept only if it beats both one-leg ones."""
        passes = scope.passes.get(cid, NO_PASSES)
        variants: dict[str, tuple[float, float, list[Contrib]]] = {}
        for side in ("left", "right"):
            into = Collector()
            if passes[0]:
                scope.collect_pass(passes[0], side, roots_ev, into)
            if passes[1]:
                settle(into, partial(scope.collect_pass, passes[1], side, roots_ev), chained(passes[1]))
            contribs = into.finish()
            if not into.positive:  # nothing positive was added (collect_pass and the Collector track it)
                contribs = self._unsupported(cid, contribs)
            total = math.fsum([c[1] for c in contribs])
            variants[side] = (total, _lateral(contribs, side), contribs)
        (tl, el, cl), (tr, er, cr) = variants["left"], variants["right"]
        if math.isclose(tl, tr, rel_tol=1e-9, abs_tol=1e-12):
            best_side, contribs = ("left", cl) if el >= er else ("right", cr)
        else:
            best_side, contribs = ("left", cl) if tl > tr else ("right", cr)
        if paired:
            both = self._both_legs(passes, scope, roots_ev)
            if both is not None and math.fsum([c[1] for c in both]) > max(tl, tr) + 1e-9:
                return "bilateral", both
        label = _side_label(el, er, best_side)
        if label is None and not math.isclose(tl, tr, rel_tol=1e-9, abs_tol=1e-12) and (
            _lateral(contribs, best_side, True) >= LATERAL_MIN
        ):
            # a one-leg condition is weighed as a lesion of one leg: when that leg's findings for and against it
            # cancel out, the condition still names the leg whose candidate it is (its findings are all there)
            label = best_side
        return label, contribs

    def _both_legs(self, passes: Passes, scope: Scope, roots_ev: RootsEvidence) -> list[Contrib] | None:
        """The both-legs candidate of a paired condition: the left leg with the unsided findings, then the right
        leg's own findings, each leg's groups damped on their own (two lesions are two findings), and the penalty."""
        def both(rules: list[Entry], c: Collector) -> None:
            scope.collect_pass(rules, "left", roots_ev, c)
            scope.collect_pass(rules, "right", roots_ev, c, only=True)

        into = Collector()
        if passes[0]:
            both(passes[0], into)
        if passes[1]:
            settle(into, partial(both, passes[1]), chained(passes[1]))
        if not into.positive:
            return None
        rule = self.kb.general["bilateral_lesion"]
        return [*into.finish(), (rule.finding, rule.weight, rule.source, None)]

    def _axial(self, cid: str, scope: Scope) -> tuple[str | None, list[Contrib]]:
        into = Collector()
        collect = scope.collect_pass
        passes = scope.passes.get(cid, NO_PASSES)
        bilateral = cid in scope.bilateral
        def stage(deferred: int, c: Collector) -> None:
            if bilateral:
                scope.collect_bilateral(cid, c, deferred=bool(deferred))
            if passes[2 + deferred]:
                for side in ("left", "right"):
                    collect(passes[2 + deferred], side, None, c, axial=True)
            if passes[deferred]:
                collect(passes[deferred], None, None, c)

        stage(0, into)
        if bilateral or passes[1] or passes[3]:
            settle(into, partial(stage, 1), chained([*passes[1], *passes[3]], scope.bilateral.get(cid, ()) if bilateral else ()))
        contribs = into.finish()
        # an axial condition's side is where the findings that support it lie: evidence against it on one leg (a
        # root's deficit, say) must not make the other leg look like the side of the back pain
        left, right = _lateral(contribs, "left", True), _lateral(contribs, "right", True)
        return _side_label(left, right, None), contribs

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
        for fact in self.patterns.derive(facts):
            facts.add(fact)
        scope = Scope(self.matcher, facts, map_w)
        roots_ev = self._root_evidence(scope)
        order = self._root_order
        rank = self._root_rank
        roots = [
            RootResult(root, side, math.fsum([c.weight for c in (*sup, *ag)]), sup, ag)
            for (root, side), ev in roots_ev.items()
            if root in order
            for sup, ag in (_explain(ev),)
        ]
        roots.sort(key=lambda r: (-round(r.score, 9), rank[r.root], r.side))
        results = []
        for index, (cid, cond) in enumerate(self.kb.conditions.items()):
            if cond.laterality in ("sided", "paired"):
                side, contribs = self._sided(cid, scope, roots_ev, paired=cond.laterality == "paired")
            elif cond.laterality == "multilevel":
                _own_side, own = self._axial(cid, scope)
                side, contribs = self.multilevel.assess(own, self._unsupported(cid, own), facts, map_w, roots_ev)
            else:
                side, contribs = self._axial(cid, scope)
                contribs = self._unsupported(cid, contribs)
            supporting, against = _explain(contribs)
            score = cond.prior + math.fsum([c.weight for c in (*supporting, *against)])
            results.append((index, ConditionResult(cid, cond.label, side, score, cond.prior, supporting, against)))
        results.sort(key=lambda pair: (-round(pair[1].score, 9), pair[0]))
        differential = tuple(r for _, r in results)
        # nerve lesions the muscles and reflexes favour (score > 0), best first, at most MAX_LESIONS
        candidates = []
        for nerve in self.nerves:
            for side in ("left", "right"):
                ev = roots_ev[(nerve, side)]
                total = math.fsum([c[1] for c in ev])
                if ev and total > 1e-9:
                    candidates.append((-round(total, 9), nerve, side, ev))
        candidates.sort(key=lambda c: c[:3])
        lesions = []
        for _total, nerve, side, ev in candidates[:MAX_LESIONS]:
            sup, ag = _explain(ev)
            score = math.fsum([c.weight for c in (*sup, *ag)])
            lesions.append(LesionResult(nerve, side, score, self.lesions.lesions[nerve].condition, sup, ag))
        return Assessment(
            lesions=tuple(lesions),
            differential=differential,
            roots=tuple(roots),
            red_flags=red_flags(
                self.kb, self.trigger_groups, facts, tuple(self.kb.conditions[c.condition].site for c in differential)
            ),
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


def _lateral(contribs: list[Contrib], side: str, supporting: bool = False) -> float:
    """Evidence that lateralises to ``side``; midline findings and 'bilateral leg symptoms' count for both.
    ``supporting``: only the contributions for the condition (weight > 0)."""
    return math.fsum([c[1] for c in contribs
                      if (c[3] == side or c[3] == "midline" or c[0] in BOTH_SIDES) and (c[1] > 0 or not supporting)])


def _explain(contribs: list[Contrib]) -> tuple[tuple[Contribution, ...], tuple[Contribution, ...]]:
    """Merge contributions per finding (sources joined) and split them into supporting and against."""
    if not contribs:
        return (), ()
    merged: dict[str, list] = {}  # finding -> [weight, sources]
    for text, weight, source, _side in contribs:
        entry = merged.get(text)
        if entry is None:
            merged[text] = [0.0 + weight, [source]]
        else:
            entry[0] += weight
            if source not in entry[1]:
                entry[1].append(source)
    supporting = []
    against = []
    for text, (weight, sources) in merged.items():
        if weight > 1e-12:
            supporting.append((-weight, text, sources))
        elif weight < -1e-12:
            against.append((weight, text, sources))
    # by weight, then finding: findings are unique, so the sources never take part in the comparison
    supporting.sort()
    against.sort()
    return (
        tuple([Contribution.of(text, -w, "; ".join(sources)) for w, text, sources in supporting]),
        tuple([Contribution.of(text, w, "; ".join(sources)) for w, text, sources in against]),
    )
