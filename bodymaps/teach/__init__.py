"""Teaching mode core: question banks, generated questions with answer keys, grading, sessions and saved
results. Pure Python, no Qt: the desktop teaching mode and `bodymaps quiz` both use it."""

from bodymaps.teach.bank import Bank, load_bank
from bodymaps.teach.questions import KINDS, Question, generate
from bodymaps.teach.results import Result, ResultStore
from bodymaps.teach.scoring import Feedback, Response, grade
from bodymaps.teach.session import Session

__all__ = ["KINDS", "Bank", "Feedback", "Question", "Response", "Result", "ResultStore", "Session", "generate",
           "grade", "load_bank"]
