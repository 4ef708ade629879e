"""Typed model of an exam document, format v1 (see ../shared/exam-format.md).

Absent means *not examined*; the string ``"not_tested"`` is kept as such and also means not examined.
Everything here is plain data: parsing/validation lives in ``bodymaps.exam.fileformat`` and edits in
``bodymaps.exam.edits``. ``Exam.info`` holds the document's ``"exam"`` object (date, examiner).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Side = Literal["left", "right"]
ZoneSide = Literal["left", "right", "midline"]
SensoryKind = Literal["pain", "numbness", "paresthesia"]
NOT_TESTED = "not_tested"

# reflex grade 0-4, or "upgoing"/"downgoing" for babinski, or "not_tested"
ReflexValue = int | str
# MRC 0-5 or "not_tested"
MotorValue = int | str
# "positive"/"negative"/"not_tested"
TestValue = str


@dataclass(frozen=True)
class SensoryFinding:
    zone: str
    side: ZoneSide
    kind: SensoryKind


@dataclass
class Patient:
    name: str | None = None
    id: str | None = None
    age: int | None = None
    sex: str | None = None  # female | male | other


@dataclass
class ExamInfo:
    date: str | None = None  # ISO date
    examiner: str | None = None


@dataclass
class Exam:
    patient: Patient = field(default_factory=Patient)
    info: ExamInfo = field(default_factory=ExamInfo)  # the JSON's "exam" object: date and examiner
    sensory: list[SensoryFinding] = field(default_factory=list)
    reflexes: dict[str, dict[str, ReflexValue]] = field(default_factory=dict)  # reflex -> side -> value
    motor: dict[str, dict[str, MotorValue]] = field(default_factory=dict)  # muscle -> side -> value
    # sided test -> {side: value}; unsided test (si_distraction, si_compression, si_sacral_thrust) -> value
    tests: dict[str, dict[str, TestValue] | TestValue] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    red_flags: list[str] = field(default_factory=list)
    notes: str = ""
    extensions: dict[str, object] = field(default_factory=dict)  # top-level "x-..." keys, kept verbatim
