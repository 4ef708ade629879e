"""`bodymaps atlas`: print the atlas as JSON for other programs, or draw a view for people."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bodymaps.resources import DataError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("atlas", help="print the atlas (--json) or draw a view (render)",
                       description="The anatomy atlas: views, zones, dermatome maps, nerve territories, landmarks.")
    p.add_argument("--json", action="store_true", help="print the whole atlas as JSON")
    p.set_defaults(run=run)
    atlas_sub = p.add_subparsers(dest="atlas_command")
    r = atlas_sub.add_parser("render", help="draw a view to PNG, SVG or PDF")
    r.add_argument("--view", default="anterior", help="anterior, posterior or soles (default anterior)")
    r.add_argument("--layer", action="append", dest="layers",
                   help="zones, dermatomes:MAP, nerves or landmarks; repeat for several (default zones)")
    r.add_argument("-o", "--output", required=True, type=Path, help="output file (.png, .svg or .pdf)")
    r.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bodymaps.atlas import load_atlas

    try:
        atlas = load_atlas()
    except DataError as exc:
        print(f"bodymaps: atlas data is broken: {exc}", file=sys.stderr)
        return 1
    if getattr(args, "atlas_command", None) == "render":
        from bodymaps.atlas.render import check_layers, render_view

        layers = args.layers or ["zones"]
        try:
            atlas.view(args.view)
            check_layers(atlas, layers)
        except (KeyError, ValueError) as exc:
            print(f"bodymaps: {exc.args[0]}", file=sys.stderr)
            return 2
        if args.output.suffix.lower() not in (".png", ".svg", ".pdf"):
            print(f"bodymaps: output {args.output} must end in .png, .svg or .pdf", file=sys.stderr)
            return 2
        from bodymaps.batch.text import for_terminal
        from bodymaps.files import FolderNotWritable, check_output

        shown = for_terminal(str(args.output))
        try:
            check_output(args.output)  # before drawing: refuse a device, a folder or a dangling link at once
            render_view(atlas, args.view, layers, args.output)
        except FolderNotWritable as exc:
            print(f"bodymaps: cannot write {shown}: the folder does not exist or is not writable "
                  f"({exc.strerror or exc})", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"bodymaps: cannot write {shown}: {for_terminal(exc.strerror or str(exc))}", file=sys.stderr)
            return 2
        print(shown)
        return 0
    if args.json:
        json.dump(atlas.to_json(), sys.stdout, separators=(",", ":"))
        sys.stdout.write("\n")
        return 0
    for view in atlas.views.values():
        print(f"{view.id:10} {view.label}: {len(view.zones)} zones, {len(view.nerves)} nerve territories, "
              f"{len(view.landmarks)} landmarks ({view.orientation})")
    for m in atlas.maps.values():
        print(f"map {m.id}{' (default)' if m.default else ''}: {m.citation}")
    print("Use --json for the whole atlas, or 'render' to draw a view.")
    return 0
