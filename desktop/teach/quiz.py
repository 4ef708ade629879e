"""Practise: questions from bodymaps.teach, answered on the body diagram or with root buttons, graded by the
core (atlas, banks, engine), with feedback that shows the right territory or the engine's differential."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from bodymaps.atlas import Atlas
from bodymaps.exam import ExamDocument, parse_exam
from bodymaps.teach.bank import Bank
from bodymaps.teach.cases import NO_ROOT, CaseGenerationError
from bodymaps.teach.geometry import (
    blank_geometry,
    exclusive_geometry,
    nerve_geometry,
    root_geometry,
    views_with_root,
)
from bodymaps.teach.kinds import KINDS
from bodymaps.teach.questions import Question, generate
from bodymaps.teach.results import ResultStore
from bodymaps.teach.scoring import BLANK, Feedback, Response
from bodymaps.teach.session import Session
from bodymaps.territories import highlight_for_condition
from bodymaps.vocabulary import vocabulary
from desktop.body_view import BodyDiagram
from desktop.document.controller import ExamController
from desktop.teach.canvas import AtlasCanvas, blank_brush, colour
from desktop.teach.case_view import assessment_html, exam_html
from desktop.teach.common import HIGHLIGHT_COLOUR, RIGHT_COLOUR, map_combo, nice, wrap_label
from desktop.teach.nerves import nerve_brush, nerve_pen

KIND_LABELS = {
    "dermatome-click": "Click the dermatome",
    "area-root": "Which root supplies the area?",
    "myotome": "Which root does the muscle test?",
    "reflex": "Which root does the reflex test?",
    "nerve-vs-root": "Which nerve, which root?",
    "case": "Case: root and diagnosis",
}
TWO_PART = ("nerve-vs-root", "case")


def highlight_brush() -> QBrush:
    return QBrush(colour(HIGHLIGHT_COLOUR, 170), Qt.BrushStyle.Dense3Pattern)


class QuizPanel(QWidget):
    answered = Signal()  # a question was graded (and its result saved)

    def __init__(self, atlas: Atlas, bank: Bank, store: ResultStore | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.atlas, self.bank, self.store = atlas, bank, store
        self.session: Session | None = None
        self.kind_box = QComboBox()
        self.kind_box.addItem("Mixed (every kind in turn)", "")
        for kind in KINDS:
            self.kind_box.addItem(KIND_LABELS[kind], kind)
        self.map_box = map_combo(atlas)
        self.count_box = QSpinBox()
        self.count_box.setRange(1, 50)
        self.count_box.setValue(10)
        self.seed_box = QSpinBox()
        self.seed_box.setRange(0, 999_999)
        self.start_button = QPushButton("Start")
        controls = QHBoxLayout()
        for w in (QLabel("Questions"), self.kind_box, QLabel("Map"), self.map_box, QLabel("How many"),
                  self.count_box, QLabel("Seed"), self.seed_box, self.start_button):
            controls.addWidget(w)
        controls.addStretch(1)

        self.canvas = AtlasCanvas(atlas, ("anterior",))
        self.item_card = QLabel()
        self.item_card.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.item_card.setWordWrap(True)
        self.item_card.setStyleSheet("font-size: 24pt; color: #333; background: #FBF8F4; border: 1px solid #ccc;")
        self.item_card.setFixedHeight(150)
        # a case is shown on the clinical mode's own body diagram, bound to a throwaway copy of the exam and
        # made read-only (its views do not pass the mouse on), so it looks exactly as it would in the clinic
        self.case_controller = ExamController(parent=self)
        self.diagram = BodyDiagram(atlas, self.case_controller)
        self.diagram.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)  # fits the page's height
        for view in self.diagram.views().values():
            view.setInteractive(False)
        figure = QVBoxLayout()
        figure.addWidget(self.item_card)
        figure.addWidget(self.canvas, 1)
        figure.addWidget(self.diagram, 1)

        self.progress = QLabel("Pick the kind of questions and press Start.")
        self.progress.setObjectName("progress")
        self.prompt = wrap_label(rich=False)
        font = QFont()
        font.setPointSize(14)
        font.setBold(True)
        self.prompt.setFont(font)
        self.exam_view = QTextBrowser()
        self.nerve_box = QComboBox()
        self.condition_box = QComboBox()
        self.root_grid = QGridLayout()
        self.root_buttons: dict[str, QPushButton] = {}
        self.submit_button = QPushButton("Check answer")
        self.feedback = wrap_label()
        self.feedback.setObjectName("feedback")
        self.explanation = QTextBrowser()
        self.explanation.setObjectName("explanation")
        self.next_button = QPushButton("Next question")
        side = QVBoxLayout()
        side.addWidget(self.progress)
        side.addWidget(self.prompt)
        side.addWidget(self.exam_view, 2)
        side.addWidget(self.nerve_box)
        side.addWidget(self.condition_box)
        side.addLayout(self.root_grid)
        side.addWidget(self.submit_button)
        side.addWidget(self.feedback)
        side.addWidget(self.explanation, 3)
        side.addWidget(self.next_button)
        side.addStretch(1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(470)

        body = QHBoxLayout()
        body.addLayout(figure, 1)
        body.addWidget(side_widget)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(body, 1)

        self.start_button.clicked.connect(self.start)
        self.canvas.clicked.connect(self._clicked)
        self.submit_button.clicked.connect(self._submit)
        self.next_button.clicked.connect(self.next_question)
        self._idle()

    # -- session
    def _idle(self) -> None:
        for w in (self.exam_view, self.nerve_box, self.condition_box, self.submit_button, self.next_button,
                  self.explanation, self.item_card, self.diagram):
            w.hide()
        self.canvas.hover_map = None
        self.canvas.hover_nerves = False

    def start(self) -> None:
        kind = self.kind_box.currentData() or None
        try:
            questions = generate(kind, self.count_box.value(), self.seed_box.value(), str(self.map_box.currentData()),
                                 self.atlas, self.bank)
        except CaseGenerationError as exc:
            QMessageBox.warning(self, "No questions", str(exc))
            return
        self.session = Session(self.atlas, questions, self.store)
        self.show_question()

    @property
    def question(self) -> Question | None:
        return self.session.current if self.session else None

    def _score_text(self) -> str:
        assert self.session is not None
        right, total = self.session.score
        return f"Question {min(self.session.index + 1, len(self.session.questions))} of {len(self.session.questions)} · score {right}/{total}"

    def show_question(self) -> None:
        q = self.question
        self._idle()
        self.feedback.setText("")
        if q is None:
            self._finished()
            return
        self.progress.setText(self._score_text())
        self.prompt.setText(q.prompt)
        self._root_buttons(q)
        canvas = self.canvas
        if q.kind in ("myotome", "reflex"):
            canvas.hide()
            self.item_card.show()
            item = q.data["item"]
            self.item_card.setText(f"{item['label']}<br><span style='font-size:15pt'>{escape(item['muscle'])}</span>")
        elif q.kind == "case":
            canvas.hide()
            self.case_controller.set_document(ExamDocument(parse_exam(q.data["exam"])))
            self.diagram.set_map(q.map)
            self.diagram.set_highlight(None)
            self.diagram.show()
        else:
            canvas.show()
            if q.kind == "area-root" or q.kind == "nerve-vs-root":
                views = (q.data["highlight"]["view"],)
            else:
                views = (q.view or "anterior",)
            if canvas.views != views:
                canvas.set_views(views)
            canvas.clear_layers()
        if q.kind == "area-root":
            h = q.data["highlight"]
            canvas.add_geometry(h["view"], exclusive_geometry(self.atlas, q.map, h["view"], h["root"], h["side"]),
                                highlight_brush(), QPen(colour(HIGHLIGHT_COLOUR), 2.5), z=10)
        elif q.kind == "nerve-vs-root":
            h = q.data["highlight"]
            canvas.add_geometry(h["view"], nerve_geometry(self.atlas, h["view"], h["nerve"], h["side"]), nerve_brush(),
                                nerve_pen(), z=10)
            self.nerve_box.clear()
            self.nerve_box.addItem("Which nerve?", "")
            for nid in q.data["nerves"]:
                self.nerve_box.addItem(self.atlas.nerves[nid].label, nid)
            self.nerve_box.show()
        elif q.kind == "case":
            self.exam_view.setHtml(exam_html(q.data["exam"]))
            self.exam_view.show()
            self.condition_box.clear()
            self.condition_box.addItem("Which diagnosis?", "")
            for cid in q.data["conditions"]:
                self.condition_box.addItem(vocabulary().label("condition", cid), cid)
            self.condition_box.show()
        if q.kind in TWO_PART:
            self.submit_button.show()
            self.submit_button.setEnabled(True)

    def _root_buttons(self, q: Question) -> None:
        while self.root_grid.count():
            item = self.root_grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self.root_buttons = {}
        for i, root in enumerate(q.choices):
            button = QPushButton(nice(root))
            button.setObjectName(f"root:{root}")
            button.setCheckable(q.kind in TWO_PART)
            button.setAutoExclusive(q.kind in TWO_PART)
            button.clicked.connect(lambda _checked=False, r=root: self._root_clicked(r))
            self.root_grid.addWidget(button, i // 5, i % 5)
            self.root_buttons[root] = button

    # -- answers
    def _root_clicked(self, root: str) -> None:
        q = self.question
        if q is None or (self.session and self.session.answered):
            return
        if q.kind not in TWO_PART:
            self._answer(Response(root=root))

    def _selected_root(self) -> str | None:
        return next((r for r, b in self.root_buttons.items() if b.isChecked()), None)

    def _submit(self) -> None:
        q = self.question
        if q is None or (self.session and self.session.answered):
            return
        root = self._selected_root()
        if q.kind == "case":
            self._answer(Response(root=root or NO_ROOT, condition=self.condition_box.currentData() or None))
        else:
            self._answer(Response(root=root, nerve=self.nerve_box.currentData() or None))

    def _clicked(self, view_id: str, x: float, y: float) -> None:
        q = self.question
        if q is None or q.kind != "dermatome-click" or view_id != q.view or (self.session and self.session.answered):
            return
        self._answer(Response(point=(x, y)))

    def _answer(self, response: Response) -> None:
        assert self.session is not None
        q = self.session.current
        assert q is not None
        fb = self.session.answer(response)
        self._show_feedback(q, fb, response)
        self.answered.emit()

    def _show_feedback(self, q: Question, fb: Feedback, response: Response) -> None:
        mark = "✓" if fb.correct else "✗"
        style = f"color:{RIGHT_COLOUR}" if fb.correct else "color:#000000"
        self.feedback.setText(f"<span style='font-size:13pt;{style}'><b>{mark} {escape(fb.message)}</b></span>")
        self.progress.setText(self._score_text())
        for root, button in self.root_buttons.items():  # the key on the buttons too, by symbol
            if root in q.accepted_roots or (q.kind == "case" and root == (q.answer.get("root") or NO_ROOT)):
                button.setText(f"✓ {nice(root)}")
            elif root == fb.given_root:
                button.setText(f"✗ {nice(root)}")
            button.setEnabled(False)
        extra = ""
        canvas = self.canvas
        if q.kind == "dermatome-click":
            root = q.answer["root"]
            canvas.add_geometry(q.view or "", root_geometry(self.atlas, q.map, q.view or "", root),
                                QBrush(colour(self.atlas.colors["roots"][root], 200)), QPen(colour(RIGHT_COLOUR), 3), z=5)
            canvas.add_root_labels(q.map, {root})
            if fb.given_root == BLANK:  # show what "blank" means on this map
                canvas.add_geometry(q.view or "", blank_geometry(self.atlas, q.map, q.view or ""), blank_brush(), None, z=3)
            if fb.given_root in self.atlas.colors["roots"]:
                pen = QPen(colour("#000000"), 2)
                pen.setDashPattern([4, 3])
                canvas.add_geometry(q.view or "", root_geometry(self.atlas, q.map, q.view or "", fb.given_root),
                                    QBrush(colour(self.atlas.colors["roots"][fb.given_root], 140)), pen, z=4)
                canvas.add_root_labels(q.map, {fb.given_root})
            if response.point:
                canvas.add_marker(q.view or "", *response.point, text="you", fill="#000000", radius=6)
        elif q.kind == "area-root":
            canvas.add_dermatomes(q.map, alpha=120)
            canvas.add_root_labels(q.map)
        elif q.kind == "nerve-vs-root":
            h = q.data["highlight"]
            for root in q.answer["roots"]:
                canvas.add_geometry(h["view"], root_geometry(self.atlas, q.map, h["view"], root, h["side"]),
                                    QBrush(colour(self.atlas.colors["roots"][root], 150)), None, z=4)
            canvas.add_root_labels(q.map, set(q.answer["roots"]))
            overlap = ", ".join(f"{r} {a:.0f} cm²" for r, a in h["overlap_cm2"].items())
            extra = f"<p>Overlap with dermatomes on this map: {escape(overlap or 'none')}</p>"
        elif q.kind in ("myotome", "reflex"):
            roots = set(q.accepted_roots)
            views = tuple(v for v in self.atlas.views if any(views_with_root(self.atlas, q.map, r) and
                                                              v in views_with_root(self.atlas, q.map, r) for r in roots))
            canvas.show()
            canvas.set_views(views or ("anterior",))
            canvas.add_dermatomes(q.map, roots)
            canvas.add_root_labels(q.map, roots)
            canvas.add_key_points(roots)
            extra = f"<p>Shown: the skin of {' and '.join(sorted(roots))} on this map, with the ISNCSCI key point.</p>"
        if fb.assessment is not None:
            extra = assessment_html(fb.assessment, q.answer["condition"])
            # the answer's territory on the body, and the findings for and against it (as in clinical mode)
            self.diagram.set_highlight(highlight_for_condition(fb.assessment, q.answer["condition"]))
        self.explanation.setHtml(f"<p>{escape(fb.explanation)}</p>{extra}<p style='color:#555'><small>"
                                 f"{escape(fb.source)}</small></p>")
        self.explanation.show()
        self.submit_button.setEnabled(False)
        self.next_button.show()

    def next_question(self) -> None:
        if self.session is None:
            return
        self.session.next()
        self.show_question()

    def _finished(self) -> None:
        assert self.session is not None
        right, total = self.session.score
        self.progress.setText(f"Session finished: {right}/{total}. The Results tab shows which roots you confuse.")
        self.prompt.setText("")
        self._root_buttons(Question("", "", "", "", None, (), {}, "", ""))
