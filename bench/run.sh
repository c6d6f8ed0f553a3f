#!/usr/bin/env bash
# make bench: micro-benchmarks, HTTP load runs with wrk against nginx on this machine in the same run, and the
# database-size ladder. Prints every figure with its ratio to its reference (docs/performance.md explains each).
#
#   bench/run.sh BUILD_DIR
#   BENCH_LADDER=10k,1M,10M   database sizes (10k, 100k, 1M, 10M or a plain number); default 10k,1M,10M
#   BENCH_DURATION=10         seconds per wrk run
#   BENCH_CONNECTIONS=64      wrk connections
#   BENCH_DATA=BUILD/bench-data   where the demo databases are kept (generated once, reused)
#   BENCH_MICRO=1             run the Google Benchmark programs (0 to skip)
#   BENCH_BYTES_PER_DOSSIER=9500  disk estimate per demo dossier: a size the free disk cannot hold is skipped
set -euo pipefail

BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib/supervisor.sh
source "$HERE/lib/supervisor.sh"  # dashboard_calls: the calls web/dashboard.js makes
ROOT=$(cd "$HERE/.." && pwd)
MOTCUA=$(cd "$BUILD" && pwd)/motcua
LADDER=${BENCH_LADDER:-10k,1M,10M}
DURATION=${BENCH_DURATION:-10}
CONNS=${BENCH_CONNECTIONS:-64}
DATA=${BENCH_DATA:-$BUILD/bench-data}
MICRO=${BENCH_MICRO:-1}
mkdir -p "$DATA"
DATA=$(cd "$DATA" && pwd)
TMP=$(mktemp -d /tmp/motcua-bench.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$TMP"
}
trap cleanup EXIT

for tool in wrk nginx sqlite3 curl python3; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "bench: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print('%.2f' % (a / b) if b else 'n/a')" "$1" "$2"; }
# figure NAME VALUE UNIT [RATIO-TEXT]
figure() { printf '%-58s %12s %-6s %s\n' "$1" "$2" "$3" "${4:-}"; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # user + system clock ticks of a process

# wrk_run NAME URL SCRIPT ARGS... -> sets RPS, P99_MS, ERRORS, REQUESTS, CPU_US (server CPU per request, when
# WRK_PID names the server process: robust on a busy machine, where req/s mostly measures the neighbours)
wrk_run() {
    local name=$1 url=$2 script=$3
    shift 3
    local out="$TMP/wrk-$name.txt"
    local ticks0=0
    [ -z "${WRK_PID:-}" ] || ticks0=$(cpu_ticks "$WRK_PID")
    if [ -n "$script" ]; then
        wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -s "$script" "$url" -- "$@" >"$out"
    else
        wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "$url" >"$out"
    fi
    RPS=$(awk '/^Requests\/sec:/ {print $2}' "$out")
    P99_MS=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }' "$out")
    ERRORS=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$out")
    ERRORS=${ERRORS:-0}
    REQUESTS=$(awk '/requests in/ {print $1}' "$out")
    CPU_US=n/a
    if [ -n "${WRK_PID:-}" ] && [ "${REQUESTS:-0}" -gt 0 ]; then
        CPU_US=$(python3 -c "print(round(($(cpu_ticks "$WRK_PID") - $ticks0) * 1e6 / $(getconf CLK_TCK) / $REQUESTS, 1))")
    fi
    local socket_errors
    socket_errors=$(grep -o 'Socket errors:.*' "$out" || true)
    [ -z "$socket_errors" ] || echo "  ($name: $socket_errors)"
}

start_server() {  # start_server DB [extra serve args] -> SERVER_PID, BASE, STARTUP_MS
    local db=$1
    shift
    local port
    port=$(free_port)
    BASE="http://127.0.0.1:$port"
    local started
    started=$(now_ms)
    "$MOTCUA" serve --db "$db" --listen "127.0.0.1:$port" --web "$ROOT/web" "$@" 2>"$TMP/serve-$port.log" &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    for _ in $(seq 1 3000); do
        if curl -sf -o /dev/null "$BASE/healthz"; then
            STARTUP_MS=$(( $(now_ms) - started ))
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/serve-$port.log" >&2; echo "bench: server died" >&2; exit 1; }
        sleep 0.01
    done
    echo "bench: server did not start" >&2
    exit 1
}

