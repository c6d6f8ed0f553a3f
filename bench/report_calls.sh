#!/usr/bin/env bash
# Times each supervisor report call once, on a fresh server, as demo.supervisor (docs/performance-history.md, "Reports at
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
TMP=$(mktemp -d /tmp/motcua-report-calls.XXXXXX)
# shellcheck source=bench/lib/supervisor.sh
source "$(dirname "$0")/lib/supervisor.sh"
start_supervisor_server "$MOTCUA" "$DB" "$TMP"
echo "start-up $STARTUP_MS ms"
for p in "/api/v1/reports/timeliness?from=$((YEAR - 1))-01-01&to=$((YEAR - 1))-12-31&group_by=agency" \
         "/api/v1/reports/timeliness?from=$YEAR-03-01&to=$YEAR-03-31" \
         "/api/v1/reports/timeliness?from=$YEAR-01-01&to=$YEAR-12-31&group_by=field&window=official" \
         "/api/v1/reports/overdue" "/api/v1/reports/overdue?near_due=true" \
         "/api/v1/reports/apologies?from=$YEAR-01-01&to=$YEAR-12-31" "/api/v1/dossiers?status=returned" \
         "/api/v1/reports/timeliness?from=$YEAR-01-01&to=$YEAR-12-31&group_by=month" \
         "/api/v1/reports/overdue?limit=20" "/api/v1/reports/overdue?near_due=true&limit=20" \
         "/api/v1/reports/apologies?from=$YEAR-01-01&to=$YEAR-12-31&limit=20"; do
    curl -s -o /dev/null -w "%{http_code} %{time_total}" -b "$JAR" "$BASE$p" |
        awk -v p="$p" '{printf "%8.0f ms  %s  %s\n", $2 * 1000, $1, p}'
done
dashboard_calls "$YEAR"
dash=0
for p in "${DASHBOARD_CALLS[@]}"; do
    ms=$(curl -s -o /dev/null -w "%{time_total}" -b "$JAR" "$BASE$p" | awk '{printf "%.0f", $1 * 1000}')
    printf "%8d ms  dashboard  %s\n" "$ms" "$p"
    dash=$((dash + ms))
done
echo "dashboard (every call of web/dashboard.js, in sequence) $dash ms"
