"""The teaching banks in data/teach/, loaded and checked like the knowledge tables.

- ``myotomes.csv``: kind (motor | reflex), item (exam id), roots (accepted answers, ``|``-separated, main root
  first), also (roots that contribute but are not the answer), nerve, muscle, isncsci (yes | no), explanation,
  source
- ``nerve_pairs.csv``: nerve (atlas nerve id), roots (the dermatome(s) it imitates), explanation, source
- ``mimics.csv``: root_condition, mimic (condition ids), explanation, source: the hard pairs the case quiz
  brings up on purpose
- ``cases/*.bodymaps.json``: exam documents with an ``x-case`` answer key (same keys as tests/cases)

A teacher adds a row or a file; a mistake stops loading with a DataError naming the file, row and column.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bodymaps.engine.rules import Table
from bodymaps.resources import DataError, data_path
from bodymaps.vocabulary import vocabulary

if TYPE_CHECKING:
    from bodymaps.atlas import Atlas

TEACH_DIR = "teach"
ITEM_KINDS = {"motor": "motor", "reflex": "reflex"}


@dataclass(frozen=True)
class ItemFact:
    """A muscle action or reflex and the root(s) it tests."""

    kind: str  # motor | reflex
    item: str
    label: str
    roots: tuple[str, ...]  # accepted answers, main root first
    also: tuple[str, ...]
    nerve: str
    muscle: str
    isncsci: bool
    explanation: str
    source: str


@dataclass(frozen=True)
class NervePair:
    nerve: str
    label: str
    roots: tuple[str, ...]
    explanation: str
    source: str


@dataclass(frozen=True)
class Mimic:
    root_condition: str
    mimic: str
    explanation: str
    source: str


@dataclass(frozen=True)
class CaseFile:
    """A case from data/teach/cases: the exam document as JSON and its answer key."""

    name: str
    document: dict[str, Any]
    title: str
    condition: str
    root: str | None
    side: str | None
    rationale: str
    source: str


@dataclass(frozen=True)
class RootFacts:
    """What a root does that the bedside tests: its muscles and reflexes (data/teach) and ISNCSCI key point(s)."""

    root: str
    muscles: tuple[ItemFact, ...]
    reflexes: tuple[ItemFact, ...]
    key_points: tuple[str, ...]


@dataclass(frozen=True)
class Bank:
    items: tuple[ItemFact, ...]
    nerve_pairs: tuple[NervePair, ...]
    mimics: tuple[Mimic, ...]
    cases: tuple[CaseFile, ...]

    def item(self, kind: str, item: str) -> ItemFact:
        for fact in self.items:
            if fact.kind == kind and fact.item == item:
                return fact
        raise KeyError(f"no {kind} {item!r} in myotomes.csv")

    def root_facts(self, atlas: Atlas, root: str) -> RootFacts:
        muscles = tuple(f for f in self.items if f.kind == "motor" and root in f.roots)
        reflexes = tuple(f for f in self.items if f.kind == "reflex" and root in f.roots)
        points = tuple(sorted({lm.label for v in atlas.views.values() for lm in v.landmarks if lm.root == root}))
        return RootFacts(root, muscles, reflexes, points)

    def pair(self, nerve: str) -> NervePair:
        for pair in self.nerve_pairs:
            if pair.nerve == nerve:
                return pair
        raise KeyError(f"no nerve {nerve!r} in nerve_pairs.csv")


class _Csv(Table):
    """The knowledge tables' CSV reader (file, row and column in every error), for a file of data/teach."""

    def __init__(self, folder: Path, name: str, columns: tuple[str, ...]) -> None:
        self.path = folder / name
        self.name = name
        if not self.path.exists():
            raise DataError(f"data file missing: {self.path}")
        with self.path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in columns if c not in (reader.fieldnames or ())]
            if missing:
                raise DataError(f"{self.path}, row 1: missing column(s) {', '.join(missing)}")
            self.rows = [(n, {k: (v or "").strip() for k, v in r.items() if k}) for n, r in enumerate(reader, 2)]
        if not self.rows:
            raise DataError(f"{self.path}: no rows")

    def text(self, row: int, rec: dict[str, str], column: str) -> str:
        if not rec.get(column):
            raise self.error(row, column, "must not be empty")
        return rec[column]

    def roots(self, row: int, rec: dict[str, str], column: str, required: bool = True) -> tuple[str, ...]:
        text = rec.get(column, "")
        if not text:
            if required:
                raise self.error(row, column, "name at least one root (L1 ... S4-5, '|'-separated)")
            return ()
        roots = tuple(r.strip() for r in text.split("|"))
        for r in roots:
            if not vocabulary().has("root", r):
                raise self.error(row, column, f"{r!r} is not a root; use {', '.join(vocabulary().ids('root'))}")
        return roots


