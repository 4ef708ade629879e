"""Teaching mode (PySide6): explore and compare the dermatome maps, nerves against roots, quizzes and results.

The questions, grading and saved results come from ``bodymaps.teach`` (no Qt)."""

from desktop.teach.widget import TeachingWidget

__all__ = ["TeachingWidget"]
