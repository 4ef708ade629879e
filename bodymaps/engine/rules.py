"""Reading and checking the rule tables of the knowledge base (data/knowledge/*.csv): the CSV reader that names
file, row and column in every error, and the compilation of ``finding``/``side``/``when`` columns into rules.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

from bodymaps.resources import DataError, data_path
from bodymaps.vocabulary import vocabulary

KNOWLEDGE_DIR = "knowledge"
LATERALITIES = ("sided", "paired", "axial", "multilevel")
URGENCIES = ("emergency", "urgent", "review")  # most pressing first
KINDS = ("pain", "numbness", "paresthesia")
RULE_SIDES = ("same", "contralateral", "bilateral", "")
# trigger sides: any side; bilateral (the row's items pooled: a hit on the left and one on the right, e.g. weakness
# of any muscles in both legs); same_item_bilateral (one item hit on both sides, e.g. the same reflex brisk)
TRIGGER_SIDES = ("any", "bilateral", "same_item_bilateral", "")
SOURCE_TAG = re.compile(r"\[(S|T|U)\b")
MAX_WEIGHT = 5.0

# derived findings (patterns.py, data/knowledge/patterns.csv): pattern id -> the roles its rows may have
PATTERN_ROLES: dict[str, tuple[str, ...]] = {
    "neuro_deficit": ("any",),
    "bilateral_radicular_deficit": ("deficit", "claudication", "upper_motor_neuron"),
    "length_dependent": ("stocking_medial", "stocking_lateral", "stocking_leg", "distal", "excludes"),
    "symmetric_distal": ("sensory", "leg", "weak", "context", "chronic"),
    "symmetric_areflexia": ("both",),
    "bilateral_lumbosacral_deficit": ("deficit",),
    # bilateral_radicular_deficit without upper motor neuron signs, or with a reflex loss on each side (no rows of its
    # own: derived from bilateral_radicular_deficit's); it raises the cauda equina warning
    "bilateral_lmn_deficit": (),
    # dense weakness or a reflex loss at L5 and below on each side, whatever the sensory picture (with upper motor
    # neuron signs only the reflex losses): multilevel reads it
    "bilateral_lumbosacral_motor": ("deficit",),
}
PATTERNS = tuple(PATTERN_ROLES)

# finding section -> vocabulary kind of its ids
SECTION_KIND = {
    "motor": "motor",
    "reflexes": "reflex",
    "tests": "test",
    "sensory": "zone",
    "variable": "zone",
    "unexplained": "zone",
    "history": "history",
    "red_flags": "red_flag",
}
# sections whose weight is multiplied by a zone overlap taken from the atlas
OVERLAP_SECTIONS = ("dermatome", "territory", "outside")


@dataclass(frozen=True)
class Predicate:
    """A condition on a finding's value, e.g. ``<=4``, ``=positive``, ``asym_lower``, ``numbness|pain``."""

    text: str
    test: Callable[[object, object], bool]  # (value, value on the other side or None) -> bool
    kind_scaled: bool = False  # sensory "any": weight x kind weight
    needs_other: bool = False  # reads the other side's value (asym_lower)
    origin: tuple[str, tuple[str, ...]] = ("", ())  # (section, items) it was parsed for, see __reduce__

    def __reduce__(self) -> tuple[Callable[..., Predicate], tuple[str, tuple[str, ...], str]]:
        """Pickled as the text it was parsed from (``test`` is a closure): the knowledge base's cache."""
        return _reparse_when, (*self.origin, self.text)


@dataclass(frozen=True)
class Rule:
    """One row of a rule table, compiled."""

    file: str
    row: int
    target: str
    section: str  # motor, reflexes, tests, sensory, history, red_flags, patient, root, dermatome, variable,
    # territory, outside
    items: tuple[str, ...]
    side: str  # same | contralateral | bilateral | "" (unsided)
    when: Predicate
    weight: float
    group: str
    min_count: int
    source: str
    requires: tuple[str, ...] = ()  # groups of the same target, one of which must already contribute (> 0)

    @property
    def finding(self) -> str:
        return f"{self.section}.{'|'.join(self.items)}" if self.items else self.section


class Table:
    """Reads one CSV, checks its header and reports problems as ``file, row N, column C: ...``."""

    def __init__(self, name: str, columns: tuple[str, ...]) -> None:
        self.path: Path = data_path(KNOWLEDGE_DIR, name)
        self.name = name
        with self.path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            header = tuple(reader.fieldnames or ())
            missing = [c for c in columns if c not in header]
            if missing:
                raise DataError(f"{self.path}, row 1: missing column(s) {', '.join(missing)}")
            self.rows = [(n, {k: (v or "").strip() for k, v in r.items() if k}) for n, r in enumerate(reader, 2)]

    def error(self, row: int, column: str, message: str) -> DataError:
        return DataError(f"{self.path}, row {row}, column {column}: {message}")

    def source(self, row: int, rec: dict[str, str]) -> str:
        src = rec.get("source", "")
        if not src:
            raise self.error(row, "source", "a source is required (author year, what was measured, [S]/[T]/[U])")
        if not SOURCE_TAG.search(src):
            raise self.error(row, "source", f"{src!r} lacks an evidence tag [S], [T] or [U]")
        return src

    def number(self, row: int, column: str, text: str, lo: float, hi: float) -> float:
        try:
            value = float(text)
        except ValueError:
            raise self.error(row, column, f"{text!r} is not a number") from None
        if not math.isfinite(value) or not lo <= value <= hi:
            raise self.error(row, column, f"{text!r} is outside {lo}..{hi}")
        return value


