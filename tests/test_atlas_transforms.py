"""The SVG reader applies transforms and the viewBox as an editor writes them, or refuses what it cannot apply.

An illustrator's editor moves a layer by adding transform="translate(...)" to its group: the geometry must
move with it (and the validation and derived weights react), and a compensated transform must change nothing.
"""

from __future__ import annotations

import math
import shutil
import xml.etree.ElementTree as ET

import pytest
from shapely import affinity

from bodymaps.atlas import load_atlas_from
from bodymaps.atlas.svgio import IDENTITY, SVG_NS, multiply, parse_transform, read_view
from bodymaps.resources import DataError, data_path

ET.register_namespace("", SVG_NS[1:-1])


@pytest.fixture(scope="module")
def original():
    return load_atlas_from(data_path("atlas"))


@pytest.fixture
def atlas_copy(tmp_path):
    folder = tmp_path / "atlas"
    shutil.copytree(data_path("atlas"), folder)
    return folder


def _edit(path, change):
    """Parse an SVG, let ``change(root)`` edit it, write it back."""
    tree = ET.parse(path)
    change(tree.getroot())
    tree.write(path, encoding="utf-8", xml_declaration=True)


def _group(root, gid):
    return next(g for g in root.iter(f"{SVG_NS}g") if g.get("id") == gid)


def _regions(atlas, view_id):
    view = atlas.view(view_id)
    out = {("outline", "", ""): view.outline}
    out |= {("zone", z.id, z.side): z.geometry for z in view.zones}
    out |= {("dermatome:" + m, r.id, r.side): r.geometry for m, rs in view.dermatomes.items() for r in rs}
    out |= {("nerve", r.id, r.side): r.geometry for r in view.nerves}
    return out


def _landmarks(atlas, view_id):
    """Landmark coordinates as a flat mapping (pytest.approx compares flat mappings)."""
    return {(lm.id, lm.side, axis): value for lm in atlas.view(view_id).landmarks
            for axis, value in (("x", lm.x), ("y", lm.y))}


# ------------------------------------------------------------------------------------ transform syntax
@pytest.mark.parametrize(("text", "point", "expected"), [
    ("translate(10,0)", (1, 2), (11, 2)),
    ("translate(10)", (1, 2), (11, 2)),
    ("translate(-3 4)", (1, 2), (-2, 6)),
    ("scale(2)", (1, 2), (2, 4)),
    ("scale(2, -1)", (1, 2), (2, -2)),
    ("rotate(90)", (1, 0), (0, 1)),
    ("rotate(90 10 10)", (10, 0), (20, 10)),
    ("matrix(1 0 0 1 5 6)", (1, 2), (6, 8)),
    ("skewX(45)", (0, 2), (2, 2)),
    ("skewY(45)", (2, 0), (2, 2)),
    ("translate(10,0) scale(2)", (1, 1), (12, 2)),  # applied right to left
    ("scale(2) translate(10,0)", (1, 1), (22, 2)),
    ("  translate(1e1 , 0) , scale(2)  ", (1, 1), (12, 2)),
])
def test_transform_functions(text, point, expected):
    a, b, c, d, e, f = parse_transform(text, "here")
    x, y = point
    assert (a * x + c * y + e, b * x + d * y + f) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("text", ["translate(10", "translate(a,b)", "perspective(3)", "scale()",
                                  "matrix(1 0 0 1 5)", "rotate(1 2)", "translate(1,2) junk"])
def test_unreadable_transforms_are_refused(text):
    with pytest.raises(DataError, match=r"^here: "):
        parse_transform(text, "here")


def test_inverse_transforms_compose_to_the_identity():
    m = parse_transform("translate(10,0)", "x")
    assert multiply(m, parse_transform("translate(-10,0)", "x")) == IDENTITY


# ----------------------------------------------------------------------------------- whole-file edits
COMPENSATED = [
    ("translate(10,0)", "translate(-10,0)"),
    ("rotate(30 210 500)", "rotate(-30 210 500)"),
    ("scale(2)", "scale(0.5)"),
    ("matrix(1 0 0 1 7 -3)", "translate(-7 3)"),
]


