#!/usr/bin/env bash
# Runs openapi_check.mjs (docs/api/openapi.yaml against the live server). Usage: run_openapi_check.sh PATH/TO/motcua
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null || { echo "node is not installed (make test installs it)"; exit 1; }
if [[ ! -d $here/node_modules/@apidevtools/swagger-parser ]]; then (cd "$here" && npm ci --no-audit --no-fund --loglevel=error); fi
exec node "$here/openapi_check.mjs" "$1" "$here/../../docs/api/openapi.yaml"
