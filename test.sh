#!/usr/bin/env bash
# Runs every test: the .NET test projects, then the browser tests in web-tests/ (when present).
# The last line printed is "N passed, N failed" (", N skipped" when any were skipped); the exit
# code is non-zero when the build or any test failed. See docs/running.md.
#   CONFIGURATION [Release]  build configuration (the same one run.sh uses)
#   TEST_FILTER              passed to 'dotnet test --filter' (e.g. FullyQualifiedName~Canteen)
#   SKIP_WEB_TESTS=1         run only the .NET tests
set -uo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$REPO_ROOT/scripts/lib.sh"
cd "$REPO_ROOT"

CONFIGURATION="${CONFIGURATION:-Release}"
RESULTS_DIR="$REPO_ROOT/artifacts/test-results"

require_tool dotnet "Install the .NET 10 SDK."
require_tool node "Install Node.js (20 or newer)."
require_tool npm "Install Node.js (it includes npm)."

ensure_node_modules

# --- browser tests need Debian's Chromium and CJK fonts (the screens are in Chinese)
web_tests=()
if [[ -d web-tests && "${SKIP_WEB_TESTS:-0}" != 1 ]]; then
  while IFS= read -r f; do web_tests+=("$f"); done < <(
    find web-tests -path '*/node_modules' -prune -o -type f \
      \( -name '*.test.mjs' -o -name '*.test.js' -o -name '*.test.cjs' \) -print | sort)
fi

ensure_browser() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
  ((${#missing[@]} == 0)) && return 0
  if [[ "$(id -u)" != 0 ]]; then
    fail "the browser tests need ${missing[*]}; install them as root: apt-get update && apt-get install -y ${missing[*]}"
  fi
  command -v apt-get >/dev/null 2>&1 || fail "the browser tests need ${missing[*]} and this is not a Debian-like system."
  say "==> apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  local log="$REPO_ROOT/artifacts/apt-get.log"
  mkdir -p "$REPO_ROOT/artifacts"
  if ! { apt-get update && apt-get install -y "${missing[@]}"; } > "$log" 2>&1; then
    tail -n 30 "$log" >&2
    fail "installing ${missing[*]} failed (full output: $log)."
  fi
  command -v chromium >/dev/null 2>&1 || fail "chromium is still not on PATH after installing it."
}
((${#web_tests[@]} > 0)) && ensure_browser

# --- build once; the test runs below use this build
say "==> dotnet build Occupancy.sln -c $CONFIGURATION"
if ! dotnet build Occupancy.sln -c "$CONFIGURATION" -nologo -v minimal; then
  say "error: build failed; no tests were run." >&2
  exit 1
fi

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"

# --- .NET tests, one project at a time: on 2 cores, two test clusters at once starve each other
test_projects=()
while IFS= read -r p; do
  grep -q 'Microsoft.NET.Test.Sdk' "$p" 2>/dev/null && test_projects+=("$p")
done < <(dotnet sln Occupancy.sln list | grep -E '\.csproj$' | tr '\\' '/' | sort)

# No test project found at all is a failure too, not an empty pass.
((${#test_projects[@]} == 0)) && touch "$RESULTS_DIR/dotnet-test-projects.expected"
for project in "${test_projects[@]}"; do
  name="$(basename "$project" .csproj)"
  say "==> dotnet test $name"
  # With a filter a project may rightly match nothing; without one it must run tests.
  [[ -z "${TEST_FILTER:-}" ]] && touch "$RESULTS_DIR/$name.expected"
  args=(test "$project" -c "$CONFIGURATION" --no-build -nologo
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal"
    --results-directory "$RESULTS_DIR"
    --blame-hang-timeout 10m --blame-hang-dump-type none)
  [[ -n "${TEST_FILTER:-}" ]] && args+=(--filter "$TEST_FILTER")
  dotnet "${args[@]}"
  rc=$?
  # A non-zero exit with no failed test in the results (a crashed test host) still counts.
  ((rc != 0)) && echo "$rc" > "$RESULTS_DIR/$name.exitcode"
done

# --- browser tests: each test file starts the system it needs
if ((${#web_tests[@]} > 0)); then
  say "==> node --test (${#web_tests[@]} file(s) in web-tests/)"
  export OCCUPANCY_CONFIGURATION="$CONFIGURATION"
  # The last browser test reads these logs for secrets: only this run's belong there.
  rm -rf "$REPO_ROOT/artifacts/logs"
  export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"
  # Two files at a time: each starts its own system on its own ports, and several spend minutes waiting on real
  # time (a meal's end, a token's expiry, a 30 s silence). The zz- files read what the others left (their logs),
  # so they run after them, as their own result set (web-tests-after).
  declare -A batch_files=()
  for f in "${web_tests[@]}"; do
    if [[ "$(basename "$f")" == zz-* ]]; then batch_files[web-tests-after]+="$f "; else batch_files[web-tests]+="$f "; fi
  done
  for batch in web-tests web-tests-after; do
    [[ -n "${batch_files[$batch]:-}" ]] || continue
    read -r -a files <<< "${batch_files[$batch]}"
    touch "$RESULTS_DIR/$batch.expected"
    node --test --test-concurrency="${WEB_TEST_CONCURRENCY:-2}" \
      --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$RESULTS_DIR/$batch.tap" \
      "${files[@]}"
    rc=$?
    ((rc != 0)) && echo "$rc" > "$RESULTS_DIR/$batch.exitcode"
  done
elif [[ -d web-tests && "${SKIP_WEB_TESTS:-0}" != 1 ]]; then
  say "==> web-tests/ has no *.test.mjs / *.test.js files; skipping browser tests"
fi

node "$REPO_ROOT/scripts/test-summary.mjs" "$RESULTS_DIR"
