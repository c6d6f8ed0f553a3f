#!/usr/bin/env bash
# Runs every call web/dashboard.js makes (as bench/report_calls.sh), in sequence, ROUNDS times on one fresh server
# as demo.supervisor after one warm-up round, then the whole (unpaged) apology report; prints each call's median
# time, the dashboard's sum per round and its median, and the server's CPU time per round (utime + stime from
# /proc, all calls). For before/after comparisons on a loaded machine: alternate two binaries (docs/performance.md,
# "The apology report from its indexes alone").
#
#   bench/dashboard_rounds.sh MOTCUA_BINARY DB [ROUNDS] [YEAR]
set -euo pipefail
BIN=$1; DB=$2; R=${3:-5}; Y=${4:-$(date -u +%Y)}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT; TMP=$(mktemp -d /tmp/motcua-dashboard-rounds.XXXXXX)
"$BIN" serve --db "$DB" --listen 127.0.0.1:$PORT --web "$ROOT/web" 2>"$TMP/log" &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$TMP"' EXIT
until curl -sf -o /dev/null "$BASE/healthz"; do
    kill -0 $PID 2>/dev/null || { cat "$TMP/log" >&2; exit 1; }
    sleep 0.05
done
curl -sf -c $TMP/jar -H 'Content-Type: application/json' -d '{"username":"demo.supervisor","password":"Demo-Supervisor-2026!"}' $BASE/api/v1/auth/login >/dev/null
# The dashboard judges the current year up to today in office time (web/dashboard.js, periodEnd).
DASH_END=$(TZ=Asia/Ho_Chi_Minh date +%F); [[ $DASH_END == "$Y"-* ]] || DASH_END="$Y-12-31"
CALLS=("/api/v1/auth/me" "/api/v1/reports/timeliness?from=$Y-01-01&to=$Y-12-31&group_by=month" "/api/v1/reports/timeliness?from=$Y-01-01&to=$DASH_END&group_by=agency" "/api/v1/reports/overdue?limit=20" "/api/v1/reports/overdue?near_due=true&limit=20" "/api/v1/reports/apologies?from=$Y-01-01&to=$DASH_END&limit=20" "/api/v1/reports/index766/counts?from=$Y-01-01&to=$DASH_END" "/api/v1/reports/status-counts" "/api/v1/reports/apologies?from=$Y-01-01&to=$Y-12-31")
cpu() { awk '{print $14+$15}' /proc/$PID/stat; }
TICK=$(getconf CLK_TCK)  # clock ticks per second, for /proc/PID/stat
for r in $(seq 0 $R); do
  c0=$(cpu); sum=0
  for i in "${!CALLS[@]}"; do
    ms=$(curl -s -o /dev/null -w "%{time_total}" -b $TMP/jar "$BASE${CALLS[$i]}" | awk '{printf "%.0f", $1*1000}')
    if [ $r -gt 0 ]; then echo "$i $ms" >> $TMP/calls; fi
    if [ $i -lt 8 ]; then sum=$((sum+ms)); fi
  done
  c1=$(cpu); if [ $r -gt 0 ]; then echo "$sum $(( (c1-c0)*1000/TICK ))" >> $TMP/sums; fi
done
for i in "${!CALLS[@]}"; do
  printf "%6s ms  %s\n" "$(awk -v i=$i '$1==i{print $2}' $TMP/calls | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')" "${CALLS[$i]}"
done
echo "dashboard sum (calls 0-7) per round: $(awk '{print $1}' $TMP/sums | tr '\n' ' ')ms; median $(awk '{print $1}' $TMP/sums | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}') ms"
echo "server CPU per round (all 9 calls): $(awk '{print $2}' $TMP/sums | tr '\n' ' ')ms"
