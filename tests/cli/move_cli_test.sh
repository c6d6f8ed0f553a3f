#!/usr/bin/env bash
# Moving a province between engines as an operator does it (docs/deployment.md, decision 0038): a demo SQLite
# database exported into PostgreSQL, then imported back into a new SQLite file. All three end equal: the commands'
# checks pass, the per-table counts and the audit chain head agree, `motcua audit verify` passes on each, and a
# served II.06a report for a year and a citizen's lookup answer the same bytes on all three. Refusals: a target that
# already holds dossiers, an existing file, a missing source.
# Usage: move_cli_test.sh PATH/TO/motcua   (MOTCUA_TEST_POSTGRESQL: the admin URL of a throwaway cluster)
set -u
BIN=$1
PG=${MOTCUA_TEST_POSTGRESQL:?needs MOTCUA_TEST_POSTGRESQL (a throwaway cluster, tests/CMakeLists.txt)}
T=$(mktemp -d /tmp/motcua-move.XXXXXX)
NAME=motcua_move_$$_$RANDOM
TARGET=${PG%/*}/$NAME
SERVER=
cleanup() {
  [[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  psql -q "$PG" -c "DROP DATABASE IF EXISTS $NAME" >/dev/null 2>&1
  rm -rf "$T"
}
trap cleanup EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
field() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"; }

"$BIN" demo --db "$T/a.db" --dossiers 300 >/dev/null || { echo "FAIL: demo"; exit 1; }
psql -q "$PG" -c "CREATE DATABASE $NAME TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" >/dev/null ||
  { echo "FAIL: create database"; exit 1; }

there=$("$BIN" export --db "$T/a.db" --to "$TARGET" 2>"$T/err"); rc=$?
check "export into PostgreSQL succeeds: exit $rc $(cat "$T/err")" '[[ $rc -eq 0 ]]'
check "export's check passed, with equal audit heads" \
  '[[ $(field "$there" "d[\"check\"][\"passed\"] and d[\"check\"][\"source_audit_head\"] == d[\"check\"][\"target_audit_head\"] and d[\"check\"][\"target_chain\"] == \"intact\"") == True ]]'
check "export copied the dossiers, their events, the audit log and (triggers off) dossier_public" \
  '[[ $(field "$there" "all(t[\"copied\"] > 0 for t in d[\"tables\"] if t[\"table\"] in (\"dossier\", \"dossier_event\", \"audit_log\", \"dossier_public\")) and d[\"rebuilt_by_triggers\"] == []") == True ]]'
check "export reports rows and seconds" '[[ $(field "$there" "d[\"rows\"] > 1000 and d[\"seconds\"] > 0") == True ]]'

back=$("$BIN" import --db "$T/b.db" --from "$TARGET" 2>"$T/err"); rc=$?
check "import back into a new SQLite file succeeds: exit $rc $(cat "$T/err")" '[[ $rc -eq 0 ]]'
check "import's check passed, dossier_public rebuilt by the SQLite file's triggers" \
  '[[ $(field "$back" "d[\"check\"][\"passed\"] and d[\"rebuilt_by_triggers\"] == [\"dossier_public\"]") == True ]]'
counts() { field "$1" "sorted((t[\"table\"], t[\"target_rows\"]) for t in d[\"tables\"])"; }
check "every table has the same count after both moves" '[[ "$(counts "$there")" == "$(counts "$back")" ]]'
check "the audit chain head is the same after both moves" \
  '[[ $(field "$there" "d[\"check\"][\"source_audit_head\"]") == $(field "$back" "d[\"check\"][\"target_audit_head\"]") ]]'

for db in "$T/a.db" "$TARGET" "$T/b.db"; do
  out=$("$BIN" audit verify --db "$db" 2>"$T/err"); rc=$?
  check "audit verify passes on $db: exit $rc $(cat "$T/err")" '[[ $rc -eq 0 && $(field "$out" "d[\"chain\"]") == intact ]]'
done

# Refusals: no second load into a database that serves a province, no overwritten file, no missing source.
"$BIN" export --db "$T/a.db" --to "$TARGET" >/dev/null 2>"$T/err"; rc=$?
check "a target holding dossiers is refused: exit $rc $(cat "$T/err")" '[[ $rc -eq 1 ]] && grep -q target_not_empty "$T/err"'
"$BIN" export --db "$T/a.db" --to "$T/b.db" >/dev/null 2>"$T/err"; rc=$?
check "an existing file is refused: exit $rc $(cat "$T/err")" '[[ $rc -eq 1 ]] && grep -q target_exists "$T/err"'
"$BIN" import --db "$T/c.db" --from "$T/none.db" >/dev/null 2>"$T/err"; rc=$?
check "a missing source is refused and no file is left: exit $rc $(cat "$T/err")" \
  '[[ $rc -eq 1 && ! -e $T/c.db ]] && grep -q database_not_found "$T/err"'
"$BIN" export --db "$T/a.db" >/dev/null 2>"$T/err"; rc=$?
check "export without --to is a usage error: exit $rc" '[[ $rc -eq 2 ]]'

# What a supervisor and a citizen see, served from each of the three.
CODE_KEY=$(python3 -c '
import sqlite3, sys
r = sqlite3.connect(sys.argv[1]).execute("SELECT code, lookup_key FROM dossier WHERE status >= 2 ORDER BY id DESC LIMIT 1").fetchone()
print(r[0], r[1])' "$T/a.db")
read -r CODE KEY <<<"$CODE_KEY"
YEAR=$(python3 -c '
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT substr(max(received_at), 1, 4) FROM dossier").fetchone()[0])' "$T/a.db")
i=0
for db in "$T/a.db" "$TARGET" "$T/b.db"; do
  i=$((i+1))
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$BIN" serve --db "$db" --listen 127.0.0.1:$PORT 2>"$T/serve$i.log" & SERVER=$!
  B=http://127.0.0.1:$PORT
  for _ in $(seq 100); do curl -sf "$B/healthz" >/dev/null && break; sleep 0.1; done
  curl -s "$B/api/v1/public/dossiers/$CODE?key=$KEY" >"$T/lookup$i.json"
  curl -s -c "$T/jar$i" -H 'Content-Type: application/json' \
    -d '{"username":"demo.supervisor","password":"Demo-Supervisor-2026!"}' "$B/api/v1/auth/login" >/dev/null
  curl -s -b "$T/jar$i" "$B/api/v1/reports/timeliness?from=$YEAR-01-01&to=$YEAR-12-31" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("computed_at", None); print(json.dumps(d, sort_keys=True))' \
      >"$T/report$i.json"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null; SERVER=
done
check "the citizen's lookup answers a dossier" 'grep -q "\"code\":\"$CODE\"" "$T/lookup1.json"'
check "the citizen's lookup is byte-equal from PostgreSQL" 'cmp -s "$T/lookup1.json" "$T/lookup2.json"'
check "the citizen's lookup is byte-equal after the way back" 'cmp -s "$T/lookup1.json" "$T/lookup3.json"'
check "the II.06a report for $YEAR counts dossiers" \
  'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert \"rows\" in d and d[\"rows\"]" "$T/report1.json"'
check "the II.06a report is equal from PostgreSQL" 'cmp -s "$T/report1.json" "$T/report2.json"'
check "the II.06a report is equal after the way back" 'cmp -s "$T/report1.json" "$T/report3.json"'

echo "move cli: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
