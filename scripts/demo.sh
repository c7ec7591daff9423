#!/usr/bin/env bash
# The main job on the sample corpus: build the store, then search and summarise it.
# Usage: scripts/demo.sh [DB]   (default kennan.db; re-running reuses the store)
source "$(dirname "$0")/_venv.sh" base
DB=${1:-kennan.db}
K=.venv/bin/kennan
$K ingest examples/corpus --db "$DB"
$K extract --db "$DB"
echo; echo '$ kennan statements --actor Pompeo'
$K statements --actor Pompeo --db "$DB" --limit 8
echo; echo '$ kennan search "against China"'
$K search "against China" --db "$DB" --limit 5
echo; echo '$ kennan stats'
$K stats --db "$DB"
