#!/usr/bin/env bash
# Build the Linux bundle and run the built binary as a user would, offscreen: --version, assess --json,
# report to a PDF, atlas render, and the app window with the example exam to a screenshot.
# Exits non-zero on any failure. Prints the bundle size (goal: <= 200 MB unpacked).
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/build.sh
APP="$PWD/dist/bodymaps/bodymaps"
EXAMPLE="$PWD/data/examples/left_l5_radiculopathy.bodymaps.json"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export QT_QPA_PLATFORM=offscreen
cd "$OUT"  # from another folder: the bundle must find its own data
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }

"$APP" --version | tee version.txt | grep -q "bodymaps" || fail "--version"
"$APP" assess "$EXAMPLE" --json > assess.json || fail "assess --json"
python3 - "$OUT/assess.json" <<'PY' || fail "assess --json output"
import json, sys
data = json.load(open(sys.argv[1]))
assert data["differential"][0]["condition"] == "l5_radiculopathy", data["differential"][0]
PY
"$APP" atlas render --view anterior --layer zones --layer dermatomes:evidence_based -o atlas.png || fail "atlas render"
[ -s atlas.png ] || fail "atlas render wrote nothing"
if "$APP" report --help >/dev/null 2>&1; then
  "$APP" report "$EXAMPLE" -o summary.pdf || fail "report"
  head -c 5 summary.pdf | grep -q "%PDF-" || fail "report is not a PDF"
else
  echo "smoke: no report sub-command in this build (skipped)"
fi
if "$APP" app --help >/dev/null 2>&1; then
  "$APP" app "$EXAMPLE" --screenshot shot.png --size 1366x768 || fail "app --screenshot"
  [ -s shot.png ] || fail "app --screenshot wrote nothing"
else
  echo "smoke: no app sub-command in this build (skipped)"
fi
SIZE=$(du -sm "$(dirname "$APP")" | cut -f1)
echo "smoke: passed; bundle $SIZE MB unpacked"
[ "$SIZE" -le 200 ] || echo "smoke: WARNING: bundle is over the 200 MB goal"
