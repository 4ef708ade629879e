"""The core must import and run without Qt: the CLI, reports and tests share it."""

import subprocess
import sys


def test_core_imports_without_qt():
    code = (
        "import sys, importlib, pkgutil, bodymaps\n"
        "for m in pkgutil.walk_packages(bodymaps.__path__, 'bodymaps.'):\n"
        "    if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.startswith(('PySide6', 'desktop')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
