#!/usr/bin/env bash
# The main job on the sample corpus: build the store, trace the founding claim to its source,
# and write the report. Usage: scripts/demo.sh [DB] [REPORT]   (defaults kennan.db, report.html;
# re-running only does new work)
source "$(dirname "$0")/_venv.sh" base
DB=${1:-kennan.db}
REPORT=${2:-report.html}
K=.venv/bin/kennan
set -x
$K ingest examples/corpus --db "$DB"
$K extract --db "$DB"
$K statements --db "$DB" --actor "Vladimir Dzhabarov" --limit 5
$K narratives --db "$DB" --limit 5
$K trace "the West wants to use Russia in a coalition against China" --db "$DB" --html "${REPORT%.html}-trace.html"
$K report --db "$DB" -o "$REPORT"
