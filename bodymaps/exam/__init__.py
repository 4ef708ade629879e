"""Exam documents: the model, the v1 file format, edits and the open document with its undo history.

Import from here (``from bodymaps.exam import ExamDocument, load_exam``): the module layout may change.
"""

from bodymaps.exam import edits
from bodymaps.exam.checks import ExamError
from bodymaps.exam.document import Change, ExamDocument
from bodymaps.exam.fileformat import exam_to_dict, load_exam, parse_exam, save_exam, validate_exam
from bodymaps.exam.model import NOT_TESTED, Exam, ExamInfo, Patient, SensoryFinding

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