def _items(folder: Path) -> tuple[ItemFact, ...]:
    voc = vocabulary()
    table = _Csv(folder, "myotomes.csv",
                 ("kind", "item", "roots", "also", "nerve", "muscle", "isncsci", "explanation", "source"))
    out: list[ItemFact] = []
    seen: set[tuple[str, str]] = set()
    for row, rec in table.rows:
        kind = rec["kind"]
        if kind not in ITEM_KINDS:
            raise table.error(row, "kind", f"{kind!r}: use motor or reflex")
        item = rec["item"]
        if not voc.has(ITEM_KINDS[kind], item):
            raise table.error(row, "item", f"{item!r} is not a {kind} id of data/vocabulary.csv")
        if (kind, item) in seen:
            raise table.error(row, "item", f"{item!r} appears twice")
        seen.add((kind, item))
        if rec["isncsci"] not in ("yes", "no"):
            raise table.error(row, "isncsci", f"{rec['isncsci']!r}: use yes or no")
        roots = table.roots(row, rec, "roots")
        also = table.roots(row, rec, "also", required=False)
        if set(roots) & set(also):
            raise table.error(row, "also", "a root cannot be both an answer and 'also'")
        out.append(ItemFact(kind, item, voc.label(ITEM_KINDS[kind], item), roots, also,
                            table.text(row, rec, "nerve"), table.text(row, rec, "muscle"),
                            rec["isncsci"] == "yes", table.text(row, rec, "explanation"), table.source(row, rec)))
    return tuple(out)


def _nerve_pairs(folder: Path, nerve_labels: dict[str, str]) -> tuple[NervePair, ...]:
    table = _Csv(folder, "nerve_pairs.csv", ("nerve", "roots", "explanation", "source"))
    out: list[NervePair] = []
    for row, rec in table.rows:
        nerve = rec["nerve"]
        if nerve not in nerve_labels:
            raise table.error(row, "nerve", f"{nerve!r} is not a nerve of data/atlas/atlas.json; "
                              f"use {', '.join(nerve_labels)}")
        if any(p.nerve == nerve for p in out):
            raise table.error(row, "nerve", f"{nerve!r} appears twice")
        out.append(NervePair(nerve, nerve_labels[nerve], table.roots(row, rec, "roots"),
                             table.text(row, rec, "explanation"), table.source(row, rec)))
    return tuple(out)


def _mimics(folder: Path) -> tuple[Mimic, ...]:
    voc = vocabulary()
    table = _Csv(folder, "mimics.csv", ("root_condition", "mimic", "explanation", "source"))
    out: list[Mimic] = []
    for row, rec in table.rows:
        for column in ("root_condition", "mimic"):
            if not voc.has("condition", rec[column]):
                raise table.error(row, column, f"{rec[column]!r} is not a condition id")
        if rec["root_condition"] not in ROOT_OF_CONDITION:
            raise table.error(row, "root_condition", f"{rec['root_condition']!r} is not a single-root radiculopathy")
        out.append(Mimic(rec["root_condition"], rec["mimic"], table.text(row, rec, "explanation"),
                         table.source(row, rec)))
    return tuple(out)


ROOT_OF_CONDITION = {
    "l2_radiculopathy": "L2",
    "l3_radiculopathy": "L3",
    "l4_radiculopathy": "L4",
    "l5_radiculopathy": "L5",
    "s1_radiculopathy": "S1",
}


def _cases(folder: Path) -> tuple[CaseFile, ...]:
    from bodymaps.exam import ExamError, parse_exam

    voc = vocabulary()
    out: list[CaseFile] = []
    for path in sorted((folder / "cases").glob("*.bodymaps.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            parse_exam(doc)
        except (OSError, ValueError, ExamError) as exc:
            raise DataError(f"{path}: not a valid exam document ({' '.join(str(exc).split())})") from None
        key = doc.get("x-case")
        if not isinstance(key, dict):
            raise DataError(f"{path}: x-case: the answer key object is missing")
        for field in ("title", "expected_top", "rationale", "source"):
            if not isinstance(key.get(field), str) or not key[field].strip():
                raise DataError(f"{path}: x-case.{field} must be non-empty text")
        if not voc.has("condition", key["expected_top"]):
            raise DataError(f"{path}: x-case.expected_top: {key['expected_top']!r} is not a condition id")
        root = key.get("root")
        if root is not None and not voc.has("root", root):
            raise DataError(f"{path}: x-case.root: {root!r} is not a root id (or null)")
        side = key.get("side")
        if side not in (None, "left", "right", "bilateral"):
            raise DataError(f"{path}: x-case.side: {side!r}; use left, right, bilateral or null")
        out.append(CaseFile(path.name, doc, key["title"], key["expected_top"], root, side, key["rationale"],
                            key["source"]))
    if not out:
        raise DataError(f"{folder / 'cases'}: no *.bodymaps.json case files")
    return tuple(out)


def load_bank_from(folder: Path, nerve_labels: dict[str, str]) -> Bank:
    """Load and check every bank in ``folder`` (nerve ids are checked against ``nerve_labels``)."""
    return Bank(_items(folder), _nerve_pairs(folder, nerve_labels), _mimics(folder), _cases(folder))


@cache
def load_bank() -> Bank:
    """The packaged banks (data/teach), loaded once per process."""
    from bodymaps.atlas import load_atlas

    atlas = load_atlas()
    return load_bank_from(data_path(TEACH_DIR), {n.id: n.label for n in atlas.nerves.values()})
