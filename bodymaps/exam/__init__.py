"""Exam documents: the model, the v1 file format, edits and the open document with its undo history.

Import from here (``from bodymaps.exam import ExamDocument, load_exam``): the module layout may change.
The names are imported on first use (PEP 562), so that reading an exam (``bodymaps assess``, ``bodymaps
report``) does not load the editing and undo machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bodymaps.lazy import lazy_attributes

if TYPE_CHECKING:
    from bodymaps.exam import edits
    from bodymaps.exam.checks import ExamError
    from bodymaps.exam.document import Change, ExamDocument
    from bodymaps.exam.fileformat import exam_to_dict, load_exam, parse_exam, save_exam, validate_exam
    from bodymaps.exam.model import NOT_TESTED, Exam, ExamInfo, Patient, SensoryFinding

_WHERE = {
    "NOT_TESTED": "bodymaps.exam.model",
    "Change": "bodymaps.exam.document",
    "Exam": "bodymaps.exam.model",
    "ExamDocument": "bodymaps.exam.document",
    "ExamError": "bodymaps.exam.checks",
    "ExamInfo": "bodymaps.exam.model",
    "Patient": "bodymaps.exam.model",
    "SensoryFinding": "bodymaps.exam.model",
    "exam_to_dict": "bodymaps.exam.fileformat",
    "load_exam": "bodymaps.exam.fileformat",
    "parse_exam": "bodymaps.exam.fileformat",
    "save_exam": "bodymaps.exam.fileformat",
    "validate_exam": "bodymaps.exam.fileformat",
    "edits": "bodymaps.exam.edits",
}


__getattr__ = lazy_attributes(__name__, _WHERE, globals())


__all__ = [
    "NOT_TESTED",
    "Change",
    "Exam",
    "ExamDocument",
    "ExamError",
    "ExamInfo",
    "Patient",
    "SensoryFinding",
    "edits",
    "exam_to_dict",
    "load_exam",
    "parse_exam",
    "save_exam",
    "validate_exam",
]
