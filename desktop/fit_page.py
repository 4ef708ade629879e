"""A page that fills the height it is given: the teaching tabs inside a scroll area, at 1366x768 too.

A scroll area sizes a widget whose layout has height-for-width (word-wrapped labels) to that height, which for the
teaching tabs is the tallest tab's preferred height: taller than a 1366x768 window, so the figures' feet were cut
off. This holder has no layout of its own: the scroll area gives it the viewport (never less than the page's
minimum size, with scroll bars below that), and it gives its page the same rectangle.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget


class FitPage(QWidget):
    def __init__(self, page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        page.setParent(self)

    def minimumSizeHint(self) -> QSize:  # Qt names, overridden
        return self.page.minimumSizeHint()

    def sizeHint(self) -> QSize:
        return self.page.minimumSizeHint()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.page.setGeometry(self.rect())
