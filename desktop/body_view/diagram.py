"""The body diagram widget the window embeds: anterior, posterior and soles views, tools, overlays, legend.

Side by side when there is room; when the widget is narrow, one view at a time with a segmented switch above
it. The widget owns no exam state: findings come from the :class:`ExamController`, tools edit through it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QTabBar, QVBoxLayout, QWidget

from bodymaps.atlas import Atlas
from bodymaps.territories import Highlight
from desktop.body_view.describe import describe_zone
from desktop.body_view.items import ZoneItem
from desktop.body_view.legend import Legend, tool_icon
from desktop.body_view.overlays import OVERLAYS
from desktop.body_view.scene import BodyScene
from desktop.body_view.tools import TOOL_LABELS, TOOLS, ToolBox
from desktop.body_view.view import BodyView
from desktop.document.controller import ExamController

VIEW_ORDER = ("anterior", "posterior", "soles")
VIEW_STRETCH = {"soles": 5}  # share of the width side by side (others 6): the soles are drawn at a larger scale
SIDE_BY_SIDE_SHARE = 0.7  # side by side while each figure is at least this share of its size in one view


class BodyDiagram(QWidget):
    """Anterior, posterior and soles views of the body, bound to the open exam (or to none: teaching)."""

    zoneHovered = Signal(str, str, str)  # view_id, zone, side ('', '', '' when leaving)
    zoneClicked = Signal(str, str, str)  # view_id, zone, side (after the tool acted)
    pointClicked = Signal(str, QPointF)  # view_id, scene point of any press (teaching mode's quiz clicks)
    statusText = Signal(str)  # what hovering says, for a status bar ('' when leaving)
    toolChanged = Signal(str)

    def __init__(self, atlas: Atlas, controller: ExamController | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.atlas = atlas
        self.controller = controller
        self._map = atlas.default_map
        self._highlight: Highlight | None = None
        self._toolbox = ToolBox(self)
        self._toolbox.toolChanged.connect(self._on_tool_changed)
        order = [v for v in VIEW_ORDER if v in atlas.views] + [v for v in atlas.views if v not in VIEW_ORDER]
        self._scenes: dict[str, BodyScene] = {}
        self._views: dict[str, BodyView] = {}
        for view_id in order:
            scene = BodyScene(atlas, view_id, controller, self._toolbox, self)
            scene.zoneHovered.connect(lambda z, s, v=view_id: self._on_hovered(v, z, s))
            scene.zoneClicked.connect(lambda z, s, v=view_id: self.zoneClicked.emit(v, z, s))
            scene.pointClicked.connect(lambda p, v=view_id: self.pointClicked.emit(v, p))
            self._scenes[view_id] = scene
            self._views[view_id] = BodyView(scene, self)

        self._switch = QTabBar(self)
        self._switch.setExpanding(False)
        self._switch.setDocumentMode(True)
        for view_id in order:
            self._switch.addTab(atlas.view(view_id).label)
        self._switch.currentChanged.connect(self._show_current)
        self.legend = Legend(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._switch, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.setSpacing(4)
        for view_id, view in self._views.items():
            row.addWidget(view, VIEW_STRETCH.get(view_id, 6))
        layout.addLayout(row, 1)
        layout.addWidget(self.legend)
        self._side_by_side = True
        self._apply_layout(True)
        self.legend.set_note("")

        self._tool_group = self._make_tool_actions()
        self._view_actions = self._make_view_actions()

    # ------------------------------------------------------------------------------------------- actions

    def _make_tool_actions(self) -> QActionGroup:
        group = QActionGroup(self)
        group.setExclusive(True)
        for i, tool in enumerate(TOOLS, start=1):
            action = QAction(tool_icon(tool), TOOL_LABELS[tool], self)
            action.setCheckable(True)
            action.setData(tool)
            action.setShortcut(QKeySequence(str(i)))
            # active while the focus is in the diagram, so digits typed into the exam's grids stay digits
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{TOOL_LABELS[tool]} ({i})")
            action.setChecked(tool == self._toolbox.tool())
            action.triggered.connect(lambda _checked=False, t=tool: self.set_tool(t))
            group.addAction(action)
            self.addAction(action)
        return group

    def _make_view_actions(self) -> dict[str, QAction]:
        actions = {}
        zoom_in = [*QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")]
        specs = (("zoom_in", "Zoom in", zoom_in, self.zoom_in),
                 ("zoom_out", "Zoom out", QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomOut), self.zoom_out),
                 ("fit", "Fit to window", [QKeySequence("Ctrl+0")], self.fit))
        for name, text, keys, slot in specs:
            action = QAction(text, self)
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            actions[name] = action
        return actions

    def tool_actions(self) -> QActionGroup:
        """Checkable Pain / Numbness / Paraesthesia / Eraser actions (keys 1-4), for the window's toolbar."""
        return self._tool_group

    def view_actions(self) -> dict[str, QAction]:
        """Zoom in (Ctrl++), zoom out (Ctrl+-) and fit (Ctrl+0) actions, keyed zoom_in, zoom_out, fit."""
        return dict(self._view_actions)

    # ------------------------------------------------------------------------------------------- tools

    def set_tool(self, tool: str) -> None:
        self._toolbox.set_tool(tool)

    def tool(self) -> str:
        return self._toolbox.tool()

    def _on_tool_changed(self, tool: str) -> None:
        for action in self._tool_group.actions():
            if action.data() == tool and not action.isChecked():
                action.setChecked(True)
        self.toolChanged.emit(tool)

    # ------------------------------------------------------------------------------------------- map, overlays

    def set_map(self, map_id: str) -> None:
        self._map = self.atlas.check_map(map_id)
        for scene in self._scenes.values():
            scene.set_map(map_id)
        self._update_note()

    def map_id(self) -> str:
        return self._map

    def set_overlay(self, name: str, shown: bool) -> None:
        if name not in OVERLAYS:
            raise ValueError(f"unknown overlay {name!r}; allowed: {', '.join(OVERLAYS)}")
        for scene in self._scenes.values():
            scene.overlays.set_shown(name, shown)
        self._update_note()

    def _update_note(self) -> None:
        shown = self.overlays()
        parts, tips = [], []
        if shown["dermatomes"]:
            info = self.atlas.maps[self._map]
            parts.append(f"Dermatomes: {info.label.split(' (')[0]}")
            tips += [info.label, info.citation, info.blank_areas, *info.supplements.values()]
        if shown["nerves"]:
            parts.append("nerve territories")
            tips += [f"{n.label}: {n.source}" for n in self.atlas.nerves.values()]
        if shown["landmarks"]:
            parts.append("● ISNCSCI key points")
        self.legend.set_note(" · ".join(parts), "\n".join(tips))

    def overlays(self) -> dict[str, bool]:
        return next(iter(self._scenes.values())).overlays.shown()

    def set_highlight(self, highlight: Highlight | None) -> None:
        self._highlight = highlight
        for scene in self._scenes.values():
            scene.set_highlight(highlight)
        self.legend.set_highlight(highlight)

    def highlight(self) -> Highlight | None:
        return self._highlight

    # ------------------------------------------------------------------------------------------- views

    def views(self) -> dict[str, BodyView]:
        return dict(self._views)

    def scenes(self) -> dict[str, BodyScene]:
        return dict(self._scenes)

    def zone_items(self, zone: str, side: str) -> list[ZoneItem]:
        """The item of this zone and side on every view that shows it."""
        items = (scene.zone_item(zone, side) for scene in self._scenes.values())
        return [item for item in items if item is not None]

    def zone_text(self, zone: str, side: str) -> str:
        """The hover text of a zone in the current map (name, roots with coverage, nerves)."""
        return describe_zone(self.atlas, self._map, zone, side)

    def _on_hovered(self, view_id: str, zone: str, side: str) -> None:
        if zone:
            self.zoneHovered.emit(view_id, zone, side)
            self.statusText.emit(self.zone_text(zone, side))
        else:
            self.zoneHovered.emit("", "", "")
            self.statusText.emit("")

    def zoom_in(self) -> None:
        for view in self._visible_views():
            view.zoom_in()

    def zoom_out(self) -> None:
        for view in self._visible_views():
            view.zoom_out()

    def fit(self) -> None:
        for view in self._views.values():
            view.fit()

    def _visible_views(self) -> list[BodyView]:
        return [v for v in self._views.values() if not v.isHidden()]

    # ------------------------------------------------------------------------------------------- layout

    def side_by_side(self) -> bool:
        return self._side_by_side

    def current_view(self) -> str:
        """The view shown when one view is shown at a time."""
        return list(self._views)[self._switch.currentIndex()]

    def set_current_view(self, view_id: str) -> None:
        self._switch.setCurrentIndex(list(self._views).index(view_id))

    def _show_current(self, index: int) -> None:
        views = list(self._views.values())
        if not self._side_by_side:
            for i, view in enumerate(views):
                view.setVisible(i == index)
        # setFocus() on the diagram (e.g. "mark it on the body") lands in a view, where keys 1-4 and Escape work
        self.setFocusProxy(views[index] if not self._side_by_side and 0 <= index < len(views) else views[0])

    def _apply_layout(self, side_by_side: bool) -> None:
        self._side_by_side = side_by_side
        self._switch.setVisible(not side_by_side)
        if side_by_side:
            for view in self._views.values():
                view.setVisible(True)
        self._show_current(self._switch.currentIndex())

    def _wants_side_by_side(self, width: int, height: int) -> bool:
        """Side by side unless that would shrink the tallest figure well below its size in one view."""
        stretch = {v: VIEW_STRETCH.get(v, 6) for v in self._scenes}
        tallest = max(self._scenes, key=lambda v: self._scenes[v].sceneRect().height())
        rect = self._scenes[tallest].sceneRect()
        alone = min(width / rect.width(), height / rect.height())
        column = width * stretch[tallest] / sum(stretch.values())
        share = min(column / rect.width(), height / rect.height())
        return share >= SIDE_BY_SIDE_SHARE * alone

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        height = max(1, event.size().height() - self.legend.sizeHint().height())
        wanted = self._wants_side_by_side(event.size().width(), height)
        if wanted != self._side_by_side:
            self._apply_layout(wanted)
