#!/usr/bin/env bash
# ctest entry: compares motcua's lunar calendar with the npm package amlich, day by day for 1970-2100
# (tests/oracle/lunar_oracle.mjs does the work). Fails, never skips, when Node.js is missing.
#
# Usage: bash tests/oracle/run_lunar_oracle.sh <path to the motcua executable>
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 <path to the motcua executable>" >&2
    exit 2
fi
motcua=$1
oracle_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if ! command -v node >/dev/null 2>&1; then
    echo "lunar oracle: FAILED: Node.js ('node') is not on PATH, so the lunar calendar cannot be checked." >&2
    echo "lunar oracle: install Node.js 18 or newer with npm (Debian: apt-get install nodejs npm) and rerun." >&2
    exit 1
fi
if [[ ! -x $motcua ]]; then
    echo "lunar oracle: FAILED: '$motcua' is not an executable file." >&2
    exit 1
fi

# amlich comes from npm; install it once from the lock file (node_modules/ is not committed).
if [[ ! -f $oracle_dir/node_modules/amlich/package.json ]]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "lunar oracle: FAILED: amlich is not installed in $oracle_dir/node_modules and npm is missing." >&2
        exit 1
    fi
    echo "lunar oracle: installing the oracle's npm packages in $oracle_dir" >&2
    if [[ -f $oracle_dir/package-lock.json ]]; then
        (cd "$oracle_dir" && npm ci --no-audit --no-fund) >&2
    else
        (cd "$oracle_dir" && npm install --no-audit --no-fund) >&2
    fi
fi

exec node "$oracle_dir/lunar_oracle.mjs" "$motcua"
