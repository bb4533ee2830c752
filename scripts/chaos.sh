#!/usr/bin/env bash
# Silo kills under load, on a system of its own: Azurite (data on disk), 3 silos and 2 Api nodes on Azure Table
# clustering with the production silo configuration, on free loopback ports. 1,000 bookers book and cancel on 50
# oversubscribed sessions with Idempotency-Keys, retrying 503s and timeouts with the same key; a silo is killed
# (kill -9) every 30 s for four rounds and started again; then everything is restarted (Azurite with SIGINT) and the
# invariants are checked through the system's reads, which after the restart come from storage. Exits non-zero when
# an invariant failed. The processes are supervised by the Bench's chaos run itself (run.sh stops everything when
# one child dies, which is the wrong reflex here).
#
# Usage: scripts/chaos.sh [--no-build] [--silos 3] [--apis 2] [--bookers 1000] [--sessions 50] [--capacity 8] [--waitlist 6]
#                         [--kills 4] [--kill-every 30] [--think 30]   (a booker waits --think to twice that between requests)
# Report: artifacts/chaos/report.md; logs of every process: artifacts/chaos/run/logs/.
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
    --silos|--apis|--bookers|--sessions|--kills|--kill-every|--capacity|--waitlist|--think)
      [[ "${2:-}" =~ ^[0-9]+$ ]] || fail "$1 needs a number"
      args+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown argument: $1 (see --help)" ;;
  esac
done

require_tool dotnet "Install the .NET 10 SDK."
require_tool node "Install Node.js (20 or newer)."
ensure_node_modules
if ((build)); then
  say "==> dotnet build Occupancy.sln -c $CONFIGURATION"
  dotnet build Occupancy.sln -c "$CONFIGURATION" -nologo -v quiet > /dev/null || fail "build failed (run 'dotnet build Occupancy.sln -c $CONFIGURATION' to see why)."
fi

# A thousand bookers keep a thousand connections open.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

out="$REPO_ROOT/artifacts/chaos"
rm -rf "$out/run"
mkdir -p "$out/run"
dotnet "Bench/bin/$CONFIGURATION/net10.0/Bench.dll" chaos --data-dir "$out/run" --out "$out/report.md" "${args[@]}"
