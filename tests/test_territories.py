"""Condition territories (data/knowledge/condition_territories.csv) and highlights from an assessment. No Qt."""

from __future__ import annotations

import csv
import shutil

import pytest

from bodymaps.atlas import load_atlas
from bodymaps.engine import assess
from bodymaps.exam import Exam, SensoryFinding, load_exam
from bodymaps.resources import DataError, data_dir, data_path
from bodymaps.territories import (
    Highlight,
    condition_territory,
    drawable,
    highlight_for_condition,
    highlight_for_root,
    load_condition_territories,
    sources,
)
from bodymaps.vocabulary import vocabulary


@pytest.fixture(scope="module")
def l5_assessment():
    return assess(load_exam(data_path("examples", "left_l5_radiculopathy.bodymaps.json")))


def test_every_condition_has_a_territory_row_with_a_tagged_source():
    table = load_condition_territories()
    assert set(table) == set(vocabulary().ids("condition"))
    for rows in table.values():
        for row in rows:
            assert any(tag in row.source for tag in ("[S", "[T", "[U"))


def test_every_region_named_exists_on_some_view_of_the_atlas():
    atlas = load_atlas()
    for condition, rows in load_condition_territories().items():
        for row in rows:
            if row.kind == "nerve":
                assert any(r.id == row.id for v in atlas.views.values() for r in v.nerves), condition
            elif row.kind == "zone":
                assert atlas.zone_views(row.id), condition
            elif row.kind == "dermatome" and row.id != "*":
                assert any(r.id == row.id for v in atlas.views.values() for rs in v.dermatomes.values()
                           for r in rs), condition


@pytest.mark.parametrize(("condition", "side", "expected"), [
    ("l5_radiculopathy", "left", {("dermatome", "L5", "left")}),
    ("s1_radiculopathy", "bilateral", {("dermatome", "S1", "left"), ("dermatome", "S1", "right")}),
    ("meralgia_paresthetica", "right", {("nerve", "lateral_femoral_cutaneous", "right")}),
    ("common_fibular_neuropathy", "left", {("nerve", "superficial_fibular", "left"),
                                           ("nerve", "deep_fibular", "left")}),
    ("femoral_neuropathy", "right", {("nerve", "anterior_femoral_cutaneous", "right"),
                                     ("nerve", "saphenous", "right")}),
    ("upper_motor_neuron_lesion", "left", set()),
])
def test_condition_territory(condition, side, expected):
    assert set(condition_territory(condition, side)) == expected


def test_cauda_equina_is_both_sides_and_the_saddle_whatever_the_side():
    regions = set(condition_territory("cauda_equina_syndrome", "left"))
    assert ("zone", "perineum", "midline") in regions
    for root in ("S2", "S3", "S4-5"):
        assert {("dermatome", root, "left"), ("dermatome", root, "right")} <= regions


def test_unknown_side_means_both_sides():
    assert set(condition_territory("l4_radiculopathy", None)) == {("dermatome", "L4", "left"),
                                                                   ("dermatome", "L4", "right")}
    with pytest.raises(KeyError):
        condition_territory("gout", "left")


def test_highlight_for_condition_outlines_the_zones_that_count(l5_assessment):
    h = highlight_for_condition(l5_assessment, "l5_radiculopathy")
    assert isinstance(h, Highlight)
    assert h.label == "L5 radiculopathy (left)"
    assert h.regions == (("dermatome", "L5", "left"),)
    assert {("dorsum_foot", "left"), ("great_toe", "left"), ("anterolateral_leg", "left")} <= set(h.zones_for)
    assert not set(h.zones_for) & set(h.zones_against)
    assert sources("l5_radiculopathy")


def test_zones_against_come_from_negative_sensory_contributions():
    exam = Exam(sensory=[SensoryFinding("lower_back", "left", "pain"),
                         SensoryFinding("dorsum_foot", "left", "numbness")])
    a = assess(exam)
    h = highlight_for_condition(a, "peripheral_polyneuropathy")
    result = a.condition("peripheral_polyneuropathy")
    expected_against = {(c.item, c.side) for c in result.against if c.section == "sensory"}
    expected_for = {(c.item, c.side) for c in result.supporting if c.section == "sensory"}
    assert set(h.zones_against) == expected_against - expected_for
    assert set(h.zones_for) <= expected_for
    assert h.zones_for or h.zones_against