@pytest.mark.parametrize(("layer", "inverse"), COMPENSATED)
def test_a_layer_transform_compensated_on_its_children_changes_nothing(atlas_copy, original, layer, inverse):
    """An editor's layer transform with the inverse on every child: identical geometry and weights."""

    def change(root):
        for group in root.findall(f"{SVG_NS}g"):
            group.set("transform", layer)
            for child in group:
                child.set("transform", inverse)

    for name in ("anterior.svg", "posterior.svg", "soles.svg"):
        _edit(atlas_copy / name, change)
    assert 'transform="' in (atlas_copy / "anterior.svg").read_text(encoding="utf-8")
    atlas = load_atlas_from(atlas_copy)
    for view_id in original.views:
        ours, theirs = _regions(atlas, view_id), _regions(original, view_id)
        assert ours.keys() == theirs.keys()
        for key, geom in theirs.items():
            assert ours[key].equals_exact(geom, 1e-9), (view_id, key)
        assert _landmarks(atlas, view_id) == pytest.approx(_landmarks(original, view_id))
    assert atlas.to_json() == original.to_json()


def test_a_layer_transform_without_compensation_moves_the_geometry(atlas_copy, original):
    """A dermatome layer moved 10 px down moves every dermatome of that map, and the weights follow."""
    _edit(atlas_copy / "anterior.svg", lambda root: _group(root, "dermatomes:evidence_based").set(
        "transform", "translate(0,10)"))
    atlas = load_atlas_from(atlas_copy)
    ours, theirs = _regions(atlas, "anterior"), _regions(original, "anterior")
    moved = [k for k in theirs if k[0] == "dermatome:evidence_based"]
    assert moved
    for key in moved:
        assert ours[key].equals_exact(affinity.translate(theirs[key], 0, 10), 1e-9), key
    for key in theirs.keys() - set(moved):
        assert ours[key].equals_exact(theirs[key], 0), key
    assert atlas.zone_root_weights("evidence_based") != original.zone_root_weights("evidence_based")
    assert atlas.zone_root_weights("keegan_garrett") == original.zone_root_weights("keegan_garrett")


def test_a_zone_layer_moved_off_the_outline_is_refused(atlas_copy):
    _edit(atlas_copy / "anterior.svg", lambda root: _group(root, "zones").set("transform", "translate(10,0)"))
    with pytest.raises(DataError, match=r"anterior\.svg: zones (leave|'zone:)"):
        load_atlas_from(atlas_copy)


def test_a_transform_on_one_element_moves_only_that_element(atlas_copy):
    svg = atlas_copy / "soles.svg"
    before = read_view(svg)

    def change(root):
        next(el for el in root.iter() if el.get("id") == "landmark:key_point_S1:left").set(
            "transform", "translate(0.5, -0.25)")

    _edit(svg, change)
    after = read_view(svg)
    x, y, _ = before.circles["landmark:key_point_S1:left"]
    assert after.circles["landmark:key_point_S1:left"][:2] == pytest.approx((x + 0.5, y - 0.25))
    assert after.circles["landmark:key_point_S1:right"] == before.circles["landmark:key_point_S1:right"]


# -------------------------------------------------------------------------------------------- viewBox
def _scaled_view(root, width, height, midline, px_per_cm, view_box=None, aspect=None):
    root.set("width", str(width))
    root.set("height", str(height))
    root.set("data-midline-x", str(midline))
    root.set("data-px-per-cm", str(px_per_cm))
    if view_box is not None:
        root.set("viewBox", view_box)
    if aspect is not None:
        root.set("preserveAspectRatio", aspect)


def test_a_viewbox_smaller_than_the_size_scales_the_geometry(atlas_copy, original):
    """viewBox 0 0 420 1010 drawn at 840 × 2020: every coordinate doubles, derived fractions do not change."""
    _edit(atlas_copy / "anterior.svg", lambda root: _scaled_view(root, 840, 2020, 420, 16.0))
    atlas = load_atlas_from(atlas_copy)
    view = atlas.view("anterior")
    assert (view.width, view.height) == (840, 2020)
    ours, theirs = _regions(atlas, "anterior"), _regions(original, "anterior")
    for key, geom in theirs.items():
        assert ours[key].equals_exact(affinity.scale(geom, 2, 2, origin=(0, 0)), 1e-9), key
    lm = _landmarks(original, "anterior")
    assert _landmarks(atlas, "anterior") == pytest.approx({k: 2 * v for k, v in lm.items()})
    for map_id in original.dermatome_maps:
        for zone, weights in original.zone_root_weights(map_id).items():
            assert atlas.zone_root_weights(map_id)[zone] == pytest.approx(weights, abs=2e-4), (map_id, zone)


