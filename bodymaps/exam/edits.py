"""Plain edits to an :class:`~bodymaps.exam.model.Exam`, shared by the GUI (wrapped in QUndoCommand), CLI and tests.

Every edit is a small frozen dataclass, checked when it is built with the same rules as a file
(a bad id or grade raises :class:`~bodymaps.exam.fileformat.ExamError` before anything changes).
``edit.apply(exam)`` changes the exam in place and returns the *inverse* edit, which restores the exact prior
state (absent stays absent, ``"not_tested"`` stays ``"not_tested"``, list positions are kept), and whose own
``apply`` returns an edit that redoes the change::

    undo = SetReflex("patellar", "left", 3).apply(exam)
    redo = undo.apply(exam)          # exam is back as it was

A value of ``None`` means *absent* (clear the field); ``"not_tested"`` is a value like any other.
A :class:`Macro` groups several edits into one undo step (a paint stroke across ten zones).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from bodymaps.exam.checks import (
    ExamError,
    check_exam_field,
    check_id,
    check_notes,
    check_patient_field,
    check_side,
    check_value,
    check_zone_finding,
    is_sided,
    show,
)
from bodymaps.exam.model import Exam, SensoryFinding
from bodymaps.vocabulary import vocabulary


class Edit:
    """Base of all edits: ``apply`` changes the exam and returns the inverse edit; ``text`` names it for menus."""

    def apply(self, exam: Exam) -> Edit:
        raise NotImplementedError

    @property
    def text(self) -> str:
        return type(self).__name__


def _check_position(position: int | None, field_path: str) -> None:
    if position is not None and (isinstance(position, bool) or not isinstance(position, int) or position < 0):
        raise ExamError(
            f"{field_path}: position {show(position)} is not a list position; allowed: a whole number >= 0",
            field=field_path,
        )


def _label(kind: str, term_id: str) -> str:
    return vocabulary().label(kind, term_id)


# --------------------------------------------------------------------------------------------- sensory


@dataclass(frozen=True)
class SetZoneFinding(Edit):
    """Mark (``present=True``) or clear (``present=False``) one sensory finding: zone, side and kind.

    ``position`` says where a marked finding goes in ``exam.sensory`` (undo of a clear puts it back where it
    was); ``None`` appends. Marking a finding that is already there, or clearing one that is not, changes nothing.
    """

    zone: str
    side: str
    kind: str
    present: bool = True
    position: int | None = None

    def __post_init__(self) -> None:
        check_zone_finding(self.zone, self.side, self.kind)
        _check_position(self.position, "sensory")

    def apply(self, exam: Exam) -> Edit:
        finding = SensoryFinding(self.zone, self.side, self.kind)  # type: ignore[arg-type]
        if finding in exam.sensory:
            if self.present:
                return self
            index = exam.sensory.index(finding)
            del exam.sensory[index]
            return SetZoneFinding(self.zone, self.side, self.kind, True, index)
        if not self.present:
            return self
        index = len(exam.sensory) if self.position is None else min(self.position, len(exam.sensory))
        exam.sensory.insert(index, finding)
        return SetZoneFinding(self.zone, self.side, self.kind, False)

    @property
    def text(self) -> str:
        verb = "Mark" if self.present else "Clear"
        where = _label("zone", self.zone) + ("" if self.side == "midline" else f" ({self.side})")
        return f"{verb} {_label('sensory_kind', self.kind).lower()}: {where}"


def clear_zone(exam: Exam, zone: str, side: str) -> Macro:
    """One edit that clears every kind of finding recorded in one zone (the eraser tool)."""
    kinds = [f.kind for f in exam.sensory if f.zone == zone and f.side == side]
    return Macro(tuple(SetZoneFinding(zone, side, k, present=False) for k in kinds), f"Clear {zone}")


# --------------------------------------------------------------------------------------------- values


@dataclass(frozen=True)
class _SetValue(Edit):
    """Set (or with ``None`` clear) one value of reflexes/motor/tests; ``side`` is None only for unsided tests."""

    section: ClassVar[str]
    item: str
    side: str | None
    value: int | str | None

    def __post_init__(self) -> None:
        kind = {"reflexes": "reflex", "motor": "motor", "tests": "test"}[self.section]
        check_id(kind, self.item, f"{self.section}.{self.item}")
        path = f"{self.section}.{self.item}"
        if is_sided(self.section, self.item):
            if self.side is None:
                raise ExamError(f"{path}: a side is needed; allowed: left, right", field=path, value=None)
            check_side(self.side, f"{path}.{self.side}")
            path = f"{path}.{self.side}"
        elif self.side is not None:
            raise ExamError(
                f"{path}: side {show(self.side)} given but this test is unsided; allowed: no side (None)",
                field=path,
                value=self.side,
            )
        if self.value is not None:
            check_value(self.section, self.item, self.value, path)

    def _with(self, value: int | str | None) -> _SetValue:
        return type(self)(self.item, self.side, value)

    def apply(self, exam: Exam) -> Edit:
        findings: dict[str, Any] = getattr(exam, self.section)
        if self.side is None:  # unsided test: a plain value
            old = findings.get(self.item)
            if self.value is None:
                findings.pop(self.item, None)
            else:
                findings[self.item] = self.value
            return self._with(old)
        sides = findings.get(self.item, {})
        old = sides.get(self.side)
        if self.value is None:
            if self.item in findings:
                sides.pop(self.side, None)
                if not sides:
                    del findings[self.item]
        else:
            findings.setdefault(self.item, {})[self.side] = self.value
        return self._with(old)

    @property
    def text(self) -> str:
        kind = {"reflexes": "reflex", "motor": "motor", "tests": "test"}[self.section]
        where = _label(kind, self.item) + (f" ({self.side})" if self.side else "")
        return f"Clear {where}" if self.value is None else f"{where}: {self.value}"


@dataclass(frozen=True)
class SetReflex(_SetValue):
    """``SetReflex("patellar", "left", 3)``; grade 0-4, babinski upgoing/downgoing, "not_tested", None clears."""

    section: ClassVar[str] = "reflexes"


@dataclass(frozen=True)
class SetMotor(_SetValue):
    """``SetMotor("great_toe_extension", "left", 4)``; MRC 0-5, "not_tested", None clears."""

    section: ClassVar[str] = "motor"


@dataclass(frozen=True)
class SetTest(_SetValue):
    """``SetTest("slump", "left", "positive")``; unsided tests take ``side=None``: ``SetTest("si_distraction", None, "negative")``."""

    section: ClassVar[str] = "tests"


# --------------------------------------------------------------------------------------------- history, red flags


@dataclass(frozen=True)
class _SetListItem(Edit):
    """Tick (``present=True``) or untick one id of a list section; ``position`` as in :class:`SetZoneFinding`."""

    section: ClassVar[str]
    item: str
    present: bool = True
    position: int | None = None

    def __post_init__(self) -> None:
        check_id({"history": "history", "red_flags": "red_flag"}[self.section], self.item, self.section)
        _check_position(self.position, self.section)

    def apply(self, exam: Exam) -> Edit:
        items: list[str] = getattr(exam, self.section)
        if self.item in items:
            if self.present:
                return self
            index = items.index(self.item)
            del items[index]
            return type(self)(self.item, True, index)
        if not self.present:
            return self
        items.insert(len(items) if self.position is None else min(self.position, len(items)), self.item)
        return type(self)(self.item, False)

    @property
    def text(self) -> str:
        kind = {"history": "history", "red_flags": "red_flag"}[self.section]
        return f"{'Tick' if self.present else 'Untick'} {_label(kind, self.item)}"


@dataclass(frozen=True)
class SetHistory(_SetListItem):
    section: ClassVar[str] = "history"


@dataclass(frozen=True)
class SetRedFlag(_SetListItem):
    section: ClassVar[str] = "red_flags"


@dataclass(frozen=True)
class _ToggleListItem(Edit):
    """Tick the id if it is unticked, untick it otherwise."""

    setter: ClassVar[type[_SetListItem]]
    item: str

    def __post_init__(self) -> None:
        self.setter(self.item)  # validates the id

    def apply(self, exam: Exam) -> Edit:
        items: list[str] = getattr(exam, self.setter.section)
        return self.setter(self.item, self.item not in items).apply(exam)

    @property
    def text(self) -> str:
        kind = {"history": "history", "red_flags": "red_flag"}[self.setter.section]
        return f"Toggle {_label(kind, self.item)}"


@dataclass(frozen=True)
class ToggleHistory(_ToggleListItem):
    setter: ClassVar[type[_SetListItem]] = SetHistory


@dataclass(frozen=True)
class ToggleRedFlag(_ToggleListItem):
    setter: ClassVar[type[_SetListItem]] = SetRedFlag


# --------------------------------------------------------------------------------------------- patient, exam, notes


@dataclass(frozen=True)
class SetNotes(Edit):
    notes: str

    def __post_init__(self) -> None:
        check_notes(self.notes)

    def apply(self, exam: Exam) -> Edit:
        old, exam.notes = exam.notes, self.notes
        return SetNotes(old)

    @property
    def text(self) -> str:
        return "Edit notes"


@dataclass(frozen=True)
class SetPatientField(Edit):
    """``SetPatientField("age", 52)``; fields name, id, age (0-120), sex (female/male/other); None clears."""

    name: str
    value: str | int | None

    def __post_init__(self) -> None:
        check_patient_field(self.name, self.value)

    def apply(self, exam: Exam) -> Edit:
        old = getattr(exam.patient, self.name)
        setattr(exam.patient, self.name, self.value)
        return SetPatientField(self.name, old)

    @property
    def text(self) -> str:
        return f"Set patient {self.name}"


@dataclass(frozen=True)
class SetExamField(Edit):
    """``SetExamField("date", "2026-11-21")``; fields date (YYYY-MM-DD) and examiner; None clears."""

    name: str
    value: str | None

    def __post_init__(self) -> None:
        check_exam_field(self.name, self.value)

    def apply(self, exam: Exam) -> Edit:
        old = getattr(exam.info, self.name)
        setattr(exam.info, self.name, self.value)
        return SetExamField(self.name, old)

    @property
    def text(self) -> str:
        return f"Set exam {self.name}"


# --------------------------------------------------------------------------------------------- macro


@dataclass(frozen=True)
class Macro(Edit):
    """Several edits applied in order as one step; its inverse undoes them in reverse order.

    If one of them fails, those already applied are undone before the error is raised: all or nothing.
    """

    edits: tuple[Edit, ...]
    label: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "edits", tuple(self.edits))
        for edit in self.edits:
            if not isinstance(edit, Edit):
                raise TypeError(f"Macro takes edits, not {edit!r}")

    def apply(self, exam: Exam) -> Edit:
        inverses: list[Edit] = []
        try:
            for edit in self.edits:
                inverses.append(edit.apply(exam))
        except BaseException:
            for inverse in reversed(inverses):
                inverse.apply(exam)
            raise
        return Macro(tuple(reversed(inverses)), self.label)

    @property
    def text(self) -> str:
        if self.label:
            return self.label
        return self.edits[0].text if len(self.edits) == 1 else f"{len(self.edits)} changes"
