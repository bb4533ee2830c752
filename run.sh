#!/usr/bin/env bash
# Starts Occupancy locally: Azurite (table storage), one or more silos, one or more Api nodes.
# A process that exits on its own is started again (with back-off); Ctrl-C (or SIGTERM) stops them all.
# See docs/running.md for every option and variable.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$REPO_ROOT/scripts/lib.sh"
source "$REPO_ROOT/scripts/supervise.sh"
source "$REPO_ROOT/scripts/release.sh"
cd "$REPO_ROOT"

usage() {
  cat <<'USAGE'
Usage: ./run.sh [--silos N] [--apis N] [--no-build] [--help]

  --silos N    number of silos to start (default 1)
  --apis N     number of Api nodes to start (default 1)
  --no-build   skip 'dotnet build' (use what is already built)

Environment (defaults in brackets):
  API_HOST [localhost]      host name the Api binds (0.0.0.0 to serve other machines)
  API_PORT [5080]           first Api node; node k listens on API_PORT + 2(k-1)
  SILO_HEALTH_PORT [5081]   first silo's /health; silo k on SILO_HEALTH_PORT + 2(k-1)
  SILO_PORT [11111]         first silo-to-silo port; silo k on SILO_PORT + k-1
  GATEWAY_PORT [30000]      first client gateway port; silo k on GATEWAY_PORT + k-1
  AZURITE_PORT [10002]      Azurite table port
  MANAGEMENT_PORT [9464]    loopback-only management port (/metrics): Api node k on MANAGEMENT_PORT + 2(k-1),
                            silo k on MANAGEMENT_PORT + 1 + 2(k-1)
  DATA_DIR [.data]          Azurite data (DATA_DIR/azurite), logs (DATA_DIR/logs) and the key every
                            Api node signs its tokens with (DATA_DIR/auth/signing-key)
  STORAGE_CONNECTION_STRING if set, use this storage and do not start Azurite
  CONFIGURATION [Release]   build configuration
  START_TIMEOUT [120]       seconds to wait for each process to become healthy
  RESTART_FIRST_DELAY [1]   a process that exits is started again after this many seconds, doubling
  RESTART_MAX_DELAY [30]      up to this many for each further exit,
  RESTART_STABLE_AFTER [60]   and from the first delay again once it ran this long
Any other setting can be passed as an environment variable, e.g. Cluster__ClusterId=demo.
USAGE
}

silos=1
apis=1
build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --silos) silos="${2:-}"; shift 2 || fail "--silos needs a number" ;;
    --silos=*) silos="${1#*=}"; shift ;;
    --apis) apis="${2:-}"; shift 2 || fail "--apis needs a number" ;;
    --apis=*) apis="${1#*=}"; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument: $1" ;;
  esac
done
[[ "$silos" =~ ^[1-9][0-9]*$ ]] || fail "--silos must be a positive number (got '$silos')"
[[ "$apis" =~ ^[1-9][0-9]*$ ]] || fail "--apis must be a positive number (got '$apis')"

API_HOST="${API_HOST:-localhost}"
API_PORT="${API_PORT:-5080}"
SILO_HEALTH_PORT="${SILO_HEALTH_PORT:-5081}"
SILO_PORT="${SILO_PORT:-11111}"
GATEWAY_PORT="${GATEWAY_PORT:-30000}"
AZURITE_PORT="${AZURITE_PORT:-10002}"
MANAGEMENT_PORT="${MANAGEMENT_PORT:-9464}"
DATA_DIR="${DATA_DIR:-$REPO_ROOT/.data}"
CONFIGURATION="${CONFIGURATION:-Release}"
START_TIMEOUT="${START_TIMEOUT:-120}"
mkdir -p "$DATA_DIR" && DATA_DIR="$(cd "$DATA_DIR" && pwd)"
LOG_DIR="$DATA_DIR/logs"
RUN_DIR="$DATA_DIR/run"
BIN_SUBDIR="bin/$CONFIGURATION/net10.0"

require_tool dotnet "Install the .NET 10 SDK."
require_tool node "Install Node.js (20 or newer)."
require_tool npm "Install Node.js (it includes npm)."

# --- ports: decide them all, then make sure they are distinct and free before starting anything
declare -a silo_ports gateway_ports health_ports api_ports silo_management_ports api_management_ports
for ((k = 0; k < silos; k++)); do
  silo_ports[k]=$((SILO_PORT + k))
  gateway_ports[k]=$((GATEWAY_PORT + k))
  health_ports[k]=$((SILO_HEALTH_PORT + 2 * k))
  silo_management_ports[k]=$((MANAGEMENT_PORT + 1 + 2 * k))
