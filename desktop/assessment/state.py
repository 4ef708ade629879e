"""One Assessment for the whole window, recomputed from the controller's change notifications.

The engine takes about a millisecond, so it runs synchronously on every change (a paint stroke updates the
differential live); panels listen to :attr:`AssessmentState.updated` and update themselves incrementally.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from bodymaps.engine import Assessment, assess


class AssessmentState(QObject):
    updated = Signal(object)  # Assessment
    mapChanged = Signal(str)

    def __init__(self, controller, map_id: str = "evidence_based", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.map_id = map_id
        self.assessment: Assessment | None = None
        controller.changed.connect(self._on_change)
        controller.documentReplaced.connect(self.recompute)

    def _on_change(self, change) -> None:
        # "group" closes a stroke whose edits were each announced (and assessed) already; "saved" changes no
        # finding: neither needs a new assessment
        if change.reason not in ("group", "saved"):
            self.recompute()

    def set_map(self, map_id: str) -> None:
        if map_id != self.map_id:
            self.map_id = map_id
            self.mapChanged.emit(map_id)
            self.recompute()

    def recompute(self) -> Assessment:
        self.assessment = assess(self.controller.document.exam, self.map_id)
        self.updated.emit(self.assessment)
        return self.assessment
