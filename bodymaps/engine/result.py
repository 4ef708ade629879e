"""The assessment: plain frozen data with ``to_dict()`` giving the JSON of exam-format.md."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def _r(x: float) -> float:
    return round(x, 3) + 0.0  # + 0.0: no "-0.0" in the JSON


@dataclass(frozen=True)
class Contribution:
    finding: str  # spec-style, e.g. "motor.great_toe_extension.left=4"
    weight: float  # its share of the score (log-odds units, after damping)
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"finding": self.finding, "weight": _r(self.weight), "source": self.source}


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
            # _r inlined: this is most of the JSON
            "supporting": [
                {"finding": c.finding, "weight": round(c.weight, 3) + 0.0, "source": c.source} for c in self.supporting
            ],
            "against": [
                {"finding": c.finding, "weight": round(c.weight, 3) + 0.0, "source": c.source} for c in self.against
            ],
        }


@dataclass(frozen=True)
class RootResult:
    root: str
    side: str
    score: float
    findings: tuple[Contribution, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"root": self.root, "side": self.side, "score": _r(self.score)}


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

    def condition(self, condition_id: str) -> ConditionResult:
        for result in self.differential:
            if result.condition == condition_id:
                return result
        raise KeyError(condition_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "differential": [c.to_dict() for c in self.differential],
            "roots": [{"root": r.root, "side": r.side, "score": round(r.score, 3) + 0.0} for r in self.roots],
            "red_flags": [f.to_dict() for f in self.red_flags],
            "suggestions": [s.to_dict() for s in self.suggestions],
            "map": self.map,
        }