stop_server() {
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
}

rss_mb() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
hwm_mb() { awk '/^VmHWM:/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }

login() {  # login USER PASSWORD -> COOKIE, CSRF
    local body
    body=$(curl -sf -c "$TMP/jar" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$1\",\"password\":\"$2\"}" "$BASE/api/v1/auth/login")
    CSRF=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["csrf_token"])' <<<"$body")
    COOKIE=$(awk '!/^#/ && NF >= 7 {print $6 "=" $7} /^#HttpOnly_/ {print $6 "=" $7}' "$TMP/jar" | tail -1)
}

time_get() {  # time_get PATH -> milliseconds (best of 3), fails on non-200
    local best=""
    for _ in 1 2 3; do
        local t
        t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -b "$TMP/jar" "$BASE$1")
        [ "${t%% *}" = "200" ] || { echo "bench: GET $1 answered ${t%% *}" >&2; exit 1; }
        t=$(python3 -c "print(round(float('${t#* }') * 1000, 1))")
        if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $t < $best else 1)"; then best=$t; fi
    done
    echo "$best"
}

size_of() {
    case "$1" in
        *k) echo $(( ${1%k} * 1000 )) ;;
        *M) echo $(( ${1%M} * 1000000 )) ;;
        *) echo "$1" ;;
    esac
}

echo "motcua bench — $(date -u +%Y-%m-%dT%H:%MZ) — $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo "wrk -t2 -c$CONNS -d${DURATION}s; figures are ratios to references measured in this run"
echo

# ---- 1. micro-benchmarks ----------------------------------------------------------------------------------------
if [ "$MICRO" = 1 ] && [ -x "$BUILD/bench/motcua_bench" ]; then
    echo "== micro-benchmarks (Google Benchmark, median of 3)"
    "$BUILD/bench/motcua_bench" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
        --benchmark_filter='.*' 2>/dev/null | grep -E '_median|^-|Benchmark' || true
    echo
fi

# ---- 2. reference: nginx, one worker, a 300-byte JSON file -------------------------------------------------------
NGINX_PORT=$(free_port)
mkdir -p "$TMP/nginx/www" "$TMP/nginx/logs"
python3 -c 'import json; body = {"code": "000.21.40.H56-260312-0001", "status": "processing", "status_code": 4, "note": "x" * 120, "due_at": "2026-03-20T17:00:00+07:00"}; s = json.dumps(body); s += " " * (299 - len(s)); print(s)' >"$TMP/nginx/www/static.json"
cat >"$TMP/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $TMP/nginx/www;
        location / { default_type application/json; }
    }
}
CONF
"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/logs/error.log" &
PIDS+=($!)
NGINX_MASTER=$!
for _ in $(seq 1 200); do curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/static.json" && break; sleep 0.02; done
echo "== reference: nginx (1 worker) serving a $(stat -c %s "$TMP/nginx/www/static.json")-byte JSON file"
NGINX_WORKER=$(pgrep -P "$NGINX_MASTER" | head -1)
WRK_PID=$NGINX_WORKER wrk_run nginx "http://127.0.0.1:$NGINX_PORT/static.json" ""
NGINX_RPS=$RPS
NGINX_CPU=$CPU_US
figure "nginx static JSON" "$NGINX_RPS" "req/s" "p99 ${P99_MS} ms, ${NGINX_CPU} µs CPU/request (reference = 1.00)"
echo

