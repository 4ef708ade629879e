#!/usr/bin/env bash
# Build the Linux one-folder bundle of BodyMaps with PyInstaller, and a tar.gz with a .desktop entry.
#   bash installer/build.sh            -> dist/bodymaps/ (run dist/bodymaps/bodymaps) and dist/BodyMaps-VERSION-linux-ARCH.tar.gz
# Needs the project's .venv (bash tools/setup.sh); installs PyInstaller into it if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash tools/setup.sh
if ! .venv/bin/python -c "import PyInstaller" 2>/dev/null; then
  echo "build: installing PyInstaller into .venv"
  .venv/bin/python -m pip install -q "pyinstaller>=6.10"
fi
VERSION=$(.venv/bin/python -c "import bodymaps; print(bodymaps.__version__)")
ARCH=$(uname -m)
export QT_QPA_PLATFORM=offscreen
# Keep PyInstaller's work files out of the source tree and its cache per user.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --workpath "$WORK/build" --distpath dist installer/bodymaps.spec

# Strip debug symbols from our interpreter and Qt, not from wheels' vendored *.libs (auditwheel-patched ELF
# files that strip corrupts: numpy then fails with "ELF load command ... not page-aligned").
if command -v strip >/dev/null; then
  find dist/bodymaps -type f \( -name "*.so" -o -name "*.so.*" \) -not -path "*.libs/*" \
    -exec strip --strip-unneeded {} + 2>/dev/null || true
fi

# The tar.gz: the bundle, the launcher entry, the icon and a per-user install script.
STAGE="$WORK/BodyMaps-$VERSION"
mkdir -p "$STAGE"
cp -a dist/bodymaps "$STAGE/bodymaps"
cp installer/bodymaps.desktop "$STAGE/"
cp installer/icons/bodymaps-256.png "$STAGE/bodymaps.png"
cp installer/install-linux.sh "$STAGE/install.sh"
chmod +x "$STAGE/install.sh"
TARBALL="dist/BodyMaps-$VERSION-linux-$ARCH.tar.gz"
tar -C "$WORK" -czf "$TARBALL" "BodyMaps-$VERSION"
echo "build: dist/bodymaps ($(du -sm dist/bodymaps | cut -f1) MB unpacked), $TARBALL ($(du -sm "$TARBALL" | cut -f1) MB)"
