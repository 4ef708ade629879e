"""The Preferences dialog with Restore defaults (imported when it is opened, never on the way to the first window)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.document.settings import MAP_LABELS, OVERLAYS, Preferences


class PreferencesDialog(QDialog):
    """Default map, examiner name, paper size and overlays shown; Restore defaults resets the form."""

    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.map_box = QComboBox()
        for map_id, label in MAP_LABELS.items():
            self.map_box.addItem(label, map_id)
        self.examiner = QLineEdit()
        self.examiner.setPlaceholderText("Filled into new exams")
        self.paper_box = QComboBox()
        self.paper_box.addItem("A4", "a4")
        self.paper_box.addItem("US Letter", "letter")
        self.overlay_boxes = {name: QCheckBox(name.capitalize()) for name in OVERLAYS}
        form = QFormLayout()
        form.addRow("Default dermatome &map", self.map_box)
        form.addRow("&Examiner", self.examiner)
        form.addRow("&Paper size", self.paper_box)
        for i, (name, box) in enumerate(self.overlay_boxes.items()):
            form.addRow("Overlays shown" if i == 0 else "", box)
            del name
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.restore_button = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.restore_button.clicked.connect(lambda: self.set_preferences(Preferences()))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.set_preferences(prefs)

    def set_preferences(self, prefs: Preferences) -> None:
        self.map_box.setCurrentIndex(max(0, self.map_box.findData(prefs.default_map)))
        self.examiner.setText(prefs.examiner)
        self.paper_box.setCurrentIndex(max(0, self.paper_box.findData(prefs.paper)))
        for name, box in self.overlay_boxes.items():
            box.setChecked(name in prefs.overlays)

    def preferences(self) -> Preferences:
        return Preferences(
            default_map=self.map_box.currentData(),
            examiner=self.examiner.text().strip(),
            paper=self.paper_box.currentData(),
            overlays=[name for name, box in self.overlay_boxes.items() if box.isChecked()],
        )