done
for ((k = 0; k < apis; k++)); do
  api_ports[k]=$((API_PORT + 2 * k))
  api_management_ports[k]=$((MANAGEMENT_PORT + 2 * k))
done
start_azurite=1
if [[ -n "${STORAGE_CONNECTION_STRING:-}" ]]; then
  start_azurite=0
  storage="$STORAGE_CONNECTION_STRING"
else
  storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$AZURITE_PORT/devstoreaccount1;"
fi

all_ports=("${silo_ports[@]}" "${gateway_ports[@]}" "${health_ports[@]}" "${api_ports[@]}" "${silo_management_ports[@]}" "${api_management_ports[@]}")
((start_azurite)) && all_ports+=("$AZURITE_PORT")
dupes="$(printf '%s\n' "${all_ports[@]}" | sort -n | uniq -d | paste -sd, -)"
[[ -z "$dupes" ]] || fail "port(s) $dupes would be used twice; choose other base ports (API_PORT, SILO_HEALTH_PORT, SILO_PORT, GATEWAY_PORT, AZURITE_PORT, MANAGEMENT_PORT)."

((start_azurite)) && require_free_port "$AZURITE_PORT" "Azurite table storage" AZURITE_PORT
for ((k = 0; k < silos; k++)); do
  require_free_port "${silo_ports[k]}" "silo $((k + 1)) silo-to-silo" SILO_PORT
  require_free_port "${gateway_ports[k]}" "silo $((k + 1)) gateway" GATEWAY_PORT
  require_free_port "${health_ports[k]}" "silo $((k + 1)) health" SILO_HEALTH_PORT
  require_free_port "${silo_management_ports[k]}" "silo $((k + 1)) management" MANAGEMENT_PORT
done
for ((k = 0; k < apis; k++)); do
  require_free_port "${api_ports[k]}" "Api node $((k + 1))" API_PORT
  require_free_port "${api_management_ports[k]}" "Api node $((k + 1)) management" MANAGEMENT_PORT
done

# --- process bookkeeping: every process we start has a slot (scripts/supervise.sh) and is stopped on any exit
declare -A name_of=() log_of=()
stopping=0
owns_run_dir=0