def _compare(op: str, bound: float) -> Callable[[object, object], bool]:
    if op == "<=":
        return lambda value, _other: isinstance(value, int) and value <= bound
    if op == ">=":
        return lambda value, _other: isinstance(value, int) and value >= bound
    if op == "<":
        return lambda value, _other: isinstance(value, int) and value < bound
    if op == ">":
        return lambda value, _other: isinstance(value, int) and value > bound
    return lambda value, _other: isinstance(value, int) and value == bound


def _asym_lower(value: object, other: object) -> bool:
    return isinstance(value, int) and isinstance(other, int) and value <= 1 and value < other


_NUMERIC = re.compile(r"^(<=|>=|<|>|=)(\d+)$")


def parse_when(table: Table, row: int, section: str, items: tuple[str, ...], when: str) -> Predicate:
    """Turn the ``when`` column into a predicate, checking it makes sense for the section."""
    return replace(_parse_when(table, row, section, items, when), origin=(section, items))


def _reparse_when(section: str, items: tuple[str, ...], when: str) -> Predicate:
    """A predicate unpickled: parsed again from a ``when`` that was checked when the knowledge base was read."""
    return parse_when(cast(Table, None), 0, section, items, when)


def _parse_when(table: Table, row: int, section: str, items: tuple[str, ...], when: str) -> Predicate:

    def bad(allowed: str) -> DataError:
        return table.error(row, "when", f"{when!r} is not allowed for {section}; use {allowed}")

    if section in ("history", "red_flags", "pattern"):
        if when != "present":
            raise bad("'present'")
        return Predicate(when, lambda _v, _o: True)
    if section in ("sensory", "variable", "unexplained", *OVERLAP_SECTIONS):
        if when == "any":
            return Predicate(when, lambda _v, _o: True, kind_scaled=True)
        kinds = tuple(when.split("|"))
        if not when or any(k not in KINDS for k in kinds):
            raise bad("'any' or kinds joined by '|' (pain, numbness, paresthesia)")
        return Predicate(when, lambda v, _o: v in kinds)
    if section in ("root", "lesion"):
        if when != "evidence":
            raise bad("'evidence'")
        return Predicate(when, lambda _v, _o: True)
    if section == "tests":
        if when not in ("=positive", "=negative"):
            raise bad("'=positive' or '=negative'")
        wanted = when[1:]
        return Predicate(when, lambda v, _o: v == wanted)
    if section == "patient":
        if items == ("sex",):
            if when not in ("=female", "=male", "=other"):
                raise bad("'=female', '=male' or '=other'")
            wanted = when[1:]
            return Predicate(when, lambda v, _o: v == wanted)
        m = _NUMERIC.match(when)
        if not m or not 0 <= int(m.group(2)) <= 130:
            raise bad("a comparison such as '>=60' or '<40'")
        return Predicate(when, _compare(m.group(1), int(m.group(2))))
    if section == "reflexes":
        if "babinski" in items:
            if items != ("babinski",) or when not in ("=upgoing", "=downgoing"):
                raise bad("'=upgoing' or '=downgoing' (babinski alone)")
            wanted = when[1:]
            return Predicate(when, lambda v, _o: v == wanted)
        if when == "asym_lower":
            return Predicate(when, _asym_lower, needs_other=True)
        m = _NUMERIC.match(when)
        if not m or int(m.group(2)) > 4:
            raise bad("'asym_lower' or a comparison with a grade 0-4 such as '<=1'")
        return Predicate(when, _compare(m.group(1), int(m.group(2))))
    if section == "motor":
        m = _NUMERIC.match(when)
        if not m or int(m.group(2)) > 5:
            raise bad("a comparison with an MRC grade 0-5 such as '<=4'")
        return Predicate(when, _compare(m.group(1), int(m.group(2))))
    raise table.error(row, "finding", f"unknown section {section!r}")


