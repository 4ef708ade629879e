"""History and red-flag checkboxes, labelled from data/vocabulary.csv; each tick is one undoable edit."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGroupBox, QVBoxLayout, QWidget

from bodymaps.exam.edits import ToggleHistory, ToggleRedFlag
from bodymaps.vocabulary import vocabulary
from desktop.document.controller import marks_only
from desktop.style import RED_FLAG


class _Checklist(QGroupBox):
    def __init__(self, title: str, kind: str, section: str, toggle, controller, parent=None) -> None:
        super().__init__(title, parent)
        self.controller = controller
        self.section = section
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        voc = vocabulary()
        for item in voc.ids(kind):
            box = QCheckBox(voc.label(kind, item))
            box.setObjectName(f"{section}.{item}")
            box.toggled.connect(lambda checked, item=item: self._toggled(item, checked))
            self.boxes[item] = box
            layout.addWidget(box)
        self._toggle = toggle
        controller.changed.connect(self.refresh)
        controller.documentReplaced.connect(self.refresh)
        self.refresh()

    def _toggled(self, item: str, checked: bool) -> None:
        ticked = item in getattr(self.controller.document.exam, self.section)
        if ticked != checked:
            self.controller.apply(self._toggle(item))

    def refresh(self, *args) -> None:
        if args and marks_only(args[0]):
            return
        ticked = set(getattr(self.controller.document.exam, self.section))
        for item, box in self.boxes.items():
            if box.isChecked() != (item in ticked):
                box.blockSignals(True)
                box.setChecked(item in ticked)
                box.blockSignals(False)


class HistoryPanel(_Checklist):
    def __init__(self, controller, parent=None) -> None:
        super().__init__("History", "history", "history", ToggleHistory, controller, parent)


class RedFlagsPanel(_Checklist):
    def __init__(self, controller, parent=None) -> None:
        super().__init__("Red flags", "red_flag", "red_flags", ToggleRedFlag, controller, parent)
        self.setStyleSheet(f"QGroupBox::title {{ color: {RED_FLAG}; }}")


class HistoryFlagsPanel(QWidget):
    """History on the left, red flags on the right (stacked when narrow)."""

    def __init__(self, controller, parent=None) -> None:
        super().__init__(parent)
        self.history = HistoryPanel(controller)
        self.red_flags = RedFlagsPanel(controller)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.red_flags)
        layout.addWidget(self.history)
        layout.addStretch(1)

    def box(self, section: str, item: str) -> QCheckBox | None:
        panel = self.history if section == "history" else self.red_flags
        return panel.boxes.get(item)
