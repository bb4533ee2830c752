#!/usr/bin/env bash
# Rolling upgrade: replaces the silos, then the Api nodes, of a running system one at a time with a new build, each
# only after the one before it is back and ready. Nothing stops serving: the other silos take a stopping silo's grains
# (it hands them over on SIGTERM), the other Api nodes take a stopping node's clients (it tells them to reconnect).
#
# Usage: scripts/upgrade.sh --release DIR [--run-dir DIR] [--only silos|apis]
#   --release DIR   the new build: DIR/Silo/Silo.dll and DIR/Api/Api.dll with its wwwroot and appsettings.json
#                   (scripts/publish-release.sh DIR makes one from this checkout)
#   --run-dir DIR   the launcher's run folder [$DATA_DIR/run, DATA_DIR defaults to .data]
#   --only silos|apis  replace only these (a roll that stopped half-way can be finished)
# Environment: STOP_TIMEOUT [60] seconds for a process to exit after SIGTERM (then SIGKILL);
#              START_TIMEOUT [180] seconds for its replacement to start and answer ready.
#
# What it expects of the launcher (run.sh, or the upgrade drill's system; docs/upgrades.md):
#   <run-dir>/<key>.pid     the pid of each process: silo-1, silo-2, …, api-1, …
#   <run-dir>/<key>.health  the URL that answers 200 once it is ready (a silo's /health, an Api node's /health/ready)
#   <run-dir>/release       written here: the build folder the launcher starts every process from from now on
#   and it starts again, from that folder, a process that exits. This script never starts a process itself, so the
#   launcher keeps watching every process, and a process that dies during the roll is restarted like any other.
# Rolling back is the same roll with the old build's folder.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$REPO_ROOT/scripts/lib.sh"

release=""
run_dir="${DATA_DIR:-$REPO_ROOT/.data}/run"
only=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --release) release="${2:-}"; shift 2 || fail "--release needs a folder" ;;
    --run-dir) run_dir="${2:-}"; shift 2 || fail "--run-dir needs a folder" ;;
    --only) only="${2:-}"; shift 2 || fail "--only needs silos or apis" ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown argument: $1 (see --help)" ;;
  esac
done
STOP_TIMEOUT="${STOP_TIMEOUT:-60}"
START_TIMEOUT="${START_TIMEOUT:-180}"
[[ -n "$release" ]] || fail "--release DIR is required (see --help)."
[[ -d "$release" ]] || fail "the release folder $release does not exist."
release="$(cd "$release" && pwd)"
[[ -f "$release/Silo/Silo.dll" && -f "$release/Api/Api.dll" ]] \
  || fail "$release must hold Silo/Silo.dll and Api/Api.dll (scripts/publish-release.sh makes such a folder)."
[[ -d "$run_dir" ]] || fail "no launcher run folder at $run_dir: is the system running? (pass --run-dir)"
case "$only" in ""|silos|apis) ;; *) fail "--only takes silos or apis (got '$only')" ;; esac
require_tool node "Install Node.js (20 or newer)."

# The processes to replace, in order: every silo (so Api nodes of the new build only ever meet new silos), then every
# Api node.
keys=()
for group in silo api; do
  [[ -n "$only" && "${group}s" != "$only" ]] && continue
  while IFS= read -r file; do keys+=("$(basename "$file" .pid)"); done \
    < <(find "$run_dir" -maxdepth 1 -name "$group-*.pid" | sort -V)
done
((${#keys[@]} > 0)) || fail "no silo-N.pid or api-N.pid in $run_dir: is the system running?"
for key in "${keys[@]}"; do
  [[ -s "$run_dir/$key.health" ]] || fail "$run_dir/$key.health is missing: this launcher does not say how to tell $key is ready."
done

ms() { printf '%d' $((${EPOCHREALTIME//[.,]/} / 1000)); }
secs() { printf '%d.%d' $(($1 / 1000)) $((($1 % 1000) / 100)); }
alive() { kill -0 "$1" 2>/dev/null; }
# The pid in a pid file, or nothing while the launcher has none (between an exit and the restart).
pid_of() { cat "$run_dir/$1.pid" 2>/dev/null || true; }

# The launcher starts processes from this folder from now on: written whole, then renamed, so it never reads half a line.
printf '%s\n' "$release" > "$run_dir/release.next"
mv -f "$run_dir/release.next" "$run_dir/release"
say "==> rolling ${#keys[@]} process(es) to $release: ${keys[*]}"

roll_started="$(ms)"
for key in "${keys[@]}"; do
  old="$(pid_of "$key")"
  health="$(cat "$run_dir/$key.health")"
  step_started="$(ms)"
  if [[ -n "$old" ]] && alive "$old"; then
    if tr '\0' ' ' < "/proc/$old/cmdline" 2>/dev/null | grep -qF "$release/"; then
      say "    $key (pid $old) already runs this build; skipped"
      continue
    fi
    kill -TERM "$old"
    deadline=$((SECONDS + STOP_TIMEOUT))
    while alive "$old" && ((SECONDS < deadline)); do sleep 0.1; done
    if alive "$old"; then
      say "    $key (pid $old) did not exit within $STOP_TIMEOUT s of SIGTERM; killing it"
      kill -KILL "$old" 2>/dev/null || true
    fi
  fi
  stopped="$(ms)"

  # The launcher notices the exit and starts the process again, from the release folder.
  deadline=$((SECONDS + START_TIMEOUT))
  new=""
  until [[ -n "$new" && "$new" != "$old" ]] && alive "$new"; do
    ((SECONDS < deadline)) || fail "$key was not started again within $START_TIMEOUT s: is its launcher still running?"
    sleep 0.1
    new="$(pid_of "$key")"
  done
  if [[ -r "/proc/$new/cmdline" ]] && ! tr '\0' ' ' < "/proc/$new/cmdline" | grep -qF "$release/"; then
    fail "$key came back (pid $new) but not from $release: the launcher does not read $run_dir/release. Stopped here; the rest still run the old build."
  fi
  # A start that fails (the store slow to answer, say) is the launcher's to repeat: wait for whichever process holds
  # the slot until one answers ready or the time is up.
  until { left=$((deadline - SECONDS)); ((left > 0)); } && node "$REPO_ROOT/scripts/wait-http.mjs" "$health" "$left" "$new" 2>/dev/null; do
    ((SECONDS < deadline)) || fail "$key did not answer ready at $health within $START_TIMEOUT s. Stopped here: finish with --only, or roll back with the old build's folder."
    say "    $key (pid $new) exited during start-up; waiting for the launcher to start it again"
    gone="$new"
    until [[ -n "$new" && "$new" != "$gone" ]] && alive "$new"; do
      ((SECONDS < deadline)) || fail "$key was not started again within $START_TIMEOUT s: is its launcher still running?"
      sleep 0.1
      new="$(pid_of "$key")"
    done
  done
  ready="$(ms)"
  say "    $key: stopped in $(secs $((stopped - step_started))) s, new build ready $(secs $((ready - stopped))) s later (pid $new)"
  printf '%s %s stopped_ms=%s ready_ms=%s pid=%s\n' "$key" "$ready" $((stopped - step_started)) $((ready - stopped)) "$new" >> "$run_dir/upgrade.log"
done
say "==> every process runs $release ($(secs $(($(ms) - roll_started))) s)"