# Stops the given processes with SIGTERM (or the signal in $STOP_SIGNAL), waiting up to $1 seconds
# before SIGKILL.
stop_group() {
  local grace="$1"; shift
  local pid
  (($# == 0)) && return 0
  for pid in "$@"; do kill -"${STOP_SIGNAL:-TERM}" "$pid" 2>/dev/null || true; done
  local deadline=$((SECONDS + grace))
  for pid in "$@"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      say "    ${name_of[$pid]:-pid $pid} did not stop within ${grace} s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
}

# Api nodes first (they are clients), then silos (they leave the membership table), storage last. Restarts
# still due are dropped.
cleanup() {
  ((stopping)) && return 0
  stopping=1
  trap - INT TERM
  stop_probes
  local api_pids silo_pids azurite_pids
  mapfile -t api_pids < <(running_pids api)
  mapfile -t silo_pids < <(running_pids silo)
  mapfile -t azurite_pids < <(running_pids azurite)
  if ((${#api_pids[@]} + ${#silo_pids[@]} + ${#azurite_pids[@]} > 0)); then
    say "==> stopping"
    [[ -d "$LOG_DIR" ]] && log_event "stopping"
    stop_group 20 "${api_pids[@]}"
    stop_group 40 "${silo_pids[@]}"
    # Azurite saves its data every 5 s and on SIGINT only: SIGTERM would lose the last seconds of writes.
    STOP_SIGNAL=INT stop_group 30 "${azurite_pids[@]}"
    [[ -d "$LOG_DIR" ]] && log_event "stopped"
    say "==> stopped"
  fi
  # Only this run's pid files: a second run.sh that found its ports taken leaves the first one's alone.
  ((owns_run_dir)) && rm -rf "$RUN_DIR"
  return 0
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

show_log_tail() {
  local log="$1"
  say "---- last lines of $log ----" >&2
  tail -n 40 "$log" >&2 || true
  say "----" >&2
}

# Starts the process of a slot in its own session (so a terminal Ctrl-C reaches only this script, which then
# stops everything in order), with output to its log: emptied at the first start, appended to at a restart.
start_process() {
  local key="$1" dir="$2"; shift 2
  local log="${slot_log[$key]}"
  if ((slot_restarts[$key] == 0)); then
    : > "$log"
  else
    printf '\n==== %s run.sh starts %s again (restart %s)\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${slot_name[$key]}" "${slot_restarts[$key]}" >> "$log"
  fi
  if command -v setsid >/dev/null 2>&1; then
    (cd "$dir" && exec setsid "$@") < /dev/null >> "$log" 2>&1 &
  else
    (cd "$dir" && exec "$@") < /dev/null >> "$log" 2>&1 &
  fi
  local pid=$!
  record_start "$key" "$pid"
  name_of[$pid]="${slot_name[$key]}"
  log_of[$pid]="$log"
  log_event "${slot_name[$key]} started (pid $pid)"
}

# Starts (or starts again) the process of a slot: azurite, silo-K or api-K, on the same ports each time.
launch() {
  local key="$1"
  case "$key" in
    azurite) start_azurite ;;
    silo-*) start_silo $((${key#silo-} - 1)) ;;
    api-*) start_api $((${key#api-} - 1)) ;;
  esac
}

# Waits for a URL to answer 2xx while the process serving it stays alive.
wait_healthy() {
  local pid="$1" url="$2" rc=0
  node "$REPO_ROOT/scripts/wait-http.mjs" "$url" "$START_TIMEOUT" "$pid" || rc=$?
  if ((rc != 0)); then
    if ((rc == 2)); then
      say "error: ${name_of[$pid]} exited during start-up." >&2
    else
      say "error: ${name_of[$pid]} did not become healthy at $url within $START_TIMEOUT s (START_TIMEOUT)." >&2
    fi
    show_log_tail "${log_of[$pid]}"
    exit 1
  fi
}

# --- dependencies and build
ensure_node_modules
mkdir -p "$LOG_DIR" "$RUN_DIR"
: > "$LOG_DIR/run.log"
printf '%s\n' "$$" > "$RUN_DIR/run.sh.pid"
owns_run_dir=1
if ((build)); then
  say "==> dotnet build Occupancy.sln -c $CONFIGURATION (log: $LOG_DIR/build.log)"
  if ! dotnet build Occupancy.sln -c "$CONFIGURATION" -nologo -v minimal > "$LOG_DIR/build.log" 2>&1; then
    grep -E ' error |error [A-Z]+[0-9]+' "$LOG_DIR/build.log" | sort -u | tail -n 30 >&2 || true
    show_log_tail "$LOG_DIR/build.log"
    fail "build failed."
  fi
fi
for project in Silo Api; do
  [[ -f "$REPO_ROOT/$project/$BIN_SUBDIR/$project.dll" ]] \
    || fail "$project/$BIN_SUBDIR/$project.dll is missing; run without --no-build."
done

# --- storage
# Started again after a crash like the others, on the same data folder: it reloads what it had saved (every 5 s).
start_azurite() {
  start_process azurite "$REPO_ROOT" \
    env AZURITE_PORT="$AZURITE_PORT" AZURITE_LOCATION="$DATA_DIR/azurite" "$REPO_ROOT/scripts/start-azurite.sh"
}
if ((start_azurite)); then
  say "==> Azurite table storage on 127.0.0.1:$AZURITE_PORT (data: $DATA_DIR/azurite)"
  mkdir -p "$DATA_DIR/azurite"
  add_slot azurite "Azurite" azurite "tcp:$AZURITE_PORT"
  launch azurite
  started_pid="${slot_pid[azurite]}"
  deadline=$((SECONDS + 30))
  until port_in_use "$AZURITE_PORT"; do
    if ! kill -0 "$started_pid" 2>/dev/null; then
      say "error: Azurite exited during start-up." >&2
      show_log_tail "$LOG_DIR/azurite.log"
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      say "error: Azurite did not listen on 127.0.0.1:$AZURITE_PORT within 30 s." >&2
      show_log_tail "$LOG_DIR/azurite.log"
      exit 1
    fi
    sleep 0.2
  done
else
  say "==> using STORAGE_CONNECTION_STRING; not starting Azurite"
fi

# --- silos: the first one alone (it creates the tables), then the rest together
start_silo() {
  local k="$1"
  # This checkout's build, or the release scripts/upgrade.sh named (docs/upgrades.md).
  release_paths Silo
  # The Api's URL variables are removed so a silo never tries to bind them.
  start_process "silo-$((k + 1))" "$release_dir" \
    env -u ASPNETCORE_URLS -u urls \
    Storage__ConnectionString="$storage" \
    Silo__SiloPort="${silo_ports[k]}" \
    Silo__GatewayPort="${gateway_ports[k]}" \
    Silo__HealthPort="${health_ports[k]}" \
    Management__Port="${silo_management_ports[k]}" \
    dotnet "$release_dll"
}
for ((k = 0; k < silos; k++)); do
  add_slot "silo-$((k + 1))" "silo $((k + 1))" silo "http://127.0.0.1:${health_ports[k]}/health"
done
say "==> silo 1 (silo port ${silo_ports[0]}, gateway ${gateway_ports[0]}, health http://localhost:${health_ports[0]}/health)"
launch silo-1
wait_healthy "${slot_pid[silo-1]}" "http://127.0.0.1:${health_ports[0]}/health"
for ((k = 1; k < silos; k++)); do
  say "==> silo $((k + 1)) (silo port ${silo_ports[k]}, gateway ${gateway_ports[k]}, health http://localhost:${health_ports[k]}/health)"
  launch "silo-$((k + 1))"
done
for ((k = 1; k < silos; k++)); do
  wait_healthy "${slot_pid[silo-$((k + 1))]}" "http://127.0.0.1:${health_ports[k]}/health"
done

# --- Api nodes: all read one signing key from DATA_DIR/auth (the first to start creates it)
start_api() {
  local k="$1" url="http://$API_HOST:${api_ports[$1]}"
  release_paths Api
  # The content root is the Api project (or release) folder, so appsettings.json and wwwroot are found.
  start_process "api-$((k + 1))" "$release_dir" \
    env Storage__ConnectionString="$storage" urls="$url" ASPNETCORE_URLS="$url" Auth__DataDir="$DATA_DIR" Management__Port="${api_management_ports[k]}" \
    dotnet "$release_dll"
}
for ((k = 0; k < apis; k++)); do
  add_slot "api-$((k + 1))" "Api node $((k + 1))" api "http://127.0.0.1:${api_ports[k]}/health/ready"
  say "==> Api node $((k + 1)) on http://$API_HOST:${api_ports[k]}"
  launch "api-$((k + 1))"
done
for ((k = 0; k < apis; k++)); do
  wait_healthy "${slot_pid[api-$((k + 1))]}" "http://127.0.0.1:${api_ports[k]}/health/ready"
done

base="http://localhost:${api_ports[0]}"
cat <<READY

Occupancy is running ($silos silo(s), $apis Api node(s)). Press Ctrl-C to stop.

  Canteen seat screen   $base/display/canteen/binjiang-canteen
  Booking               $base/book
  Site dashboard        $base/dashboard/binjiang
  API reference         $base/scalar
  OpenAPI document      $base/openapi/v1.json
  Live hub (SignalR)    $base/hubs/occupancy
  Cluster dashboard     $base/admin/cluster/ (admins; open it from $base/admin)
READY
for ((k = 1; k < apis; k++)); do
  say "  Api node $((k + 1))            http://localhost:${api_ports[k]}"
done
token_command="scripts/token.sh --role admin"
[[ "$DATA_DIR" == "$REPO_ROOT/.data" ]] || token_command="DATA_DIR=$DATA_DIR $token_command"
cat <<READY

  A bearer token        $token_command   (see --help: staff, resident, device)
READY
if [[ "$(printf '%s' "${Catalog__SeedDemo:-true}" | tr '[:upper:]' '[:lower:]')" != "false" ]]; then
  cat <<READY
  Demo sign-in          staff: admin / demo-admin-2026, binjiang.desk / demo-desk-2026
                        resident: card 10241024, PIN 2468 (more in README, "Demo sign-in")
                        one click, on this machine only: $base/api/auth/demo
READY
fi
cat <<READY

  Logs: $LOG_DIR/{azurite,silo-N,api-N}.log    Data: $DATA_DIR/azurite
  A process that exits is started again (after $RESTART_FIRST_DELAY s, doubling up to $RESTART_MAX_DELAY s); its exits and
  restarts are printed here and logged in $LOG_DIR/run.log; pids in $RUN_DIR/<name>.pid.

  Metrics (Prometheus, this machine only):
READY
for ((k = 0; k < apis; k++)); do say "    Api node $((k + 1))          http://127.0.0.1:${api_management_ports[k]}/metrics"; done
for ((k = 0; k < silos; k++)); do say "    silo $((k + 1))              http://127.0.0.1:${silo_management_ports[k]}/metrics"; done

# --- run until a signal arrives; a process that exits on its own is started again
log_event "running"
supervise
