#!/usr/bin/env bash
# Build the wheel from the files git knows (tracked and new, not ignored), install it with its dependencies
# into a fresh venv, and run it from a folder outside the repository: `bodymaps --version` must report the
# same data hashes as the development install, and `bodymaps assess EXAMPLE --json` the same differential.
# Fails loudly when the wheel lacks data. Needs .venv (tools/setup.sh). Run by tools/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
DEV=$REPO/.venv/bin/python

work=$(mktemp -d "${TMPDIR:-/tmp}/bodymaps-wheel.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "check_wheel: FAILED: $*" >&2; exit 1; }
stamp() { [ -z "${CHECK_WHEEL_TIMES:-}" ] || echo "check_wheel: $(( $(date +%s%N) / 1000000 - START_MS )) ms: $*"; }
START_MS=$(( $(date +%s%N) / 1000000 ))

# 1. wheel from a clean copy, so a stale build/ folder or an ignored file cannot slip into it
mkdir "$work/src" "$work/dist" "$work/elsewhere"
"$DEV" - "$work/src" <<'EOF'
import shutil, subprocess, sys
from pathlib import Path
listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                        check=True, capture_output=True).stdout.decode().split("\0")
for name in filter(None, listed):
    if Path(name).is_file():  # a file deleted but not yet committed is skipped
        (Path(sys.argv[1]) / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(name, Path(sys.argv[1]) / name)
EOF
"$DEV" -m pip wheel -q --no-deps -w "$work/dist" "$work/src" >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; fail "pip wheel did not build"; }
wheel=$(ls "$work"/dist/bodymaps-*.whl)
echo "check_wheel: built $(basename "$wheel")"

stamp "step 2"
# 2. the wheel carries the data and no test data
"$DEV" - "$wheel" <<'EOF' || fail "the wheel's contents are wrong (see above)"
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = ["bodymaps_data/__init__.py", "bodymaps_data/vocabulary.csv", "bodymaps_data/atlas/atlas.json",
        "bodymaps_data/atlas/anterior.svg", "bodymaps_data/atlas/posterior.svg", "bodymaps_data/atlas/soles.svg",
        "bodymaps_data/knowledge/conditions.csv", "bodymaps_data/examples/left_l5_radiculopathy.bodymaps.json",
        "bodymaps/resources.py", "bodymaps/cli/__init__.py"]
missing = [n for n in need if n not in names]
stray = sorted(n for n in names if n.startswith(("tests/", "data/")) or "__pycache__" in n or n.endswith(".pyc"))
for n in missing:
    print(f"check_wheel: missing from the wheel: {n}", file=sys.stderr)
for n in stray:
    print(f"check_wheel: does not belong in the wheel: {n}", file=sys.stderr)
sys.exit(1 if missing or stray else 0)
EOF

stamp "step 3"
# 3. a fresh venv with the wheel and its dependencies (from pip's index and cache). For speed the venv gets no
#    pip of its own (.venv's pip installs into it with --python), and --no-compile skips byte-compiling numpy,
#    pandas and matplotlib (most of the time; Python compiles what it imports anyway).
"$DEV" -m venv --without-pip "$work/venv"
"$DEV" -m pip --python "$work/venv/bin/python" install -q --no-compile "$wheel" >"$work/install.log" 2>&1 \
  || { cat "$work/install.log" >&2; fail "the wheel did not install"; }

stamp "step 4"
# 4. run it from elsewhere, with nothing pointing at the repository
cp data/examples/left_l5_radiculopathy.bodymaps.json "$work/elsewhere/exam.json"
cd "$work/elsewhere"
unset BODYMAPS_DATA PYTHONPATH
BM=$work/venv/bin/bodymaps
stamp "before data_dir"
found=$("$work/venv/bin/python" -c "from bodymaps.resources import data_dir; print(data_dir())") \
  || fail "the installed package cannot find its data"
case "$found" in
  "$work/venv/"*) ;;
  *) fail "the installed package reads data from $found, not from its own install" ;;
esac
stamp "before --version"
version=$("$BM" --version) || fail "bodymaps --version failed"
echo "check_wheel: $version"
expected=$(cd "$REPO" && .venv/bin/bodymaps --version)
[ "$version" = "$expected" ] || fail "the wheel's data differs from data/: '$version' vs '$expected'"
stamp "before assess"
"$BM" assess exam.json --json >wheel.json || fail "bodymaps assess failed in the fresh venv"
(cd "$REPO" && .venv/bin/bodymaps assess data/examples/left_l5_radiculopathy.bodymaps.json --json) >dev.json
"$DEV" - wheel.json dev.json <<'EOF' || fail "the wheel's assessment differs from the development install's"
import json, sys
def summary(path):
    doc = json.load(open(path, encoding="utf-8"))
    return ([(c["condition"], c.get("side"), c["score"]) for c in doc["differential"]], doc["map"],
            [f.get("id") for f in doc["red_flags"]])
wheel, dev = summary(sys.argv[1]), summary(sys.argv[2])
if not wheel[0]:
    sys.exit("check_wheel: empty differential")
if wheel != dev:
    sys.exit(f"check_wheel: wheel {wheel}\ncheck_wheel: dev   {dev}")
print(f"check_wheel: assess from {sys.argv[1]}: top {wheel[0][0][0]} ({wheel[0][0][1]}), map {wheel[1]}")
EOF
echo "check_wheel: ok in $(( ($(date +%s%N) / 1000000 - START_MS) / 1000 )) s"
