# Shared by run.sh and test.sh (sourced, not executed).
# Expects REPO_ROOT to be set by the caller.

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '%s\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

require_tool() {
  command -v "$1" >/dev/null 2>&1 || fail "$1 is not installed or not on PATH. $2"
}

# Installs the npm packages (Azurite, browser-test tooling) with `npm ci` when node_modules is
# missing or package-lock.json changed since the last install. The stamp lives inside
# node_modules, so deleting node_modules also forgets it.
ensure_node_modules() {
  local lock="$REPO_ROOT/package-lock.json"
  local stamp="$REPO_ROOT/node_modules/.package-lock.sha256"
  local want have=""
  want="$(sha256sum "$lock" | cut -d' ' -f1)"
  [[ -f "$stamp" ]] && have="$(cat "$stamp")"
  if [[ -d "$REPO_ROOT/node_modules/azurite" && "$want" == "$have" ]]; then
    return 0
  fi
  say "==> npm ci (package-lock.json is new or changed)"
  (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error) \
    || fail "npm ci failed; see the output above."
  printf '%s\n' "$want" > "$stamp"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Fails with a clear message when a port the caller is about to bind is taken.
require_free_port() {
  local port="$1" what="$2" env_name="$3"
  if port_in_use "$port"; then
    fail "port $port ($what) is already in use. Stop whatever listens there (ss -ltnp 'sport = :$port'), or choose another port with $env_name=<port>."
  fi
}
