"""`bodymaps` command line: one sub-command module per capability, registered here."""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

# name -> module that defines add_parser(subparsers) and run(args) -> int
COMMANDS = {  # sub-command -> module
    "atlas": "bodymaps.cli.atlas_cmd",
    "assess": "bodymaps.cli.assess_cmd",
    "report": "bodymaps.cli.report_cmd",  # chart summary PDF (Qt rendering, imported when run)
    "app": "bodymaps.cli.app_cmd",  # the desktop app (PySide6, imported when run)
    "quiz": "bodymaps.cli.quiz_cmd",  # teaching questions
}


def version_line() -> str:
    """``bodymaps 0.1.0 (atlas 3aa1119218f2, knowledge d9c4f0cf6471, vocabulary bc69aa5391e5)``."""
    from bodymaps.resources import data_versions

    versions = data_versions()
    data = ", ".join(f"{name} {value}" for name, value in versions.items() if name != "bodymaps")
    return f"bodymaps {versions['bodymaps']} ({data})"


def _version_action() -> type[argparse.Action]:
    """The --version action (a class, made when a parser is built: `bodymaps app` usually needs no argparse)."""
    import argparse

    class _VersionAction(argparse.Action):
        """--version: print the version and data hashes and exit; the data is hashed only when asked."""

        def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
            super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                             help="print the version and the hashes of the atlas, knowledge and vocabulary data")

        def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                     option_string: str | None = None) -> None:
            from bodymaps.resources import DataError

            try:
                line = version_line()
            except DataError as exc:
                parser.exit(2, f"bodymaps: {exc}\n")
            print(line)  # stdout, like argparse's own version action (parser.exit writes to stderr)
            parser.exit(0)

    return _VersionAction


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; ``only``: just that sub-command (a run of it need not import the others)."""
    import argparse

    parser = argparse.ArgumentParser(prog="bodymaps", description="BodyMaps: lumbosacral root localisation support.")
    parser.add_argument("--version", action=_version_action())
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module_name in COMMANDS.items():
        if only is not None and name != only:
            continue
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
    args_given = sys.argv[1:] if argv is None else argv
    first = args_given[0] if args_given else None
    # `bodymaps app ...`: only that sub-command's parser (its --help and errors are the same); anything else,
    # `bodymaps --help` or an unknown command, gets the whole parser and its full messages
    if first == "app":  # the usual forms of `bodymaps app` skip argparse's parser (4-6 ms of start-up)
        from bodymaps.cli import app_cmd

        simple = app_cmd.parse_simple(args_given[1:])
        if simple is not None:
            return int(app_cmd.run(simple) or 0)
    parser = build_parser(first if first in COMMANDS else None)
    args = parser.parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
