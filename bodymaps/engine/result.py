"""The assessment: plain frozen data with ``to_dict()`` giving the JSON of exam-format.md."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any


def _r(x: float) -> float:
    return round(x, 3) + 0.0  # + 0.0: no "-0.0" in the JSON


@functools.cache
def finding_parts(finding: str) -> tuple[str | None, str | None, str | None, object]:
    """(section, item, side, value) of a spec-style finding string; (None, None, None, None) for a phrase.

    ``"motor.great_toe_extension.left=4"`` -> ``("motor", "great_toe_extension", "left", 4)``;
    ``"history.worse_sitting"`` -> ``("history", "worse_sitting", None, True)``;
    ``"tests.si_distraction=positive"`` -> ``("tests", "si_distraction", None, "positive")``;
    ``"no supporting finding"`` (an engine phrase, not a finding of the exam) -> all None.
    """
    match = _FINDING.fullmatch(finding)
    if match is None:
        return None, None, None, None
    section, item, side, raw = match.groups()
    value: object = True if raw is None else int(raw) if raw.isdigit() else raw
    return section, item, side, value


_FINDING = re.compile(r"([a-z_]+)\.([a-z0-9_]+)(?:\.(left|right|midline))?(?:=([a-z0-9_]+))?")


@dataclass(frozen=True)
class Contribution:
    """One finding's share of a score, with the source of its weight.

    ``finding`` is the readable spec-style label (``motor.great_toe_extension.left=4``); ``section``, ``item``,
    ``side`` and ``value`` are the same finding as data, for the app and the report (all None for an engine
    phrase such as "no supporting finding").
    """

    finding: str  # spec-style, e.g. "motor.great_toe_extension.left=4"
    weight: float  # its share of the score (log-odds units, after damping)
    source: str
    section: str | None = None
    item: str | None = None
    side: str | None = None
    value: object = None

    @classmethod
    def of(cls, finding: str, weight: float, source: str) -> Contribution:
        return cls(finding, weight, source, *finding_parts(finding))

    def to_dict(self) -> dict[str, Any]:
        return {
            "finding": self.finding,
            "weight": round(self.weight, 3) + 0.0,
            "source": self.source,
            "section": self.section,
            "item": self.item,
            "side": self.side,
            "value": self.value,
        }


@dataclass(frozen=True)
class ConditionResult:
    condition: str
    label: str
    side: str | None  # left, right, bilateral or None
    score: float  # prior + sum(supporting) + sum(against)
    prior: float
    supporting: tuple[Contribution, ...]  # weight > 0, largest first
    against: tuple[Contribution, ...]  # weight < 0, most negative first

    def to_dict(self) -> dict[str, Any]:
        return {
            "condition": self.condition,
            "label": self.label,
            "side": self.side,
            "score": _r(self.score),
            "supporting": [c.to_dict() for c in self.supporting],
            "against": [c.to_dict() for c in self.against],
        }


@dataclass(frozen=True)
class RootResult:
    """A root on one side; ``score`` = sum of ``supporting`` + sum of ``against`` (no prior)."""

    root: str
    side: str
    score: float
    supporting: tuple[Contribution, ...] = ()  # weight > 0, largest first
    against: tuple[Contribution, ...] = ()  # weight < 0, most negative first

    @property
    def findings(self) -> tuple[Contribution, ...]:
        """Every listed contribution, supporting first."""
        return self.supporting + self.against

    def to_dict(self) -> dict[str, Any]:
        return {
            "root": self.root,
            "side": self.side,
            "score": _r(self.score),
            "supporting": [c.to_dict() for c in self.supporting],
            "against": [c.to_dict() for c in self.against],
        }


@dataclass(frozen=True)
class LesionResult:
    """A peripheral nerve lesion on one side, scored from the limb's muscles and reflexes alone (lesions.py);
    ``condition`` is the condition it is reported as, or "" (sciatic, tibial, obturator, gluteal nerves: no
    condition id of their own). ``score`` = sum of ``supporting`` + sum of ``against`` (no prior)."""

    lesion: str
    side: str
    score: float
    condition: str
    supporting: tuple[Contribution, ...] = ()
    against: tuple[Contribution, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "lesion": self.lesion,
            "side": self.side,
            "score": _r(self.score),
            "condition": self.condition or None,
            "supporting": [c.to_dict() for c in self.supporting],
            "against": [c.to_dict() for c in self.against],
        }


@dataclass(frozen=True)
class RedFlag:
    id: str
    label: str
    urgency: str  # emergency | urgent | review
    action: str
    because: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "urgency": self.urgency,
            "action": self.action,
            "because": list(self.because),
        }


@dataclass(frozen=True)
class Suggestion:
    finding: str  # e.g. "motor.ankle_inversion.left" (not yet examined)
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {"finding": self.finding, "why": self.why}


@dataclass(frozen=True)
class Assessment:
    differential: tuple[ConditionResult, ...]  # every condition, best first
    roots: tuple[RootResult, ...]  # every root and side, best first
    red_flags: tuple[RedFlag, ...]  # most urgent first
    suggestions: tuple[Suggestion, ...]
    map: str
    # peripheral nerve lesions that the muscles and reflexes favour (score > 0), best first, at most six (not yet in
    # the --json output)
    lesions: tuple[LesionResult, ...] = ()

    def condition(self, condition_id: str) -> ConditionResult:
        for result in self.differential:
            if result.condition == condition_id:
                return result
        raise KeyError(condition_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "differential": [c.to_dict() for c in self.differential],
            "roots": [r.to_dict() for r in self.roots],
            "red_flags": [f.to_dict() for f in self.red_flags],
            "suggestions": [s.to_dict() for s in self.suggestions],
            "map": self.map,
        }
