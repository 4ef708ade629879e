"""The exam document's history and a GUI undo stack stay in step (issue 6 §3).

``FakeUndoStack`` behaves like QUndoStack where it matters: ``push`` runs the command's ``redo()`` at once and
drops the commands above the index; ``undo``/``redo`` move the index and call the command. The adapter is the
one the desktop app uses (desktop/document/undo.py), reduced to plain Python: a command per announced step whose
first redo does nothing.
"""

from __future__ import annotations

import logging

import pytest

from bodymaps.exam.document import Change, ExamDocument
from bodymaps.exam.edits import SetMotor, SetReflex, SetZoneFinding
from bodymaps.exam.model import Exam


class FakeUndoStack:
    def __init__(self) -> None:
        self.commands: list[StepCommand] = []
        self.index = 0

    def push(self, command: StepCommand) -> None:
        del self.commands[self.index :]
        self.commands.append(command)
        command.redo()
        self.index += 1

    def undo(self) -> None:
        if self.index:
            self.index -= 1
            self.commands[self.index].undo()

    def redo(self) -> None:
        if self.index < len(self.commands):
            self.commands[self.index].redo()
            self.index += 1

    def undo_text(self) -> str:
        return self.commands[self.index - 1].text if self.index else ""


class StepCommand:
    def __init__(self, document: ExamDocument, text: str) -> None:
        self.document = document
        self.text = text
        self._first = True

    def redo(self) -> None:
        if self._first:  # the step is already applied when it is announced
            self._first = False
            return
        assert self.document.redo()

    def undo(self) -> None:
        assert self.document.undo()


def paired() -> tuple[ExamDocument, FakeUndoStack]:
    doc = ExamDocument()
    stack = FakeUndoStack()

    def on_change(change: Change) -> None:
        if change.step is not None:
            stack.push(StepCommand(doc, change.step.text))

    doc.subscribe(on_change)
    return doc, stack


def in_step(doc: ExamDocument, stack: FakeUndoStack) -> None:
    assert stack.index == doc.history_length
    assert stack.undo_text() == doc.undo_text


def test_an_edit_that_changes_nothing_pushes_no_command():
    doc, stack = paired()
    doc.apply(SetReflex("patellar", "left", 2))
    doc.apply(SetReflex("patellar", "left", 2))
    assert len(stack.commands) == 1
    in_step(doc, stack)


def test_a_stroke_from_press_to_release_is_one_command_and_ending_it_notifies():
    doc, stack = paired()
    heard: list[tuple[str, bool, str]] = []
    doc.subscribe(lambda c: heard.append((c.reason, c.document.can_undo, c.document.undo_text)))
    doc.begin_group("Paint numbness")  # mouse press
    for zone in ("anterolateral_leg", "dorsum_foot", "great_toe"):  # mouse moves
        doc.apply(SetZoneFinding(zone, "left", "numbness"))
        assert stack.commands == []  # nothing pushed mid-stroke
    doc.end_group()  # mouse release
    assert len(stack.commands) == 1 and stack.commands[0].text == "Paint numbness"
    assert heard[-1] == ("group", True, "Paint numbness")
    in_step(doc, stack)
    stack.undo()
    assert doc.exam == Exam()
    in_step(doc, stack)
    stack.redo()
    assert len(doc.exam.sensory) == 3
    in_step(doc, stack)


def test_an_empty_stroke_pushes_nothing_and_a_cancelled_one_is_reverted():
    doc, stack = paired()
    doc.begin_group("Erase")
    doc.apply(SetZoneFinding("heel", "left", "pain", present=False))
    assert doc.end_group() is None
    doc.begin_group("Paint")
    doc.apply(SetZoneFinding("heel", "left", "pain"))
    doc.cancel_group()
    assert stack.commands == [] and doc.exam == Exam() and not doc.modified


def test_random_walk_of_edits_undos_and_redos_never_drifts():
    import random

    rng = random.Random(7)
    doc, stack = paired()
    for step in range(400):
        action = rng.random()
        if action < 0.45:
            doc.apply(SetMotor("hip_abduction", rng.choice(["left", "right"]), rng.randint(3, 5)))
        elif action < 0.6:
            doc.begin_group("Paint")
            for zone in rng.sample(["heel", "great_toe", "dorsum_foot", "medial_leg"], 2):
                doc.apply(SetZoneFinding(zone, "right", rng.choice(["pain", "numbness"])))
            doc.end_group()
        elif action < 0.8:
            stack.undo()
        else:
            stack.redo()
        in_step(doc, stack)
        assert step >= 0


def test_the_clean_state_follows_the_stack(tmp_path):
    doc, stack = paired()
    doc.apply(SetReflex("achilles", "left", 0))
    doc.save(tmp_path / "a.bodymaps.json")
    doc.apply(SetReflex("achilles", "left", 1))
    assert doc.modified
    stack.undo()
    assert not doc.modified
    stack.redo()
    assert doc.modified


def test_a_listener_that_raises_does_not_stop_the_others_and_is_reported(caplog):
    doc = ExamDocument()
    heard: list[str] = []
    reported: list[BaseException] = []

    def broken(change: Change) -> None:
        raise RuntimeError("listener broke")

    doc.subscribe(lambda c: heard.append("first"))
    doc.subscribe(broken)
    doc.subscribe(lambda c: heard.append("third"))
    with caplog.at_level(logging.ERROR):
        assert doc.apply(SetReflex("patellar", "left", 3))
    assert heard == ["first", "third"]
    assert "listener" in caplog.text and "listener broke" in caplog.text
    doc.on_listener_error = lambda callback, exc: reported.append(exc)
    doc.apply(SetReflex("patellar", "left", 2))
    assert heard == ["first", "third", "first", "third"] and [str(e) for e in reported] == ["listener broke"]
    assert doc.exam.reflexes == {"patellar": {"left": 2}} and doc.can_undo


def test_nested_groups_make_one_step():
    doc, stack = paired()
    doc.begin_group("Outer")
    doc.apply(SetReflex("patellar", "left", 1))
    doc.begin_group("Inner")
    doc.apply(SetReflex("patellar", "right", 1))
    assert doc.end_group() is None
    assert doc.end_group() is not None
    assert [c.text for c in stack.commands] == ["Outer"]


def test_end_group_without_begin_is_an_error():
    with pytest.raises(RuntimeError):
        ExamDocument().end_group()
