"""The stable ids of exam-format v1 and their human labels, read from data/vocabulary.csv."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from bodymaps.resources import DataError, data_path

KINDS = ("zone", "reflex", "motor", "test", "history", "red_flag", "condition", "root", "sensory_kind")
SIDES = ("left", "right")


@dataclass(frozen=True)
class Term:
    kind: str
    id: str
    label: str
    laterality: str  # "sided", "midline", "unsided" or "" (not applicable)
    value_type: str  # reflex: "grade"/"plantar"; motor: "mrc"; test: "result"; else ""


@dataclass(frozen=True)
class Vocabulary:
    terms: dict[tuple[str, str], Term]

    def ids(self, kind: str) -> tuple[str, ...]:
        return tuple(t.id for (k, _), t in self.terms.items() if k == kind)

    def has(self, kind: str, term_id: str) -> bool:
        return (kind, term_id) in self.terms

    def term(self, kind: str, term_id: str) -> Term:
        try:
            return self.terms[(kind, term_id)]
        except KeyError:
            raise KeyError(f"unknown {kind} id {term_id!r}") from None

    def label(self, kind: str, term_id: str) -> str:
        return self.term(kind, term_id).label


@cache
def vocabulary() -> Vocabulary:
    """Load and check data/vocabulary.csv once per process."""
    path = data_path("vocabulary.csv")
    terms: dict[tuple[str, str], Term] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        expected = {"kind", "id", "label", "laterality", "value_type"}
        if set(reader.fieldnames or ()) != expected:
            raise DataError(f"{path}: columns must be {sorted(expected)}, found {reader.fieldnames}")
        for row_no, row in enumerate(reader, start=2):
            kind, term_id = row["kind"], row["id"]
            if kind not in KINDS:
                raise DataError(f"{path}, row {row_no}, column kind: unknown kind {kind!r}")
            if not term_id or not row["label"]:
                raise DataError(f"{path}, row {row_no}: id and label are required")
            if (kind, term_id) in terms:
                raise DataError(f"{path}, row {row_no}, column id: duplicate {kind} id {term_id!r}")
            terms[(kind, term_id)] = Term(kind, term_id, row["label"], row["laterality"], row["value_type"])
    return Vocabulary(terms)
