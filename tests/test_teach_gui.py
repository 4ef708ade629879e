"""Teaching mode through the real widgets: every kind of question answered right and wrong, the score, the
feedback, the saved results, CSV export, the PDF handout, hover names and the map comparison."""

from __future__ import annotations

import csv
import os
import stat
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from shapely.geometry import Point
from shapely.ops import unary_union

from bodymaps.atlas import load_atlas
from bodymaps.engine import assess
from bodymaps.exam import parse_exam
from bodymaps.teach.geometry import (
    blank_geometry,
    disagreements,
    exclusive_geometry,
    root_geometry,
    views_with_root,
)
from bodymaps.teach.questions import Question
from bodymaps.teach.results import ResultStore
from bodymaps.teach.session import Session
from desktop.teach import TeachingWidget
from desktop.teach.common import RIGHT_COLOUR, Ask

ATLAS = load_atlas()


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    folder = tmp_path / "user"
    monkeypatch.setenv("BODYMAPS_USER_DATA", str(folder))
    return folder


@pytest.fixture
def teach(qtbot, user_dir):
    widget = TeachingWidget(ATLAS)
    qtbot.addWidget(widget)
    widget.resize(1500, 950)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def start(qtbot, teach, kind, seed=0, map_id="evidence_based"):
    quiz = teach.quiz
    teach.tabs.setCurrentWidget(quiz)
    quiz.kind_box.setCurrentIndex(quiz.kind_box.findData(kind))
    quiz.map_box.setCurrentIndex(quiz.map_box.findData(map_id))
    quiz.seed_box.setValue(seed)
    qtbot.mouseClick(quiz.start_button, Qt.MouseButton.LeftButton)
    assert quiz.question is not None and quiz.question.kind == kind
    return quiz


def click_atlas(qtbot, canvas, view, point):
    pos = canvas.mapFromScene(canvas.scene_point(view, point.x, point.y))
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def inner_point(geometry):
    """A point well inside a geometry, so that rounding to screen pixels cannot move it out."""
    shrunk = geometry.buffer(-4)
    return (shrunk if not shrunk.is_empty else geometry).representative_point()


def next_question(qtbot, quiz):
    qtbot.mouseClick(quiz.next_button, Qt.MouseButton.LeftButton)


def saved():
    return ResultStore().results


def test_click_question_right_then_wrong_in_a_blank_area(qtbot, teach):
    quiz = start(qtbot, teach, "dermatome-click")
    q = quiz.question
    click_atlas(qtbot, quiz.canvas, q.view, inner_point(root_geometry(ATLAS, q.map, q.view, q.answer["root"])))
    assert quiz.feedback.text().count("Right") == 1
    assert "score 1/1" in quiz.progress.text()
    next_question(qtbot, quiz)
    q = quiz.question
    click_atlas(qtbot, quiz.canvas, q.view, inner_point(blank_geometry(ATLAS, q.map, q.view)))
    assert "Wrong" in quiz.feedback.text() and "blank area" in quiz.feedback.text()
    assert "score 1/2" in quiz.progress.text()
    # the feedback draws the right territory, outlined in the "right" colour
    pens = [item.pen().color().name().lower() for item in quiz.canvas.layer_items if hasattr(item, "pen")]
    assert RIGHT_COLOUR.lower() in pens
    results = saved()
    assert [r.correct for r in results] == [True, False]
    assert results[1].given_root == "blank" and results[1].expected_root == q.answer["root"]
    # the results tab shows the confusion
    table = teach.results.confusion
    rows = [table.verticalHeaderItem(i).text() for i in range(table.rowCount())]
    cols = [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())]
    assert q.answer["root"] in rows and "blank" in cols
    assert table.item(rows.index(q.answer["root"]), cols.index("blank")).text() == "1"
    assert "1 of 2 right" in teach.results.total.text()


def test_click_in_another_roots_territory_is_wrong_and_named(qtbot, teach):
    quiz = start(qtbot, teach, "dermatome-click", seed=3, map_id="keegan_garrett")
    q = quiz.question
    other = next(r for r in ("L3", "S1", "L5", "S2") if r != q.answer["root"]
                 and not exclusive_geometry(ATLAS, q.map, q.view, r, "left").buffer(-4).is_empty)
    click_atlas(qtbot, quiz.canvas, q.view, inner_point(exclusive_geometry(ATLAS, q.map, q.view, other, "left")))
    assert "Wrong" in quiz.feedback.text() and other in quiz.feedback.text()
    assert saved()[0].given_root == other


