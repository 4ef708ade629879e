"""The chart summary as plain data: what goes on the pages, in order, with no idea of how it is drawn.

Built by :func:`bodymaps.report.build_report`; drawn by ``desktop.report.pdf`` (Qt) and read by tests.
Every string here is final text for the page (labels, not ids), except the ``*_id``/``kind``/``view`` fields
that renderers need to look up geometry and styles.

The records are typed named tuples: immutable, compared by value, and made in a tenth of the time a frozen
dataclass takes to define (Python 3.11 compiles six methods per dataclass when the module is imported, about
1 ms for these twelve each, on the path of every ``bodymaps report``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

SECTION_TITLES = (
    "Red flags",
    "Body diagrams",
    "Sensory findings",
    "Strength, reflexes, special tests and history",
    "Assessment",
    "Notes",
    "References",
)


class Field(NamedTuple):
    label: str
    value: str
    missing: bool = False  # "not entered": drawn grey so it is not mistaken for a value


class Header(NamedTuple):
    title: str
    identifiers: str  # repeated on every page: "Name: ... · ID: ..." (or the de-identified notice)
    fields: tuple[Field, ...]
    produced: str  # when this summary was made (year only when de-identified)
    version: str  # BodyMaps version (and data versions where known)


class FlagRow(NamedTuple):
    label: str
    urgency: str  # EMERGENCY | URGENT | REVIEW
    action: str
    because: tuple[str, ...]  # readable findings that raised it


class Mark(NamedTuple):
    """One marked zone on a figure."""

    zone: str  # atlas zone id
    side: str  # left | right | midline
    kind: str  # pain | numbness | paresthesia
    label: str  # "Dorsum of foot, left"


class Figure(NamedTuple):
    view: str  # atlas view id: anterior | posterior | soles
    title: str  # "Anterior view"
    orientation: str  # "Patient's right on the viewer's left"
    patient_left_on: str  # viewer-left | viewer-right: where the "L" goes
    marks: tuple[Mark, ...]
    dermatome: tuple[str, str] | None = None  # (root, side) outlined, in the report's map


class Cell(NamedTuple):
    text: str
    abnormal: bool = False  # marked by a symbol in the text as well as by style
    not_tested: bool = False


class Row(NamedTuple):
    cells: tuple[Cell, ...]
    refs: tuple[int, ...] = ()  # reference numbers for the row's source column


class Table(NamedTuple):
    """A titled table; ``columns`` are headers, ``align`` is one of l/c/r per column."""

    title: str
    columns: tuple[str, ...]
    align: str
    rows: tuple[Row, ...]
    empty: str = "None recorded."  # shown instead of the rows when there are none
    note: str = ""  # one line under the table (key to symbols, unrecorded items)


class Evidence(NamedTuple):
    """One finding for or against a condition, with its weight and sources."""

    text: str
    weight: float
    refs: tuple[int, ...]


class Candidate(NamedTuple):
    rank: int
    label: str
    side: str  # "Left", "Right", "Bilateral" or "—"
    score: float
    supporting: tuple[Evidence, ...]
    against: tuple[Evidence, ...]


class Reference(NamedTuple):
    number: int
    text: str


class Report(NamedTuple):
    header: Header
    red_flags: tuple[FlagRow, ...]
    figures: tuple[Figure, ...]
    legend: tuple[tuple[str, str], ...]  # (kind, label) for the marks' key, in drawing order
    dermatome_note: str  # what the dashed outline is ("" when none)
    sensory: Table
    strength: Table
    reflexes: Table
    tests: Table
    history: tuple[str, ...]
    differential: tuple[Candidate, ...]
    others: tuple[tuple[str, float], ...]  # (label, score) beyond the top five
    score_note: str
    roots: Table
    suggestions: Table
    notes: str  # free text ("" when none or de-identified)
    disclaimer: str
    references: tuple[Reference, ...]
    map_label: str
    deidentified: bool
    signature: bool  # the last page carries an examiner signature and date line
    paper: str = "a4"
    metadata: Mapping[str, str] = MappingProxyType({})  # title, author, subject, keywords
