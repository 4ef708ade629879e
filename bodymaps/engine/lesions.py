"""Lesion localisation from anatomy: how well each candidate lesion (a root, or a peripheral nerve with its
branches) predicts every graded muscle and reflex finding of one limb.

The anatomy is data: ``anatomy_muscles.csv`` and ``anatomy_reflexes.csv`` give each muscle action and reflex its
main and minor roots and nerves, ``nerves.csv`` the branching of the nerves (a lesion of a nerve reaches every
branch below it) and the condition a nerve lesion is reported as. ``lesion_model.csv`` holds the handful of
likelihood parameters (log-likelihood ratios, each with its source or [U]):

- weakness graded by MRC 0-4 in a muscle the lesion supplies as a main root or nerve (``weak_major_G``), as a
  minor root (``weak_minor_G``: a minor root cannot nearly paralyse a shared muscle) or not at all
  (``weak_none_G``: the denser the unexplained weakness, the stronger it argues against the lesion);
- a main muscle at full strength (``spared_root``, ``spared_nerve``: a nerve weakens all its muscles, a root only
  partly), and ``spared_pattern_G``, shared out over the lesion's spared telltale muscles (a root's key muscle or
  a muscle only it mainly supplies; every muscle of a nerve) when another main muscle of the lesion is weak at
  MRC G (a lesion that weakens one of its muscles, the more so the denser, weakens its telltale muscles too);
- a reflex reduced (1) or absent (0) against the normal 2 when the other side was not examined
  (``reflex_major_1``/``_0``, a minor root gets ``reflex_minor_factor`` of it), plus ``reflex_asym`` when it is
  lower than the other side (examined); nothing when the other side was examined and is the same grade (a symmetric
  reduction, as with age or a neuropathy, localises to neither limb; an unequal pair counts on both sides; knee
  and ankle jerks that make up symmetric areflexia localise to no lesion at all); a
  reflex the lesion does not supply (``reflex_none``: only when lower than the other side, as a symmetric
  reduction is age or neuropathy; ``reflex_none_nerve``: unless the other side is as low); a normal reflex of
  the lesion (``reflex_normal_root``/``_nerve``).

Each finding contributes on its own (its weight never depends on another finding of the same limb, except the
``spared_pattern`` share, which stays below the weight of the weakness that brings it): adding a finding that supports a
lesion never lowers it. Spared muscles separate a nerve from a root by construction: a root's other muscles are
not the nerve's, and vice versa.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from bodymaps.engine.anatomy import Anatomy
from bodymaps.engine.facts import Fact, Facts
from bodymaps.engine.result import finding_parts

Contrib = tuple[str, float, str, "str | None"]
SIDES = ("left", "right")
MAJOR, MINOR, NONE = 2, 1, 0
@dataclass(frozen=True)
class Lesion:
    """A candidate lesion: a root, or a nerve together with every branch below it."""

    id: str
    kind: str  # root | nerve
    reach: frozenset[str]  # the root, or the nerve and its branches
    condition: str  # the condition it is reported as ("" for none)


class LesionModel:
    """The likelihood of each limb finding under each candidate lesion (see the module docstring)."""

    def __init__(self, anatomy: Anatomy, roots: tuple[str, ...]) -> None:
        self.anatomy = anatomy
        self.p = anatomy.params
        self.lesions: dict[str, Lesion] = {}
        for root in roots:
            self.lesions[root] = Lesion(root, "root", frozenset((root,)), "")
        for nerve in anatomy.nerves.values():
            reach = {nerve.nerve}
            grown = True
            while grown:
                below = {n.nerve for n in anatomy.nerves.values() if n.parent in reach} - reach
                grown = bool(below)
                reach |= below
            self.lesions[nerve.nerve] = Lesion(nerve.nerve, "nerve", frozenset(reach), nerve.condition)
        self._tables: dict[tuple[object, ...], list[tuple[str, float, str, bool, bool]]] = {}
        # (lesion, section, item) -> MAJOR | MINOR | NONE
        self.level: dict[tuple[str, str, str], int] = {}
        for section, table in (("motor", anatomy.muscles), ("reflexes", anatomy.reflexes)):
            for item, supply in table.items():
                for lesion in self.lesions.values():
                    if lesion.kind == "root":
                        major, minor = supply.roots_major, supply.roots_minor
                    else:
                        major, minor = supply.nerves_major, supply.nerves_minor
                    level = MAJOR if lesion.reach & major else MINOR if lesion.reach & minor else NONE
                    self.level[(lesion.id, section, item)] = level
        # telltale muscles: what the lesion cannot spare once it weakens another of its main muscles (a root's key
        # muscle and the muscles only it mainly supplies; every main muscle of a nerve)
        self.telltale: dict[str, frozenset[str]] = {}
        for lesion in self.lesions.values():
            telltale = set()
            for item, supply in anatomy.muscles.items():
                if self.level[(lesion.id, "motor", item)] != MAJOR:
                    continue
                if lesion.kind == "nerve" or len(supply.roots_major) == 1 or supply.key_root == lesion.id:
                    telltale.add(item)
            self.telltale[lesion.id] = frozenset(telltale)

    # ------------------------------------------------------------------ one finding
    def motor_weight(self, lesion: Lesion, item: str, grade: int) -> tuple[float, str]:
        """(weight, source) of one muscle grade under one lesion, without the dense share."""
        level = self.level.get((lesion.id, "motor", item))
        if level is None:
            return 0.0, ""
        supply = self.anatomy.muscles[item]
        if grade <= 4:
            kind = ("none", "minor", "major")[level]
            if level == MAJOR and lesion.kind == "root" and len(supply.roots_major) > 1:
                # one of two main roots cannot nearly paralyse the muscle alone: its denser grades count as MRC 3
                grade = max(grade, int(self.p["shared_root_floor"]))
            elif level == MINOR and lesion.kind == "nerve":
                # a nerve supplying one muscle of the action (iliacus of hip flexion): that muscle is wholly in its
                # territory, so the weakness is predicted as for a main muscle, held to MRC 3 (the rest of the
                # action is supplied elsewhere); the minor rows are for a root's partial share of a muscle
                grade = max(grade, int(self.p["minor_nerve_floor"]))
                kind = "major"
            key = f"weak_{kind}_{max(grade, 0)}"
            weight = self.p[key]
            if level == MAJOR and lesion.kind == "nerve":
                weight += self.p["weak_nerve_bonus"]
                key += " + weak_nerve_bonus"
            elif level == NONE and lesion.kind == "nerve" and grade <= 3:
                # a mononeuropathy explains no dense weakness outside its territory; a root's unexplained weakness
                # may be a second level (slight weakness, MRC 4, may be pain-limited under either)
                weight *= self.p["weak_none_nerve_factor"]
                key += " x weak_none_nerve_factor"
            return weight, _source(key, weight)
        if level == MAJOR and item in self.telltale[lesion.id]:
            # a root's muscles shared with another main root are often spared in a root lesion: only its telltale
            # muscles (key muscle, muscles only it mainly supplies) count against it at full strength
            key = "spared_root" if lesion.kind == "root" else "spared_nerve"
            return self.p[key], _source(key, self.p[key])
        return 0.0, ""

    def reflex_weight(self, lesion: Lesion, item: str, grade: int, other: object) -> tuple[float, str]:
        """(weight, source) of one reflex grade (0-2; brisk reflexes are the tables' upper motor neuron rules)."""
        level = self.level.get((lesion.id, "reflexes", item))
        if level is None or grade >= 3:
            return 0.0, ""
        p = self.p
        lower = isinstance(other, int) and other > grade
        if grade <= 1:
            if level == NONE:
                if lesion.kind == "nerve" and not (isinstance(other, int) and other <= grade):
                    return p["reflex_none_nerve"], _source("reflex_none_nerve", p["reflex_none_nerve"])
                if lesion.kind == "root" and (lower or not isinstance(other, int)):
                    # lower than the other side, or than the normal range when the other side was not examined; an
                    # absent reflex (0) is the denser deficit, as weak_none_G grows with the weakness
                    key = "reflex_none" if grade == 1 else "reflex_none_absent"
                    return p[key], _source(key, p[key])
                return 0.0, ""
            if isinstance(other, int) and other == grade:
                # compared with the other side when it was examined: the same grade there, the reduction is symmetric
                # (age, a neuropathy, a bilateral lesion) and localises to no root or nerve of this limb
                return 0.0, ""
            key = f"reflex_major_{grade}"
            weight = p[key] + (p["reflex_asym"] if lower else 0.0)
            if level == MINOR:
                weight *= p["reflex_minor_factor"]
            if lower:
                key += " + reflex_asym"
            if level == MINOR:
                key += " x reflex_minor_factor"
            return weight, _source(key, weight)
        if level == MAJOR:  # grade 2: normal
            key = "reflex_normal_root" if lesion.kind == "root" else "reflex_normal_nerve"
            return p[key], _source(key, p[key])
        return 0.0, ""

    # ------------------------------------------------------------------ every lesion, both sides
    def _motor_table(self, item: str, grade: int) -> list[tuple[str, float, str, bool, bool]]:
        """(lesion, weight, source, a weak main muscle of it, a spared telltale muscle of it) for one grade of one
        muscle, for every lesion where any of these is set (cached: it depends on the finding only)."""
        key = ("motor", item, grade)
        table = self._tables.get(key)
        if table is None:
            table = []
            for lid, lesion in self.lesions.items():
                weight, source = self.motor_weight(lesion, item, grade)
                major = self.level.get((lid, "motor", item)) == MAJOR
                weak_main = grade <= 4 and major
                spared = grade == 5 and item in self.telltale[lid]
                if weight or weak_main or spared:
                    table.append((lid, weight, source, weak_main, spared))
            self._tables[key] = table
        return table

    def _reflex_table(self, item: str, grade: int, other: object) -> list[tuple[str, float, str, bool, bool]]:
        key = ("reflexes", item, grade, other if isinstance(other, int) else None)
        table = self._tables.get(key)
        if table is None:
            table = []
            for lid, lesion in self.lesions.items():
                weight, source = self.reflex_weight(lesion, item, grade, other)
                if weight:
                    table.append((lid, weight, source, False, False))
            self._tables[key] = table
        return table

    def evidence_all(self, facts: Facts) -> dict[tuple[str, str], list[Contrib]]:
        """Per (lesion, side): every motor and reflex finding of that side weighed under the lesion."""
        out: dict[tuple[str, str], list[Contrib]] = {(lid, side): [] for lid in self.lesions for side in SIDES}
        worst: dict[tuple[str, str], int] = {}
        spared: dict[tuple[str, str], list[Fact]] = {}
        for fact in facts.get_section("motor"):
            side, grade = fact.side, fact.value
            if side not in SIDES or not isinstance(grade, int) or isinstance(grade, bool):
                continue
            for lid, weight, source, weak_main, is_spared in self._motor_table(fact.item, grade):
                key = (lid, str(side))
                if weight:
                    out[key].append((fact.text, weight, source, side))
                if weak_main:
                    worst[key] = min(worst.get(key, 5), grade)
                elif is_spared:
                    spared.setdefault(key, []).append(fact)
        for key, facts_spared in spared.items():
            grade = worst.get(key)
            if grade is None:
                continue
            name = f"spared_pattern_{max(grade, 2)}"
            if grade == 4 and self.lesions[key[0]].kind == "root":
                name = "spared_pattern_root_4"  # a root's slight weakness predicts little about its other muscles
            share = -self.p[name] / len(facts_spared)
            source = _source(name, -self.p[name])
            out[key].extend((fact.text, share, source, key[1]) for fact in facts_spared)
        # knee and ankle jerks low on both sides (symmetric areflexia) localise to no root or nerve, as a pair of
        # equal grades does: otherwise one of them could support a root and complete the pattern against it
        symmetric = {t for f in facts.get("pattern", "symmetric_areflexia") for t in cast(tuple, f.value)}
        for fact in facts.get_section("reflexes"):
            side, grade = fact.side, fact.value
            if side not in SIDES or not isinstance(grade, int) or isinstance(grade, bool) or grade >= 3:
                continue
            if fact.text in symmetric:
                continue
            for lid, weight, source, _w, _s in self._reflex_table(fact.item, grade, facts.other_value(fact)):
                out[(lid, str(side))].append((fact.text, weight, source, side))
        return out

    def evidence(self, lesion_id: str, facts: Facts, side: str) -> list[Contrib]:
        """Every motor and reflex finding of ``side`` weighed under one lesion."""
        return self.evidence_all(facts)[(lesion_id, side)]

    def deficit_weights(self, fact: Fact, other: object, roots: list[str]) -> dict[str, tuple[float, str, str]]:
        """Positive weight of one motor or reflex deficit per root (for multilevel radiculopathy)."""
        out: dict[str, tuple[float, str, str]] = {}
        for root in roots:
            lesion = self.lesions.get(root)
            if lesion is None or not isinstance(fact.value, int):
                continue
            if fact.section == "motor":
                weight, source = self.motor_weight(lesion, fact.item, fact.value)
                group = "motor"
            else:
                weight, source = self.reflex_weight(lesion, fact.item, fact.value, other)
                group = "reflex"
            if weight > 0:
                out[root] = (weight, source, group)
        return out


ANATOMY = "clinical-evidence.md §2.1: roots and nerves of muscles and reflexes [T]"


# the spared-pattern share (a full-strength telltale muscle beside another weak main muscle): named apart, since
# multilevel radiculopathy leaves it out of the second root's evidence (the weak muscle may be the first root's there)
SPARED_PATTERN = "finding its weaker muscle implies"
ROLES = {
    "spared_pattern": SPARED_PATTERN,
    "weak_major": "finding it predicts",
    "reflex_major": "finding it predicts",
    "weak_minor": "finding it predicts",
    "weak_none": "finding it does not explain",
    "reflex_none": "finding it does not explain",
    "spared": "finding it should have changed",
    "reflex_normal": "finding it should have changed",
}


def _source(key: str, weight: float) -> str:
    """A short source for a lesion-model weight: what the lesion model read (one of a few fixed phrases, so a report
    cites it a few times, not once per parameter) and the anatomy; the parameters and their sources are in
    lesion_model.csv, tabulated in docs/engine.md."""
    role = next((text for prefix, text in ROLES.items() if key.startswith(prefix)), "lesion model")
    return f"BodyMaps rule: lesion model, {role} (lesion_model.csv) [U]; {ANATOMY}"


def interacting(contrib: Contrib) -> bool:
    """Whether a contribution is a deficit the lesion does not (fully) explain: weakness (MRC <= 4), a reduced
    reflex or sensory loss counted against it (a muscle or reflex it does not supply, or near-paralysis of a muscle it supplies only
    as a minor root). In multilevel radiculopathy the other root of a pair may explain such a deficit, so these
    never count against a root there: removing a deficit that supports one pair can then never raise another."""
    if contrib[1] >= 0:
        return False
    section, _item, _side, value = finding_parts(contrib[0])
    if section == "sensory":  # numbness the root cannot explain (root_rules.csv, unexplained)
        return True
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    return (section == "motor" and value <= 4) or (section == "reflexes" and value <= 1)
