#!/usr/bin/env bash
# Builds this checkout into a release folder that scripts/upgrade.sh rolls a running system to: DIR/Silo (Silo.dll)
# and DIR/Api (Api.dll with its wwwroot and appsettings.json, its content root).
#
# Usage: scripts/publish-release.sh DIR [MSBuild arguments…]
#   e.g. scripts/publish-release.sh /srv/occupancy/releases/2026-12-03
#        scripts/publish-release.sh /tmp/drill/n1 -p:OccupancyUpgradeDrill=true   (the upgrade drill's build N+1)
# Environment: CONFIGURATION [Release].
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$REPO_ROOT/scripts/lib.sh"
cd "$REPO_ROOT"

[[ $# -ge 1 && "$1" != -* ]] || { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 64; }
dir="$1"; shift
CONFIGURATION="${CONFIGURATION:-Release}"
require_tool dotnet "Install the .NET 10 SDK."
require_tool node "Install Node.js (20 or newer)."
ensure_node_modules
mkdir -p "$dir" && dir="$(cd "$dir" && pwd)"
for project in Silo Api; do
  say "==> dotnet publish $project -c $CONFIGURATION $* → $dir/$project"
  rm -rf "${dir:?}/$project"
  dotnet publish "$project/$project.csproj" -c "$CONFIGURATION" -nologo -v quiet -o "$dir/$project" "$@" > "$dir/$project.publish.log" 2>&1 \
    || { grep -E ' error ' "$dir/$project.publish.log" | sort -u | tail -n 20 >&2; fail "publishing $project failed (log: $dir/$project.publish.log)."; }
done
git rev-parse HEAD > "$dir/commit" 2>/dev/null || true
printf '%s\n' "$*" > "$dir/build-arguments"
say "==> release ready in $dir"
