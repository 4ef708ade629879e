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


def highlight_for(atlas, assessment, source: tuple[str, ...]):
    """The diagram's Highlight for ("condition", id) or ("root", root, side) in this assessment."""
    from bodymaps import territories

    if source[0] == "condition":
        return territories.highlight_for_condition(assessment, source[1], atlas)
    return territories.highlight_for_root(assessment, source[1], source[2], atlas)


def defer_pixmap_caches() -> None:
    """The body items made from now on are drawn directly until :func:`start_pixmap_caches` (the first frame)."""
    try:
        from desktop.body_view import items
    except ImportError:
        return
    items.defer_pixmap_caches()


def start_pixmap_caches() -> None:
    try:
        from desktop.body_view import items
    except ImportError:
        return
    items.start_pixmap_caches()
