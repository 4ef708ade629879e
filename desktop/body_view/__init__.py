"""The body diagram: anterior, posterior and soles views bound to the open exam (see diagram.py).

The window embeds :class:`BodyDiagram`; teaching mode can reuse :class:`BodyScene` and :class:`BodyView`
without an exam.
"""

from bodymaps.territories import Highlight
from desktop.body_view.diagram import BodyDiagram
from desktop.body_view.items import ZoneItem
from desktop.body_view.scene import BodyScene
from desktop.body_view.tools import TOOLS, ToolBox
from desktop.body_view.view import BodyView

__all__ = ["TOOLS", "BodyDiagram", "BodyScene", "BodyView", "Highlight", "ToolBox", "ZoneItem"]
