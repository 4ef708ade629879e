"""Helpers shared by the engine tests: build exams tersely, mirror them, remove one finding."""

from __future__ import annotations

import copy

from bodymaps.exam.model import Exam, Patient, SensoryFinding

MIRROR = {"left": "right", "right": "left"}


def make_exam(
    sensory=(), reflexes=None, motor=None, tests=None, history=(), red_flags=(), age=None, sex=None
) -> Exam:
    """sensory: (zone, side, kind) triples; reflexes/motor/tests: {item: {side: value}} or unsided values."""
    return Exam(
        patient=Patient(age=age, sex=sex),
        sensory=[SensoryFinding(z, s, k) for z, s, k in sensory],
        reflexes=copy.deepcopy(reflexes or {}),
        motor=copy.deepcopy(motor or {}),
        tests=copy.deepcopy(tests or {}),
        history=list(history),
        red_flags=list(red_flags),
    )


def mirror_exam(exam: Exam) -> Exam:
    out = copy.deepcopy(exam)
    out.sensory = [SensoryFinding(f.zone, MIRROR.get(f.side, f.side), f.kind) for f in exam.sensory]
    for table in (out.reflexes, out.motor, out.tests):
        for item, value in table.items():
            if isinstance(value, dict):
                table[item] = {MIRROR.get(side, side): v for side, v in value.items()}
    return out


def mirror_text(text: str) -> str:
    parts = text.split("=", 1)
    bits = parts[0].split(".")
    bits = [MIRROR.get(b, b) for b in bits]
    return ".".join(bits) + ("=" + parts[1] if len(parts) == 2 else "")


def without(exam: Exam, finding: str) -> Exam:
    """A copy of ``exam`` in which the finding named by a spec-style string was not examined."""
    out = copy.deepcopy(exam)
    head, _, value = finding.partition("=")
    bits = head.split(".")
    section = bits[0]
    if section == "patient":
        setattr(out.patient, bits[1], None)
    elif section in ("history", "red_flags"):
        setattr(out, section, [x for x in getattr(out, section) if x != bits[1]])
    elif section == "sensory":
        out.sensory = [f for f in out.sensory if (f.zone, f.side, f.kind) != (bits[1], bits[2], value)]
    else:
        table = getattr(out, section)
        if len(bits) == 3:
            table[bits[1]] = {s: v for s, v in table[bits[1]].items() if s != bits[2]}
        else:
            del table[bits[1]]
    return out
