"""The body diagram: anterior, posterior and soles views bound to the open exam (see diagram.py).

The window embeds :class:`BodyDiagram`; teaching mode can reuse :class:`BodyScene` and :class:`BodyView`
without an exam. The names below are imported on first use (PEP 562), so that ``desktop.body_view.paths``,
the one atlas-to-Qt conversion, can be used by the PDF report without loading QtWidgets and the scene code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bodymaps.lazy import lazy_attributes

if TYPE_CHECKING:
    from bodymaps.territories import Highlight
    from desktop.body_view.diagram import BodyDiagram
    from desktop.body_view.items import ZoneItem
    from desktop.body_view.scene import BodyScene
    from desktop.body_view.tools import TOOLS, ToolBox
    from desktop.body_view.view import BodyView

_WHERE = {
    "Highlight": "bodymaps.territories",
    "BodyDiagram": "desktop.body_view.diagram",
    "ZoneItem": "desktop.body_view.items",
    "BodyScene": "desktop.body_view.scene",
    "TOOLS": "desktop.body_view.tools",
    "ToolBox": "desktop.body_view.tools",
    "BodyView": "desktop.body_view.view",
}


__getattr__ = lazy_attributes(__name__, _WHERE, globals())


__all__ = ["TOOLS", "BodyDiagram", "BodyScene", "BodyView", "Highlight", "ToolBox", "ZoneItem"]
