"""What the body diagram shows besides marks: hover text, overlays, the evidence highlight, layout and zoom."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from bodymaps.atlas import load_atlas
from bodymaps.engine import assess
from bodymaps.exam import ExamDocument
from bodymaps.exam.edits import SetZoneFinding
from bodymaps.resources import data_path
from bodymaps.territories import Highlight, highlight_for_condition, highlight_for_root
from desktop.body_view import BodyDiagram
from desktop.document.controller import ExamController
from tests.body_view_helpers import click_zone, pixel, zone_point


@pytest.fixture
def controller(qtbot):
    return ExamController(ExamDocument())


@pytest.fixture
def diagram(qtbot, controller):
    widget = BodyDiagram(load_atlas(), controller)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    with qtbot.waitActive(widget):  # keys and shortcuts go to the active window (matters under Xvfb)
        widget.show()
        widget.activateWindow()
    return widget


def grab(diagram, view_id):
    return diagram.views()[view_id].viewport().grab().toImage()


def dermatome_point(view_id: str, map_id: str, root: str, side: str) -> QPointF:
    region = next(r for r in load_atlas().view(view_id).dermatomes[map_id] if r.id == root and r.side == side)
    p = region.geometry.representative_point()
    return QPointF(p.x, p.y)


# ------------------------------------------------------------------------------------------------ hover


def test_hover_names_the_zone_its_roots_with_coverage_and_its_nerves(diagram, qtbot):
    view = diagram.views()["anterior"]
    texts = []
    diagram.statusText.connect(texts.append)
    with qtbot.waitSignal(diagram.zoneHovered) as hovered:
        QTest.mouseMove(view.viewport(), view.mapFromScene(zone_point(diagram, "anterior", "dorsum_foot", "left")))
    assert hovered.args == ["anterior", "dorsum_foot", "left"]
    [text] = texts
    assert "Dorsum of foot (left)" in text
    weights = load_atlas().zone_root_weights("evidence_based")["dorsum_foot"]
    assert f"L5 {round(100 * weights['L5'])}%" in text
    assert "Superficial fibular nerve" in text
    [item] = diagram.zone_items("dorsum_foot", "left")
    assert item.hovered()
    assert "Dorsum of foot (left)" in item.toolTip() and "L5" in item.toolTip() and "%" in item.toolTip()
    with qtbot.waitSignal(diagram.zoneHovered) as left:
        QTest.mouseMove(view.viewport(), QPoint(2, 2))  # off the body
    assert left.args == ["", "", ""]
    assert not item.hovered() and texts[-1] == ""


def test_hover_text_follows_the_map_and_notes_blank_areas(diagram):
    evidence = diagram.zone_text("lateral_thigh", "right")
    assert "Lateral thigh (right)" in evidence and "blank" in evidence
    diagram.set_map("keegan_garrett")
    keegan = diagram.zone_text("lateral_thigh", "right")
    assert "L4" in keegan and keegan != evidence
    assert "Classic (Keegan" in diagram.zone_items("lateral_thigh", "right")[0].toolTip()
    assert diagram.zone_text("perineum", "midline").startswith("Perineum (saddle) ·")


# ------------------------------------------------------------------------------------------------ overlays


def test_dermatome_overlay_colours_an_unmarked_dermatome_and_hides_again(diagram):
    assert diagram.overlays() == {"dermatomes": False, "nerves": False, "landmarks": False}
    view = diagram.views()["anterior"]
    point = dermatome_point("anterior", "evidence_based", "L2", "right")
    before = pixel(grab(diagram, "anterior"), view, point)
    diagram.set_overlay("dermatomes", True)
    assert diagram.overlays()["dermatomes"]
    shown = pixel(grab(diagram, "anterior"), view, point)
    assert abs(shown.hue() - before.hue()) > 30 or abs(shown.saturation() - before.saturation()) > 30
    diagram.set_overlay("dermatomes", False)
    assert pixel(grab(diagram, "anterior"), view, point) == before


def test_marked_zones_keep_their_colour_under_an_overlay(diagram, controller):
    controller.apply(SetZoneFinding("anterior_thigh", "right", "pain"))
    view = diagram.views()["anterior"]
    centre = view.mapFromScene(zone_point(diagram, "anterior", "anterior_thigh", "right"))
    points = [centre + QPoint(dx, dy) for dx in range(-8, 9, 2) for dy in range(-14, 15, 2)]
    before = grab(diagram, "anterior")
    diagram.set_overlay("dermatomes", True)
    diagram.set_overlay("nerves", True)
    after = grab(diagram, "anterior")
    same = sum(abs(before.pixelColor(p).hue() - after.pixelColor(p).hue()) <= 3 for p in points)
    # the overlays' boundary lines and labels may cross the zone; its fill and hatch stay as they were
    assert same >= 0.75 * len(points)


def test_map_change_redraws_the_dermatomes(diagram):
    diagram.set_overlay("dermatomes", True)
    scene = diagram.scenes()["anterior"]
    evidence = len(scene.overlays.layer("dermatomes").fills())
    diagram.set_map("foerster")
    assert diagram.map_id() == "foerster"
    foerster = len(scene.overlays.layer("dermatomes").fills())
    assert evidence == len(load_atlas().view("anterior").dermatomes["evidence_based"])
    assert foerster == len(load_atlas().view("anterior").dermatomes["foerster"])


def test_switching_maps_shows_each_maps_layer_built_once_and_hides_the_others(diagram):
    """A map's dermatome items are built the first time it is shown and kept: switching back reuses them."""
    diagram.set_overlay("dermatomes", True)
    scene = diagram.scenes()["anterior"]
    evidence = scene.overlays.layer("dermatomes")
    diagram.set_map("foerster")
    foerster = scene.overlays.layer("dermatomes")
    assert foerster is not evidence and foerster.isVisible() and not evidence.isVisible()
    diagram.set_map("evidence_based")
    assert scene.overlays.layer("dermatomes") is evidence and evidence.isVisible() and not foerster.isVisible()
    labels = sorted(i.text() for i in evidence.over.childItems() if hasattr(i, "text"))
    assert labels == sorted(r.id for r in load_atlas().view("anterior").dermatomes["evidence_based"])
    diagram.set_overlay("dermatomes", False)
    assert not evidence.isVisible() and not foerster.isVisible()


