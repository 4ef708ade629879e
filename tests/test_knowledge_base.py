"""The knowledge base in data/knowledge/ loads, and a broken copy is refused naming file, row and column."""

from __future__ import annotations

import csv
import shutil

import pytest

from bodymaps.engine.knowledge import load_knowledge
from bodymaps.resources import DataError, data_dir
from bodymaps.vocabulary import vocabulary


@pytest.fixture
def broken_copy(tmp_path, monkeypatch):
    """Yield a function that edits one cell of a copy of data/ and loads the knowledge base from it."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    monkeypatch.setenv("BODYMAPS_DATA", str(copy))
    data_dir.cache_clear()
    load_knowledge.cache_clear()

    def edit(name: str, row: int, column: str, value: str) -> None:
        path = copy / "knowledge" / name
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
            fields = list(rows[0])
        rows[row - 2][column] = value  # row numbers count the header as row 1
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)

    yield edit
    monkeypatch.delenv("BODYMAPS_DATA")
    data_dir.cache_clear()
    load_knowledge.cache_clear()


def test_packaged_knowledge_base_loads():
    kb = load_knowledge()
    assert list(kb.conditions) == list(vocabulary().ids("condition"))
    assert all(rule.source for rule in (*kb.root_rules, *kb.condition_rules))
    assert set(kb.kind_weights) == {"numbness", "paresthesia", "pain"}
    assert kb.kind_weights["numbness"] > kb.kind_weights["paresthesia"] > kb.kind_weights["pain"]
    assert set(vocabulary().ids("red_flag")) <= set(kb.red_flags)


@pytest.mark.parametrize(
    ("name", "row", "column", "value", "message"),
    [
        ("condition_rules.csv", 3, "finding", "motor.big_toe_wiggle", "unknown motor id"),
        ("condition_rules.csv", 4, "source", "", "a source is required"),
        ("condition_rules.csv", 4, "source", "Smith 2020 without a tag", "evidence tag"),
        ("condition_rules.csv", 5, "weight", "heavy", "not a number"),
        ("condition_rules.csv", 5, "weight", "99", "outside"),
        ("condition_rules.csv", 2, "target", "l6_radiculopathy", "unknown condition id"),
        ("root_rules.csv", 12, "when", "<=7", "not allowed for reflexes"),
        ("anatomy_muscles.csv", 2, "roots_major", "L9", "unknown L9"),
        ("anatomy_muscles.csv", 3, "action", "wiggle", "not a new motor id"),
        ("anatomy_reflexes.csv", 2, "nerves_major", "vagus", "unknown vagus"),
        ("nerves.csv", 8, "parent", "plexus", "unknown nerve"),
        ("lesion_model.csv", 2, "value", "lots", "not a number"),
        ("lesion_model.csv", 2, "parameter", "weak_major_9", "use each of"),
        ("patterns.csv", 2, "role", "sometimes", "use any"),
        ("red_flag_actions.csv", 2, "site", "elbow", "use root"),
        ("root_rules.csv", 12, "side", "sideways", "use same"),
        ("root_rules.csv", 2, "target", "L7", "unknown root id"),
        ("conditions.csv", 2, "prior", "1.5", "outside"),
        ("conditions.csv", 3, "laterality", "diagonal", "use sided"),
        ("sensory_kinds.csv", 2, "weight", "0", "outside"),
        ("red_flags.csv", 2, "action", "", "an action is required"),
        ("red_flag_triggers.csv", 2, "urgency", "whenever", "use emergency"),
        ("red_flag_triggers.csv", 2, "flag", "bad_luck", "no row in red_flags.csv"),
    ],
)
def test_broken_cell_is_refused_naming_file_row_and_column(broken_copy, name, row, column, value, message):
    broken_copy(name, row, column, value)
    with pytest.raises(DataError) as info:
        load_knowledge()
    text = str(info.value)
    assert name in text and f"row {row}" in text and f"column {column}" in text and message in text


def test_missing_column_is_refused(broken_copy, tmp_path):
    path = tmp_path / "data" / "knowledge" / "root_rules.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0].replace(",source", ",provenance"), *lines[1:]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"root_rules\.csv, row 1: missing column\(s\) source"):
        load_knowledge()


def test_negative_bilateral_rule_is_refused(broken_copy):
    kb = load_knowledge()
    row = next(r.row for r in kb.condition_rules if r.side == "bilateral")
    load_knowledge.cache_clear()
    broken_copy("condition_rules.csv", row, "weight", "-0.5")
    with pytest.raises(DataError, match=f"row {row}, column weight: bilateral"):
        load_knowledge()


def test_missing_condition_row_is_refused(broken_copy, tmp_path):
    path = tmp_path / "data" / "knowledge" / "conditions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("femoral_neuropathy")) + "\n")
    with pytest.raises(DataError, match=r"no row for condition.*femoral_neuropathy"):
        load_knowledge()


def test_every_finding_value_has_one_sign_per_target():
    """A finding must not both support and count against one root or condition (monotonicity relies on it)."""
    kb = load_knowledge()
    values = {"motor": range(6), "reflexes": (*range(5), "upgoing", "downgoing"),
              "tests": ("positive", "negative"), "sensory": ("pain", "numbness", "paresthesia"),
              "history": (True,), "red_flags": (True,)}
    root_rules = {}
    for rule in kb.root_rules:
        root_rules.setdefault(rule.target, []).append(rule)
    for target in (*kb.roots, *kb.conditions):
        rules = [r for r in (*kb.root_rules, *kb.condition_rules) if r.target == target]
        linked = [(r.weight, rr) for r in rules if r.section == "root" for item in r.items for rr in root_rules[item]]
        rules = [(1.0, r) for r in rules if r.section != "root"] + linked
        for section, outcomes in values.items():
            items = {i for _, r in rules if r.section == section for i in r.items}
            for item in items:
                for value in outcomes:
                    signs = {
                        k * r.weight > 0
                        for k, r in rules
                        if r.section == section and item in r.items and r.when.test(value, None)
                    }
                    assert len(signs) <= 1, (target, section, item, value)
