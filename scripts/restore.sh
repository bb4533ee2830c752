#!/usr/bin/env bash
# Loads a backup written by scripts/backup.sh into an empty store, with the system stopped. The file is read through
# and checked against its manifest first; a store that already holds data in the backup's tables is refused unless
# --force (which empties those tables first). See README, "Backup and restore".
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$REPO_ROOT/scripts/lib.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/restore.sh [--force] [--check] [--no-build] FILE

  --force      restore into a store whose tables hold data: delete what they hold, then load the backup
  --check      only check FILE against its manifest (no store is touched)
  --no-build   use the Operations tool as already built

Environment (defaults in brackets):
  STORAGE_CONNECTION_STRING  the store to restore into [the local Azurite of ./run.sh on AZURITE_PORT]
  AZURITE_PORT [10002]       used only for the default store
  CONFIGURATION [Release]    build configuration of the Operations tool

Exit codes: 0 restored, 2 usage, 3 refused (the store holds data, or a silo runs on it), 4 the file is not a
sound backup, 5 the restore stopped part-way (run it again with --force once the cause is fixed), 1 other.
USAGE
}

force=() check=0 build=1 file=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --force) force=(--force); shift ;;
    --check) check=1; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; fail "unknown argument: $1" ;;
    *) [[ -z "$file" ]] || fail "one backup file at a time (got '$file' and '$1')"; file="$1"; shift ;;
  esac
done
[[ -n "$file" ]] || { usage >&2; fail "which backup file? (scripts/backup.sh writes them to .data/backups by default)"; }
[[ -f "$file" ]] || fail "$file does not exist"

source "$REPO_ROOT/scripts/operations.sh"
operations_tool "$build"
if ((check)); then
  exec dotnet "$OPERATIONS_DLL" verify "$file"
fi
operations_store
exec dotnet "$OPERATIONS_DLL" restore "${force[@]}" "$file"
