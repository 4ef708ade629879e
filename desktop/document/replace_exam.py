"""The edit that replaces the whole exam (restoring autosaved work), imported when work is restored: the edits
module is not on the path to the window's first frame."""

from __future__ import annotations

import copy
from dataclasses import fields

from bodymaps.exam import Exam
from bodymaps.exam.edits import Edit


class ReplaceExam(Edit):
    """Replace the whole exam in place (restoring autosaved work); undo brings the previous exam back."""

    def __init__(self, exam: Exam, label: str = "Restore unsaved changes") -> None:
        self.exam = copy.deepcopy(exam)
        self.label = label

    def apply(self, exam: Exam) -> Edit:
        previous = copy.deepcopy(exam)
        for f in fields(Exam):
            setattr(exam, f.name, copy.deepcopy(getattr(self.exam, f.name)))
        return ReplaceExam(previous, self.label)

    @property
    def text(self) -> str:
        return self.label
