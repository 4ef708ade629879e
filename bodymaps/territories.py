"""Where each condition shows on the body, and what to highlight for a condition or a root. No Qt.

``data/knowledge/condition_territories.csv`` lists, per condition, the dermatomes, nerve territories or zones
that make up its territory, one source per row (columns ``condition, kind, id, side, source``):

- ``kind``: ``dermatome`` (``id`` a root, or ``*`` = every root the assessment finds evidence for on the
  condition's side), ``nerve`` (a nerve id of data/atlas/atlas.json), ``zone`` (a zone id), or ``none`` (no
  territory on this diagram; ``id`` and ``side`` empty).
- ``side``: ``same`` (the side the engine gives the condition; both sides when it is bilateral or unknown),
  ``both``, or ``midline`` (midline zones only).

:func:`highlight_for_condition` and :func:`highlight_for_root` combine the table with an assessment: the
territory to draw and the marked zones whose findings count for or against the condition or root, taken from
the result's structured contributions (``Contribution.section == "sensory"``). Loading checks every row and
refuses a bad one with a DataError naming the file, row and column.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from bodymaps.engine.result import Assessment, Contribution
from bodymaps.resources import DataError, data_path
from bodymaps.vocabulary import vocabulary

if TYPE_CHECKING:
    from bodymaps.atlas import Atlas

Region = tuple[str, str, str]  # ("dermatome", root, side) | ("nerve", nerve_id, side) | ("zone", zone, side)
ZoneKey = tuple[str, str]  # (zone, side)

KINDS = ("dermatome", "nerve", "zone", "none")
SIDES = ("same", "both", "midline")
COLUMNS = ["condition", "kind", "id", "side", "source"]
ANY_ROOT = "*"
ROOT_EVIDENCE_MIN = 1.0  # a root counts for ``*`` from this score (log-odds units: favoured about e to 1)
_TAG = re.compile(r"\[(S|T|U)\b")


@dataclass(frozen=True)
class Highlight:
    """What the body diagram shows for a selected condition or root."""

    label: str
    regions: tuple[Region, ...] = ()
    zones_for: tuple[ZoneKey, ...] = ()  # marked (zone, side) whose findings count for it
    zones_against: tuple[ZoneKey, ...] = ()  # marked (zone, side) whose findings count against it


@dataclass(frozen=True)
class TerritoryRow:
    condition: str
    kind: str
    id: str
    side: str
    source: str
    row: int


# ------------------------------------------------------------------------------------------------ loading


def _nerve_ids() -> frozenset[str]:
    from bodymaps.atlas import load_atlas  # the atlas is loaded once per process and cached

    return frozenset(load_atlas().nerves)


def _check_row(row: dict[str, str], where: str, nerves: frozenset[str]) -> TerritoryRow:
    vocab = vocabulary()
    condition, kind, rid, side, source = (row[c].strip() for c in COLUMNS)

    def bad(column: str, message: str) -> DataError:
        return DataError(f"{where}, column {column}: {message}")

    if not vocab.has("condition", condition):
        raise bad("condition", f"{condition!r} is not a condition id in data/vocabulary.csv")
    if kind not in KINDS:
        raise bad("kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    if kind == "none":
        if rid or side:
            raise bad("id", "a row of kind 'none' leaves id and side empty")
    elif kind == "dermatome" and not (rid == ANY_ROOT or vocab.has("root", rid)):
        raise bad("id", f"{rid!r} is not a root id (or {ANY_ROOT!r} for the roots the assessment supports)")
    elif kind == "nerve" and rid not in nerves:
        raise bad("id", f"{rid!r} is not a nerve of data/atlas/atlas.json; allowed: {', '.join(sorted(nerves))}")
    elif kind == "zone" and not vocab.has("zone", rid):
        raise bad("id", f"{rid!r} is not a zone id in data/vocabulary.csv")
    if kind != "none":
        if side not in SIDES:
            raise bad("side", f"{side!r} is not one of {', '.join(SIDES)}")
        midline_zone = kind == "zone" and vocab.term("zone", rid).laterality == "midline"
        if (side == "midline") != midline_zone:
            raise bad("side", f"'midline' is for midline zones only, and a midline zone's side is 'midline' "
                              f"(got {side!r} for {kind} {rid!r})")
    if not source:
        raise bad("source", "every territory names its source")
    if not _TAG.search(source):
        raise bad("source", "the source must carry a tag: [S] published, [T] textbook or [U] unverified")
    return TerritoryRow(condition, kind, rid, side, source, 0)


def load_territories_from(path: Path, nerves: Iterable[str]) -> dict[str, tuple[TerritoryRow, ...]]:
    """Read and check a territory table; every condition of the vocabulary must have at least one row."""
    nerve_ids = frozenset(nerves)
    table: dict[str, list[TerritoryRow]] = {}
    seen: set[tuple[str, str, str, str]] = set()
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames != COLUMNS:
                raise DataError(f"{path}: columns must be {', '.join(COLUMNS)}; found {reader.fieldnames}")
            for row_no, row in enumerate(reader, start=2):
                where = f"{path}, row {row_no}"
                if None in row or any(v is None for v in row.values()):
                    raise DataError(f"{where}: expected {len(COLUMNS)} columns")
                checked = _check_row(row, where, nerve_ids)
                key = (checked.condition, checked.kind, checked.id, checked.side)
                if key in seen:
                    raise DataError(f"{where}, column id: {checked.kind} {checked.id!r} is listed twice "
                                    f"for {checked.condition}")
                seen.add(key)
                table.setdefault(checked.condition, []).append(
                    TerritoryRow(*key, checked.source, row_no))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read ({exc})") from None
    missing = [c for c in vocabulary().ids("condition") if c not in table]
    if missing:
        raise DataError(f"{path}: no territory row for {', '.join(missing)} (use kind 'none' if it has none)")
    return {c: tuple(rows) for c, rows in table.items()}


@cache
def load_condition_territories() -> dict[str, tuple[TerritoryRow, ...]]:
    """data/knowledge/condition_territories.csv, checked, once per process."""
    return load_territories_from(data_path("knowledge", "condition_territories.csv"), _nerve_ids())


# ------------------------------------------------------------------------------------------------ territories


def _sides(side_rule: str, condition_side: str | None) -> tuple[str, ...]:
    if side_rule == "midline":
        return ("midline",)
    if side_rule == "same" and condition_side in ("left", "right"):
        return (condition_side,)
    return ("left", "right")


def condition_territory(condition_id: str, side: str | None,
                        assessment: Assessment | None = None) -> tuple[Region, ...]:
    """The regions of a condition's territory on the given side (left, right, bilateral or None = both).

    Rows with ``id`` ``*`` name the roots ``assessment`` finds evidence for on that side: every root scoring at
    least ``ROOT_EVIDENCE_MIN``, or the best-scoring root when none does (nothing without an assessment).
    """
    rows = load_condition_territories().get(condition_id)
    if rows is None:
        raise KeyError(f"unknown condition {condition_id!r}")
    regions: list[Region] = []
    for row in rows:
        if row.kind == "none":
            continue
        for s in _sides(row.side, side):
            ids = [row.id]
            if row.id == ANY_ROOT:
                ids = _supported_roots(assessment, s)
            for rid in ids:
                region = (row.kind, rid, s)
                if region not in regions:
                    regions.append(region)
    return tuple(regions)


def _supported_roots(assessment: Assessment | None, side: str) -> list[str]:
    results = sorted((r for r in (assessment.roots if assessment else ()) if r.side == side and r.score > 0),
                     key=lambda r: -r.score)
    strong = [r.root for r in results if r.score >= ROOT_EVIDENCE_MIN]
    return strong or [r.root for r in results[:1]]


def sources(condition_id: str) -> tuple[str, ...]:
    """The source of every row of a condition's territory, for a tooltip or the report."""
    return tuple(row.source for row in load_condition_territories().get(condition_id, ()))


