# Supervision of the processes run.sh starts (sourced by run.sh, after lib.sh; not executed).
#
# Each process has a slot: a key (silo-2: its log and pid file are named after it), a name for people (silo 2), a
# group (azurite, silo, api: the order in which run.sh stops them) and how to tell it is healthy (run.sh's launch
# starts it). When a process exits without run.sh asking, its slot starts it again after a back-off: RESTART_FIRST_DELAY
# (1 s), doubling up to RESTART_MAX_DELAY (30 s); a process that ran RESTART_STABLE_AFTER (60 s) or more before it
# exited starts from the first delay again. It keeps its ports and appends to its log. Every exit, restart and
# return to health is a line on run.sh's output and in $LOG_DIR/run.log.
#
# Expects from the caller: REPO_ROOT, LOG_DIR, RUN_DIR, START_TIMEOUT, and launch <key> (starts the slot's process
# and sets slot_pid[<key>]).

RESTART_FIRST_DELAY="${RESTART_FIRST_DELAY:-1}"
RESTART_MAX_DELAY="${RESTART_MAX_DELAY:-30}"
RESTART_STABLE_AFTER="${RESTART_STABLE_AFTER:-60}"
[[ "$RESTART_FIRST_DELAY" =~ ^[1-9][0-9]*$ ]] || fail "RESTART_FIRST_DELAY must be a positive number of seconds (got '$RESTART_FIRST_DELAY')"
[[ "$RESTART_MAX_DELAY" =~ ^[1-9][0-9]*$ ]] || fail "RESTART_MAX_DELAY must be a positive number of seconds (got '$RESTART_MAX_DELAY')"
[[ "$RESTART_STABLE_AFTER" =~ ^[0-9]+$ ]] || fail "RESTART_STABLE_AFTER must be a number of seconds (got '$RESTART_STABLE_AFTER')"

declare -a slots=()
declare -A slot_name=() slot_group=() slot_health=() slot_log=()
# pid while running; start time, exit time and due time in ms since the epoch; restarts so far; next back-off (s);
# the pid of the check that waits for a restarted process to be healthy.
declare -A slot_pid=() slot_started=() slot_exited=() slot_due=() slot_restarts=() slot_delay=() slot_probe=()

