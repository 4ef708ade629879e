"""Exam findings as the chart shows them: readable finding phrases and the ISNCSCI-style left/right tables."""

from __future__ import annotations

from collections.abc import Mapping

from bodymaps.engine.anatomy import item_roots
from bodymaps.exam.model import NOT_TESTED, Exam
from bodymaps.report.model import Cell, Row, Table
from bodymaps.vocabulary import vocabulary

SIDE_WORD = {"left": "left", "right": "right", "midline": "midline", "bilateral": "bilateral", "both": "both sides"}
REFLEX_WORDS = {0: "absent", 1: "reduced", 2: "normal", 3: "brisk", 4: "clonus"}
LOW, HIGH = "\u2193", "\u2191"  # ↓ ↑: abnormal values are marked by symbol as well as by style
NOT_TESTED_TEXT = "not tested"
SYMBOL_KEY = (f"{LOW} reduced or weak, {HIGH} brisk or upgoing, \u2260 the sides differ; "
              "\"not tested\" was not examined and is never read as normal. Roots: the main supply.")
_SECTION_KIND = {"motor": "motor", "reflexes": "reflex", "tests": "test", "history": "history",
                 "red_flags": "red_flag", "sensory": "zone"}


def label(kind: str, term_id: str) -> str:
    voc = vocabulary()
    return voc.label(kind, term_id) if voc.has(kind, term_id) else term_id.replace("_", " ")


def describe(section: str | None, item: str | None, side: str | None, value: object, raw: str = "") -> str:
    """A finding in words: ``motor.hip_abduction.left=4`` -> "Hip abduction, left: MRC 4"."""
    if section is None or item is None:
        return raw  # an engine phrase such as "no supporting finding"
    where = f", {SIDE_WORD.get(side, side)}" if side else ""
    if section == "sensory":
        kind = label("sensory_kind", str(value)) if value not in (None, True) else "Sensory finding"
        return f"{kind.split(' (')[0]}: {label('zone', item).lower()}{where}"
    if section == "history":
        return f"History: {label('history', item).lower()}"
    if section == "patient":
        return f"{item.replace('_', ' ').capitalize()}: {value}" if value not in (None, True) else item
    if section == "red_flags":
        return f"Red flag ticked: {label('red_flag', item).lower()}"
    name = label(_SECTION_KIND.get(section, section), item)
    if value is None or value is True:
        suffix = {"motor": " (MRC)", "reflexes": "", "tests": ""}.get(section, "")
        return f"{name}{where}{suffix}"
    if section == "motor":
        return f"{name}{where}: MRC {value}"
    if section == "reflexes" and isinstance(value, int):
        return f"{name}{where}: {value} ({REFLEX_WORDS.get(value, '?')})"
    return f"{name}{where}: {str(value).replace('_', ' ')}"


# --------------------------------------------------------------------------------------------- neuro tables
def _grade_cell(value: object, normal: object, other: object) -> Cell:
    if value is None or value == NOT_TESTED:
        return Cell(NOT_TESTED_TEXT, not_tested=True)
    if isinstance(value, int) and isinstance(normal, int):
        if value < normal:
            return Cell(f"{value} {LOW}", abnormal=True)
        if value > normal:
            return Cell(f"{value} {HIGH}", abnormal=True)
        return Cell(str(value))
    text = str(value)
    if text == "upgoing":
        return Cell(f"upgoing {HIGH}", abnormal=True)
    return Cell(text)


def _asymmetry(left: object, right: object) -> Cell:
    tested = [v for v in (left, right) if v is not None and v != NOT_TESTED]
    if len(tested) < 2 or left == right:
        return Cell("")
    if isinstance(left, int) and isinstance(right, int):
        return Cell(f"\u2260 {'L < R' if left < right else 'R < L'}", abnormal=True)
    return Cell("\u2260", abnormal=True)


def _neuro_table(title: str, section: str, kind: str, values: Mapping[str, Mapping[str, object]],
                 normal: object) -> Table:
    rows = []
    examined = 0
    for item in vocabulary().ids(kind):
        sides = values.get(item, {})
        left, right = sides.get("left"), sides.get("right")
        if left is not None or right is not None:
            examined += 1
        item_normal = None if item == "babinski" else normal
        rows.append(Row((_grade_cell(right, item_normal, left), Cell(label(kind, item)),
                         Cell(item_roots(section, item)), _grade_cell(left, item_normal, right),
                         _asymmetry(left, right))))
    return Table(title, ("Right", "Muscle" if kind == "motor" else "Reflex", "Roots", "Left", "Asym."),
                 "clccc", tuple(rows), note="" if examined else "Nothing recorded: every row not tested.")


def strength_table(exam: Exam) -> Table:
    return _neuro_table("Strength (MRC 0\u20135)", "motor", "motor", exam.motor, 5)


def reflex_table(exam: Exam) -> Table:
    return _neuro_table("Reflexes (NINDS 0\u20134)", "reflexes", "reflex", exam.reflexes, 2)


def tests_table(exam: Exam) -> Table:
    """Special tests that were recorded, in vocabulary order; the others are named as not tested in the note."""
    rows = []
    for test in vocabulary().ids("test"):
        value = exam.tests.get(test)
        if value is None:
            continue
        name = label("test", test)
        if isinstance(value, dict):
            rows.append(Row((_test_cell(value.get("right")), Cell(name), _test_cell(value.get("left")))))
        else:
            result = _test_cell(value)
            rows.append(Row((Cell(""), Cell(f"{name} (unsided): {result.text}", result.abnormal, result.not_tested),
                             Cell(""))))
    missing = [t for t in vocabulary().ids("test") if t not in exam.tests]
    note = ""
    if missing:
        note = f"Not tested: {', '.join(label('test', t) for t in missing)}."
    return Table("Special tests", ("Right", "Test", "Left"), "clc", tuple(rows),
                 empty="No special tests recorded.", note=note)


def _test_cell(value: object) -> Cell:
    if value is None or value == NOT_TESTED:
        return Cell(NOT_TESTED_TEXT, not_tested=True)
    if value == "positive":
        return Cell("positive +", abnormal=True)
    return Cell(str(value))


def history_items(exam: Exam) -> tuple[str, ...]:
    return tuple(label("history", h) for h in exam.history)