def test_multilevel_shows_the_roots_the_assessment_supports(l5_assessment):
    h = highlight_for_condition(l5_assessment, "multilevel_radiculopathy")
    assert ("dermatome", "L5", "left") in h.regions
    assert all(kind == "dermatome" and side == "left" for kind, _, side in h.regions)


def test_highlight_for_root(l5_assessment):
    h = highlight_for_root(l5_assessment, "L5", "left")
    assert h.label == "L5 dermatome (left)" and h.regions == (("dermatome", "L5", "left"),)
    assert ("dorsum_foot", "left") in h.zones_for
    right = highlight_for_root(l5_assessment, "L5", "right")
    assert right.zones_for == () and right.regions == (("dermatome", "L5", "right"),)
    with pytest.raises(KeyError):
        highlight_for_root(l5_assessment, "T12", "left")


# ------------------------------------------------------------------------------------------------ broken copies


@pytest.fixture
def broken_table(tmp_path, monkeypatch):
    """Yield a function that edits one cell of a copy of the table and loads it from BODYMAPS_DATA."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    monkeypatch.setenv("BODYMAPS_DATA", str(copy))
    data_dir.cache_clear()
    load_condition_territories.cache_clear()
    path = copy / "knowledge" / "condition_territories.csv"

    def edit(row: int, column: str, value: str) -> None:
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
            fields = list(rows[0])
        rows[row - 2][column] = value
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
        load_condition_territories()

    yield edit
    monkeypatch.delenv("BODYMAPS_DATA")
    data_dir.cache_clear()
    load_condition_territories.cache_clear()


@pytest.mark.parametrize(("row", "column", "value", "message"), [
    (2, "condition", "l6_radiculopathy", "column condition"),
    (2, "kind", "myotome", "column kind"),
    (2, "id", "L9", "column id"),
    (15, "id", "peroneal", "column id"),
    (20, "id", "ankle", "column id"),
    (2, "side", "left", "column side"),
    (11, "side", "both", "column side"),  # the perineum is a midline zone
    (20, "side", "midline", "column side"),  # the buttock is not
    (2, "source", "", "column source"),
    (2, "source", "Lee 2008", "column source"),  # no [S]/[T]/[U] tag
    (39, "id", "L5", "column id"),  # kind none names nothing
])
def test_a_bad_cell_is_refused_naming_file_row_and_column(broken_table, row, column, value, message):
    with pytest.raises(DataError) as err:
        broken_table(row, column, value)
    text = str(err.value)
    assert "condition_territories.csv" in text and f"row {row}" in text and message in text


def test_a_condition_without_a_row_is_refused(broken_table):
    with pytest.raises(DataError, match="no territory row for upper_motor_neuron_lesion"):
        broken_table(39, "condition", "l5_radiculopathy")


def test_a_duplicate_row_is_refused(broken_table):
    with pytest.raises(DataError, match=r"row 9, column id: .*listed twice"):
        broken_table(9, "id", "S2")


def test_with_an_atlas_a_highlight_keeps_only_what_the_map_draws(l5_assessment):
    atlas = load_atlas()
    h = highlight_for_condition(l5_assessment, "l5_radiculopathy", atlas, "evidence_based")
    assert h.regions == (("dermatome", "L5", "left"),)
    ces = highlight_for_condition(l5_assessment, "cauda_equina_syndrome", atlas, "evidence_based")
    assert ("dermatome", "S4-5", "left") in ces.regions  # drawn as one midline region
    assert ("zone", "perineum", "midline") in ces.regions
    assert highlight_for_root(l5_assessment, "L1", "left", atlas, "evidence_based").regions == (
        ("dermatome", "L1", "left"),)
    assert highlight_for_root(l5_assessment, "S4-5", "left", atlas).regions == (("dermatome", "S4-5", "left"),)
    assert drawable([("nerve", "sural", "left"), ("dermatome", "T12", "left"), ("zone", "heel", "midline")],
                    atlas, "foerster") == (("nerve", "sural", "left"),)
