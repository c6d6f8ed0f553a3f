#!/usr/bin/env bash
# Installs the npm packages the test suite uses as oracles (pinned in tests/oracle/package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/../tests/oracle"
if [[ ! -d node_modules/amlich || ! -d node_modules/@apidevtools/swagger-parser || ! -d node_modules/playwright-core ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
