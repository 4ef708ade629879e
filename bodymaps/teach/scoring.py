"""Grading: a student's response to a question, checked against the atlas, the banks or the engine.

A click is graded by the atlas itself (``Atlas.dermatomes_at``), so the accepted region of "click the L5
dermatome" is exactly the map's L5 polygon; a case is fed back with the engine's real assessment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from bodymaps.atlas import Atlas
from bodymaps.engine import Assessment, assess
from bodymaps.exam import parse_exam
from bodymaps.teach.cases import NO_ROOT
from bodymaps.teach.geometry import ROOTS, root_geometry
from bodymaps.teach.questions import Question
from bodymaps.vocabulary import vocabulary

BLANK = "blank"  # a click in the body where the map draws no root
OUTSIDE = "outside"  # a click outside the body


@dataclass(frozen=True)
class Response:
    """What the student gave: a root, a condition, a nerve, or a point (view pixels) for a click question."""

    root: str | None = None
    condition: str | None = None
    nerve: str | None = None
    point: tuple[float, float] | None = None


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str  # one line: what was right or wrong
    expected_root: str | None  # for the per-root results and the confusion table
    given_root: str | None  # a root, "blank", "outside" or "none"
    explanation: str
    source: str
    details: dict[str, Any] = field(default_factory=dict)
    assessment: Assessment | None = None  # the engine's output for a case question

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "message": self.message, "expected_root": self.expected_root,
                "given_root": self.given_root, "explanation": self.explanation, "source": self.source,
                "details": self.details,
                "assessment": self.assessment.to_dict() if self.assessment is not None else None}


def accepted_region(atlas: Atlas, question: Question) -> BaseGeometry:
    """Where a click counts as right for a dermatome-click question: the atlas polygon(s) of the root."""
    return root_geometry(atlas, question.map, question.view or "", question.answer["root"])


def _segment_order(root: str) -> int:
    return ROOTS.index(root) if root in ROOTS else len(ROOTS)


def _grade_click(atlas: Atlas, q: Question, r: Response) -> Feedback:
    root = q.answer["root"]
    if r.point is None:
        raise ValueError("a dermatome-click answer needs a point")
    x, y = r.point
    here = sorted({rid for rid, _side in atlas.dermatomes_at(q.view or "", q.map, x, y)}, key=_segment_order)
    inside = atlas.view(q.view or "").outline.covers(Point(x, y))
    details = {"point": [round(x, 1), round(y, 1)], "roots_here": here}
    if root in here:
        others = [h for h in here if h != root]
        extra = f" (this map overlaps it with {', '.join(others)} there)" if others else ""
        return Feedback(True, f"Right: that point is in {root}{extra}.", root, root, q.explanation, q.source, details)
    if here:
        given = here[0]
        message = f"Wrong: that point is {' and '.join(here)} on this map; {root} is shown."
    elif inside:
        given = BLANK
        message = f"Wrong: that point is in a blank area: {atlas.maps[q.map].blank_areas} {root} is shown."
    else:
        given = OUTSIDE
        message = f"Wrong: that point is outside the body; {root} is shown."
    return Feedback(False, message, root, given, q.explanation, q.source, details)


def _grade_root(q: Question, r: Response) -> Feedback:
    accepted = q.accepted_roots
    correct = r.root in accepted
    key = " or ".join(accepted)
    message = f"Right: {key}." if correct else f"Wrong: {r.root or 'no answer'}; the answer is {key}."
    return Feedback(correct, message, q.expected_root, r.root, q.explanation, q.source)


def _grade_nerve(atlas: Atlas, q: Question, r: Response) -> Feedback:
    nerve, accepted = q.answer["nerve"], tuple(q.answer["roots"])
    nerve_ok, root_ok = r.nerve == nerve, r.root in accepted
    label = atlas.nerves[nerve].label
    given_nerve = atlas.nerves[r.nerve].label if r.nerve in atlas.nerves else "no nerve"
    parts = [f"nerve {'right' if nerve_ok else 'wrong'} ({label}" + ("" if nerve_ok else f", not {given_nerve}") + ")",
             f"root {'right' if root_ok else 'wrong'} ({' or '.join(accepted)}"
             + ("" if root_ok else f", not {r.root or 'none'}") + ")"]
    correct = nerve_ok and root_ok
    message = ("Right: " if correct else "Wrong: ") + "; ".join(parts) + "."
    return Feedback(correct, message, accepted[0], r.root, q.explanation, q.source,
                    {"nerve_correct": nerve_ok, "root_correct": root_ok,
                     "overlap_cm2": q.data.get("highlight", {}).get("overlap_cm2", {})})


def _grade_case(q: Question, r: Response) -> Feedback:
    voc = vocabulary()
    condition, root = q.answer["condition"], q.answer.get("root") or NO_ROOT
    given_root = r.root or NO_ROOT
    cond_ok, root_ok = r.condition == condition, given_root == root
    result = assess(parse_exam(q.data["exam"]), q.map)
    top = result.differential[0]
    given_label = voc.label("condition", r.condition) if r.condition and voc.has("condition", r.condition) else "none"
    verdict = "Right" if cond_ok and root_ok else "Partly right" if cond_ok or root_ok else "Wrong"
    message = (f"{verdict}: diagnosis {voc.label('condition', condition)}"
               + (" (right)" if cond_ok and not root_ok else "" if cond_ok else f" (you said {given_label})")
               + f"; root {root}" + (" (right)" if root_ok and not cond_ok else "" if root_ok else f" (you said {given_root})")
               + f". The engine ranks {top.label} first (score {top.score:.2f}).")
    rank = next((i + 1 for i, c in enumerate(result.differential) if c.condition == r.condition), None)
    return Feedback(cond_ok and root_ok, message, root, given_root, q.explanation, q.source,
                    {"condition_correct": cond_ok, "root_correct": root_ok, "your_condition_rank": rank},
                    result)


def grade(atlas: Atlas, question: Question, response: Response) -> Feedback:
    """Check a response against the question's key and explain."""
    if question.kind == "dermatome-click":
        return _grade_click(atlas, question, response)
    if question.kind in ("area-root", "myotome", "reflex"):
        return _grade_root(question, response)
    if question.kind == "nerve-vs-root":
        return _grade_nerve(atlas, question, response)
    if question.kind == "case":
        return _grade_case(question, response)
    raise ValueError(f"unknown question kind {question.kind!r}")