# ---- 3. the ladder -------------------------------------------------------------------------------------------------
IFS=',' read -r -a SIZES <<<"$LADDER"
FIRST_DB=""
declare -A LOOKUP_RPS
for label in "${SIZES[@]}"; do
    n=$(size_of "$label")
    db="$DATA/demo-$n.db"
    echo "== $label dossiers ($db)"
    if [ ! -f "$db" ]; then
        # A database the disk cannot hold is skipped, not half-written: about 9.2 KB per dossier (measured at 1 M,
        # docs/performance.md), and the intake runs copy the first database of the ladder once more.
        need_mb=$(( n * ${BENCH_BYTES_PER_DOSSIER:-9500} / 1048576 ))
        [ -n "$FIRST_DB" ] || need_mb=$(( need_mb * 2 ))
        free_mb=$(df -Pm "$DATA" | awk 'NR == 2 {print $4}')
        if [ "$free_mb" -lt $(( need_mb + need_mb / 10 )) ]; then
            figure "demo generation" "skipped" "" "needs about $(( need_mb / 1024 )) GiB, $(( free_mb / 1024 )) GiB free on $DATA"
            echo
            continue
        fi
        t0=$(now_ms)
        "$MOTCUA" demo --db "$db.tmp" --dossiers "$n" >/dev/null
        mv "$db.tmp" "$db"
        rm -f "$db.tmp-wal" "$db.tmp-shm"
        gen_s=$(python3 -c "print(round(($(now_ms) - $t0) / 1000, 1))")
        figure "demo generation" "$gen_s" "s" "$(python3 -c "r = $n / max($gen_s, 0.001); print('%.0f dossiers/s; 10 M at this rate: %.0f min' % (r, 1e7 / r / 60))")"
    else
        figure "demo generation" "reused" "" "(delete $db to time it)"
    fi
    [ -n "$FIRST_DB" ] || FIRST_DB=$db
    figure "database size" "$(du -m "$db" | cut -f1)" "MiB"

    # Start-up: from exec to the first answered /healthz (after `motcua init`, so that a schema upgrade of an older
    # database is not counted: that happens once per upgrade, not per start).
    "$MOTCUA" init --db "$db" >/dev/null
    sync
    start_server "$db"
    figure "start-up (exec → first answer)" "$STARTUP_MS" "ms" "target < 1000 ms"

    # Random codes with their keys: the citizen's status lookup and the Open311 request.
    sqlite3 "$db" "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 20000)
                   SELECT d.code || ' ' || d.lookup_key FROM r JOIN dossier d
                   ON d.id = 1 + abs(random()) % (SELECT max(id) FROM dossier)" >"$TMP/codes.txt"
    awk '{print "/api/v1/public/dossiers/" $1 "?key=" $2}' "$TMP/codes.txt" >"$TMP/lookup-paths.txt"
    awk '{print "/open311/v2/requests/" $1 ".json?key=" $2}' "$TMP/codes.txt" >"$TMP/open311-paths.txt"
    curl -sf -o /dev/null "$BASE$(head -1 "$TMP/lookup-paths.txt")" || { echo "bench: a sample lookup failed" >&2; exit 1; }

    WRK_PID=$SERVER_PID wrk_run lookup "$BASE" "$HERE/lookup.lua" "$TMP/lookup-paths.txt"
    LOOKUP_RPS[$label]=$RPS
    LOOKUP_CPU=$CPU_US
    figure "public status lookup (random codes)" "$RPS" "req/s" "$(ratio "$RPS" "$NGINX_RPS") × nginx (target ≥ 0.50), p99 $P99_MS ms (< 5), non-2xx $ERRORS"
    figure "  server CPU per lookup" "$CPU_US" "µs" "nginx/lookup CPU $(ratio "$NGINX_CPU" "$CPU_US") (the req/s ratio on an idle machine)"
    figure "  resident set after the lookup run" "$(rss_mb "$SERVER_PID")" "MiB" "peak $(hwm_mb "$SERVER_PID") MiB (target < 100)"
    WRK_PID=$SERVER_PID wrk_run open311 "$BASE" "$HERE/lookup.lua" "$TMP/open311-paths.txt"
    figure "Open311 request (random codes)" "$RPS" "req/s" "$(ratio "$RPS" "${LOOKUP_RPS[$label]}") × lookup (target ≥ 0.80), p99 $P99_MS ms, non-2xx $ERRORS"
    figure "  server CPU per Open311 request" "$CPU_US" "µs" "lookup/Open311 CPU $(ratio "$LOOKUP_CPU" "$CPU_US")"
    figure "  resident set after the Open311 run" "$(rss_mb "$SERVER_PID")" "MiB" "peak $(hwm_mb "$SERVER_PID") MiB"

    # Supervisor reports (best of 3, one client).
    login demo.supervisor 'Demo-Supervisor-2026!'
    year=$(date -u +%Y)
    last=$((year - 1))
    ii06a=$(time_get "/api/v1/reports/timeliness?from=$last-01-01&to=$last-12-31&group_by=agency")
    overdue=$(time_get "/api/v1/reports/overdue")
    near=$(time_get "/api/v1/reports/overdue?near_due=true")
    official=$(time_get "/api/v1/reports/timeliness?from=$last-01-01&to=$last-12-31&group_by=field&window=official")
    apologies=$(time_get "/api/v1/reports/apologies?from=$year-01-01&to=$year-12-31")
    target_ms=$([ "$n" -gt 1000000 ] && echo 1000 || echo 300)
    figure "report II.06a, a year, all agencies" "$ii06a" "ms" "$(ratio "$ii06a" "$target_ms") × target $target_ms ms"
    figure "  II.06a by field, official window" "$official" "ms" "$(ratio "$official" "$target_ms") × target $target_ms ms"
    figure "overdue list" "$overdue" "ms" "$(ratio "$overdue" "$target_ms") × target $target_ms ms"
    figure "near-due list" "$near" "ms" "$(ratio "$near" "$target_ms") × target $target_ms ms"
    figure "apology report, this year" "$apologies" "ms" "$(ratio "$apologies" "$target_ms") × target $target_ms ms"
    trend=$(time_get "/api/v1/reports/timeliness?from=$year-01-01&to=$year-12-31&group_by=month")
    figure "  II.06a trend, twelve months in one call" "$trend" "ms" "$(ratio "$trend" "$target_ms") × target $target_ms ms"
    # The dashboard page: every call it makes (web/dashboard.js), one after the other (bench/lib/supervisor.sh).
    dashboard_calls "$year"
    dash_start=$(now_ms)
    for p in "${DASHBOARD_CALLS[@]}"; do
        curl -sf --max-time 300 -o /dev/null -b "$TMP/jar" "$BASE$p"
    done
    dash=$(( $(now_ms) - dash_start ))
    figure "dashboard (all its calls, in sequence)" "$dash" "ms" "$(ratio "$dash" "$target_ms") × target $target_ms ms"
    stop_server
    echo
