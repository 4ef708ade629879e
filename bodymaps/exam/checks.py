"""The checks of exam-format v1, one field at a time, and the error they raise.

Shared by the parser (:mod:`bodymaps.exam.fileformat`) and the edits (:mod:`bodymaps.exam.edits`), so an edit is
valid exactly when the same value in a file would be. Ids, laterality and value types come from the vocabulary.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from bodymaps.exam.model import NOT_TESTED, SensoryFinding
from bodymaps.vocabulary import SIDES, vocabulary

FORMAT = "bodymaps.exam"
VERSION = 1
SECTIONS = ("patient", "exam", "sensory", "reflexes", "motor", "tests", "history", "red_flags", "notes")
PATIENT_FIELDS = ("name", "id", "age", "sex")
EXAM_FIELDS = ("date", "examiner")
SEXES = ("female", "male", "other")
AGE_RANGE = (0, 120)
# document section -> vocabulary kind of its ids
SECTION_KIND = {
    "reflexes": "reflex",
    "motor": "motor",
    "tests": "test",
    "history": "history",
    "red_flags": "red_flag",
}
KIND_NOUN = {"reflex": "reflex", "motor": "motor test", "test": "test", "history": "history item",
              "red_flag": "red flag", "zone": "zone", "sensory_kind": "kind of finding"}  # fmt: skip
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ExamError(ValueError):
    """An exam document (or an edit to one) breaks format v1.

    ``str(err)`` is one line for a person: field path, bad value, what is allowed. ``field`` is the path in the
    spec's style (``reflexes.patellar.left``; ``""`` for the file as a whole) and ``value`` the offending value.
    """

    def __init__(self, message: str, *, field: str = "", value: object = None) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


def show(value: object) -> str:
    """A value as it appears in the JSON file, shortened to keep the message on one line."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    text = text.replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."


def refusal(field: str, value: object, problem: str, allowed: str) -> ExamError:
    return ExamError(f"{field}: {show(value)} {problem}; allowed: {allowed}", field=field, value=value)


def missing(field: str, allowed: str) -> ExamError:
    return ExamError(f"{field} is missing; allowed: {allowed}", field=field, value=None)


def quoted(options: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f'"{o}"' for o in options)


def ids(kind: str) -> tuple[str, ...]:
    return vocabulary().ids(kind)


def join_path(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


# --------------------------------------------------------------------------------------------- field checks


def check_id(kind: str, term_id: object, field: str) -> str:
    """``term_id`` as a known id of vocabulary ``kind`` (zone, reflex, motor, test, history, red_flag ...)."""
    if not isinstance(term_id, str) or not vocabulary().has(kind, term_id):
        raise refusal(field, term_id, f"is not a {KIND_NOUN.get(kind, kind)}", ", ".join(ids(kind)))
    return term_id


def check_zone_finding(zone: object, side: object, kind: object, field: str = "sensory") -> SensoryFinding:
    """A sensory finding; sided zones take left/right, midline zones (perineum) take "midline"."""
    zone = check_id("zone", zone, f"{field}.zone")
    midline = vocabulary().term("zone", zone).laterality == "midline"
    sides: tuple[str, ...] = ("midline",) if midline else SIDES
    if side not in sides:
        what = f"{zone} (a midline zone)" if midline else zone
        raise refusal(f"{field}.side", side, f"is not a side of {what}", ", ".join(sides))
    kind = check_id("sensory_kind", kind, f"{field}.kind")
    return SensoryFinding(zone, side, kind)  # type: ignore[arg-type]


VALUE_RULES: dict[str, tuple[str, Any]] = {
    # value_type -> (what is allowed, the allowed values as a range of ints or a tuple of strings)
    "grade": (
        'reflex grade 0-4 (0 absent, 1 reduced, 2 normal, 3 brisk, 4 clonus) or "not_tested"',
        range(5),
    ),
    "mrc": ('MRC grade 0-5 or "not_tested"', range(6)),
    "plantar": ('"upgoing", "downgoing" or "not_tested"', ("upgoing", "downgoing")),
    "result": ('"positive", "negative" or "not_tested"', ("positive", "negative")),
}


def check_value(section: str, item: str, value: object, field: str) -> int | str:
    """A finding value for ``section`` (reflexes/motor/tests) and a known ``item`` id: grade, MRC or result."""
    value_type = vocabulary().term(SECTION_KIND[section], item).value_type
    allowed, values = VALUE_RULES[value_type]
    if value == NOT_TESTED and isinstance(value, str):
        return NOT_TESTED
    if isinstance(values, range):
        if isinstance(value, bool) or not isinstance(value, int):
            noun = "an MRC grade" if value_type == "mrc" else "a reflex grade"
            raise refusal(field, value, f"is not {noun}", allowed)
        if value not in values:
            raise refusal(field, value, "is out of range", allowed)
        return value
    if not isinstance(value, str) or value not in values:
        raise refusal(field, value, "is not a valid result", allowed)
    return value


def is_sided(section: str, item: str) -> bool:
    """Whether ``item`` of ``section`` is recorded per side (only some tests are not), from the vocabulary."""
    return vocabulary().term(SECTION_KIND[section], item).laterality != "unsided"


def check_side(side: object, field: str) -> str:
    if side not in SIDES:
        raise refusal(field, side, "is not a side", ", ".join(SIDES))
    return side


def check_text(value: str, path: str) -> str:
    """Text must be writable as UTF-8 again: a lone surrogate (from a \\ud800 escape) is refused here."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise refusal(path, value, "contains an unpaired surrogate, which is not text", "valid Unicode text") from None
    return value


def check_patient_field(name: str, value: object, field: str = "patient") -> str | int | None:
    """One patient field; ``None`` (absent) is allowed for edits that clear it."""
    path = join_path(field, name)
    if name not in PATIENT_FIELDS:
        raise refusal(path, name, "is not a patient field", ", ".join(PATIENT_FIELDS))
    if value is None:
        return None
    if name == "age":
        lo, hi = AGE_RANGE
        if isinstance(value, bool) or not isinstance(value, int):
            raise refusal(path, value, "is not an age", f"a whole number of years {lo}-{hi}")
        if not lo <= value <= hi:
            raise refusal(path, value, "is out of range", f"a whole number of years {lo}-{hi}")
        return value
    if name == "sex":
        if value not in SEXES:
            raise refusal(path, value, "is not a sex", quoted(SEXES))
        return value
    if not isinstance(value, str):
        raise refusal(path, value, "is not text", "a string")
    return check_text(value, path)


def check_exam_field(name: str, value: object, field: str = "exam") -> str | None:
    """One field of the ``exam`` section (date, examiner); ``None`` (absent) is allowed for edits."""
    path = join_path(field, name)
    if name not in EXAM_FIELDS:
        raise refusal(path, name, "is not an exam field", ", ".join(EXAM_FIELDS))
    if value is None:
        return None
    if not isinstance(value, str):
        raise refusal(path, value, "is not text", "a date as YYYY-MM-DD" if name == "date" else "a string")
    if name == "date":
        try:
            if not _DATE_RE.fullmatch(value):
                raise ValueError
            dt.date.fromisoformat(value)
        except ValueError:
            raise refusal(
                path, value, "is not a date", "a real date as YYYY-MM-DD, e.g. 2026-11-21"
            ) from None
    return check_text(value, path)


def check_notes(value: object, field: str = "notes") -> str:
    if not isinstance(value, str):
        raise refusal(field, value, "is not text", "a string")
    return check_text(value, field)
