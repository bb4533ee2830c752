#!/usr/bin/env bash
# Prints a bearer token for the embedded signing key of this checkout (Auth:Mode=Embedded), e.g.
#   scripts/token.sh --role admin
#   scripts/token.sh --role staff --site binjiang [--site mingzhu]
#   scripts/token.sh --role resident --member m-1024
#   scripts/token.sh --role device --facility fuming-gym | --canteen binjiang-canteen | --site binjiang
# The key is the one the Api generated at its first start: $DATA_DIR/auth/signing-key (DATA_DIR defaults to
# .data in the checkout, as for run.sh). `scripts/token.sh --help` lists every option.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$REPO_ROOT/scripts/lib.sh"
require_tool node "Install Node.js (20 or newer)."

for arg in "$@"; do
  if [[ "$arg" == "-h" || "$arg" == "--help" ]]; then
    exec node "$REPO_ROOT/scripts/token.mjs" --help
  fi
done

DATA_DIR="${DATA_DIR:-$REPO_ROOT/.data}"
key_file="$DATA_DIR/auth/signing-key"
[[ -f "$key_file" ]] || fail "no signing key at $key_file: the system has never started here: run ./run.sh first (or set DATA_DIR to the one it used)."

OCCUPANCY_SIGNING_KEY_FILE="$key_file" exec node "$REPO_ROOT/scripts/token.mjs" "$@"
