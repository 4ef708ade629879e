"""Entry point of the bundled BodyMaps: the `bodymaps` command line; with no arguments it opens the app.

A desktop launcher (the .desktop entry, the Windows Start menu, the macOS app) runs it with no arguments or
with an exam file, so both open the window. Any sub-command works as it does from a pip install.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _persistent_matplotlib_cache() -> None:
    """matplotlib rebuilds its font cache at every start of a bundle unless MPLCONFIGDIR lasts."""
    if os.environ.get("MPLCONFIGDIR"):
        return
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "BodyMaps" / "matplotlib"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return  # matplotlib falls back to a temporary folder
    os.environ["MPLCONFIGDIR"] = str(folder)


def main() -> int:
    _persistent_matplotlib_cache()
    from bodymaps.cli import main as cli_main

    args = sys.argv[1:]
    if not args or (len(args) == 1 and args[0].endswith(".json")):
        args = ["app", *args]  # a double-click, or an exam file opened with BodyMaps
    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