def parse_finding(
    table: Table, row: int, text: str, roots: tuple[str, ...], allow: tuple[str, ...]
) -> tuple[str, tuple[str, ...]]:
    """``section.id1|id2`` -> (section, items); ``*`` stands for every id of the section."""
    voc = vocabulary()
    section, _, rest = text.partition(".")
    if section not in allow:
        raise table.error(row, "finding", f"{text!r}: section must be one of {', '.join(allow)}")
    if section == "dermatome":
        if rest:
            raise table.error(row, "finding", "'dermatome' takes no id (the target root is used)")
        return section, ()
    if not rest:
        raise table.error(row, "finding", f"{text!r}: an id is required after '{section}.'")
    items = tuple(rest.split("|"))
    if section == "pattern":
        for item in items:
            if item not in PATTERNS:
                raise table.error(row, "finding", f"unknown pattern {item!r} (known: {', '.join(PATTERNS)})")
        return section, items
    if section == "root":
        for item in items:
            if item not in roots:
                raise table.error(row, "finding", f"unknown root {item!r}")
        return section, items
    if section in ("territory", "outside", "lesion"):
        for item in items:
            if not re.fullmatch(r"[a-z_]+", item):
                raise table.error(row, "finding", f"bad nerve id {item!r}")
        return section, items
    if section == "patient":
        if items not in (("age",), ("sex",)):
            raise table.error(row, "finding", "patient findings are 'patient.age' or 'patient.sex'")
        return section, items
    kind = SECTION_KIND[section]
    if items == ("*",):
        items = voc.ids(kind)
        if section == "reflexes":
            items = tuple(i for i in items if i != "babinski")
        return section, items
    for item in items:
        if not voc.has(kind, item):
            raise table.error(row, "finding", f"unknown {kind} id {item!r}")
    return section, items


def is_sided(section: str, items: tuple[str, ...]) -> bool:
    voc = vocabulary()
    if section in ("history", "red_flags", "patient", "pattern"):
        return False
    if section in ("root", "lesion"):
        return True
    if section == "tests":
        return any(voc.term("test", i).laterality == "sided" for i in items)
    return True


def load_rules(name: str, targets: set[str], target_kind: str, roots: tuple[str, ...]) -> tuple[Rule, ...]:
    cols = ("target", "finding", "side", "when", "weight", "group", "min_count", "requires", "source")
    table = Table(name, cols)
    allow: tuple[str, ...] = (
        "motor", "reflexes", "tests", "sensory", "history", "red_flags", "patient", "territory", "outside", "pattern"
    )
    roots_only = ("dermatome", "variable", "unexplained")
    allow = (*allow, *roots_only) if target_kind == "root" else (*allow, "root", "lesion")
    rules: list[Rule] = []
    for row, rec in table.rows:
        if not any(rec.values()):
            continue
        target = rec["target"]
        if target not in targets:
            raise table.error(row, "target", f"unknown {target_kind} id {target!r}")
        section, items = parse_finding(table, row, rec["finding"], roots, allow)
        side = rec["side"]
        if side not in RULE_SIDES:
            raise table.error(row, "side", f"{side!r}: use same, contralateral, bilateral or leave empty")
        if is_sided(section, items) and not side:
            raise table.error(row, "side", f"{rec['finding']} is sided: use same, contralateral or bilateral")
        if not is_sided(section, items) and side:
            raise table.error(row, "side", f"{rec['finding']} is unsided: leave side empty")
        if side == "bilateral" and target_kind == "root":
            raise table.error(row, "side", "'bilateral' is only for axial conditions")
        when = parse_when(table, row, section, items, rec["when"])
        weight = table.number(row, "weight", rec["weight"], -MAX_WEIGHT, MAX_WEIGHT)
        if weight == 0:
            raise table.error(row, "weight", "a zero weight says nothing; drop the row")
        if weight < 0 and (side in ("bilateral", "contralateral") or when.text == "asym_lower"):
            # such rules read a finding of the other side; a negative weight could make adding a supporting
            # finding lower the score
            raise table.error(row, "weight", "bilateral, contralateral and asym_lower rules must be positive")
        min_count = 0
        if rec["min_count"]:
            if not rec["min_count"].isdigit() or not 2 <= int(rec["min_count"]) <= len(items):
                raise table.error(row, "min_count", f"{rec['min_count']!r}: use 2..{len(items)} or leave empty")
            min_count = int(rec["min_count"])
        group = rec["group"] or f"row{row}"
        if not re.fullmatch(r"[A-Za-z0-9_]+", group):
            raise table.error(row, "group", f"{group!r}: letters, digits and '_' only")
        requires = tuple(rec["requires"].split("|")) if rec["requires"] else ()
        if requires and weight < 0:
            raise table.error(row, "requires", "only positive rules may require another group")
        source = table.source(row, rec)
        rules.append(
            Rule(table.name, row, target, section, items, side, when, weight, group, min_count, source, requires)
        )
    groups_of: dict[str, set[str]] = {}
    for rule in rules:
        groups_of.setdefault(rule.target, set()).add(rule.group)
        if target_kind == "root":  # the lesion model adds a root's muscle and reflex evidence as these groups
            groups_of[rule.target] |= {"motor", "reflex"}
    for rule in rules:
        for group in rule.requires:
            if group not in groups_of[rule.target] or group == rule.group:
                raise table.error(rule.row, "requires", f"{group!r} is not another group of {rule.target}")
    return tuple(rules)
