#!/usr/bin/env bash
# Times each supervisor report call once, on a fresh server, as demo.supervisor (docs/performance.md, "Reports at
# scale"): start-up, then II.06a (a year by agency, a month, a year by field in the official window), the overdue
# and near-due lists, the apology report and one status list, the monthly trend and the lists' first pages (decision
# 0040); then every call web/dashboard.js makes, in the order it makes them, and their sum. Milliseconds, HTTP
# status, path.
#
#   bench/report_calls.sh MOTCUA_BINARY DB [YEAR]
set -euo pipefail
MOTCUA=$1
DB=$2
YEAR=${3:-$(date -u +%Y)}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
TMP=$(mktemp -d /tmp/motcua-report-calls.XXXXXX)
t0=$(date +%s%3N)
"$MOTCUA" serve --db "$DB" --listen "127.0.0.1:$PORT" --web "$ROOT/web" 2>"$TMP/serve.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$TMP"' EXIT
until curl -sf -o /dev/null "$BASE/healthz"; do
    kill -0 $PID 2>/dev/null || { cat "$TMP/serve.log" >&2; exit 1; }
    sleep 0.01
done
echo "start-up $(( $(date +%s%3N) - t0 )) ms"
curl -sf -c "$TMP/jar" -H 'Content-Type: application/json' \
    -d '{"username":"demo.supervisor","password":"Demo-Supervisor-2026!"}' "$BASE/api/v1/auth/login" >/dev/null
for p in "/api/v1/reports/timeliness?from=$((YEAR - 1))-01-01&to=$((YEAR - 1))-12-31&group_by=agency" \
         "/api/v1/reports/timeliness?from=$YEAR-03-01&to=$YEAR-03-31" \
         "/api/v1/reports/timeliness?from=$YEAR-01-01&to=$YEAR-12-31&group_by=field&window=official" \
         "/api/v1/reports/overdue" "/api/v1/reports/overdue?near_due=true" \
         "/api/v1/reports/apologies?from=$YEAR-01-01&to=$YEAR-12-31" "/api/v1/dossiers?status=returned" \
         "/api/v1/reports/timeliness?from=$YEAR-01-01&to=$YEAR-12-31&group_by=month" \
         "/api/v1/reports/overdue?limit=20" "/api/v1/reports/overdue?near_due=true&limit=20" \
         "/api/v1/reports/apologies?from=$YEAR-01-01&to=$YEAR-12-31&limit=20"; do
    curl -s -o /dev/null -w "%{http_code} %{time_total}" -b "$TMP/jar" "$BASE$p" |
        awk -v p="$p" '{printf "%8.0f ms  %s  %s\n", $2 * 1000, $1, p}'
done
# The dashboard judges the current year up to today in office time (web/dashboard.js, periodEnd).
DASH_END=$(TZ=Asia/Ho_Chi_Minh date +%F); [[ $DASH_END == "$YEAR"-* ]] || DASH_END="$YEAR-12-31"
# The dashboard page (web/dashboard.js), one call after the other (decision 0040: the trend in one call, the lists'
# first 20 rows with their totals).
dash=0
for p in "/api/v1/auth/me" "/api/v1/reports/timeliness?from=$YEAR-01-01&to=$YEAR-12-31&group_by=month" \
         "/api/v1/reports/timeliness?from=$YEAR-01-01&to=$DASH_END&group_by=agency" "/api/v1/reports/overdue?limit=20" \
         "/api/v1/reports/overdue?near_due=true&limit=20" "/api/v1/reports/apologies?from=$YEAR-01-01&to=$DASH_END&limit=20" \
         "/api/v1/reports/index766/counts?from=$YEAR-01-01&to=$DASH_END" "/api/v1/reports/status-counts"; do
    ms=$(curl -s -o /dev/null -w "%{time_total}" -b "$TMP/jar" "$BASE$p" | awk '{printf "%.0f", $1 * 1000}')
    printf "%8d ms  dashboard  %s\n" "$ms" "$p"
    dash=$((dash + ms))
done
echo "dashboard (every call of web/dashboard.js, in sequence) $dash ms"
