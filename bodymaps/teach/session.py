"""A quiz session: questions in order, one graded answer each, results saved as they come."""

from __future__ import annotations

from bodymaps.atlas import Atlas
from bodymaps.teach.questions import Question
from bodymaps.teach.results import Result, ResultStore, score
from bodymaps.teach.scoring import Feedback, Response, grade


class Session:
    def __init__(self, atlas: Atlas, questions: list[Question], store: ResultStore | None = None) -> None:
        self.atlas = atlas
        self.questions = questions
        self.store = store
        self.index = 0
        self.results: list[Result] = []
        self.feedback: Feedback | None = None  # of the current question, once answered

    @property
    def current(self) -> Question | None:
        return self.questions[self.index] if self.index < len(self.questions) else None

    @property
    def answered(self) -> bool:
        return self.feedback is not None

    @property
    def finished(self) -> bool:
        return self.current is None

    def answer(self, response: Response) -> Feedback:
        """Grade the current question (once) and record the result."""
        q = self.current
        if q is None:
            raise IndexError("the session is over")
        if self.feedback is not None:
            return self.feedback
        fb = grade(self.atlas, q, response)
        result = Result.now(q.kind, q.map, q.id, fb.expected_root, fb.given_root, fb.correct)
        self.results.append(result)
        if self.store is not None:
            self.store.add(result)
        self.feedback = fb
        return fb

    def next(self) -> Question | None:
        self.index += 1
        self.feedback = None
        return self.current

    @property
    def score(self) -> tuple[int, int]:
        return score(self.results)
