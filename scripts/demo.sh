#!/usr/bin/env bash
# The main job on the sample corpus: build the store, then trace the founding claim to its source.
# Usage: scripts/demo.sh [DB] [REPORT]   (defaults kennan.db, report.html; re-running only does new work)
source "$(dirname "$0")/_venv.sh" base
DB=${1:-kennan.db}
REPORT=${2:-report.html}
K=.venv/bin/kennan
set -x
$K ingest examples/corpus --db "$DB"
$K extract --db "$DB"
$K narratives --db "$DB" --limit 5
$K trace "the West wants to use Russia in a coalition against China" --db "$DB" --html "$REPORT"
{ set +x; } 2>/dev/null
echo
echo "Report: $REPORT (self-contained; open it in any browser)."
echo "Explore the store in a browser: $K serve --db $DB   (then open http://127.0.0.1:8000/)"
