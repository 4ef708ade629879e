"""`bodymaps` command line: one sub-command module per capability, registered here."""

from __future__ import annotations

import argparse
import importlib
import sys

# name -> module that defines add_parser(subparsers) and run(args) -> int
COMMANDS = {  # sub-command -> module
    "atlas": "bodymaps.cli.atlas_cmd",
    "assess": "bodymaps.cli.assess_cmd",
    "report": "bodymaps.cli.report_cmd",  # chart summary PDF (Qt rendering, imported when run)
    "app": "bodymaps.cli.app_cmd",  # the desktop app (PySide6, imported when run)
    "quiz": "bodymaps.cli.quiz_cmd",  # teaching questions
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bodymaps", description="BodyMaps: lumbosacral root localisation support.")
    sub = parser.add_subparsers(dest="command", required=True)
    for module_name in COMMANDS.values():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # capability not built yet
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # never crash on a terminal that cannot show "§" or "é"
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