def test_nerve_and_landmark_overlays(diagram):
    diagram.set_overlay("nerves", True)
    diagram.set_overlay("landmarks", True)
    scene = diagram.scenes()["anterior"]
    assert len(scene.overlays.layer("nerves").fills()) == len(load_atlas().view("anterior").nerves)
    assert scene.overlays.layer("landmarks").isVisible()
    with pytest.raises(ValueError, match="allowed"):
        diagram.set_overlay("muscles", True)


# ------------------------------------------------------------------------------------------------ highlight


def test_highlight_outlines_zones_for_and_against_and_fills_the_territory(diagram, controller):
    view = diagram.views()["anterior"]
    point = dermatome_point("anterior", "evidence_based", "L4", "left")
    before = pixel(grab(diagram, "anterior"), view, point)
    highlight = Highlight("L4 dermatome (left)", (("dermatome", "L4", "left"),),
                          zones_for=(("medial_leg", "left"),), zones_against=(("dorsum_foot", "right"),))
    diagram.set_highlight(highlight)
    assert diagram.zone_items("medial_leg", "left")[0].evidence() == "for"
    assert diagram.zone_items("dorsum_foot", "right")[0].evidence() == "against"
    assert diagram.zone_items("medial_leg", "right")[0].evidence() is None
    assert len(diagram.scenes()["anterior"].overlays.highlight_items()) == 1
    after = pixel(grab(diagram, "anterior"), view, point)
    assert after.blue() > after.red() and before.red() > before.blue()  # skin becomes sky blue
    assert diagram.legend.territory.isVisibleTo(diagram) and diagram.legend.against_entry.isVisibleTo(diagram)
    diagram.set_highlight(None)
    assert all(i.evidence() is None for scene in diagram.scenes().values() for i in scene.zone_items().values())
    assert pixel(grab(diagram, "anterior"), view, point) == before


def test_highlight_from_an_assessment(diagram, controller):
    controller.set_document(ExamDocument.open(data_path("examples", "left_l5_radiculopathy.bodymaps.json")))
    assessment = assess(controller.document.exam)
    diagram.set_highlight(highlight_for_condition(assessment, "l5_radiculopathy"))
    outlined = {(i.zone, i.side) for s in diagram.scenes().values() for i in s.zone_items().values()
                if i.evidence() == "for"}
    assert {("dorsum_foot", "left"), ("great_toe", "left"), ("anterolateral_leg", "left")} <= outlined
    assert all(side == "left" for _, side in outlined)
    diagram.set_highlight(highlight_for_root(assessment, "L5", "right"))
    assert not any(i.evidence() for s in diagram.scenes().values() for i in s.zone_items().values())


