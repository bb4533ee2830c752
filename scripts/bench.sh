#!/usr/bin/env bash
# Runs the benchmarks against a fresh system of its own (fresh Azurite data, its own ports), then stops it.
# Usage: scripts/bench.sh [all|tables|lunch|…|reconnects] [Bench options such as --seconds 10 --floor-port 5600]
#   reconnects: starts an extra Api node (port BENCH_RESTART_PORT, 5290), attaches --watchers (500) to it, restarts it
#   with SIGTERM and reports the time from /health/ready until every watcher has the current version.
# The report goes to artifacts/bench/report.md. Figures, not assertions. Callers carry tokens signed with the fresh
# system's own key ($DATA_DIR/auth/signing-key), as scripts/token.sh makes them.
# BENCH_NO_BUILD=1 starts the system from what is already built (build first: dotnet build Occupancy.sln -c Release).
#   city: a generated city (200 sites × 100 weekly sessions, 50,000 members; --sites, --sessions-per-site, --members)
#   loaded through the cluster, then reads on it; its own command with its own budget (--budget-minutes, 90).
set -euo pipefail
# The reconnect scenario holds a socket per watcher, and the system's processes as many again.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

data="$(mktemp -d)"
export DATA_DIR="$data" API_PORT="${BENCH_API_PORT:-5280}" SILO_HEALTH_PORT="${BENCH_SILO_HEALTH_PORT:-5281}" \
  SILO_PORT="${BENCH_SILO_PORT:-11411}" GATEWAY_PORT="${BENCH_GATEWAY_PORT:-30400}" AZURITE_PORT="${BENCH_AZURITE_PORT:-10402}" \
  MANAGEMENT_PORT="${BENCH_MANAGEMENT_PORT:-9474}"
# All the bench's load comes from this one machine and its setup from one admin token: lift the per-subject and
# per-address budgets (README, RateLimits:*) so the figures measure the system, not the limiter. The rush's bookers
# are 1,000 distinct residents, which the default budgets would not throttle either.
export RateLimits__SubjectWrites="${BENCH_SUBJECT_WRITES:-1000000}" RateLimits__SubjectReads="${BENCH_SUBJECT_READS:-1000000}" \
  RateLimits__AddressWrites="${BENCH_ADDRESS_WRITES:-1000000}" RateLimits__AddressReads="${BENCH_ADDRESS_READS:-1000000}"
# BENCH_NO_BUILD=1 starts what is already built (run.sh --no-build): back-to-back runs of one build.
./run.sh ${BENCH_NO_BUILD:+--no-build} > "$data/run.log" 2>&1 &
system=$!
stop() {
  kill -TERM "$system" 2>/dev/null || true; wait "$system" 2>/dev/null || true
  # The PostgreSQL peer's cluster, if the bench started one and did not get to stop it (Bench/Peer/PeerPostgres.cs).
  [ -f "$data/peer-postgres" ] && { scripts/peer-postgres.sh stop "$(cat "$data/peer-postgres")" || true; }
  # BENCH_KEEP_LOGS=DIR keeps the system's logs (silo, Api node, Azurite) for a look afterwards.
  [ -n "${BENCH_KEEP_LOGS:-}" ] && { mkdir -p "$BENCH_KEEP_LOGS" && cp -r "$data/logs/." "$BENCH_KEEP_LOGS/" || true; }
  rm -rf "$data"
}
trap stop EXIT

for _ in $(seq 1 600); do
  grep -q "Occupancy is running" "$data/run.log" && break
  kill -0 "$system" 2>/dev/null || { cat "$data/run.log"; echo "the system did not start" >&2; exit 1; }
  sleep 0.5
done
grep -q "Occupancy is running" "$data/run.log" || { tail -20 "$data/run.log"; echo "the system did not start in time" >&2; exit 1; }

storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:${AZURITE_PORT}/devstoreaccount1;"
dotnet "Bench/bin/${CONFIGURATION:-Release}/net10.0/Bench.dll" "${1:-all}" --api "http://localhost:${API_PORT}" --storage "$storage" --out artifacts/bench/report.md \
  --restart-port "${BENCH_RESTART_PORT:-5290}" --gateway-port "${GATEWAY_PORT}" \
  --silo-metrics "http://127.0.0.1:$((MANAGEMENT_PORT + 1))/metrics" "${@:2}"
