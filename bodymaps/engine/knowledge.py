"""The knowledge base of the engine: CSV tables in data/knowledge/, loaded with the csv module and checked.

Tables (one clinical row each, every row with its ``source``):

- ``conditions.csv``: condition, prior (log-odds), laterality (sided | paired | axial | multilevel), source
- ``root_rules.csv`` / ``condition_rules.csv``: how a finding bears on a root / a condition
  (target, finding, side, when, weight, group, min_count, requires, source)
- ``sensory_kinds.csv``: kind, weight (numbness > paresthesia > pain), source
- ``red_flags.csv``: id, label, action, source
- ``red_flag_triggers.csv``: flag, trigger, finding, side, when, urgency, source
- ``patterns.csv``: pattern, role, finding, when, source: the findings behind each derived finding (patterns.py)
- ``red_flag_actions.csv``: flag, site, action, source: a flag's action when the leading lesion lies at that site
- ``anatomy_muscles.csv``, ``anatomy_reflexes.csv``, ``nerves.csv``, ``lesion_model.csv``: the anatomy and the
  likelihood parameters of lesion localisation (read by anatomy.py, used by lesions.py)
- ``general_rules.csv``: rule, finding, weight, source: rules that apply to every condition (``unsupported``:
  the contribution added to a condition that no finding supports; ``no_second_level``: added to multilevel
  radiculopathy when it rests on one root alone); ``RULE:CONDITION`` overrides a rule for one condition

Any problem stops loading with a DataError naming the file, the row and the column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from bodymaps.engine.anatomy import Anatomy, load_anatomy
from bodymaps.engine.patterns import PatternRow
from bodymaps.engine.rules import (
    KINDS,
    KNOWLEDGE_DIR,
    LATERALITIES,
    MAX_WEIGHT,
    OVERLAP_SECTIONS,
    PATTERN_ROLES,
    SECTION_KIND,
    TRIGGER_SIDES,
    URGENCIES,
    Predicate,
    Rule,
    Table,
    is_sided,
    load_rules,
    parse_finding,
    parse_when,
)
from bodymaps.resources import DataError, data_path
from bodymaps.vocabulary import vocabulary

__all__ = [
    "KINDS",
    "OVERLAP_SECTIONS",
    "SECTION_KIND",
    "URGENCIES",
    "Condition",
    "GeneralRule",
    "KnowledgeBase",
    "Predicate",
    "RedFlagInfo",
    "Rule",
    "Trigger",
    "load_knowledge",
]


SITES = ("root", "cauda_equina", "cord", "peripheral_nerve", "joint", "soft_tissue", "systemic", "other")


@dataclass(frozen=True)
class Condition:
    id: str
    label: str
    prior: float
    laterality: str
    source: str
    site: str = "other"  # where the lesion lies (SITES): picks the action of a site-dependent red flag


@dataclass(frozen=True)
class RedFlagInfo:
    id: str
    label: str
    action: str
    source: str


@dataclass(frozen=True)
class SiteAction:
    """One row of red_flag_actions.csv: the action of a flag when the leading lesion lies at ``site``."""

    flag: str
    site: str
    action: str
    source: str


@dataclass(frozen=True)
class Trigger:
    """One row of red_flag_triggers.csv; rows sharing (flag, name) must all match."""

    flag: str
    name: str
    section: str
    items: tuple[str, ...]
    side: str  # any | bilateral (items pooled) | same_item_bilateral (one item on both sides) | ""
    when: Predicate
    urgency: str
    source: str
    row: int


@dataclass(frozen=True)
class GeneralRule:
    """One row of general_rules.csv: a contribution that applies to any condition (finding is a plain phrase)."""

    rule: str
    finding: str
    weight: float
    source: str


GENERAL_RULES = ("unsupported", "no_second_level", "bilateral_lesion")


@dataclass(frozen=True)
class KnowledgeBase:
    conditions: dict[str, Condition]  # vocabulary order
    root_rules: tuple[Rule, ...]
    condition_rules: tuple[Rule, ...]
    kind_weights: dict[str, float]
    kind_sources: dict[str, str]
    red_flags: dict[str, RedFlagInfo]  # table order
    triggers: tuple[Trigger, ...]
    roots: tuple[str, ...]
    general: dict[str, GeneralRule]  # rule id (or "rule:condition" for a per-condition override) -> row
    patterns: tuple[PatternRow, ...] = ()
    site_actions: dict[str, dict[str, SiteAction]] | None = None  # flag -> site -> action
    anatomy: Anatomy | None = None  # muscles, reflexes and nerves with their roots, and the lesion model


@cache
def load_knowledge() -> KnowledgeBase:
    """Load and check every table once per process (tests clear the cache with a broken copy).

    Served from the per-user cache (bodymaps/derived_cache.py) when an entry matches the tables, the vocabulary
    and the code that reads them exactly; else read, checked and cached for the next start.
    """
    from pathlib import Path

    from bodymaps.derived_cache import cached, content_key

    folder = data_path(KNOWLEDGE_DIR)
    here = Path(__file__).resolve().parent
    code = [*(here / f"{name}.py" for name in ("knowledge", "rules", "anatomy", "lesions", "patterns")),
            here.parent / "vocabulary.py"]
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".csv")
    key = content_key([*files, data_path("vocabulary.csv")], code, salt="knowledge")
    return cached("knowledge", key, _read_knowledge, KnowledgeBase)


def _read_knowledge() -> KnowledgeBase:
    voc = vocabulary()
    roots = voc.ids("root")
    condition_ids = voc.ids("condition")

    table = Table("conditions.csv", ("condition", "prior", "laterality", "source"))
    found: dict[str, Condition] = {}
    for row, rec in table.rows:
        cid = rec["condition"]
        if cid not in condition_ids:
            raise table.error(row, "condition", f"unknown condition id {cid!r}")
        if cid in found:
            raise table.error(row, "condition", f"duplicate condition {cid!r}")
        prior = table.number(row, "prior", rec["prior"], -10, 0)
        if rec["laterality"] not in LATERALITIES:
            raise table.error(row, "laterality", f"{rec['laterality']!r}: use {', '.join(LATERALITIES)}")
        site = rec.get("site", "") or "other"
        if site not in SITES:
            raise table.error(row, "site", f"{site!r}: use {', '.join(SITES)}")
        found[cid] = Condition(
            cid, voc.label("condition", cid), prior, rec["laterality"], table.source(row, rec), site
        )
    missing = [c for c in condition_ids if c not in found]
    if missing:
        raise DataError(f"{table.path}: no row for condition(s) {', '.join(missing)}")
    conditions = {c: found[c] for c in condition_ids}

    table = Table("sensory_kinds.csv", ("kind", "weight", "source"))
    kind_weights: dict[str, float] = {}
    kind_sources: dict[str, str] = {}
    for row, rec in table.rows:
        if rec["kind"] not in KINDS:
            raise table.error(row, "kind", f"unknown sensory kind {rec['kind']!r}")
        kind_weights[rec["kind"]] = table.number(row, "weight", rec["weight"], 0.01, 1.0)
        kind_sources[rec["kind"]] = table.source(row, rec)
    if set(kind_weights) != set(KINDS):
        raise DataError(f"{table.path}: needs one row for each of {', '.join(KINDS)}")

    root_rules = load_rules("root_rules.csv", set(roots), "root", roots)
    condition_rules = load_rules("condition_rules.csv", set(condition_ids), "condition", roots)
    for rule in condition_rules:
        if rule.side == "bilateral" and conditions[rule.target].laterality in ("sided", "paired"):
            raise DataError(
                f"{data_path(KNOWLEDGE_DIR, rule.file)}, row {rule.row}, column side: "
                f"'bilateral' is only for axial conditions; {rule.target} is sided"
            )

    table = Table("red_flags.csv", ("id", "label", "action", "source"))
    red_flags: dict[str, RedFlagInfo] = {}
    for row, rec in table.rows:
        fid = rec["id"]
        if not re.fullmatch(r"[a-z0-9_]+", fid) or fid in red_flags:
            raise table.error(row, "id", f"{fid!r} is not a new lower_snake_case id")
        label = rec["label"] or (voc.label("red_flag", fid) if voc.has("red_flag", fid) else "")
        if not label:
            raise table.error(row, "label", "a label is required for an implied flag")
        if not rec["action"]:
            raise table.error(row, "action", "an action is required")
        red_flags[fid] = RedFlagInfo(fid, label, rec["action"], table.source(row, rec))
    for fid in voc.ids("red_flag"):
        if fid not in red_flags:
            raise DataError(f"{table.path}: no row for red flag {fid!r}")

    table = Table("red_flag_triggers.csv", ("flag", "trigger", "finding", "side", "when", "urgency", "source"))
    triggers = []
    allow = ("motor", "reflexes", "tests", "sensory", "history", "red_flags", "patient", "pattern")
    for row, rec in table.rows:
        if rec["flag"] not in red_flags:
            raise table.error(row, "flag", f"{rec['flag']!r} has no row in red_flags.csv")
        if not rec["trigger"]:
            raise table.error(row, "trigger", "name the trigger (rows sharing flag and trigger must all match)")
        section, items = parse_finding(table, row, rec["finding"], roots, allow)
        side = rec["side"]
        if side not in TRIGGER_SIDES:
            raise table.error(row, "side", f"{side!r}: use any, bilateral, same_item_bilateral or leave empty")
        if is_sided(section, items) != bool(side):
            raise table.error(row, "side", "sided findings need a side (any, bilateral, same_item_bilateral); unsided ones an empty side")
        when = parse_when(table, row, section, items, rec["when"])
        if rec["urgency"] not in URGENCIES:
            raise table.error(row, "urgency", f"{rec['urgency']!r}: use {', '.join(URGENCIES)}")
        source = table.source(row, rec)
        triggers.append(Trigger(rec["flag"], rec["trigger"], section, items, side, when, rec["urgency"], source, row))
    table = Table("red_flag_actions.csv", ("flag", "site", "action", "source"))
    site_actions: dict[str, dict[str, SiteAction]] = {}
    for row, rec in table.rows:
        if rec["flag"] not in red_flags:
            raise table.error(row, "flag", f"{rec['flag']!r} has no row in red_flags.csv")
        if rec["site"] not in SITES:
            raise table.error(row, "site", f"{rec['site']!r}: use {', '.join(SITES)}")
        if not rec["action"]:
            raise table.error(row, "action", "an action is required")
        per_flag = site_actions.setdefault(rec["flag"], {})
        if rec["site"] in per_flag:
            raise table.error(row, "site", f"duplicate site {rec['site']!r} for {rec['flag']}")
        per_flag[rec["site"]] = SiteAction(rec["flag"], rec["site"], rec["action"], table.source(row, rec))

    table = Table("patterns.csv", ("pattern", "role", "finding", "when", "source"))
    patterns: list[PatternRow] = []
    for row, rec in table.rows:
        roles = PATTERN_ROLES.get(rec["pattern"])
        if roles is None:
            raise table.error(row, "pattern", f"{rec['pattern']!r}: use {', '.join(PATTERN_ROLES)}")
        if rec["role"] not in roles:
            raise table.error(row, "role", f"{rec['role']!r}: use {', '.join(roles)} for {rec['pattern']}")
        section, items = parse_finding(table, row, rec["finding"], roots, ("motor", "reflexes", "tests", "sensory", "history", "red_flags"))
        when = parse_when(table, row, section, items, rec["when"])
        patterns.append(PatternRow(rec["pattern"], rec["role"], section, items, when, table.source(row, rec)))

    table = Table("general_rules.csv", ("rule", "finding", "weight", "source"))
    general: dict[str, GeneralRule] = {}
    for row, rec in table.rows:
        base, _, cid = rec["rule"].partition(":")
        if base not in GENERAL_RULES or rec["rule"] in general or (cid and cid not in conditions):
            raise table.error(
                row, "rule", f"{rec['rule']!r}: use each of {', '.join(GENERAL_RULES)} once, or RULE:CONDITION once"
            )
        if not rec["finding"]:
            raise table.error(row, "finding", "a phrase naming the finding is required")
        weight = table.number(row, "weight", rec["weight"], -MAX_WEIGHT, -0.01)
        general[rec["rule"]] = GeneralRule(rec["rule"], rec["finding"], weight, table.source(row, rec))
    missing = [r for r in GENERAL_RULES if r not in general]
    if missing:
        raise DataError(f"{table.path}: no row for rule(s) {', '.join(missing)}")
    anatomy = load_anatomy(roots)
    for rule in condition_rules:
        if rule.section == "lesion":
            unknown = [n for n in rule.items if n not in anatomy.nerves]
            if unknown:
                raise DataError(
                    f"{data_path(KNOWLEDGE_DIR, rule.file)}, row {rule.row}, column finding: unknown nerve(s) "
                    f"{', '.join(unknown)} (nerves.csv)"
                )
    return KnowledgeBase(
        conditions,
        root_rules,
        condition_rules,
        kind_weights,
        kind_sources,
        red_flags,
        tuple(triggers),
        roots,
        general,
        tuple(patterns),
        site_actions,
        anatomy,
    )
