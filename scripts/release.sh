# Sourced by run.sh (after lib.sh): where a process's program and working directory are. Normally this checkout's
# build; once scripts/upgrade.sh has named a release folder in $RUN_DIR/release, that folder's (docs/upgrades.md).
# release_paths <Silo|Api> sets release_dir (the working directory) and release_dll.
release_paths() {
  local project="$1" named=""
  [[ -s "$RUN_DIR/release" ]] && named="$(< "$RUN_DIR/release")"
  if [[ -n "$named" ]]; then
    release_dir="$named/$project"
    release_dll="$named/$project/$project.dll"
  else
    release_dir="$REPO_ROOT/$project"
    release_dll="$REPO_ROOT/$project/$BIN_SUBDIR/$project.dll"
  fi
}
