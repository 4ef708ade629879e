#!/usr/bin/env bash
# Set up (tools/setup.sh) and run the whole test suite: architecture contract, lint, types, pytest, then the
# wheel check (tools/check_wheel.sh: build the wheel, install it in a fresh venv, run it from another folder).
# Exits non-zero on any failure, and when pytest collects no test (pytest's exit status 5).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export QT_QPA_PLATFORM=offscreen
echo "== import contract: bodymaps never imports Qt"
.venv/bin/lint-imports --no-cache
echo "== ruff"
.venv/bin/ruff check bodymaps desktop tests benchmarks tools
echo "== mypy (bodymaps, every function typed)"
.venv/bin/mypy
echo "== pytest"
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
echo "== wheel: build, install into a fresh venv, run from another folder"
bash tools/check_wheel.sh
