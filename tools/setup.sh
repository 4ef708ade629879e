#!/usr/bin/env bash
# Set up BodyMaps on a Debian machine: the apt packages Qt, fonts and PDF checks need, then a virtual
# environment in .venv with BodyMaps installed (editable) together with its desktop and test extras.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3 python3-venv python3-pip
  # Qt offscreen (tests) and fonts: without fonts Qt writes PDFs with no text
  libegl1 libgl1 libfontconfig1 fontconfig fonts-dejavu-core libxkbcommon0 libglib2.0-0 libdbus-1-3
  # a real window under Xvfb
  xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-randr0
  libxcb-shape0 libxcb-xfixes0 libxcb-sync1 libxcb-shm0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1
  # reading PDFs back
  poppler-utils
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing apt packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PY --version)"
  "$PY" -m venv .venv
fi

# Reinstall only when the declared dependencies change.
stamp=.venv/.bodymaps-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing BodyMaps and its dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[desktop,test]"
  echo "$want" > "$stamp"
fi
