#!/usr/bin/env bash
# Set up .venv from the lock file on a machine that has only python3.
# Installs the system libraries WeasyPrint needs (Pango) and the browser the web edition's
# tests drive (chromium) when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# WeasyPrint needs Pango; HarfBuzz-Subset makes its font subsetting fast; DejaVu is our font.
missing=""
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so' || missing="$missing libharfbuzz-subset0"
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$missing fonts-dejavu-core"
# scripts/measure_pages.py (and its test) rasterise the report's pages with poppler's pdftoppm.
command -v pdftoppm >/dev/null || missing="$missing poppler-utils"
# The browser tests of the web edition drive Debian's Chromium (Playwright never downloads one).
[ -x /usr/bin/chromium ] || missing="$missing chromium"
if [ -n "$missing" ]; then
  echo "bootstrap: installing$missing (apt-get)" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq $missing >/dev/null
fi

stamp=.venv/.installed-$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
  rm -f .venv/.installed-*
  touch "$stamp"
fi
