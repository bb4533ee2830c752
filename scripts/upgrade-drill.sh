#!/usr/bin/env bash
# The rolling upgrade drill: build N (this checkout) and build N+1 (the same sources with -p:OccupancyUpgradeDrill=true:
# the session's stored UpdatedAt renamed ChangedAt, a field FirstBookedAt added, the session grain interface one
# version up with a method added) are published side by side; a system of its own (Azurite with data on disk, 2 silos,
# 2 Api nodes, supervised like run.sh) starts on build N under 200 bookers (Idempotency-Keys, retries on 503 and
# timeouts with the same key) and 200 watchers of their sessions; scripts/upgrade.sh rolls it to build N+1 one process
# at a time; then every acknowledged booking must be stored once and as told, no request answered 5xx, and every session
# read by build N+1 with its renamed field's value. Reports each watcher's time to its session's current version after
# its node returned. Exits non-zero when a check failed. Takes about 5 minutes (the two publishes most of it).
#
# Usage: scripts/upgrade-drill.sh [--no-build] [--bookers 200] [--sessions 20] [--watchers 200] [--think 5]
# Report: artifacts/upgrade/report.md; builds in artifacts/upgrade/{n,n1}; logs of every process: artifacts/upgrade/run/logs/.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$REPO_ROOT/scripts/lib.sh"
cd "$REPO_ROOT"

CONFIGURATION="${CONFIGURATION:-Release}"
build=1
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --bookers|--sessions|--watchers|--think)
      [[ "${2:-}" =~ ^[0-9]+$ ]] || fail "$1 needs a number"
      args+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown argument: $1 (see --help)" ;;
  esac
done

require_tool dotnet "Install the .NET 10 SDK."
require_tool node "Install Node.js (20 or newer)."
ensure_node_modules
out="$REPO_ROOT/artifacts/upgrade"
mkdir -p "$out"
if ((build)); then
  say "==> dotnet build Bench -c $CONFIGURATION"
  dotnet build Bench/Bench.csproj -c "$CONFIGURATION" -nologo -v quiet > "$out/bench-build.log" 2>&1 || fail "building the Bench failed (log: $out/bench-build.log)."
  "$REPO_ROOT/scripts/publish-release.sh" "$out/n"
  "$REPO_ROOT/scripts/publish-release.sh" "$out/n1" -p:OccupancyUpgradeDrill=true
fi
[[ -f "$out/n/Silo/Silo.dll" && -f "$out/n1/Silo/Silo.dll" ]] || fail "the builds are missing in $out/n and $out/n1: run without --no-build."

# Hundreds of watchers and bookers keep hundreds of connections open.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
rm -rf "$out/run"
mkdir -p "$out/run"
dotnet "Bench/bin/$CONFIGURATION/net10.0/Bench.dll" upgrade --from "$out/n" --to "$out/n1" --data-dir "$out/run" --out "$out/report.md" "${args[@]}"
