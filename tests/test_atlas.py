"""The atlas: geometry a clinician recognises and weights the engine can trust."""

import json
import shutil
import subprocess
import sys

import pytest
from shapely import affinity

from bodymaps.atlas import load_atlas, load_atlas_from
from bodymaps.resources import DataError, data_path
from bodymaps.vocabulary import vocabulary

EXPECTED_ZONE_OF_KEY_POINT = {
    "L2": "anterior_thigh",
    "L3": "medial_knee",
    "L4": "medial_ankle",
    "L5": "dorsum_foot",
    "S1": "heel",
    "S2": "popliteal_fossa",
    "S3": "buttock",
    "S4-5": "perineum",
}


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def key_points(atlas):
    return [lm for v in atlas.views.values() for lm in v.landmarks if lm.root]


def test_every_isncsci_key_point_is_present_on_both_sides(atlas):
    found = {(lm.root, lm.side) for lm in key_points(atlas)}
    for root in EXPECTED_ZONE_OF_KEY_POINT:
        assert (root, "left") in found and (root, "right") in found, root


@pytest.mark.parametrize("map_id", ["evidence_based", "keegan_garrett", "foerster"])
def test_key_points_lie_in_their_roots_dermatome_in_every_map_that_shows_the_root(atlas, map_id):
    for lm in key_points(atlas):
        shown = {r.id for v in atlas.views.values() for r in v.dermatomes[map_id]}
        if lm.root not in shown:
            continue
        roots = atlas.dermatomes_at(lm.view, map_id, lm.x, lm.y)
        assert (lm.root, lm.side) in roots or (lm.root, "midline") in roots, (
            f"{map_id}: {lm.label} ({lm.side}, {lm.view}) lies in {roots}"
        )


def test_key_points_lie_in_the_expected_zone(atlas):
    for lm in key_points(atlas):
        zone = atlas.zone_at(lm.view, lm.x, lm.y)
        expected_side = "midline" if lm.root == "S4-5" else lm.side
        assert zone == (EXPECTED_ZONE_OF_KEY_POINT[lm.root], expected_side), f"{lm.label} on {lm.view}: {zone}"


def test_every_zone_is_drawn_on_each_side(atlas):
    v = vocabulary()
    for zid in v.ids("zone"):
        sides = ["midline"] if v.term("zone", zid).laterality == "midline" else ["left", "right"]
        for side in sides:
            assert any(view.zone(zid, side) for view in atlas.views.values()), (zid, side)


def test_left_and_right_zones_mirror_each_other(atlas):
    for view in atlas.views.values():
        for z in view.zones:
            if z.side != "left":
                continue
            other = view.zone(z.id, "right")
            mirrored = affinity.scale(z.geometry, xfact=-1, yfact=1, origin=(view.midline_x, 0))
            iou = mirrored.intersection(other.geometry).area / mirrored.union(other.geometry).area
            assert iou >= 0.95, (view.id, z.id, iou)


def test_zones_of_a_view_tile_the_body_without_overlap(atlas):
    for view in atlas.views.values():
        total = sum(z.geometry.area for z in view.zones)
        assert total == pytest.approx(view.outline.area, rel=0.01), view.id
        for i, a in enumerate(view.zones):
            for b in view.zones[i + 1 :]:
                assert a.geometry.intersection(b.geometry).area < 2.0, (view.id, a.id, a.side, b.id, b.side)


def test_each_zone_has_a_clickable_interior(atlas):
    """A point well inside each zone (not on a border) is found by the point query, on every view."""
    for view in atlas.views.values():
        for z in view.zones:
            inner = z.geometry.buffer(-2.0)
            assert not inner.is_empty, f"{view.id}: {z.id} ({z.side}) is too thin to click"
            p = inner.representative_point()
            assert atlas.zone_at(view.id, p.x, p.y) == (z.id, z.side)


def test_points_outside_the_body_are_in_no_zone(atlas):
    assert atlas.zone_at("anterior", 2, 2) is None
    view = atlas.view("anterior")
    # between the ankles, below the crotch, on the midline
    assert atlas.zone_at("anterior", view.midline_x, view.height * 0.8) is None


def test_anterior_view_shows_the_patients_right_on_the_viewers_left(atlas):
    view = atlas.view("anterior")
    left = view.zone("anterior_thigh", "left").geometry.centroid
    right = view.zone("anterior_thigh", "right").geometry.centroid
    assert right.x < view.midline_x < left.x
    posterior = atlas.view("posterior")
    assert posterior.zone("buttock", "left").geometry.centroid.x < posterior.midline_x


def test_toes_are_distinguishable_and_the_great_toe_is_medial(atlas):
    view = atlas.view("anterior")
    great = view.zone("great_toe", "left").geometry
    lesser = view.zone("lesser_toes", "left").geometry
    little = view.zone("little_toe", "left").geometry
    # patient's left is on the viewer's right in the anterior view: medial = smaller x
    assert great.centroid.x < lesser.centroid.x < little.centroid.x
    assert great.area > little.area


