#!/usr/bin/env bash
# Runs every call web/dashboard.js makes (as bench/report_calls.sh), in sequence, ROUNDS times on one fresh server
# as demo.supervisor after one warm-up round, then the whole (unpaged) apology report; prints each call's median
# time, the dashboard's sum per round and its median, and the server's CPU time per round (utime + stime from
# /proc, all calls). For before/after comparisons on a loaded machine: alternate two binaries (docs/performance-history.md,
# "The apology report from its indexes alone").
#
#   bench/dashboard_rounds.sh MOTCUA_BINARY DB [ROUNDS] [YEAR]
set -euo pipefail
BIN=$1; DB=$2; R=${3:-5}; Y=${4:-$(date -u +%Y)}
TMP=$(mktemp -d /tmp/motcua-dashboard-rounds.XXXXXX)
# shellcheck source=bench/lib/supervisor.sh
source "$(dirname "$0")/lib/supervisor.sh"
start_supervisor_server "$BIN" "$DB" "$TMP"
dashboard_calls "$Y"
# Every dashboard call, then the whole (unpaged) apology report.
CALLS=("${DASHBOARD_CALLS[@]}" "/api/v1/reports/apologies?from=$Y-01-01&to=$Y-12-31")
cpu() { awk '{print $14+$15}' /proc/$PID/stat; }
TICK=$(getconf CLK_TCK)  # clock ticks per second, for /proc/PID/stat
for r in $(seq 0 $R); do
  c0=$(cpu); sum=0
  for i in "${!CALLS[@]}"; do
    ms=$(curl -s -o /dev/null -w "%{time_total}" -b $JAR "$BASE${CALLS[$i]}" | awk '{printf "%.0f", $1*1000}')
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
