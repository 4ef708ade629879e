"""`bodymaps app`: open the desktop app. PySide6 and desktop/ are imported only inside run(), by name, so the
core and the rest of the command line never load Qt."""

from __future__ import annotations

import gc
import importlib
import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

MAPS = ("evidence_based", "keegan_garrett", "foerster")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("exam", nargs="?", help="exam file to open (*.bodymaps.json)")
    parser.add_argument("--map", choices=MAPS, help="dermatome map (default: the one in Preferences)")
    parser.add_argument("--screenshot", metavar="PNG",
                        help="open the window (offscreen when there is no display), write a PNG once painted, exit")
    parser.add_argument("--size", metavar="WxH", help="window size, e.g. 1366x768 (default for --screenshot)")
    parser.add_argument("--smoke", action="store_true",
                        help="open the window with the exam assessed, print 'first-paint MONOTONIC' once its first "
                        "frame is painted, exit 0 (for the start-up benchmark and tests)")


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("app", help="open the desktop app", description=__doc__)
    add_arguments(parser)
    parser.set_defaults(run=run)


def parse_simple(argv: list[str]) -> SimpleNamespace | None:
    """The usual forms of `bodymaps app` parsed without argparse (building and running its parser costs 4-6 ms
    of the app's start-up): an exam, ``--map MAP``, ``--screenshot PNG``, ``--size WxH``, ``--smoke``, each at most
    once, option values as separate words. None for anything else (--help, ``--opt=value``, abbreviations,
    a value or a word that starts with "-", an unknown map, repeats...): argparse parses those and reports."""
    values: dict[str, Any] = {"exam": None, "map": None, "screenshot": None, "size": None, "smoke": False}
    seen: set[str] = set()
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--smoke":
            name = "smoke"
            values[name] = True
        elif word in ("--map", "--screenshot", "--size"):
            name = word[2:]
            if i + 1 == len(argv) or argv[i + 1].startswith("-") or (name == "map" and argv[i + 1] not in MAPS):
                return None
            i += 1
            values[name] = argv[i]
        elif not word.startswith("-"):
            name = "exam"
            values[name] = word
        else:
            return None
        if name in seen:
            return None
        seen.add(name)
        i += 1
    return SimpleNamespace(**values)


def run(args: argparse.Namespace | SimpleNamespace) -> int:
    collecting = gc.isenabled()
    gc.disable()  # the import allocates objects that live as long as the app; run() then pauses the collector
    try:  # until the first frame itself (desktop.app.pause_gc)
        desktop_app = importlib.import_module("desktop.app")
    except ImportError as exc:
        print(f"bodymaps app: the desktop app is not installed ({exc}); install bodymaps[desktop]", file=sys.stderr)
        return 2
    finally:
        if collecting:
            gc.enable()
    result: int = desktop_app.run(args.exam, args.map, args.screenshot, args.size, args.smoke)
    return result