def _zones(contributions: Iterable[Contribution]) -> dict[ZoneKey, float]:
    out: dict[ZoneKey, float] = {}
    for c in contributions:
        if c.section == "sensory" and c.item and c.side:
            out[(c.item, c.side)] = out.get((c.item, c.side), 0.0) + c.weight
    return out


def _for_against(supporting: Iterable[Contribution],
                 against: Iterable[Contribution]) -> tuple[tuple[ZoneKey, ...], tuple[ZoneKey, ...]]:
    """Zones whose sensory findings count for / against; a zone in both goes where its net weight points."""
    pro, con = _zones(supporting), _zones(against)
    net = {k: pro.get(k, 0.0) + con.get(k, 0.0) for k in (*pro, *con)}
    zones_for = tuple(k for k in pro if net[k] >= 0)
    zones_against = tuple(k for k in con if net[k] < 0 and k not in zones_for)
    return zones_for, zones_against


def _side_text(side: str | None) -> str:
    return f" ({side})" if side else ""


def drawable(regions: Iterable[Region], atlas: Atlas, map_id: str) -> tuple[Region, ...]:
    """The regions that some view of the atlas draws in this dermatome map (a midline region serves both sides)."""
    drawn: set[Region] = set()
    for view in atlas.views.values():
        for r in [*view.dermatomes[atlas.check_map(map_id)], *view.nerves, *view.zones]:
            sides = ("left", "right", "midline") if r.side == "midline" else (r.side,)
            drawn.update((r.kind, r.id, s) for s in sides)
    return tuple(r for r in regions if r in drawn)


def highlight_for_condition(assessment: Assessment, condition_id: str, atlas: Atlas | None = None,
                            map_id: str | None = None) -> Highlight:
    """Territory of a condition on the engine's side, and the marked zones that count for or against it.

    With ``atlas`` the territory keeps only regions drawn in ``map_id`` (default: the assessment's map).
    """
    result = assessment.condition(condition_id)
    zones_for, zones_against = _for_against(result.supporting, result.against)
    regions = condition_territory(condition_id, result.side, assessment)
    if atlas is not None:
        regions = drawable(regions, atlas, map_id or assessment.map)
    return Highlight(f"{result.label}{_side_text(result.side)}", regions, zones_for, zones_against)


def highlight_for_root(assessment: Assessment, root: str, side: str, atlas: Atlas | None = None,
                       map_id: str | None = None) -> Highlight:
    """A root's dermatome on one side, and the marked zones that count for or against that root.

    With ``atlas`` the dermatome is left out when ``map_id`` (default: the assessment's map) does not draw it.
    """
    if not vocabulary().has("root", root):
        raise KeyError(f"unknown root {root!r}")
    results = [r for r in assessment.roots if r.root == root and r.side == side]
    supporting = results[0].supporting if results else ()
    against = results[0].against if results else ()
    zones_for, zones_against = _for_against(supporting, against)
    regions: tuple[Region, ...] = (("dermatome", root, side),)
    if atlas is not None:
        regions = drawable(regions, atlas, map_id or assessment.map)
    return Highlight(f"{root} dermatome{_side_text(side)}", regions, zones_for, zones_against)
