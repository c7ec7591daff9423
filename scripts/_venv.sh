# Sourced by demo.sh and test.sh: create or reuse .venv and install kennan into it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# Install only when the project's requirements changed since the last install.
stamp=.venv/.kennan-installed-${1:-base}
want=$(sha256sum pyproject.toml | cut -d' ' -f1)-${1:-base}
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
  # trafilatura needs lxml_html_clean beside it with current lxml (declared in pyproject).
  .venv/bin/python -m pip install --quiet -e ".${2:-}"
  echo "$want" > "$stamp"
fi
