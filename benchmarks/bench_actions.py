"""Every user action with the example exam, through the real widgets: none may block the UI for more than 100 ms.

The window is the app's at 1366x768 with the example exam (benchmarks/_app_window.py). Each action is timed from
its start to the end of every repaint it caused (the event loop run until nothing is left), several times; the
first run of an action is often the slowest (a map's overlay built, a tab laid out, the teaching module
imported), so the first and the worst are both shown. Beside them, in the same run: a full repaint of the
window and an empty QGraphicsView repainting the anterior scene.

Modal dialogs are timed up to their first paint (Preferences, Print Preview) and closed by the bench; file
dialogs are answered by the bench. Run: .venv/bin/python benchmarks/bench_actions.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from _app_window import (
    EXAMPLE,
    ROOT,
    example_window,
    like_an_installed_app,
    load,
    ms,
    private_folders,
    settle,
    timed,
)

sys.path.insert(0, str(ROOT))
GOAL_S = 0.100


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=6)
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--only", default="", help="run only the actions whose name contains this")
    args = parser.parse_args()
    like_an_installed_app()
    folder = Path(private_folders())
    width, height = (int(v) for v in args.size.split("x"))

    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QGraphicsView

    from bodymaps.atlas.rings import label_point
    from bodymaps.exam.edits import SetMotor
    from desktop.document import commands, dialogs

    _app, _atlas, window = example_window((width, height))
    dialogs.ask_save_changes = lambda parent, name: "discard"  # the bench answers every question itself
    dialogs.ask_pdf_path = lambda parent, suggested="": str(folder / "bench.pdf")
    diagram, act, panel = window.diagram, window.act, window.assessment_panel
    view = diagram.views()["anterior"]
    scene = diagram.scenes()["anterior"]
    left, no_mod = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier

    def at(zone: str, side: str) -> QPoint:
        x, y = label_point(scene.zone_item(zone, side).region.parts)  # plain rings: the bench imports no shapely
        return view.mapFromScene(QPointF(x, y))

    def drag(zones: list[tuple[str, str]]) -> None:
        """A paint stroke across several zones: press, moves, release (one undo step)."""
        QTest.mousePress(view.viewport(), left, no_mod, at(*zones[0]))
        for zone in zones[1:]:
            QTest.mouseMove(view.viewport(), at(*zone))
        QTest.mouseRelease(view.viewport(), left, no_mod, at(*zones[-1]))

    stroke = [("anterior_thigh", "right"), ("anterior_knee", "right"), ("anterolateral_leg", "right")]

    def differential_row(i: int) -> None:
        tree = panel.differential
        rect = tree.visualRect(tree.model().index(i % 5, 0))
        QTest.mouseClick(tree.viewport(), left, no_mod, rect.center())

    def root_cell(i: int) -> None:
        roots = panel.roots
        QTest.mouseClick(roots.viewport(), left, no_mod, roots.visualRect(roots.model().index(1, 3 + i % 4)).center())

    def preferences(i: int) -> None:
        """Open Preferences (timed to its first paint), switch the nerve overlay in it, OK (timed to the end)."""
        from desktop.document.preferences_dialog import PreferencesDialog

        def edit(parent, prefs):
            dialog = PreferencesDialog(prefs, parent)
            dialog.show()
            settle()
            opened.append(time.perf_counter())
            dialog.overlay_boxes["nerves"].setChecked(not dialog.overlay_boxes["nerves"].isChecked())
            chosen = dialog.preferences()
            dialog.close()
            dialog.deleteLater()
            return chosen

        dialogs.edit_preferences = edit
        commands.edit_preferences(window)

    def print_preview(i: int) -> None:
        """Print Preview timed until the dialog has painted its pages, then closed."""
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        def exec_(dialog) -> int:
            dialog.show()
            settle()
            opened.append(time.perf_counter())
            dialog.close()
            return 0

        QPrintPreviewDialog.exec = exec_
        commands.preview_report(window)

    def teaching_on(i: int) -> None:
        act.teaching.setChecked(True)

    def teaching_tab(i: int) -> None:
        if window.teaching is not None:
            tabs = window.teaching.tabs
            tabs.setCurrentIndex((tabs.currentIndex() + 1) % tabs.count())

    def all_overlays(on: bool) -> None:
        for action in act.overlays.values():
            action.setChecked(on)
        settle()

    def undo_setup(i: int) -> None:  # a fresh stroke to undo each time
        drag(stroke if i % 2 == 0 else list(reversed(stroke)))
        settle()

    grades = iter(range(10_000))

    def edit_first(i: int) -> None:  # something unsaved to write
        window.controller.apply(SetMotor("hip_flexion", "left", next(grades) % 6))
        settle()

    status = window.statusBar()
    maps = list(act.map_actions)
    exam_tabs = window.exam_panel
    heavy = " (all overlays, a condition selected)"
    # (name, action(i), setup(i) run untimed before each run or None)
    actions = [
        ("open the example exam (Help menu)", lambda i: window.files.open_example(EXAMPLE), None),
        ("switch dermatome map", lambda i: act.map_actions[maps[(i + 1) % len(maps)]].trigger(), None),
        ("overlay: dermatomes off/on", lambda i: act.overlays["dermatomes"].trigger(), None),
        ("overlay: nerves on/off", lambda i: act.overlays["nerves"].trigger(), None),
        ("overlay: landmarks on/off", lambda i: act.overlays["landmarks"].trigger(), None),
        ("zoom in (Ctrl +)", lambda i: act.zoom_in.trigger(), None),
        ("zoom out (Ctrl -)", lambda i: act.zoom_out.trigger(), None),
        ("fit (Ctrl 0)", lambda i: act.fit.trigger(), lambda i: act.zoom_in.trigger()),
        ("hover a zone (status line)", lambda i: QTest.mouseMove(view.viewport(), at(*stroke[i % 3])), None),
        ("paint stroke across 3 zones", lambda i: drag(stroke if i % 2 == 0 else list(reversed(stroke))),
         lambda i: diagram.set_tool("pain" if i % 2 == 0 else "eraser")),
        ("undo (a stroke)", lambda i: act.undo.trigger(), undo_setup),
        ("redo (a stroke)", lambda i: act.redo.trigger(), lambda i: (undo_setup(i), act.undo.trigger(), settle())),
        ("select a condition (evidence)", differential_row, None),
        ("select a root (dermatome)", root_cell, None),
        ("exam tab change", lambda i: exam_tabs.setCurrentIndex((exam_tabs.currentIndex() + 1) % exam_tabs.count()),
         None),
        ("type an MRC grade", lambda i: window.exam_panel.neuro.grid().set_value(10, 1, i % 6), None),
        ("tick a history item", lambda i: window.exam_panel.history_flags.history.boxes["night_pain"].toggle(), None),
        ("preferences: open, then OK", preferences, None),
        ("save", lambda i: window.files._save_to(folder / "bench.bodymaps.json"), edit_first),
        ("autosave (recovery file)", lambda i: window.autosaver.write_now(), edit_first),
        ("narrow window (views stacked) and back", lambda i: window.resize(900 if i % 2 == 0 else width, height),
         None),
        ("switch map" + heavy, lambda i: act.map_actions[maps[(i + 1) % len(maps)]].trigger(),
         lambda i: (all_overlays(True), differential_row(0))),
        ("zoom in" + heavy, lambda i: act.zoom_in.trigger(), None),
        ("fit" + heavy, lambda i: act.fit.trigger(), None),
        ("narrow window and back" + heavy, lambda i: window.resize(900 if i % 2 == 0 else width, height), None),
        ("export PDF", lambda i: commands.export_pdf(window), lambda i: (all_overlays(False), status.clearMessage()),
         lambda: "PDF written" in window.statusBar().currentMessage()),
        ("print preview: open", print_preview, None),
        ("teaching mode: on", teaching_on, lambda i: act.teaching.setChecked(False) if i else None,
         lambda: window.teaching is not None),
        ("teaching: next tab (each first opening)", teaching_tab, None),
        ("teaching mode: off", lambda i: act.teaching.setChecked(False), lambda i: act.teaching.setChecked(True)),
        ("new exam", lambda i: window.files.new(), lambda i: window.files.open_example(EXAMPLE)),
    ]
    rows = []
    ready: dict[str, float] = {}
    for name, action, setup, *more in actions:
        until = more[0] if more else None
        if args.only and args.only not in name:
            continue
        times = []
        for i in range(args.repeat if "teaching: next" not in name else 5):
            if setup is not None:
                setup(i)
                settle()
            opened: list[float] = []
            t0 = time.perf_counter()
            action(i)
            settle()
            end = time.perf_counter()
            stall = (opened[0] if opened else end) - t0  # a dialog: until it was painted
            if until is not None and not until():
                # the rest is done on a worker thread: what counts is the longest the window is held up until
                # it is done (its result shown and painted), one pass of the event loop at a time
                while not until() and time.perf_counter() - t0 < 30:
                    start = time.perf_counter()
                    _app.processEvents()
                    stall = max(stall, time.perf_counter() - start)
                    time.sleep(0.001)
                stall = max(stall, timed(settle))
                ready.setdefault(name, time.perf_counter() - t0)
            times.append(stall)
        rows.append((name, times))
    act.teaching.setChecked(False)

    window.resize(width, height)
    settle()
    full = [timed(window.repaint) for _ in range(9)]
    baseline_view = QGraphicsView(scene)
    baseline_view.resize(view.size())
    baseline_view.show()
    settle()
    bare = [timed(baseline_view.viewport().repaint) for _ in range(9)]

    print(f"bench_actions: {width}x{height} window, example exam, {args.repeat} runs each; {load()}")
    print(f"  {'action':<58} {'first':>9} {'worst':>9} {'median':>9}")
    for name, times in rows:
        flag = "  > 100 ms" if max(times) > GOAL_S else ""
        print(f"  {name:<58} {ms(times[0]):>9} {ms(max(times)):>9} {ms(statistics.median(times)):>9}{flag}")
    for name, after in ready.items():
        print(f"  {name}: done in the background, first time after {ms(after)}; the times above are the longest"
              " the window was held up meanwhile")
    worst_name, worst_times = max(rows, key=lambda r: max(r[1]))
    print(f"  slowest: {worst_name}, {ms(max(worst_times))} (goal: every action <= 100 ms)")
    print(f"  baseline: full repaint of the window {ms(statistics.median(full))};"
          f" empty QGraphicsView repaint of the anterior scene {ms(statistics.median(bare))}")
    window.autosaver.remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
