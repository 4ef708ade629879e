"""Teaching mode core: question banks, generated questions with answer keys, grading, sessions and saved
results. Pure Python, no Qt: the desktop teaching mode and `bodymaps quiz` both use it."""

from bodymaps.teach.bank import Bank, load_bank
from bodymaps.teach.questions import KINDS, Question, generate

__all__ = ["KINDS", "Bank", "Question", "generate", "load_bank"]