def test_a_viewbox_origin_shifts_the_geometry(atlas_copy, original):
    _edit(atlas_copy / "soles.svg", lambda root: _scaled_view(root, 420, 440, 220, 8.0, "-10 0 420 440"))
    atlas = load_atlas_from(atlas_copy)
    ours, theirs = _regions(atlas, "soles"), _regions(original, "soles")
    for key, geom in theirs.items():
        assert ours[key].equals_exact(affinity.translate(geom, 10, 0), 1e-9), key


@pytest.mark.parametrize(("aspect", "scale", "offset"), [
    (None, 2.0, (0.0, 490.0)),  # default xMidYMid meet: uniform scale, centred
    ("xMinYMin meet", 2.0, (0.0, 0.0)),
    ("xMidYMax meet", 2.0, (0.0, 980.0)),
    ("none", (2.0, 3000 / 1010), (0.0, 0.0)),
])
def test_preserve_aspect_ratio(atlas_copy, aspect, scale, offset):
    svg = atlas_copy / "anterior.svg"
    before = read_view(svg)
    _edit(svg, lambda root: _scaled_view(root, 840, 3000, 420, 16.0, aspect=aspect))
    after = read_view(svg)
    sx, sy = scale if isinstance(scale, tuple) else (scale, scale)
    for eid, geom in before.paths.items():
        expected = affinity.translate(affinity.scale(geom, sx, sy, origin=(0, 0)), *offset)
        assert after.paths[eid].equals_exact(expected, 1e-9), eid


@pytest.mark.parametrize(("view_box", "aspect", "message"), [
    ("0 0 420", None, r"viewBox '0 0 420' must be four numbers"),
    ("0 0 0 1010", None, r"viewBox .* positive width and height"),
    ("0 0 420 1010", "xMidYMid clip", r"preserveAspectRatio 'xMidYMid clip' is not supported"),
])
def test_unreadable_viewbox_is_refused(atlas_copy, view_box, aspect, message):
    svg = atlas_copy / "anterior.svg"

    def change(root):
        root.set("viewBox", view_box)
        if aspect:
            root.set("preserveAspectRatio", aspect)

    _edit(svg, change)
    with pytest.raises(DataError, match=r"anterior\.svg: " + message):
        read_view(svg)


# ------------------------------------------------------------------------------------------- refusals
def _add(parent_id, tag, **attrs):
    def change(root):
        parent = root if parent_id is None else _group(root, parent_id)
        el = ET.SubElement(parent, f"{SVG_NS}{tag}")
        for k, v in attrs.items():
            el.set(k.replace("_", "-"), v)
    return change


@pytest.mark.parametrize(("change", "message"), [
    (_add("zones", "use", id="copy1", href="#zone:heel:left"), r"element 'copy1': a <use> element"),
    (_add("zones", "use", href="#zone:heel:left"), r"<use> element inside 'zones': a <use> element"),
    (_add(None, "svg", id="inner"), r"element 'inner': a nested <svg>"),
    (_add("zones", "g", id="layer9", style="display:inline; transform: translate(3px, 0)"),
     r"element 'layer9': a CSS transform"),
    (_add("zones", "g", id="layer9", transform="scale(0)"), r"element 'layer9': transform 'scale\(0\)' collapses"),
    (_add("zones", "g", id="layer9", transform="translate(1,"), r"element 'layer9': cannot read transform"),
    (_add("zones", "path", id="zone:heel:left", d="M 0,0 L 1,0 1,1 Z", transform="spin(3)"),
     r"element 'zone:heel:left': unknown transform 'spin'"),
])
def test_constructs_that_cannot_be_applied_are_refused_naming_the_element(atlas_copy, change, message):
    svg = atlas_copy / "soles.svg"
    _edit(svg, change)
    with pytest.raises(DataError, match=r"soles\.svg: " + message):
        read_view(svg)


def test_a_transform_on_the_svg_element_is_refused(atlas_copy):
    svg = atlas_copy / "soles.svg"
    _edit(svg, lambda root: root.set("transform", "translate(3,0)"))
    with pytest.raises(DataError, match=r"soles\.svg: a transform on the <svg> element"):
        read_view(svg)


def test_rotation_keeps_the_geometry_valid_and_the_area():
    """A rotation moves the points and keeps the area (checks the matrix, not just translation)."""
    m = parse_transform("rotate(30, 5, 5)", "x")
    assert abs(m[0] * m[3] - m[1] * m[2] - 1) < 1e-12
    assert m[0] == pytest.approx(math.cos(math.radians(30)))
