"""The anatomy the lesion model reads (data/knowledge/anatomy_muscles.csv, anatomy_reflexes.csv, nerves.csv) and
its likelihood parameters (lesion_model.csv): which roots and nerves supply each muscle action and reflex, how the
nerves branch, checked at load; and ``item_roots``, the main roots printed beside each muscle and reflex on the
exam grid and in the chart summary (one source, so that screen and paper never disagree). The model itself, which
weighs findings under each candidate lesion, is lesions.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bodymaps.engine.rules import Table
from bodymaps.resources import DataError
from bodymaps.vocabulary import vocabulary

PARAMETERS = (
    *(f"weak_{kind}_{grade}" for kind in ("major", "minor", "none") for grade in range(5)),
    "spared_root",
    "spared_nerve",
    "spared_pattern_4",
    "spared_pattern_root_4",
    "spared_pattern_3",
    "spared_pattern_2",
    "reflex_major_1",
    "reflex_major_0",
    "reflex_asym",
    "reflex_minor_factor",
    "reflex_none",
    "reflex_none_absent",
    "reflex_none_nerve",
    "reflex_normal_root",
    "reflex_normal_nerve",
    "weak_nerve_bonus",
    "weak_none_nerve_factor",
    "shared_root_floor",
    "minor_nerve_floor",
)


@dataclass(frozen=True)
class Supply:
    """Who supplies one muscle action or reflex."""

    item: str
    nerves_major: frozenset[str]
    nerves_minor: frozenset[str]
    roots_major: frozenset[str]
    roots_minor: frozenset[str]
    source: str
    key_root: str = ""  # the root whose ISNCSCI key muscle this is


@dataclass(frozen=True)
class Nerve:
    nerve: str
    parent: str
    condition: str
    source: str


@dataclass(frozen=True)
class Anatomy:
    muscles: dict[str, Supply]
    reflexes: dict[str, Supply]
    nerves: dict[str, Nerve]
    params: dict[str, float]
    param_sources: dict[str, str]


def _split(text: str) -> frozenset[str]:
    return frozenset(t for t in text.split("|") if t)


def load_anatomy(roots: tuple[str, ...]) -> Anatomy:
    voc = vocabulary()
    table = Table("nerves.csv", ("nerve", "parent", "condition", "source"))
    nerves: dict[str, Nerve] = {}
    conditions = set(voc.ids("condition"))
    for row, rec in table.rows:
        if rec["nerve"] in nerves or not rec["nerve"]:
            raise table.error(row, "nerve", f"{rec['nerve']!r} is empty or a duplicate")
        if rec["condition"] and rec["condition"] not in conditions:
            raise table.error(row, "condition", f"unknown condition id {rec['condition']!r}")
        nerves[rec["nerve"]] = Nerve(rec["nerve"], rec["parent"], rec["condition"], table.source(row, rec))
    for row, rec in table.rows:
        if rec["parent"] and rec["parent"] not in nerves:
            raise table.error(row, "parent", f"unknown nerve {rec['parent']!r}")

    def supplies(name: str, key: str, kind: str) -> dict[str, Supply]:
        table = Table(name, (key, "nerves_major", "nerves_minor", "roots_major", "roots_minor", "source"))
        out: dict[str, Supply] = {}
        for row, rec in table.rows:
            item = rec[key]
            if not voc.has(kind, item) or item in out:
                raise table.error(row, key, f"{item!r} is not a new {kind} id")
            supply = Supply(
                item,
                _split(rec["nerves_major"]),
                _split(rec["nerves_minor"]),
                _split(rec["roots_major"]),
                _split(rec["roots_minor"]),
                table.source(row, rec),
                rec.get("key_root", ""),
            )
            for column, names, known in (
                ("nerves_major", supply.nerves_major, nerves),
                ("nerves_minor", supply.nerves_minor, nerves),
                ("roots_major", supply.roots_major, roots),
                ("roots_minor", supply.roots_minor, roots),
            ):
                unknown = [n for n in names if n not in known]
                if unknown:
                    raise table.error(row, column, f"unknown {', '.join(unknown)}")
            if not supply.roots_major:
                raise table.error(row, "roots_major", "name at least one main root")
            if supply.key_root and supply.key_root not in supply.roots_major:
                raise table.error(row, "key_root", "the key muscle's root must be one of its main roots")
            out[item] = supply
        return out

    muscles = supplies("anatomy_muscles.csv", "action", "motor")
    reflexes = supplies("anatomy_reflexes.csv", "reflex", "reflex")
    table = Table("lesion_model.csv", ("parameter", "value", "source"))
    params: dict[str, float] = {}
    sources: dict[str, str] = {}
    for row, rec in table.rows:
        if rec["parameter"] not in PARAMETERS or rec["parameter"] in params:
            raise table.error(row, "parameter", f"{rec['parameter']!r}: use each of {', '.join(PARAMETERS)} once")
        params[rec["parameter"]] = table.number(row, "value", rec["value"], -5.0, 5.0)
        sources[rec["parameter"]] = table.source(row, rec)
    missing = [p for p in PARAMETERS if p not in params]
    if missing:
        raise DataError(f"{table.path}: no row for parameter(s) {', '.join(missing)}")
    for grade in (4, 3, 2):
        if params[f"spared_pattern_{grade}"] >= params[f"weak_major_{grade}"]:
            raise DataError(f"{table.path}: spared_pattern_{grade} must stay below weak_major_{grade} (monotonicity)")
    if params["spared_pattern_root_4"] >= params["weak_major_4"]:
        raise DataError(f"{table.path}: spared_pattern_root_4 must stay below weak_major_4 (monotonicity)")
    for grade in (1, 0):
        if params["spared_pattern_2"] >= params[f"weak_major_{grade}"]:
            raise DataError(f"{table.path}: spared_pattern_2 must stay below weak_major_{grade} (monotonicity)")
    return Anatomy(muscles, reflexes, nerves, params, sources)


@cache
def item_roots(section: str, item: str) -> str:
    """The main roots of a muscle action or reflex in the knowledge base's anatomy (anatomy_muscles.csv,
    anatomy_reflexes.csv: ``roots_major``), e.g. "L5" or "L3–L4"; "" when the anatomy does not list it."""
    from bodymaps.engine.knowledge import load_knowledge

    anatomy = load_knowledge().anatomy
    if anatomy is None:
        return ""
    supply = (anatomy.muscles if section == "motor" else anatomy.reflexes).get(item)
    if supply is None:
        return ""
    order = vocabulary().ids("root")
    roots = [r for r in order if r in supply.roots_major]
    if len(roots) > 1 and order.index(roots[-1]) - order.index(roots[0]) == len(roots) - 1:
        return f"{roots[0]}–{roots[-1]}"  # consecutive: a range
    return ", ".join(roots)
