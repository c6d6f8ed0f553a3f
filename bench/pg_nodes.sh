#!/usr/bin/env bash
# PostgreSQL and several nodes (issue #10): status lookup and durable intake throughput for one SQLite node, one
# PostgreSQL node and two PostgreSQL nodes, measured side by side in one run on this machine.
#
#   bench/pg_nodes.sh BUILD_DIR          env: PG_BENCH_DOSSIERS=1000, BENCH_DURATION=10, BENCH_CONNECTIONS=64
#
# The PostgreSQL cluster is a throwaway one (scripts/pg-cluster.sh --fsync: durable commits, as SQLite's
# synchronous=FULL), on the same 2 cores as the nodes and wrk. Two nodes are loaded by two wrk processes at once
# (half the connections each); their req/s are added.
set -euo pipefail
BUILD=${1:?usage: bench/pg_nodes.sh BUILD_DIR}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MOTCUA=$(cd "$BUILD" && pwd)/motcua
HERE=$ROOT/bench
N=${PG_BENCH_DOSSIERS:-1000}
DURATION=${BENCH_DURATION:-10}
CONNS=${BENCH_CONNECTIONS:-64}
TMP=$(mktemp -d /tmp/motcua-pgbench.XXXXXX)
chmod 755 "$TMP"
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    "$ROOT/scripts/pg-cluster.sh" stop "$TMP/cluster" >/dev/null 2>&1 || true
    rm -rf "$TMP"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

start_node() {  # start_node DB -> appends to NODES (ports)
    local port
    port=$(free_port)
    "$MOTCUA" serve --db "$1" --listen "127.0.0.1:$port" --web "$ROOT/web" --files "$TMP/files" 2>"$TMP/node-$port.log" &
    PIDS+=($!)
    for _ in $(seq 1 3000); do
        curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && { NODES+=("$port"); return 0; }
        sleep 0.01
    done
    echo "pg_nodes: a node did not start" >&2
    exit 1
}
stop_nodes() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; PIDS=(); NODES=(); }

login() {  # login PORT -> COOKIE CSRF
    local body
    body=$(curl -sf -c "$TMP/jar" -H 'Content-Type: application/json' \
        -d '{"username":"demo.clerk","password":"Demo-Clerk-2026!"}' "http://127.0.0.1:$1/api/v1/auth/login")
    CSRF=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["csrf_token"])' <<<"$body")
    COOKIE=$(awk '!/^#/ && NF >= 7 {print $6 "=" $7} /^#HttpOnly_/ {print $6 "=" $7}' "$TMP/jar" | tail -1)
}

# load NAME SCRIPT ARGS... : wrk on every node at once, connections split; prints the summed req/s and worst p99
load() {
    local name=$1 script=$2
    shift 2
    local each=$((CONNS / ${#NODES[@]})) i=0 pids=()
    for port in "${NODES[@]}"; do
        wrk -t$((2 / ${#NODES[@]})) -c"$each" -d"${DURATION}s" --latency -s "$script" "http://127.0.0.1:$port" -- "$@" \
            >"$TMP/wrk-$name-$i.txt" &
        pids+=($!)
        i=$((i + 1))
    done
    for p in "${pids[@]}"; do wait "$p"; done
    python3 - "$TMP" "$name" <<'PY'
import glob, re, sys
rps, p99, non2xx = 0.0, 0.0, 0
for f in glob.glob("%s/wrk-%s-*.txt" % (sys.argv[1], sys.argv[2])):
    t = open(f).read()
    rps += float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
    m = re.search(r"\n\s+99%\s+([\d.]+)(us|ms|s)", t)
    v = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    p99 = max(p99, v)
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
    non2xx += int(m.group(1)) if m else 0
print("%10.0f req/s  p99 %7.2f ms  non-2xx %d" % (rps, p99, non2xx))
PY
}

codes_file() {  # codes_file DB -> lookup paths for lookup.lua
    if [[ $1 == postgresql://* ]]; then
        psql -X -q -tA -F ' ' "$1" -c "SELECT code, lookup_key FROM dossier WHERE code <> '' ORDER BY random() LIMIT 2000"
    else
        sqlite3 -separator ' ' "$1" "SELECT code, lookup_key FROM dossier WHERE code <> '' ORDER BY random() LIMIT 2000"
    fi | awk '{print "/api/v1/public/dossiers/" $1 "?key=" $2}' >"$TMP/paths.txt"
}

echo "== PostgreSQL and several nodes: $N demo dossiers, wrk ${DURATION}s, $CONNS connections in all; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
URL_ADMIN=$("$ROOT/scripts/pg-cluster.sh" start "$TMP/cluster" "$((50000 + RANDOM % 5000))" --fsync | tail -1)
psql -X -q "$URL_ADMIN" -c "CREATE DATABASE bench TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
PG=${URL_ADMIN%/*}/bench
SQLITE=$TMP/bench.db
t0=$(date +%s)
"$MOTCUA" demo --db "$SQLITE" --dossiers "$N" >/dev/null
t1=$(date +%s)
"$MOTCUA" demo --db "$PG" --dossiers "$N" >/dev/null
t2=$(date +%s)
echo "demo: SQLite $((t1 - t0)) s, PostgreSQL $((t2 - t1)) s"
NODES=()
for setup in "SQLite, 1 node|$SQLITE|1" "PostgreSQL, 1 node|$PG|1" "PostgreSQL, 2 nodes|$PG|2"; do
    IFS='|' read -r label db count <<<"$setup"
    kind=sqlite
    [[ $db == postgresql://* ]] && kind=pg
    for _ in $(seq 1 "$count"); do start_node "$db"; done
    codes_file "$db"
    printf '%-22s lookup  ' "$label"
    load "lookup-$count-$kind" "$HERE/lookup.lua" "$TMP/paths.txt"
    login "${NODES[0]}"
    printf '%-22s intake  ' "$label"
    load "intake-$count-$kind" "$HERE/intake.lua" "$COOKIE" "$CSRF"
    stop_nodes
done
for db in "$SQLITE" "$PG"; do
    printf 'audit verify (%s): %s\n' "$([[ $db == postgresql://* ]] && echo PostgreSQL || echo SQLite)" "$("$MOTCUA" audit verify --db "$db" 2>&1 | tr -d '\n' | cut -c1-100)"
done
