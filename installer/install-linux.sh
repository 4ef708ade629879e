#!/usr/bin/env bash
# Install BodyMaps for the current user from the unpacked tar.gz: no root needed, nothing outside $HOME.
#   ./install.sh            install (or update) into ~/.local/share/bodymaps, with a menu entry
#   ./install.sh --remove   remove it again
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
APPDIR="$DATA/bodymaps"
BIN="$HOME/.local/bin"
if [ "${1:-}" = "--remove" ]; then
  rm -rf "$APPDIR" "$BIN/bodymaps-app" "$DATA/applications/bodymaps.desktop" \
         "$DATA/icons/hicolor/256x256/apps/bodymaps.png"
  echo "BodyMaps removed."
  exit 0
fi
mkdir -p "$APPDIR" "$BIN" "$DATA/applications" "$DATA/icons/hicolor/256x256/apps"
rm -rf "$APPDIR/bodymaps.new"
cp -a "$HERE/bodymaps" "$APPDIR/bodymaps.new"
rm -rf "$APPDIR/bodymaps"
mv "$APPDIR/bodymaps.new" "$APPDIR/bodymaps"
ln -sfn "$APPDIR/bodymaps/bodymaps" "$BIN/bodymaps-app"
cp "$HERE/bodymaps.png" "$DATA/icons/hicolor/256x256/apps/bodymaps.png"
sed "s|^Exec=.*|Exec=\"$APPDIR/bodymaps/bodymaps\" %f|" "$HERE/bodymaps.desktop" > "$DATA/applications/bodymaps.desktop"
echo "BodyMaps installed: menu entry 'BodyMaps', command $BIN/bodymaps-app"