@pytest.mark.parametrize("kind", ["area-root", "myotome", "reflex"])
def test_root_button_questions_right_and_wrong(qtbot, teach, kind):
    quiz = start(qtbot, teach, kind, seed=1)
    q = quiz.question
    qtbot.mouseClick(quiz.root_buttons[q.accepted_roots[0]], Qt.MouseButton.LeftButton)
    assert "Right" in quiz.feedback.text()
    assert q.explanation[:40] in quiz.explanation.toPlainText()
    next_question(qtbot, quiz)
    q = quiz.question
    wrong = next(r for r in quiz.root_buttons if r not in q.accepted_roots)
    qtbot.mouseClick(quiz.root_buttons[wrong], Qt.MouseButton.LeftButton)
    assert "Wrong" in quiz.feedback.text() and q.accepted_roots[0] in quiz.feedback.text()
    assert quiz.root_buttons[q.accepted_roots[0]].text().startswith("✓")
    assert quiz.root_buttons[wrong].text().startswith("✗")
    assert "score 1/2" in quiz.progress.text()
    results = saved()
    assert [(r.correct, r.given_root) for r in results] == [(True, results[0].expected_root), (False, wrong)]
    assert teach.results.per_root.rowCount() >= 1


def test_nerve_vs_root_right_and_wrong(qtbot, teach):
    quiz = start(qtbot, teach, "nerve-vs-root", seed=2)
    q = quiz.question
    quiz.nerve_box.setCurrentIndex(quiz.nerve_box.findData(q.answer["nerve"]))
    qtbot.mouseClick(quiz.root_buttons[q.answer["roots"][0]], Qt.MouseButton.LeftButton)
    assert quiz.feedback.text() == ""  # a two-part answer waits for "Check answer"
    qtbot.mouseClick(quiz.submit_button, Qt.MouseButton.LeftButton)
    assert "Right" in quiz.feedback.text()
    assert "Overlap with dermatomes" in quiz.explanation.toPlainText()
    next_question(qtbot, quiz)
    q = quiz.question
    wrong_nerve = next(n for n in q.data["nerves"] if n != q.answer["nerve"])
    quiz.nerve_box.setCurrentIndex(quiz.nerve_box.findData(wrong_nerve))
    qtbot.mouseClick(quiz.root_buttons[q.answer["roots"][0]], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(quiz.submit_button, Qt.MouseButton.LeftButton)
    assert "Wrong" in quiz.feedback.text() and "nerve wrong" in quiz.feedback.text()
    assert "score 1/2" in quiz.progress.text()
    assert [r.correct for r in saved()] == [True, False]


def test_case_quiz_feedback_is_the_engines_real_output(qtbot, teach):
    quiz = start(qtbot, teach, "case", seed=4)
    for answer_right in (True, False):
        q = quiz.question
        expected = assess(parse_exam(q.data["exam"]), q.map)
        # the exam is on the clinical mode's body diagram: every sensory finding on its zone, with its kind
        assert quiz.diagram.isVisible() and quiz.case_controller.document.exam == parse_exam(q.data["exam"])
        for f in q.data["exam"]["sensory"]:
            items = quiz.diagram.zone_items(f["zone"], f["side"])
            assert items and all(f["kind"] in item.kinds() for item in items)
        condition = q.answer["condition"] if answer_right else "hip_osteoarthritis"
        root = (q.answer["root"] or "none") if answer_right else "S3"
        quiz.condition_box.setCurrentIndex(quiz.condition_box.findData(condition))
        qtbot.mouseClick(quiz.root_buttons[root], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(quiz.submit_button, Qt.MouseButton.LeftButton)
        assert ("Right" if answer_right else "Wrong") in quiz.feedback.text()
        assert quiz.session.feedback.assessment == expected
        text = quiz.explanation.toPlainText()
        for c in expected.differential[:5]:
            assert f"{c.label}" in text and f"score {c.score:.2f}" in text
        top = expected.differential[0]
        first = top.supporting[0]
        from bodymaps.report.findings import describe

        assert f"{describe(first.section, first.item, first.side, first.value, first.finding)} ({first.weight:+.2f})" in text
        assert quiz.diagram.highlight() is not None  # the answer's territory is drawn after answering
        assert f"score 1/{1 if answer_right else 2}" in quiz.progress.text()
        next_question(qtbot, quiz)
    results = saved()
    assert [r.correct for r in results] == [True, False] and results[1].given_root == "S3"


def test_results_export_csv(qtbot, teach, tmp_path, monkeypatch):
    quiz = start(qtbot, teach, "reflex")
    qtbot.mouseClick(quiz.root_buttons["L2"], Qt.MouseButton.LeftButton)
    out = tmp_path / "results.csv"
    monkeypatch.setattr(Ask, "save_path", staticmethod(lambda *a: str(out)))
    teach.tabs.setCurrentWidget(teach.results)
    qtbot.mouseClick(teach.results.export_button, Qt.MouseButton.LeftButton)
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 1 and rows[0]["kind"] == "reflex" and rows[0]["correct"] == "no"
    assert rows[0]["given_root"] == "L2"
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_results_survive_a_new_widget(qtbot, teach, user_dir):
    quiz = start(qtbot, teach, "myotome")
    qtbot.mouseClick(quiz.root_buttons[quiz.question.accepted_roots[0]], Qt.MouseButton.LeftButton)
    again = TeachingWidget(ATLAS)
    qtbot.addWidget(again)
    assert "1 of 1 right" in again.results.total.text()
    assert (user_dir / "teach_results.json").exists()


def test_explore_hover_names_root_and_nerve_and_blank(qtbot, teach):
    explore = teach.explore
    canvas = explore.canvas
    p = inner_point(exclusive_geometry(ATLAS, "evidence_based", "anterior", "L5", "left"))
    text = canvas.hover_text("anterior", p.x, p.y)
    assert "Dermatome L5" in text and "Nerve:" in text
    qtbot.mouseMove(canvas.viewport(), canvas.mapFromScene(canvas.scene_point("anterior", p.x, p.y)))
    assert "L5" in explore.hover_label.text()
    b = inner_point(blank_geometry(ATLAS, "evidence_based", "anterior"))
    assert "Blank" in canvas.hover_text("anterior", b.x, b.y)
    explore.root_box.setCurrentIndex(explore.root_box.findData("L4"))
    assert "Medial malleolus" in explore.facts.text() or "medial malleolus" in explore.facts.text()
    assert "Blank" in explore.legend.labels and explore.legend.labels[0] == "L4"
    assert ATLAS.maps["evidence_based"].blank_areas in explore.note.text()


def test_compare_table_is_the_computed_disagreement(qtbot, teach):
    compare = teach.compare
    compare.map_a.setCurrentIndex(compare.map_a.findData("evidence_based"))
    compare.map_b.setCurrentIndex(compare.map_b.findData("keegan_garrett"))
    expected: dict[str, float] = {}
    for view in ("anterior", "posterior"):
        for d in disagreements(ATLAS, "evidence_based", "keegan_garrett", view):
            expected[d.root] = expected.get(d.root, 0.0) + d.total
    assert compare.summary == pytest.approx(expected)
    row = [compare.table.item(r, 0).text() for r in range(compare.table.rowCount())].index("L4")
    assert compare.table.item(row, 1).text() == f"▲ {expected['L4']:.0f}"
    assert ATLAS.maps["keegan_garrett"].citation in compare.notes.text()
    compare.mode.setCurrentIndex(1)
    assert compare.canvas_b.isHidden() and compare.overlay


def test_pdf_handouts_are_written_atomically(qtbot, teach, tmp_path, monkeypatch):
    out = tmp_path / "handout.pdf"
    monkeypatch.setattr(Ask, "save_path", staticmethod(lambda *a: str(out)))
    qtbot.mouseClick(teach.explore.print_button, Qt.MouseButton.LeftButton)
    assert out.read_bytes().startswith(b"%PDF") and stat.S_IMODE(os.stat(out).st_mode) == 0o600
    qtbot.mouseClick(teach.compare.print_button, Qt.MouseButton.LeftButton)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Dermatome maps compared" in text and "Keegan" in text and "Disagree" in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Subject:" in info and "BodyMaps teaching handout" in info


TARGETS = [(m, v, r) for m in ATLAS.maps for r in ("L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4-5")
           for v in views_with_root(ATLAS, m, r)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(TARGETS), fx=st.floats(0.02, 0.98), fy=st.floats(0.02, 0.98))
def test_a_click_through_the_canvas_is_right_exactly_inside_the_atlas_polygon(qtbot, teach, target, fx, fy):
    map_id, view_id, root = target
    quiz = teach.quiz
    teach.tabs.setCurrentWidget(quiz)
    question = Question(f"dermatome-click:{map_id}:{view_id}:{root}", "dermatome-click", "", map_id, view_id, (),
                        {"root": root, "view": view_id}, "", "")
    quiz.session = Session(ATLAS, [question], None)
    quiz.show_question()
    view = ATLAS.view(view_id)
    pos = quiz.canvas.mapFromScene(quiz.canvas.scene_point(view_id, fx * view.width, fy * view.height))
    qtbot.mouseClick(quiz.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    _v, x, y = quiz.canvas.atlas_point(quiz.canvas.mapToScene(pos))
    polygon = unary_union([r.geometry for r in view.dermatomes[map_id] if r.id == root])
    assert quiz.session.feedback is not None
    assert quiz.session.feedback.correct == polygon.covers(Point(x, y))


def test_a_case_table_puts_right_before_left_as_the_exam_grid_does():
    from desktop.teach.case_view import exam_html

    html = exam_html({"motor": {"ankle_dorsiflexion": {"left": 3, "right": 5}}})
    assert html.index(">Right<") < html.index(">Left<")
    row = html[html.index("Ankle dorsiflexion"):]
    assert row.index(">5<") < row.index("3 ◆")  # right's normal 5, then left's abnormal 3


def test_case_feedback_names_findings_in_words_not_ids():
    from bodymaps.engine import assess
    from bodymaps.exam import parse_exam
    from desktop.teach.case_view import assessment_html

    exam = parse_exam({"format": "bodymaps.exam", "version": 1, "motor": {"hip_flexion": {"right": 3}}})
    html = assessment_html(assess(exam), "l2_radiculopathy")
    assert "motor.hip_flexion" not in html and "Hip flexion, right: MRC 3" in html
