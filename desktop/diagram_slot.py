"""The body diagram for the window: desktop.body_view.BodyDiagram when it is there, a placeholder otherwise."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def make_diagram(atlas, controller, parent=None):
    try:
        from desktop.body_view import BodyDiagram
    except ImportError:
        placeholder = QLabel("Body diagram", parent)
        placeholder.setObjectName("diagramPlaceholder")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setStyleSheet("color: #999999; background: white;")
        return placeholder
    return BodyDiagram(atlas, controller, parent)


def highlight_for(kind: str, atlas, result_or_root, side: str | None, map_id: str):
    """The Highlight for a selected condition or root, or None when bodymaps.territories is not there yet."""
    try:
        from bodymaps import territories
    except ImportError:
        return None
    if not hasattr(territories, "highlight_for_condition"):
        return None
    if kind == "condition":
        return territories.highlight_for_condition(atlas, result_or_root.condition, result_or_root.side, map_id)
    return territories.highlight_for_root(atlas, result_or_root, side, map_id)