# Milliseconds since the epoch, in $now (no subshell: the loop below runs twice a second).
clock() { now=$((${EPOCHREALTIME//[.,]/} / 1000)); }

# add_slot <key> <name> <group> <health: an http URL, or tcp:PORT>
add_slot() {
  slots+=("$1")
  slot_name[$1]="$2"
  slot_group[$1]="$3"
  slot_health[$1]="$4"
  # scripts/upgrade.sh waits on this URL after it stopped the process.
  [[ "$4" == http* ]] && printf '%s\n' "$4" > "$RUN_DIR/$1.health"
  slot_log[$1]="$LOG_DIR/$1.log"
  slot_restarts[$1]=0
  slot_delay[$1]="$RESTART_FIRST_DELAY"
}

# The pids of the group's running processes, one per line.
running_pids() {
  local key
  for key in "${slots[@]}"; do
    if [[ "${slot_group[$key]}" == "$1" && -n "${slot_pid[$key]:-}" ]]; then printf '%s\n' "${slot_pid[$key]}"; fi
  done
}

# A line on run.sh's output and in run.log, with the time (UTC).
event() {
  local line
  line="$(date -u +%Y-%m-%dT%H:%M:%SZ) $*"
  say "$line"
  printf '%s\n' "$line" >> "$LOG_DIR/run.log"
}

# Only in run.log (the start-up lines run.sh prints already).
log_event() {
  printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >> "$LOG_DIR/run.log"
}

# Records a started process: its pid file ($RUN_DIR/<key>.pid) and its start time.
record_start() {
  local key="$1" pid="$2"
  clock
  slot_pid[$key]="$pid"
  slot_started[$key]="$now"
  printf '%s\n' "$pid" > "$RUN_DIR/$key.pid"
}

# How a process ended, from its wait status: a signal (status 128 + n) by name.
exit_text() {
  local rc="$1" signal
  if ((rc > 128)) && signal="$(kill -l $((rc - 128)) 2>/dev/null)"; then
    printf 'was killed by SIG%s (exit status %s)' "$signal" "$rc"
  else
    printf 'exited with status %s' "$rc"
  fi
}

seconds_text() { printf '%d.%d' $(($1 / 1000)) $((($1 % 1000) / 100)); }

restarts_text() {
  local key list="" total=0
  for key in "${slots[@]}"; do
    if ((slot_restarts[$key] > 0)); then
      list+="${list:+, }${slot_name[$key]} ×${slot_restarts[$key]}"
      total=$((total + slot_restarts[$key]))
    fi
  done
  printf 'restarts so far: %s (%s)' "$total" "${list:-none}"
}

# A process that exited on its own: note how, and when to start it again.
on_exit() {
  local key="$1" pid="$2" rc="$3"
  clock
  local ran=$((now - slot_started[$key])) delay
  if ((ran >= RESTART_STABLE_AFTER * 1000)); then slot_delay[$key]="$RESTART_FIRST_DELAY"; fi
  delay="${slot_delay[$key]}"
  slot_exited[$key]="$now"
  slot_due[$key]=$((now + delay * 1000))
  slot_delay[$key]=$((delay * 2 > RESTART_MAX_DELAY ? RESTART_MAX_DELAY : delay * 2))
  unset "slot_pid[$key]"
  rm -f "$RUN_DIR/$key.pid"
  event "${slot_name[$key]} (pid $pid) $(exit_text "$rc") after running $(seconds_text "$ran") s;" \
    "starting it again in $delay s (restart $((slot_restarts[$key] + 1)))"
}

# Starts the process again, and a background check that tells when it is healthy.
restart() {
  local key="$1" pid
  unset "slot_due[$key]"
  slot_restarts[$key]=$((slot_restarts[$key] + 1))
  launch "$key"
  pid="${slot_pid[$key]}"
  event "${slot_name[$key]} started again (pid $pid, restart ${slot_restarts[$key]}); log: ${slot_log[$key]}"
  local health="${slot_health[$key]}"
  if [[ "$health" == tcp:* ]]; then
    (
      deadline=$((SECONDS + START_TIMEOUT))
      until port_in_use "${health#tcp:}"; do
        kill -0 "$pid" 2>/dev/null || exit 2
        ((SECONDS < deadline)) || exit 3
        sleep 0.2
      done
    ) &
  else
    node "$REPO_ROOT/scripts/wait-http.mjs" "$health" "$START_TIMEOUT" "$pid" > /dev/null 2>&1 &
  fi
  slot_probe[$key]=$!
}

# The background health check of a restarted process has finished: say what it found.
on_probe_done() {
  local key="$1" probe="$2" rc=0
  wait "$probe" 2>/dev/null || rc=$?
  unset "slot_probe[$key]"
  clock
  case "$rc" in
    0) event "${slot_name[$key]} is healthy again, $(seconds_text $((now - slot_exited[$key]))) s after it exited" \
         "(restart ${slot_restarts[$key]}; $(restarts_text))" ;;
    2) ;; # it exited again: on_exit says so
    *) event "${slot_name[$key]} is running but not healthy at ${slot_health[$key]} ${START_TIMEOUT} s after its restart;" \
         "see ${slot_log[$key]}" ;;
  esac
}

# Stops the health checks still waiting (run.sh is stopping).
stop_probes() {
  local key
  for key in "${!slot_probe[@]}"; do
    kill "${slot_probe[$key]}" 2>/dev/null || true
    wait "${slot_probe[$key]}" 2>/dev/null || true
  done
  slot_probe=()
}

# Runs until a signal stops run.sh (its traps stop every process): watches every process twice a second, starts
# again those that exited once their back-off has passed.
supervise() {
  local key pid rc
  while :; do
    # In the background, so that a signal ends the wait at once and its trap runs.
    sleep 0.5 &
    wait "$!" || true
    for key in "${slots[@]}"; do
      # The health check first: what it found came before an exit seen in the same round.
      pid="${slot_probe[$key]:-}"
      if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
        on_probe_done "$key" "$pid"
      fi
      pid="${slot_pid[$key]:-}"
      if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
        rc=0
        wait "$pid" 2>/dev/null || rc=$?
        on_exit "$key" "$pid" "$rc"
      fi
      if [[ -n "${slot_due[$key]:-}" ]]; then
        clock
        if ((now >= slot_due[$key])); then restart "$key"; fi
      fi
    done
  done
}
