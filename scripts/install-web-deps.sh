#!/usr/bin/env bash
# Installs the front-end libraries the pages load (web/package-lock.json pins them) into web/node_modules, which the
# server serves. A no-op when they are present.
set -euo pipefail
cd "$(dirname "$0")/../web"
if [[ ! -f node_modules/chart.js/dist/chart.umd.js ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
