#!/usr/bin/env bash
# Install what the browser tests (pytest -m browser) need; safe to run again.
#
# - Debian's chromium and chromium-driver (apt-get), only when /usr/bin/chromium is missing.
# - The playwright Python package in the project venv (we drive the system chromium with it;
#   we never run `playwright install`, which would download a browser build).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${KENNAN_PYTHON:-$ROOT/.venv/bin/python}"

if [ ! -x /usr/bin/chromium ]; then
    SUDO=""
    if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-dejavu-core
fi
/usr/bin/chromium --version 2>/dev/null  # Debian's wrapper script warns on stderr

if ! "$PY" -c "import playwright.sync_api" 2>/dev/null; then
    "$PY" -m pip install -q "playwright>=1.40,<2"
fi
"$PY" -c "import importlib.metadata as m; print('playwright', m.version('playwright'))"