done

# ---- 4. durable intake: group commit against one transaction per request -------------------------------------------
# The copy must fit beside the original (BENCH_LADDER=10M alone would copy about 92 GB).
if [ -n "$FIRST_DB" ] && [ $(( $(du -m "$FIRST_DB" | cut -f1) * 2 )) -gt "$(df -Pm "$TMP" | awk 'NR == 2 {print $4}')" ]; then
    echo "== durable intake: skipped, a copy of $(basename "$FIRST_DB") does not fit in $TMP (start the ladder smaller)"
elif [ -n "$FIRST_DB" ]; then
    echo "== durable intake (POST /api/v1/intakes, synchronous=FULL), on a copy of $(basename "$FIRST_DB")"
    declare -A INTAKE_RPS
    for mode in off on; do
        cp "$FIRST_DB" "$TMP/intake.db"
        start_server "$TMP/intake.db" --group-commit "$mode"
        login demo.clerk 'Demo-Clerk-2026!'
        before=$(sqlite3 "$TMP/intake.db" "SELECT count(*) FROM dossier")
        WRK_PID=$SERVER_PID wrk_run "intake-$mode" "$BASE" "$HERE/intake.lua" "$COOKIE" "$CSRF"
        INTAKE_RPS[$mode]=$RPS
        stop_server
        after=$(sqlite3 "$TMP/intake.db" "SELECT count(*) FROM dossier")
        label=$([ "$mode" = on ] && echo "group commit" || echo "one transaction per request")
        extra=""
        [ "$mode" = on ] && extra="$(ratio "$RPS" "${INTAKE_RPS[off]}") × one-per-request (target ≥ 3), "
        figure "intake, $label" "$RPS" "req/s" "${extra}p99 $P99_MS ms, answered $REQUESTS, non-2xx $ERRORS, stored $((after - before)), $CPU_US µs CPU/request"
        verify=$("$MOTCUA" audit verify --db "$TMP/intake.db" 2>&1 | tr -d '\n' | cut -c1-80)
        figure "  audit chain after the run" "" "" "$verify"
        rm -f "$TMP"/intake.db*
    done
fi