def test_highlight_of_the_saddle_uses_the_midline_zone(diagram):
    diagram.set_highlight(Highlight("Cauda equina", (("zone", "perineum", "midline"),
                                                     ("dermatome", "S4-5", "left"))))
    assert len(diagram.scenes()["posterior"].overlays.highlight_items()) == 2  # perineum + S4-5 (midline)


# ------------------------------------------------------------------------------------------------ layout, zoom


def test_narrow_widget_shows_one_view_at_a_time(diagram, qtbot):
    diagram.resize(420, 700)
    qtbot.waitUntil(lambda: not diagram.side_by_side())
    shown = [v for v, view in diagram.views().items() if view.isVisible()]
    assert shown == [diagram.current_view()]
    diagram.set_current_view("soles")
    assert [v for v, view in diagram.views().items() if view.isVisible()] == ["soles"]
    diagram.resize(1200, 800)
    qtbot.waitUntil(diagram.side_by_side)
    assert all(view.isVisible() for view in diagram.views().values())


def test_laptop_sized_diagram_keeps_three_views(qtbot, controller):
    widget = BodyDiagram(load_atlas(), controller)
    qtbot.addWidget(widget)
    widget.resize(700, 600)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.side_by_side()
    click_zone(widget, "soles", "heel", "right")
    assert [(f.zone, f.side) for f in controller.document.exam.sensory] == [("heel", "right")]


def test_zoom_and_fit(diagram, qtbot):
    view = diagram.views()["anterior"]
    fitted = view.transform().m11()
    diagram.zoom_in()
    assert view.transform().m11() > fitted * 1.2 and view.zoom() > 1
    diagram.zoom_out()
    diagram.zoom_out()
    assert view.transform().m11() == pytest.approx(fitted)  # never smaller than fit
    QTest.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() > 1
    diagram.fit()
    assert view.zoom() == 1 and view.transform().m11() == pytest.approx(fitted)
    # zoomed in, clicks still land on the right zone
    view.zoom_by(3)
    view.centerOn(zone_point(diagram, "anterior", "great_toe", "left"))
    click_zone(diagram, "anterior", "great_toe", "left")
    assert [(f.zone, f.side) for f in diagram.controller.document.exam.sensory] == [("great_toe", "left")]


def test_middle_button_pans_a_zoomed_view_without_marking(diagram, controller):
    view = diagram.views()["anterior"]
    view.zoom_by(4)
    start = view.mapToScene(view.viewport().rect().center())
    centre = view.viewport().rect().center()
    QTest.mousePress(view.viewport(), Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, centre)
    QTest.mouseMove(view.viewport(), centre + QPoint(0, -60))
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier,
                       centre + QPoint(0, -60))
    moved = view.mapToScene(view.viewport().rect().center())
    assert moved.y() > start.y() + 5
    assert controller.document.exam.sensory == []


def test_legend_notes_the_overlays_and_fits_a_laptop_layout(qtbot, controller):
    widget = BodyDiagram(load_atlas(), controller)
    qtbot.addWidget(widget)
    widget.resize(700, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_overlay("dermatomes", True)
    assert widget.legend.note.full_text().startswith("Dermatomes: Evidence-based")
    assert "Blank areas" in widget.legend.note.toolTip()
    widget.set_highlight(Highlight("Cauda equina syndrome (bilateral)", (("zone", "perineum", "midline"),),
                                   (("perineum", "midline"),), (("heel", "left"),)))
    for entry in (widget.legend.territory, widget.legend.for_entry, widget.legend.against_entry):
        assert entry.isVisibleTo(widget)
        assert entry.mapTo(widget, entry.rect().topRight()).x() <= widget.width()
    widget.set_overlay("dermatomes", False)
    assert widget.legend.note.full_text() == ""


def test_zones_and_labels_are_cached_as_pixmaps_and_the_pixmap_cache_holds_them(diagram):
    """A repaint blits cached pixmaps (a click re-renders only its zone); QPixmapCache's 10 MB default would
    throw them away at every repaint of three views with an overlay."""
    from PySide6.QtGui import QPixmapCache
    from PySide6.QtWidgets import QGraphicsItem

    from desktop.body_view.items import LabelItem, ZoneItem
    from desktop.body_view.view import PIXMAP_CACHE_KB

    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    diagram.set_overlay("dermatomes", True)
    scene = diagram.scenes()["anterior"]
    items = scene.items()
    assert all(i.cacheMode() == cached for i in items if isinstance(i, (ZoneItem, LabelItem)))
    assert QPixmapCache.cacheLimit() >= PIXMAP_CACHE_KB >= 100 * 1024
