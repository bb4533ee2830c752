#!/usr/bin/env bash
# Backs up Occupancy's store to one file: every table the system makes (grain state, reminders), not the cluster
# membership (live state of the running silos). A zip of one JSON-lines file per table and a manifest with each
# table's entity count and SHA-256; read back and checked before it gets its name. See README, "Backup and restore".
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$REPO_ROOT/scripts/lib.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/backup.sh [--out FILE | --dir DIR] [--keep N] [--no-build]

  --out FILE   write the backup to FILE (it must not exist yet)
  --dir DIR    write DIR/occupancy-backup-<UTC date and time>.zip (default: $BACKUP_DIR, else $DATA_DIR/backups)
  --keep N     once the new backup is written, delete all but the newest N occupancy-backup-*.zip in DIR
  --no-build   use the Operations tool as already built

Environment (defaults in brackets):
  STORAGE_CONNECTION_STRING  the store to back up [the local Azurite of ./run.sh on AZURITE_PORT]
  AZURITE_PORT [10002]       used only for the default store
  DATA_DIR [.data]           where backups go by default (DATA_DIR/backups)
  CONFIGURATION [Release]    build configuration of the Operations tool
USAGE
}

out="" dir="" keep="" build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="${2:-}"; shift 2 || fail "--out needs a file" ;;
    --dir) dir="${2:-}"; shift 2 || fail "--dir needs a folder" ;;
    --keep) keep="${2:-}"; shift 2 || fail "--keep needs a number" ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument: $1" ;;
  esac
done
[[ -z "$out" || -z "$dir" ]] || fail "give --out or --dir, not both"
[[ -z "$keep" || "$keep" =~ ^[1-9][0-9]*$ ]] || fail "--keep must be a positive number (got '$keep')"
[[ -z "$keep" || -z "$out" ]] || fail "--keep works with --dir (it prunes that folder's occupancy-backup-*.zip)"

source "$REPO_ROOT/scripts/operations.sh"
operations_store
operations_tool "$build"

if [[ -z "$out" ]]; then
  dir="${dir:-${BACKUP_DIR:-${DATA_DIR:-$REPO_ROOT/.data}/backups}}"
  mkdir -p "$dir"
  out="$dir/occupancy-backup-$(date -u +%Y%m%dT%H%M%SZ).zip"
fi

rc=0
dotnet "$OPERATIONS_DLL" backup "$out" || rc=$?
((rc == 0)) || exit "$rc"

if [[ -n "$keep" ]]; then
  # Names sort by time (UTC stamp); only files this script names are ever deleted.
  mapfile -t old < <(find "$dir" -maxdepth 1 -type f -name 'occupancy-backup-*.zip' -printf '%f\n' | sort -r | tail -n +"$((keep + 1))")
  for name in "${old[@]}"; do
    rm -f -- "$dir/$name"
    say "  removed old backup $dir/$name (keeping the newest $keep)"
  done
fi
