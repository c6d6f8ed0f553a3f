#!/usr/bin/env bash
# Runs bench/run.sh on a 2,000-dossier database with one-second wrk runs and checks that every figure is printed,
# no request failed, and the audit chain is intact after the intake runs.
set -euo pipefail
script=$1
build=$2
for tool in wrk nginx; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "SKIP: $tool not installed"; exit 0; }
done
data=$(mktemp -d /tmp/motcua-bench-smoke.XXXXXX)
trap 'rm -rf "$data"' EXIT
out=$(BENCH_LADDER=2000 BENCH_DURATION=1 BENCH_CONNECTIONS=8 BENCH_MICRO=0 BENCH_DATA="$data" bash "$script" "$build")
echo "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }
for figure in "nginx static JSON" "demo generation" "start-up" "public status lookup" "resident set" \
              "Open311 request" "report II.06a" "overdue list" "dashboard" "intake, one transaction per request" \
              "intake, group commit"; do
    grep -q "$figure" <<<"$out" || fail "no figure \"$figure\""
done
grep -E "^(public status lookup|Open311 request|intake,)" <<<"$out" | grep -Eqv "non-2xx 0(,|$)" && fail "some requests failed"
[ "$(grep -c '"chain": "intact"\|chain.*intact' <<<"$out")" -eq 2 ] || fail "the audit chain is not intact after both intake runs"
echo "bench smoke: ok"
