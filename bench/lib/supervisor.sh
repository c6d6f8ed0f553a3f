# Shared by bench/report_calls.sh, bench/dashboard_rounds.sh and bench/run.sh (source it): a motcua server on a free loopback
# port with demo.supervisor logged in, and the calls web/dashboard.js makes.
#
#   start_supervisor_server MOTCUA_BINARY DB TMPDIR   sets PID, BASE, JAR and STARTUP_MS (exec to the first
#                                                     answered /healthz); stops the server on EXIT
#   dashboard_calls YEAR                              sets DASHBOARD_CALLS (in the page's order)

start_supervisor_server() {
    local bin=$1 db=$2 tmp=$3 root port t0
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    BASE=http://127.0.0.1:$port
    JAR=$tmp/jar
    t0=$(date +%s%3N)
    "$bin" serve --db "$db" --listen "127.0.0.1:$port" --web "$root/web" 2>"$tmp/serve.log" &
    PID=$!
    # shellcheck disable=SC2064  # expand now: the trap must name this server and this directory
    trap "kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf '$tmp'" EXIT
    until curl -sf -o /dev/null "$BASE/healthz"; do
        kill -0 "$PID" 2>/dev/null || { cat "$tmp/serve.log" >&2; exit 1; }
        sleep 0.01
    done
    STARTUP_MS=$(( $(date +%s%3N) - t0 ))
    curl -sf -c "$JAR" -H 'Content-Type: application/json' \
        -d '{"username":"demo.supervisor","password":"Demo-Supervisor-2026!"}' "$BASE/api/v1/auth/login" >/dev/null
}

dashboard_calls() {
    local year=$1 end
    # The dashboard judges the current year up to today in office time (web/dashboard.js, periodEnd).
    end=$(TZ=Asia/Ho_Chi_Minh date +%F)
    [[ $end == "$year"-* ]] || end="$year-12-31"
    # One call after the other, as the page makes them (decision 0040: the trend in one call, the lists' first 20
    # rows with their totals).
    DASHBOARD_CALLS=("/api/v1/auth/me" "/api/v1/reports/timeliness?from=$year-01-01&to=$year-12-31&group_by=month"
        "/api/v1/reports/timeliness?from=$year-01-01&to=$end&group_by=agency" "/api/v1/reports/overdue?limit=20"
        "/api/v1/reports/overdue?near_due=true&limit=20" "/api/v1/reports/apologies?from=$year-01-01&to=$end&limit=20"
        "/api/v1/reports/index766/counts?from=$year-01-01&to=$end" "/api/v1/reports/status-counts")
}
