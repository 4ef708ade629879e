"""Derived findings ("patterns") that no single exam item states: an objective neurological deficit, radicular
deficits on both sides (and the part of them at L5 and below), a length-dependent (stocking) polyneuropathy picture,
symmetric areflexia.

Which findings make up each pattern is data (``data/knowledge/patterns.csv``, every row sourced); this module only
combines them. A pattern found in an exam becomes an unsided fact ``pattern.<id>`` whose value is the tuple of the
exam findings behind it, so red-flag triggers and condition rules can read it like any other finding, and a red
flag's ``because`` names the findings themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bodymaps.engine.facts import Fact, Facts
from bodymaps.engine.rules import PATTERN_ROLES, PATTERNS, Predicate

__all__ = ["PATTERNS", "PATTERN_ROLES", "PatternRow", "Patterns"]

SIDES = ("left", "right")


@dataclass(frozen=True)
class PatternRow:
    """One row of patterns.csv."""

    pattern: str
    role: str
    section: str
    items: tuple[str, ...]
    when: Predicate
    source: str


def _hits(rows: Iterable[PatternRow], facts: Facts) -> list[Fact]:
    out: list[Fact] = []
    for row in rows:
        for item in row.items:
            for fact in facts.get(row.section, item):
                if row.when.test(fact.value, facts.other_value(fact)):
                    out.append(fact)
    return out


def _by_side(hits: list[Fact]) -> dict[str, list[Fact]]:
    out: dict[str, list[Fact]] = {"left": [], "right": []}
    for fact in hits:
        if fact.side in out:
            out[fact.side].append(fact)
    return out


class Patterns:
    """The pattern rows of a knowledge base, grouped for ``derive``."""

    def __init__(self, rows: tuple[PatternRow, ...]) -> None:
        self.rows: dict[tuple[str, str], list[PatternRow]] = {}
        for row in rows:
            self.rows.setdefault((row.pattern, row.role), []).append(row)

    def _rows(self, pattern: str, role: str) -> list[PatternRow]:
        return self.rows.get((pattern, role), [])

    def length_dependent(self, facts: Facts) -> list[Fact]:
        """Stocking loss (medial and lateral foot) on both sides, every sensory loss and weakness distal, weakness
        on both sides, and nothing radicular; the stocking findings, or [] when the picture is not there."""
        medial = _by_side(_hits(self._rows("length_dependent", "stocking_medial"), facts))
        lateral = _by_side(_hits(self._rows("length_dependent", "stocking_lateral"), facts))
        if not all(medial[s] and lateral[s] for s in SIDES):
            return []
        if _hits(self._rows("length_dependent", "excludes"), facts):
            return []
        distal = {id(f) for f in _hits(self._rows("length_dependent", "distal"), facts)}
        leg = _by_side(_hits(self._rows("length_dependent", "stocking_leg"), facts))
        circumferential = {len({f.item for f in leg[s]}) for s in SIDES} == {len(self._leg_zones())}
        if circumferential:  # a stocking up to mid-calf on both sides: the leg is part of it
            distal |= {id(f) for f in leg["left"] + leg["right"]}
        for fact in facts.get_section("sensory"):
            if fact.value in ("numbness", "paresthesia") and id(fact) not in distal:
                return []
        for fact in facts.get_section("motor"):
            if isinstance(fact.value, int) and fact.value <= 4:
                other = facts.other_value(fact)
                if id(fact) not in distal or (isinstance(other, int) and other > 4):
                    return []
        return [*medial["left"], *lateral["left"], *medial["right"], *lateral["right"]]

    def _leg_zones(self) -> set[str]:
        return {item for row in self._rows("length_dependent", "stocking_leg") for item in row.items}

    def symmetric_distal(self, facts: Facts) -> list[Fact]:
        """A distal symmetric polyneuropathy short of a full stocking: numbness or paraesthesia of the feet on both
        sides, with or without two or more zones of the legs below the knee (``leg`` rows; one alone is a dermatomal
        strip), the same zones on each side, nothing above the knee; weakness, if any, distal, mild (the rows' grade)
        and the same on both sides; no reflex lower on one side than on the other; no radicular or sphincter sign
        (the length-dependent excludes); and a context: a ``context`` row (diabetes), or every ``chronic`` row (ankle
        jerks reduced on both sides, symptoms for more than 12 weeks). The findings behind it, or [] when the
        picture is not there."""
        feet = _by_side(_hits(self._rows("symmetric_distal", "sensory"), facts))
        if not (feet["left"] and feet["right"]):
            return []
        context = _hits(self._rows("symmetric_distal", "context"), facts)
        if not context:
            context = self._all_rows(self._rows("symmetric_distal", "chronic"), facts)
        if not context or _hits(self._rows("length_dependent", "excludes"), facts):
            return []
        leg = _by_side(_hits(self._rows("symmetric_distal", "leg"), facts))
        zones = {s: {f.item for f in feet[s] + leg[s]} for s in SIDES}
        if zones["left"] != zones["right"] or len({f.item for f in leg["left"]}) == 1:
            return []  # asymmetric, or one leg zone on each side: a dermatomal strip (L5 down the shin), radicular
        behind = feet["left"] + leg["left"] + feet["right"] + leg["right"]
        distal = {id(f) for f in behind}
        for fact in facts.get_section("sensory"):
            if fact.value in ("numbness", "paresthesia") and id(fact) not in distal:
                return []
        mild = {id(f) for f in _hits(self._rows("symmetric_distal", "weak"), facts)}
        for fact in facts.get_section("motor"):
            weak = isinstance(fact.value, int) and fact.value <= 4
            if weak and (id(fact) not in mild or facts.other_value(fact) != fact.value):
                return []
        for fact in facts.get_section("reflexes"):
            other = facts.other_value(fact)
            if isinstance(fact.value, int) and fact.value <= 1 and isinstance(other, int) and other > fact.value:
                return []  # a reflex lower on one side localises: radicular, not length-dependent
        return [*behind, *context]

    @staticmethod
    def _all_rows(rows: list[PatternRow], facts: Facts) -> list[Fact]:
        """The findings behind rows that must all match (a sided finding on both sides), or [] if one does not."""
        if not rows:
            return []
        out: list[Fact] = []
        for row in rows:
            hits = _hits([row], facts)
            sided = _by_side(hits)
            if not hits or (row.section != "history" and not (sided["left"] and sided["right"])):
                return []
            out += hits
        return out

    def _claudication(self, facts: Facts) -> bool:
        return bool(_hits(self._rows("bilateral_radicular_deficit", "claudication"), facts))

    def derive(self, facts: Facts) -> list[Fact]:
        """The pattern facts of one exam (unsided; value = the finding texts behind the pattern)."""
        out: list[Fact] = []

        def found(pattern: str, behind: list[Fact]) -> None:
            texts = tuple(dict.fromkeys(f.text for f in behind))
            out.append(Fact("pattern", pattern, None, texts, f"pattern.{pattern}"))

        deficit = _hits(self._rows("neuro_deficit", "any"), facts)
        if deficit:
            found("neuro_deficit", deficit)
        stocking = self.length_dependent(facts)
        distal_only = [] if stocking else self.symmetric_distal(facts)
        if stocking:
            found("length_dependent", stocking)
        elif distal_only:
            found("symmetric_distal", distal_only)
        else:
            hits = _hits(self._rows("bilateral_radicular_deficit", "deficit"), facts)
            if self._claudication(facts):
                # neurogenic claudication: numbness on walking is a symptom; only weakness or reflex loss is a deficit
                hits = [f for f in hits if f.section != "sensory"]
            sides = _by_side(hits)
            if sides["left"] and sides["right"]:
                found("bilateral_radicular_deficit", [*sides["left"], *sides["right"]])
                if _hits(self._rows("bilateral_radicular_deficit", "upper_motor_neuron"), facts):
                    # with upper motor neuron signs, weakness and numbness of both legs are cord signs (the cord has
                    # its own emergency, red_flag_triggers.csv): for the cauda equina warning only an asymmetric
                    # reflex loss is still a lower motor neuron deficit
                    sides = _by_side([f for f in hits if f.section == "reflexes"])
                if sides["left"] and sides["right"]:
                    found("bilateral_lmn_deficit", [*sides["left"], *sides["right"]])
                # the part of it a cauda equina lesion must show: the sacral and lowest lumbar roots, which lie in
                # the middle of the thecal sac at every lumbar level, so a lesion there reaches them first
                low = _by_side(_hits(self._rows("bilateral_lumbosacral_deficit", "deficit"), facts))
                if low["left"] and low["right"]:
                    found("bilateral_lumbosacral_deficit", [*low["left"], *low["right"]])
        areflexia: list[Fact] = []
        both = self._rows("symmetric_areflexia", "both")
        if both:
            behind: list[Fact] = []
            for row in both:
                sides = _by_side(_hits([row], facts))
                if not (sides["left"] and sides["right"]):
                    break
                behind += sides["left"] + sides["right"]
            else:
                found("symmetric_areflexia", behind)
                areflexia = behind
        # dense weakness or a reflex loss at L5 and below on each side, read whatever the sensory picture (so that no
        # sensory finding can take it away: a reader of it stays monotonic); with upper motor neuron signs only the
        # reflex losses, as those deficits are cord signs; reflexes of symmetric areflexia localise to no root
        low_motor = [f for f in _hits(self._rows("bilateral_lumbosacral_motor", "deficit"), facts)
                     if not any(f is a for a in areflexia)]
        if _hits(self._rows("bilateral_radicular_deficit", "upper_motor_neuron"), facts):
            low_motor = [f for f in low_motor if f.section == "reflexes"]
        low_sides = _by_side(low_motor)
        if low_sides["left"] and low_sides["right"]:
            found("bilateral_lumbosacral_motor", [*low_sides["left"], *low_sides["right"]])
        return out
