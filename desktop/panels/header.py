"""Patient and exam header: name and ID (optional), age, sex, date, examiner. One edit per field change."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from bodymaps.exam import ExamError
from desktop.document.controller import marks_only


class HeaderPanel(QWidget):
    def __init__(self, controller, parent=None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.name = QLineEdit(objectName="patient.name", placeholderText="optional")
        self.patient_id = QLineEdit(objectName="patient.id", placeholderText="optional")
        self.age = QSpinBox(objectName="patient.age")
        self.age.setRange(-1, 120)
        self.age.setSpecialValueText("—")  # -1: not recorded
        self.sex = QComboBox(objectName="patient.sex")
        for label, value in (("—", None), ("Female", "female"), ("Male", "male"), ("Other", "other")):
            self.sex.addItem(label, value)
        self.date = QLineEdit(objectName="exam.date", placeholderText="YYYY-MM-DD")
        self.date.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,4}-?\d{0,2}-?\d{0,2}"), self))
        today = QPushButton("Today")
        today.setAutoDefault(False)
        today.clicked.connect(self._today)
        self.examiner = QLineEdit(objectName="exam.examiner", placeholderText="optional")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #A14800;")
        self.message.hide()
        date_row = QHBoxLayout()
        date_row.setContentsMargins(0, 0, 0, 0)
        date_row.addWidget(self.date, 1)
        date_row.addWidget(today)
        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&ID", self.patient_id)
        form.addRow("&Age", self.age)
        form.addRow("Se&x", self.sex)
        date_label = QLabel("&Date")
        date_label.setBuddy(self.date)
        form.addRow(date_label, date_row)
        form.addRow("Exa&miner", self.examiner)
        form.addRow(self.message)
        self._lines = {self.name: ("patient", "name"), self.patient_id: ("patient", "id"),
                       self.date: ("exam", "date"), self.examiner: ("exam", "examiner")}
        for line in self._lines:
            line.editingFinished.connect(lambda line=line: self._record_line(line))
        self.age.editingFinished.connect(lambda: self._patient("age", None if self.age.value() < 0 else self.age.value()))
        self.sex.activated.connect(lambda _i: self._patient("sex", self.sex.currentData()))
        controller.changed.connect(self.refresh)
        controller.documentReplaced.connect(self.refresh)
        self.refresh()

    def commit(self) -> None:
        """Record text still being typed (before a save or close: editingFinished has not fired yet)."""
        for line in self._lines:
            if line.isModified():
                self._record_line(line)
        self.age.interpretText()
        self._patient("age", None if self.age.value() < 0 else self.age.value())

    def _record_line(self, line: QLineEdit) -> None:
        where, name = self._lines[line]
        value = line.text().strip() or None
        if where == "patient":
            self._patient(name, value)
        else:
            self._exam(name, value)
        if not self.message.isVisible():
            line.setModified(False)  # recorded; an invalid value stays as typed, with the message beside it

    def _today(self) -> None:
        self.date.setText(dt.date.today().isoformat())
        self._exam("date", self.date.text())

    def _apply(self, make) -> None:
        try:
            edit = make()
        except ExamError as exc:
            self.message.setText(str(exc))  # inline, no dialog
            self.message.show()
            return
        self.message.hide()
        self.controller.apply(edit)

    def _patient(self, name: str, value) -> None:
        from bodymaps.exam.edits import SetPatientField  # not on the path to the first frame

        if getattr(self.controller.document.exam.patient, name) != value:
            self._apply(lambda: SetPatientField(name, value))

    def _exam(self, name: str, value) -> None:
        from bodymaps.exam.edits import SetExamField

        if getattr(self.controller.document.exam.info, name) != value:
            self._apply(lambda: SetExamField(name, value))

    def refresh(self, *args) -> None:
        if args and marks_only(args[0]):
            return
        exam = self.controller.document.exam
        for edit, value in (
            (self.name, exam.patient.name), (self.patient_id, exam.patient.id),
            (self.date, exam.info.date), (self.examiner, exam.info.examiner),
        ):  # fmt: skip
            if edit.isModified():
                continue  # typed in and not yet recorded: editingFinished (or commit) will record it
            if edit.text() != (value or ""):
                edit.setText(value or "")
        age = -1 if exam.patient.age is None else exam.patient.age
        if self.age.value() != age:
            self.age.blockSignals(True)
            self.age.setValue(age)
            self.age.blockSignals(False)
        index = max(0, self.sex.findData(exam.patient.sex))
        if self.sex.currentIndex() != index:
            self.sex.setCurrentIndex(index)
