#!/usr/bin/env bash
# Refreshes docs/openapi.json, the public copy of the OpenAPI document, from the one the build writes
# (Api/obj/openapi/openapi.json), then lints it with the recommended rules (redocly.yaml).
#   CONFIGURATION [Release]  build configuration
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
dotnet build Api -c "${CONFIGURATION:-Release}" -nologo -v q
cp Api/obj/openapi/openapi.json docs/openapi.json
echo "docs/openapi.json refreshed from the build."
node_modules/.bin/redocly lint docs/openapi.json