def test_derived_weights_follow_the_maps(atlas):
    eb = atlas.zone_root_weights("evidence_based")
    kg = atlas.zone_root_weights("keegan_garrett")
    fo = atlas.zone_root_weights("foerster")
    assert max(eb["dorsum_foot"], key=eb["dorsum_foot"].get) == "L5"
    assert eb["dorsum_foot"]["L5"] > 0.7
    assert kg["great_toe"].get("L4", 0) > 0.2
    assert "L4" not in eb["great_toe"] and "L4" not in fo["great_toe"]
    assert max(eb["medial_leg"], key=eb["medial_leg"].get) == "L4"
    assert max(eb["heel"], key=eb["heel"].get) == "S1"
    assert max(eb["popliteal_fossa"], key=eb["popliteal_fossa"].get) == "S2"
    assert kg["lateral_thigh"].get("L4", 0) > 0.5  # Keegan's L4 runs down the lateral thigh
    assert sum(eb["lateral_thigh"].values()) < 0.2  # blank (variable) in the evidence-based map
    assert set(eb["perineum"]) <= {"S3", "S4-5"}
    for weights in (eb, kg, fo):
        for zone, fractions in weights.items():
            assert 0 <= sum(fractions.values()) <= 1.0001, zone


def test_nerve_weights(atlas):
    nw = atlas.zone_nerve_weights()
    assert max(nw["medial_leg"], key=nw["medial_leg"].get) == "saphenous"
    assert max(nw["dorsum_foot"], key=nw["dorsum_foot"].get) == "superficial_fibular"
    assert nw["lateral_thigh"]["lateral_femoral_cutaneous"] > 0.5
    assert max(nw["lateral_foot"], key=nw["lateral_foot"].get) == "sural"
    assert atlas.nerve_trunk("deep_fibular") == "common_fibular"
    assert atlas.nerve_trunk("saphenous") == "femoral"
    first_web = next(lm for lm in atlas.view("anterior").landmarks if lm.id == "first_web_space")
    assert ("deep_fibular", first_web.side) in atlas.nerves_at("anterior", first_web.x, first_web.y)


def test_unknown_map_names_the_allowed_ones(atlas):
    with pytest.raises(KeyError, match="keegan_garrett"):
        atlas.zone_root_weights("netter")


def test_anatomical_landmarks_are_inside_the_body(atlas):
    ids = {lm.id for v in atlas.views.values() for lm in v.landmarks}
    assert {"asis", "greater_trochanter", "patella", "fibular_head", "medial_malleolus", "lateral_malleolus",
            "first_web_space"} <= ids
    patella = next(lm for lm in atlas.view("anterior").landmarks if lm.id == "patella")
    assert atlas.zone_at("anterior", patella.x, patella.y)[0] == "anterior_knee"


# ------------------------------------------------------------------------------------- broken geometry
@pytest.fixture
def atlas_copy(tmp_path):
    folder = tmp_path / "atlas"
    shutil.copytree(data_path("atlas"), folder)
    return folder


def _replace(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_missing_zone_is_refused_with_its_name(atlas_copy):
    svg = atlas_copy / "soles.svg"
    _replace(svg, 'id="zone:medial_sole:left"', 'id="zone:lateral_sole:leftx"')
    with pytest.raises(DataError, match=r"zone:lateral_sole:leftx"):
        load_atlas_from(atlas_copy)


def test_malformed_path_names_the_element(atlas_copy):
    svg = atlas_copy / "anterior.svg"
    _replace(svg, 'id="zone:great_toe:left" d="M ', 'id="zone:great_toe:left" d="M Q ')
    with pytest.raises(DataError, match=r"zone:great_toe:left.*unsupported path data"):
        load_atlas_from(atlas_copy)


def test_overlapping_zones_are_refused(atlas_copy):
    svg = atlas_copy / "anterior.svg"
    text = svg.read_text(encoding="utf-8")
    marker = 'id="zone:anterior_knee:left" d="'
    start = text.index(marker) + len(marker)
    end = text.index('"', start)
    knee = text[start:end]
    _replace(svg, 'id="zone:medial_knee:left" d="', 'id="zone:medial_knee:left" d="' + knee + " ")
    with pytest.raises(DataError, match=r"overlap|mirror"):
        load_atlas_from(atlas_copy)


def test_broken_mirror_is_refused(atlas_copy):
    import re

    svg = atlas_copy / "posterior.svg"
    text = svg.read_text(encoding="utf-8")
    m = re.search(r'id="nerve:sural:right" d="([^"]+)"', text)
    assert m
    squashed = " ".join(
        f"{float(x):.1f},{float(y) * 0.5 + 400:.1f}" if "," in tok else tok
        for tok in m.group(1).split()
        for x, y in [tok.split(",") if "," in tok else ("0", "0")]
    )
    svg.write_text(text.replace(m.group(1), squashed), encoding="utf-8")
    with pytest.raises(DataError, match=r"nerve:sural.*mirror"):
        load_atlas_from(atlas_copy)


def test_landmark_outside_the_body_is_refused(atlas_copy):
    import re

    svg = atlas_copy / "anterior.svg"
    text = svg.read_text(encoding="utf-8")
    text = re.sub(r'(<circle id="landmark:patella:left" )cx="[\d.]+"', r'\1cx="2.0"', text)
    svg.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"landmark:patella:left.*outside"):
        load_atlas_from(atlas_copy)


