# Shared by backup.sh and restore.sh (sourced, not executed): the store and the Operations tool.
# Expects REPO_ROOT to be set and lib.sh sourced by the caller.

# Exports STORAGE_CONNECTION_STRING: as given, or the local Azurite of ./run.sh (AZURITE_PORT, default 10002). The
# tool reads it from the environment, so it never shows in the process list.
operations_store() {
  if [[ -z "${STORAGE_CONNECTION_STRING:-}" ]]; then
    local port="${AZURITE_PORT:-10002}"
    port_in_use "$port" || fail "no store given (STORAGE_CONNECTION_STRING) and no local Azurite listens on 127.0.0.1:$port (AZURITE_PORT). Start ./run.sh or scripts/start-azurite.sh, or set STORAGE_CONNECTION_STRING."
    STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
  fi
  export STORAGE_CONNECTION_STRING
}

# Builds the Operations tool (unless $1 is 0) and sets OPERATIONS_DLL.
operations_tool() {
  local build="$1" configuration="${CONFIGURATION:-Release}"
  require_tool dotnet "Install the .NET 10 SDK."
  OPERATIONS_DLL="$REPO_ROOT/Operations/bin/$configuration/net10.0/Operations.dll"
  if ((build)); then
    local log
    log="$(mktemp)"
    if ! dotnet build "$REPO_ROOT/Operations/Operations.csproj" -c "$configuration" -nologo -v quiet > "$log" 2>&1; then
      grep -E ' error |error [A-Z]+[0-9]+' "$log" | sort -u | tail -n 30 >&2 || cat "$log" >&2
      rm -f "$log"
      fail "building the Operations tool failed."
    fi
    rm -f "$log"
  fi
  [[ -f "$OPERATIONS_DLL" ]] || fail "$OPERATIONS_DLL is missing; run without --no-build."
}
