#!/usr/bin/env bash
# Runs the Azurite table service in the foreground (the only storage service Occupancy uses).
# run.sh starts it for you; run this alone to keep storage up while running Silo/Api from an IDE.
#   AZURITE_PORT      table port (default 10002, what UseDevelopmentStorage=true expects)
#   AZURITE_LOCATION  data folder (default .data/azurite; it survives restarts)
#   AZURITE_NODE_FLAGS flags for node itself (e.g. "--cpu-prof --cpu-prof-dir DIR": the profile is written when
#                     Azurite exits on SIGINT; node refuses --cpu-prof in NODE_OPTIONS)
# Extra arguments are passed to Azurite (e.g. --inMemoryPersistence, --debug <file>).
# Stop it with Ctrl-C or `kill -INT <pid>` and wait for it to exit: Azurite saves its data every 5 s and
# on SIGINT only, so SIGTERM or SIGKILL lose the last seconds of acknowledged writes. The script becomes
# the node process (exec), so the signal reaches Azurite itself.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$REPO_ROOT/scripts/lib.sh"

main_js="$REPO_ROOT/node_modules/azurite/dist/src/table/main.js"
[[ -f "$main_js" ]] || fail "Azurite is not installed ($main_js is missing): run 'npm ci' in $REPO_ROOT."
port="${AZURITE_PORT:-10002}"
location="${AZURITE_LOCATION:-$REPO_ROOT/.data/azurite}"
mkdir -p "$location"

# shellcheck disable=SC2086 # AZURITE_NODE_FLAGS is a list of flags
exec node ${AZURITE_NODE_FLAGS:-} "$main_js" \
  --tableHost 127.0.0.1 --tablePort "$port" --location "$location" \
  --skipApiVersionCheck --loose --disableTelemetry --silent "$@"
