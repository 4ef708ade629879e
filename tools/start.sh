#!/usr/bin/env bash
# Set BodyMaps up (tools/setup.sh: apt packages, .venv) and open the desktop app with an example exam.
# Without a display (no X11 or Wayland), say so and assess the example on the command line instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
EXAMPLE=data/examples/left_l5_radiculopathy.bodymaps.json
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec .venv/bin/bodymaps app "$EXAMPLE"
fi
echo "start: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set): assessing the example exam on the command line instead." >&2
echo "start: on a desktop, run: .venv/bin/bodymaps app $EXAMPLE" >&2
exec .venv/bin/bodymaps assess "$EXAMPLE"
