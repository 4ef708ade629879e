"""Flatten an Exam into facts: one per examined finding, each with its spec-style finding string.

Absent values and ``"not_tested"`` produce no fact: not examined is not negative.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from bodymaps.exam.model import NOT_TESTED, Exam

OTHER_SIDE = {"left": "right", "right": "left"}


@dataclass(slots=True)
class Fact:
    """One examined finding (slots, not frozen: an exam makes dozens, so they must be cheap to create)."""

    section: str  # motor, reflexes, tests, sensory, history, red_flags, patient
    item: str
    side: str | None  # left, right, midline or None (unsided)
    value: object  # MRC/reflex grade, "positive", sensory kind, age ...
    text: str  # e.g. "motor.great_toe_extension.left=4"


class Facts:
    """The facts of one exam, indexed by (section, item)."""

    __slots__ = ("by_key", "by_section", "values")

    def __init__(self, facts: list[Fact]) -> None:
        self.by_key: dict[tuple[str, str], list[Fact]] = {}
        self.values: dict[tuple[str, str, str | None], object] = {}
        self.by_section: dict[str, list[Fact]] = {}
        for fact in facts:
            self.by_section.setdefault(fact.section, []).append(fact)
            self.by_key.setdefault((fact.section, fact.item), []).append(fact)
            if fact.section != "sensory":
                self.values[(fact.section, fact.item, fact.side)] = fact.value

    def add(self, fact: Fact) -> None:
        """Add one fact (the engine adds derived ``pattern`` facts after reading the exam)."""
        self.by_section.setdefault(fact.section, []).append(fact)
        self.by_key.setdefault((fact.section, fact.item), []).append(fact)
        if fact.section != "sensory":
            self.values[(fact.section, fact.item, fact.side)] = fact.value

    def get_section(self, section: str) -> list[Fact]:
        return self.by_section.get(section, [])

    def get(self, section: str, item: str) -> list[Fact]:
        return self.by_key.get((section, item), [])

    def other_value(self, fact: Fact) -> object:
        other = OTHER_SIDE.get(fact.side or "")
        return self.values.get((fact.section, fact.item, other)) if other else None

    def examined(self, section: str, item: str, side: str | None) -> bool:
        return (section, item, side) in self.values

    def __iter__(self) -> Iterator[Fact]:
        for facts in self.by_key.values():
            yield from facts


def _sided(section: str, item: str, per_side: Mapping[str, object], out: list[Fact]) -> None:
    for side in ("left", "right"):
        value = per_side.get(side)
        if value is None or value == NOT_TESTED or isinstance(value, bool):
            continue
        out.append(Fact(section, item, side, value, f"{section}.{item}.{side}={value}"))


def exam_facts(exam: Exam) -> Facts:
    out: list[Fact] = []
    age = exam.patient.age
    if isinstance(age, int) and not isinstance(age, bool):
        out.append(Fact("patient", "age", None, age, f"patient.age={age}"))
    if exam.patient.sex:
        out.append(Fact("patient", "sex", None, exam.patient.sex, f"patient.sex={exam.patient.sex}"))
    seen = set()
    for finding in exam.sensory:
        key = (finding.zone, finding.side, finding.kind)
        if key in seen:
            continue
        seen.add(key)
        text = f"sensory.{finding.zone}.{finding.side}={finding.kind}"
        out.append(Fact("sensory", finding.zone, finding.side, finding.kind, text))
    for section, table in (("reflexes", exam.reflexes), ("motor", exam.motor)):
        for item, per_side in table.items():
            if isinstance(per_side, dict):
                _sided(section, item, per_side, out)
    for item, value in exam.tests.items():
        if isinstance(value, dict):
            _sided("tests", item, value, out)
        elif value is not None and value != NOT_TESTED:
            out.append(Fact("tests", item, None, value, f"tests.{item}={value}"))
    for section, ids in (("history", exam.history), ("red_flags", exam.red_flags)):
        for item in dict.fromkeys(ids):
            out.append(Fact(section, item, None, True, f"{section}.{item}"))
    return Facts(out)
