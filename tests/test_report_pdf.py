"""The chart summary PDF read back: sections in order, sides and views on every figure, metadata, fonts,
de-identification, and marked zones coloured where the atlas puts them (in colour and in greyscale)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from bodymaps.atlas import load_atlas
from bodymaps.engine import assess
from bodymaps.exam import load_exam, parse_exam
from bodymaps.report import build_report
from tests.report_helpers import fonts, info, median_pixel, needs_poppler, page_image, text, words

pytestmark = needs_poppler
EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"
L5 = EXAMPLES / "left_l5_radiculopathy.bodymaps.json"
CES = EXAMPLES / "cauda_equina_red_flags.bodymaps.json"


@pytest.fixture(scope="module")
def render(qapp):  # qapp first: the renderer must reuse the test QApplication, not make its own
    from desktop.report.pdf import pdf_bytes

    def _render(exam, tmp: Path, name: str = "summary.pdf", **kw):
        report = build_report(exam, assess(exam, kw.pop("map_id", "evidence_based")), **kw)
        rendered = pdf_bytes(report)
        path = tmp / name
        path.write_bytes(rendered.data)
        return path, rendered

    return _render


def _identified():
    exam = copy.deepcopy(load_exam(L5))
    exam.patient.name = "Jane Quinton"
    exam.patient.id = "MRN-4471"
    exam.patient.age = 93
    exam.info.examiner = "Dr Ofelia Affleck"
    exam.notes = "Affected office; fluffy flat field of fifty official findings."
    return exam


def test_sections_come_in_order_with_red_flags_before_the_differential(render, tmp_path):
    pdf, _ = render(load_exam(CES), tmp_path)
    body = " ".join(text(pdf).split())
    order = ["RED FLAGS", "EMERGENCY", "Saddle anaesthesia", "Body diagrams", "Sensory findings",
             "Strength, reflexes, special tests and history", "Reflexes", "Special tests", "History",
             "Assessment", "Differential", "Notes",
             "Decision support, not a diagnosis", "References", "Examiner signature"]
    positions = [body.find(title) for title in order]
    assert all(p >= 0 for p in positions), dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    assert "MRI" in body and "perineum" in body  # the action and the finding that raised the flag


def test_top_condition_and_side_are_printed(render, tmp_path):
    exam = load_exam(L5)
    top = assess(exam).differential[0]
    pdf, _ = render(exam, tmp_path)
    lines = [" ".join(line.split()) for line in text(pdf, "-layout").splitlines()]
    first = next(line for line in lines if line.startswith("1. ") and top.label in line)
    assert (top.side or "").capitalize() in first
    assert "Red flags" not in first and "RED FLAGS" not in text(pdf)  # none raised: no box


def test_every_page_has_both_identifiers_and_page_n_of_m(render, tmp_path):
    pdf, rendered = render(_identified(), tmp_path)
    pages = text(pdf).split("\f")[: rendered.pages]
    assert rendered.pages == int(info(pdf)["Pages"]) >= 2
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} of {rendered.pages}" in page
        assert "Jane Quinton" in page and "MRN-4471" in page
    assert "Examiner signature" in pages[-1] and "Examiner signature" not in pages[0]


def test_a_typical_exam_fits_two_pages(render, tmp_path):
    _, rendered = render(load_exam(L5), tmp_path)
    assert rendered.pages == 2


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_an_exam_with_three_red_flags_fits_two_pages_with_everything_on_them(render, tmp_path, paper):
    exam = load_exam(CES)
    assert len(assess(exam).red_flags) == 3
    pdf, rendered = render(exam, tmp_path, paper=paper)
    assert rendered.pages == 2
    body = " ".join(text(pdf).split())
    for must in ("RED FLAGS", "Urinary retention", "Same action as for the flag above", "Special tests",
                 "Differential", "Root summary", "References", "Examiner signature"):
        assert must in body, must


def test_a_condition_is_never_split_from_its_findings_across_pages(qapp):
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QPdfWriter

    from desktop.report.blocks import Cell, Ctx, Grid, GridRow

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    ctx = Ctx(QPdfWriter(buffer))
    rows = [GridRow([Cell("#"), Cell("Condition")], header=True)]
    for n in range(4):
        rows.append(GridRow([Cell(f"{n}."), Cell(f"condition {n}")], rule_above=True))
        rows += [GridRow([Cell(""), Cell(f"finding {n}.{i}")]) for i in range(3)]
    grid = Grid([0.1, 0.9], rows)
    row_h = grid._row_h(ctx, rows[1], 1000.0)
    head, tail = grid.split(ctx, 1000.0, 10.5 * row_h)  # room for ten rows: two conditions and a half
    assert head is not None and isinstance(tail, Grid)
    assert [r.cells[1].text for r in head.rows[1:] if r.rule_above] == ["condition 0", "condition 1"]
    assert tail.rows[0].header and tail.rows[1].cells[1].text == "condition 2"  # the header repeats
    assert grid.split(ctx, 1000.0, 6.5 * row_h) == (None, grid)  # not one condition alone at a page's foot


def test_each_figure_names_its_view_and_puts_r_and_l_on_the_patient_sides(render, tmp_path):
    pdf, rendered = render(load_exam(L5), tmp_path)
    found = words(pdf, 1)
    atlas = load_atlas()
    titles = {"anterior": "Anterior", "posterior": "Posterior", "soles": "Soles"}
    assert [p.view for p in rendered.placements] == ["anterior", "posterior", "soles"]
    for place in rendered.placements:
        left, right = place.column
        in_column = [w for w in found if left <= (w[1] + w[3]) / 2 <= right and place.y0 - 30 < w[2] < place.y0]
        letters = {w[0]: (w[1] + w[3]) / 2 for w in in_column if w[0] in ("R", "L")}
        assert set(letters) == {"R", "L"}, (place.view, in_column)
        assert any(w[0] == titles[place.view] for w in in_column)
        patient_left_on_viewer_left = atlas.view(place.view).patient_left_on == "viewer-left"
        assert (letters["L"] < letters["R"]) == patient_left_on_viewer_left, place.view
    # anterior and posterior disagree, as they must: the views are never mirrored copies of each other
    assert atlas.view("anterior").patient_left_on != atlas.view("posterior").patient_left_on


def test_metadata_fonts_and_exact_text(render, tmp_path):
    pdf, _ = render(_identified(), tmp_path)
    meta = info(pdf)
    assert meta["Title"].startswith("BodyMaps chart summary") and "Jane Quinton" in meta["Title"]
    assert meta["Author"] == "Dr Ofelia Affleck"
    assert meta["Subject"].startswith("Back and leg pain assessment") and "L5 radiculopathy" in meta["Subject"]
    assert meta["CreationDate"][:4].isdigit() and meta["Creator"].startswith("BodyMaps")
    assert meta["Page size"].startswith("595") and "A4" in meta["Page size"]
    listed = fonts(pdf)
    assert listed and all(row[-5] == "yes" for row in listed)  # emb column: every font embedded
    body = text(pdf)
    for word in ("Affected", "office", "fluffy", "flat", "field", "fifty", "official", "findings"):
        assert word in body, word
    assert "\ufb00" not in body and "\ufb01" not in body and "\ufb02" not in body


def test_letter_paper(render, tmp_path):
    pdf, rendered = render(load_exam(L5), tmp_path, paper="letter")
    assert info(pdf)["Page size"].startswith("612 x 792")
    assert rendered.pages == 2


def test_deidentified_variant_has_no_name_id_examiner_notes_or_full_dates(render, tmp_path):
    pdf, _ = render(_identified(), tmp_path, deidentify=True)
    body = text(pdf)
    raw = pdf.read_bytes()
    meta = " ".join(info(pdf).values())
    for secret in ("Jane Quinton", "MRN-4471", "Ofelia", "Affleck", "fluffy", "2026-11-21", "Nov 21"):
        assert secret not in body and secret not in meta
        assert secret.encode() not in raw and secret.encode("utf-16-be") not in raw
    assert "90+" in body and "De-identified" in body
    assert info(pdf)["CreationDate"] in ("2026", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00+00:00") or \
        info(pdf)["CreationDate"].startswith("2026-01-01")
    assert b"xmp:CreateDate=\"2026\"" in raw or b"CreateDate" not in raw


def _zone_point(view_id: str, zone: str, side: str) -> tuple[float, float]:
    region = load_atlas().view(view_id).zone(zone, side)
    assert region is not None
    point = region.geometry.representative_point()
    return point.x, point.y


CASES = [  # (view, zone, side, kind or None for unmarked)
    ("anterior", "dorsum_foot", "left", "numbness"),
    ("anterior", "dorsum_foot", "right", None),
    ("anterior", "anterior_thigh", "left", None),
    ("posterior", "buttock", "left", "pain"),
    ("posterior", "buttock", "right", None),
    ("posterior", "posterior_thigh", "left", "pain"),
    ("posterior", "posterior_thigh", "right", None),
    ("soles", "heel", "left", None),
]


@pytest.mark.parametrize("gray", [False, True], ids=["colour", "greyscale"])
def test_marked_zones_are_filled_at_their_centroids_and_unmarked_ones_are_not(render, tmp_path, gray):
    from desktop.style import KIND_STYLES

    pdf, rendered = render(load_exam(L5), tmp_path)
    dpi = 100
    image = page_image(pdf, tmp_path, dpi, gray=gray)
    places = {p.view: p for p in rendered.placements}
    assert all(p.page == 1 for p in places.values())
    for view, zone, side, kind in CASES:
        x, y = places[view].to_page(*_zone_point(view, zone, side))
        pixel = median_pixel(image, x * dpi / 72, y * dpi / 72)
        if gray:
            level = pixel[0]
            assert (level < 215) == (kind is not None), (view, zone, side, kind, level)
            if kind is not None:  # hatch lines too, for a black-and-white printer that drops the fill
                px, py = int(x * dpi / 72), int(y * dpi / 72)
                window = [image.getpixel((px + dx, py + dy)) for dx in range(-4, 5) for dy in range(-4, 5)]
                assert min(window) < level - 60, (view, zone, side, "no hatch line near the centroid")
            continue
        r, g, b = pixel
        saturation = max(pixel) - min(pixel)
        if kind is None:
            assert saturation < 25 and min(pixel) > 200, (view, zone, side, pixel)
            continue
        want = KIND_STYLES[kind].colour
        wr, wg, wb = (int(want[i : i + 2], 16) for i in (1, 3, 5))
        # same hue family as the kind's colour, blended with the white paper
        assert saturation > 40, (view, zone, side, pixel)
        assert (r > b) == (wr > wb) and (g > b) == (wg > wb), (view, zone, side, pixel, want)


def test_an_empty_exam_prints_not_tested_and_no_invented_findings(render, tmp_path):
    pdf, rendered = render(parse_exam({"format": "bodymaps.exam", "version": 1}), tmp_path)
    body = text(pdf)
    assert body.count("not tested") >= 2 * (11 + 4)  # every muscle and reflex, both sides
    assert "No sensory findings marked" in body and "No special tests recorded" in body
    assert "RED FLAGS" not in body
    assert rendered.pages <= 2


def test_a_long_exam_continues_on_more_pages_with_continued_headings(render, tmp_path):
    zones = ["lower_back", "buttock", "lateral_hip", "anterior_thigh", "medial_thigh", "lateral_thigh",
             "posterior_thigh", "anterior_knee", "medial_leg", "anterolateral_leg", "posterior_calf",
             "dorsum_foot", "great_toe", "lateral_foot", "heel", "medial_sole"]
    sensory = [{"zone": z, "side": side, "kind": kind} for z in zones for side in ("left", "right")
               for kind in ("pain", "numbness", "paresthesia")]  # 96 rows: longer than a page
    exam = parse_exam({"format": "bodymaps.exam", "version": 1, "sensory": sensory,
                       "red_flags": ["saddle_anesthesia", "fever", "cancer_history"]})
    pdf, rendered = render(exam, tmp_path)
    pages = text(pdf).split("\f")[: rendered.pages]
    assert rendered.pages >= 3
    assert all(f"Page {n} of {rendered.pages}" in page for n, page in enumerate(pages, start=1))
    assert "(continued)" in text(pdf)
    assert "Examiner signature" in pages[-1]
    body = " ".join(text(pdf).split())
    assert body.find("RED FLAGS") < body.find("Differential")


def test_a_zone_with_two_kinds_prints_one_band_per_kind_not_a_mixed_colour(render, tmp_path):
    # the example's left anterolateral leg has numbness and pain: two bands, numbness (drawn first) above pain, as
    # on screen; transparent fills laid over each other once mixed into the paraesthesia teal
    from desktop.style import KIND_STYLES

    pdf, rendered = render(load_exam(L5), tmp_path)
    dpi = 100
    image = page_image(pdf, tmp_path, dpi)
    place = {p.view: p for p in rendered.placements}["anterior"]
    box = load_atlas().view("anterior").zone("anterolateral_leg", "left").geometry.bounds  # minx, miny, maxx, maxy
    cx = (box[0] + box[2]) / 2
    region = load_atlas().view("anterior").zone("anterolateral_leg", "left").geometry
    for fraction, kind in ((0.25, "numbness"), (0.75, "pain")):
        y = box[1] + fraction * (box[3] - box[1])
        # a point of the zone on that line (the zone is slanted: take the middle of its chord)
        from shapely.geometry import LineString
        chord = region.intersection(LineString([(box[0] - 1, y), (box[2] + 1, y)]))
        x = chord.centroid.x if not chord.is_empty else cx
        px, py = place.to_page(x, y)
        r, g, b = median_pixel(image, px * dpi / 72, py * dpi / 72)
        want = KIND_STYLES[kind].colour
        wr, wg, wb = (int(want[i : i + 2], 16) for i in (1, 3, 5))
        assert max(r, g, b) - min(r, g, b) > 40, (kind, (r, g, b))
        assert (r > b) == (wr > wb) and (g > b) == (wg > wb), (kind, (r, g, b), want)