def test_unreadable_svg_names_the_file(atlas_copy):
    (atlas_copy / "soles.svg").write_text("<svg", encoding="utf-8")
    with pytest.raises(DataError, match=r"soles.svg: cannot read SVG"):
        load_atlas_from(atlas_copy)


# ---------------------------------------------------------------------------------------- command line
def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "bodymaps", *args], capture_output=True, text=True)


def test_atlas_json_lists_everything_for_other_programs():
    result = run_cli("atlas", "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert {v["id"] for v in doc["views"]} == {"anterior", "posterior", "soles"}
    assert all(v["width"] > 0 and v["height"] > 0 for v in doc["views"])
    zone = next(z for z in doc["zones"] if z["id"] == "dorsum_foot" and z["side"] == "left")
    assert zone["view"] == "anterior" and len(zone["polygons"][0]) >= 3
    maps = {m["id"]: m for m in doc["dermatome_maps"]}
    assert "Lee" in maps["evidence_based"]["citation"] and maps["evidence_based"]["default"]
    assert any(d["root"] == "L4" for d in maps["keegan_garrett"]["dermatomes"])
    assert {n["id"] for n in doc["nerves"]} >= {"saphenous", "sural", "deep_fibular", "lateral_sural_cutaneous"}
    assert any(lm["root"] == "L4" and lm["view"] == "anterior" for lm in doc["landmarks"])
    assert doc["derived"]["zone_root_weights"]["evidence_based"]["dorsum_foot"]["L5"] > 0.7


def test_atlas_render_writes_a_picture_of_the_body(tmp_path):
    out = tmp_path / "anterior.png"
    result = run_cli("atlas", "render", "--view", "anterior", "--layer", "dermatomes:evidence_based", "-o", str(out))
    assert result.returncode == 0, result.stderr
    import matplotlib.image as mpimg

    img = mpimg.imread(out)
    h, w = img.shape[:2]
    assert w > 400 and h > 800
    # the centre of the picture is not blank: a body is drawn there
    centre = img[int(h * 0.3) : int(h * 0.7), int(w * 0.3) : int(w * 0.7), :3]
    assert (centre < 0.95).any(axis=-1).mean() > 0.3


def test_atlas_render_refuses_unknown_layer_and_unwritable_output(tmp_path):
    bad = run_cli("atlas", "render", "--layer", "dermatomes:netter", "-o", str(tmp_path / "x.png"))
    assert bad.returncode == 2 and "unknown layer 'dermatomes:netter'" in bad.stderr
    unwritable = run_cli("atlas", "render", "-o", str(tmp_path / "missing" / "x.png"))
    assert unwritable.returncode == 2 and "cannot write" in unwritable.stderr


@pytest.mark.parametrize(
    ("attribute", "value"),
    [("data-px-per-cm", "0"), ("data-px-per-cm", "nan"), ("data-midline-x", "inf"), ("width", "-3")],
)
def test_impossible_view_dimensions_are_refused(atlas_copy, attribute, value):
    import re

    svg = atlas_copy / "soles.svg"
    text = svg.read_text(encoding="utf-8")
    svg.write_text(re.sub(rf'{attribute}="[^"]*"', f'{attribute}="{value}"', text, count=1), encoding="utf-8")
    with pytest.raises(DataError, match=r"soles\.svg: <svg> width, height and data-px-per-cm"):
        load_atlas_from(atlas_copy)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda meta: 7, r"must be a JSON object"),
        (lambda meta: {**meta, "dermatome_maps": "lee"}, r"dermatome_maps must be a list"),
        (lambda meta: {**meta, "nerves": ["sural"]}, r"nerves\[0\] must be an object"),
        (lambda meta: {**meta, "dermatome_maps": [{**meta["dermatome_maps"][0], "citation": 3}]},
         r"dermatome_maps\[0\]\.citation must be non-empty text"),
        (lambda meta: {**meta, "dermatome_maps": [*meta["dermatome_maps"], meta["dermatome_maps"][0]]},
         r"dermatome_maps\[3\]: id 'evidence_based' appears twice"),
        (lambda meta: {**meta, "views": [{**meta["views"][0], "file": 5}]}, r"views\[0\]\.file must be non-empty text"),
        (lambda meta: {**meta, "colors": []}, r"colors must be an object"),
    ],
)
def test_malformed_atlas_metadata_is_refused_with_its_key(atlas_copy, change, message):
    meta_path = atlas_copy / "atlas.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta_path.write_text(json.dumps(change(meta)), encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_atlas_from(atlas_copy)


def test_duplicate_landmark_ids_are_refused(atlas_copy):
    svg = atlas_copy / "soles.svg"
    text = svg.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "<circle" in line)
    svg.write_text(text.replace(line, line + "\n" + line, 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"appears twice"):
        load_atlas_from(atlas_copy)
