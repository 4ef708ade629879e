"""Menus, toolbar and shortcuts of the main window (wiring only: each action calls one window method)."""

from __future__ import annotations

from functools import partial
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar

from desktop.document import commands, settings
from desktop.document.file_ops import example_files, example_title
from desktop.document.undo_text import ReadableUndo


def _action(window, text: str, slot, shortcut=None, tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        if isinstance(shortcut, list | tuple):
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        else:
            action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build(window) -> SimpleNamespace:
    a = SimpleNamespace()
    files = window.files
    K = QKeySequence.StandardKey
    a.new = _action(window, "&New", files.new, K.New, "Start a new exam")
    a.open = _action(window, "&Open…", files.open, K.Open, "Open an exam file (*.bodymaps.json)")
    a.save = _action(window, "&Save", files.save, K.Save)
    a.save_as = _action(window, "Save &As…", files.save_as, "Ctrl+Shift+S")
    a.export_pdf = _action(window, "&Export PDF…", partial(commands.export_pdf, window), "Ctrl+E")
    a.export_deidentified = _action(window, "Export PDF, &de-identified…",
                                    partial(commands.export_pdf, window, deidentify=True))
    a.print = _action(window, "&Print…", partial(commands.print_report, window), K.Print)
    a.preview = _action(window, "Print Pre&view", partial(commands.preview_report, window), "Ctrl+Shift+P")
    a.preferences = _action(window, "Pre&ferences…", partial(commands.edit_preferences, window), K.Preferences)
    a.quit = _action(window, "&Quit", window.close, K.Quit)

    a.readable_undo = ReadableUndo(window.controller, window)
    a.undo, a.redo = a.readable_undo.undo_action, a.readable_undo.redo_action

    menu = window.menuBar()
    file_menu = menu.addMenu("&File")
    file_menu.addActions([a.new, a.open])
    a.recent_menu = file_menu.addMenu("Open &Recent")
    file_menu.addActions([a.save, a.save_as])
    file_menu.addSeparator()
    file_menu.addActions([a.export_pdf, a.export_deidentified, a.preview, a.print])
    file_menu.addSeparator()
    file_menu.addAction(a.preferences)
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    _fill_recent(window, a.recent_menu, settings.recent_files())
    files.recentChanged.connect(lambda paths: _fill_recent(window, a.recent_menu, paths))

    edit_menu = menu.addMenu("&Edit")
    edit_menu.addActions([a.undo, a.redo])
    edit_menu.addSeparator()
    a.history_menu = edit_menu.addMenu("Undo &history")
    a.history_menu.aboutToShow.connect(lambda: a.readable_undo.fill_history_menu(a.history_menu))

    # dermatome map: a menu of radio actions and a toolbar combo box, kept in step
    view_menu = menu.addMenu("&View")
    map_menu = view_menu.addMenu("Dermatome &map")
    a.map_group = QActionGroup(window)
    a.map_actions = {}
    for map_id, label in settings.MAP_LABELS.items():
        action = QAction(label, window, checkable=True)
        action.setData(map_id)
        action.triggered.connect(partial(window.set_map, map_id))
        a.map_group.addAction(action)
        map_menu.addAction(action)
        a.map_actions[map_id] = action
    a.map_box = QComboBox()
    a.map_box.setObjectName("mapBox")
    a.map_box.setToolTip("Dermatome map used for the overlay and the assessment")
    for map_id, label in settings.MAP_LABELS.items():
        a.map_box.addItem(label, map_id)
    a.map_box.activated.connect(lambda i: window.set_map(a.map_box.itemData(i)))

    diagram = window.diagram
    a.overlays = {}
    overlay_menu = view_menu.addMenu("&Overlays")
    for name in settings.OVERLAYS:
        action = QAction(name.capitalize(), window, checkable=True)
        action.setChecked(name in window.prefs.overlays)
        if hasattr(diagram, "set_overlay"):
            action.toggled.connect(partial(diagram.set_overlay, name))
        overlay_menu.addAction(action)
        a.overlays[name] = action
    view_menu.addSeparator()
    if hasattr(diagram, "view_actions"):  # the diagram's own zoom actions, made window-wide
        zoom = diagram.view_actions()
        a.zoom_in, a.zoom_out, a.fit = zoom["zoom_in"], zoom["zoom_out"], zoom["fit"]
        for action in (a.zoom_in, a.zoom_out, a.fit):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    else:
        a.zoom_in = _action(window, "Zoom &In", lambda: None, ["Ctrl++", "Ctrl+="])
        a.zoom_out = _action(window, "Zoom &Out", lambda: None, "Ctrl+-")
        a.fit = _action(window, "&Fit", lambda: None, "Ctrl+0")
    view_menu.addActions([a.zoom_in, a.zoom_out, a.fit])
    view_menu.addSeparator()
    view_menu.addActions([window.exam_dock.toggleViewAction(), window.assessment_dock.toggleViewAction()])
    a.teaching = QAction("&Teaching mode", window, checkable=True)
    a.teaching.setShortcut(QKeySequence("Ctrl+T"))
    a.teaching.setToolTip("Explore the dermatome maps and quiz yourself (the exam is kept)")
    a.teaching.toggled.connect(window.set_teaching)
    a.teaching.setVisible(window.teaching_available())
    view_menu.addSeparator()
    view_menu.addAction(a.teaching)

    tools = diagram.tool_actions() if hasattr(diagram, "tool_actions") else None
    if tools is not None:
        tools_menu = menu.addMenu("T&ools")
        tools_menu.addActions(tools.actions())

    help_menu = menu.addMenu("&Help")
    examples = help_menu.addMenu("&Example exams")
    for path in example_files():
        examples.addAction(_action(window, example_title(path), partial(files.open_example, path)))
    a.shortcuts = _action(window, "&Keyboard shortcuts", partial(commands.show_shortcuts, window), K.HelpContents)
    a.about = _action(window, "&About BodyMaps", partial(commands.show_about, window))
    help_menu.addActions([a.shortcuts, a.about])

    bar = QToolBar("Main")
    bar.setObjectName("mainToolbar")
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    bar.addActions([a.new, a.open, a.save])
    bar.addSeparator()
    bar.addActions([a.undo, a.redo])
    if tools is not None:
        bar.addSeparator()
        bar.addActions(tools.actions())
    bar.addSeparator()
    bar.addWidget(QLabel(" Map: "))
    bar.addWidget(a.map_box)
    bar.addSeparator()
    bar.addActions(list(a.overlays.values()))
    bar.addSeparator()
    bar.addAction(a.teaching)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    window.toolbar = bar
    window.act = a
    sync_map(window, window.state.map_id)
    return a


def sync_map(window, map_id: str) -> None:
    a = window.act
    if map_id in a.map_actions:
        a.map_actions[map_id].setChecked(True)
    a.map_box.setCurrentIndex(max(0, a.map_box.findData(map_id)))


def _fill_recent(window, menu, paths: list[str]) -> None:
    menu.clear()
    for i, path in enumerate(paths, start=1):
        action = menu.addAction(f"&{i} {path}")
        action.triggered.connect(partial(window.files.open_path, path))
    menu.setEnabled(bool(paths))
    if paths:
        menu.addSeparator()
        clear = menu.addAction("Clear list")
        clear.triggered.connect(lambda: (settings.clear_recent_files(), _fill_recent(window, menu, [])))
