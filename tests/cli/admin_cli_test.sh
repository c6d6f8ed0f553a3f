#!/usr/bin/env bash
# The administrator's commands as an operator runs them: demo, catalogue export/import (versions), users add (password
# on stdin), backup, sweep, calendar retime, audit verify. JSON on stdout, errors on stderr with a non-zero exit.
# Usage: admin_cli_test.sh PATH/TO/motcua
set -u
BIN=$1
T=$(mktemp -d /tmp/motcua-admin.XXXXXX); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }
expect_json() {  # NAME PYTHON-ASSERTION-ON-d -- COMMAND...
  local name=$1 check=$2; shift 3
  local out rc
  out=$("$@" 2>"$T/err"); rc=$?
  if [[ $rc -ne 0 ]]; then bad "$name: exit $rc: $(cat "$T/err")"; return; fi
  if python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert $check, d" "$out" 2>"$T/py"; then ok
  else bad "$name: $(tail -1 "$T/py")"; fi
}
expect_error() {  # NAME CODE STDERR-PATTERN -- COMMAND...
  local name=$1 code=$2 pattern=$3; shift 4
  local rc
  "$@" >"$T/out" 2>"$T/err" </dev/null; rc=$?
  if [[ $rc -ne $code ]]; then bad "$name: exit $rc, expected $code ($(cat "$T/err"))"; return; fi
  if ! grep -q -- "$pattern" "$T/err"; then bad "$name: stderr lacks '$pattern': $(cat "$T/err")"; return; fi
  ok
}

DB=$T/m.db
expect_json "demo" 'd["dossiers"]+d["intake_records"]==60 and d["procedures"]>=25 and len(d["users"])==6 and d["online_submissions"]==3' -- \
  "$BIN" demo --db "$DB" --dossiers 60 --seed 7
# A new file is generated under a work name and renamed into place: nothing of the work file is left over.
if [[ -e "$DB.generating" || -e "$DB.generating-wal" || -e "$DB-wal" ]]; then bad "demo left a work file: $(ls "$T")"; else ok; fi
# A WAL and a hot journal left by a deleted database under the name asked for are not replayed into the new one.
# (A real WAL of another database: SQLite would replay its frames into the new file.)
python3 - "$T/other.db" "$T/fresh.db-wal" <<'PY'
import shutil, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA wal_autocheckpoint=0")
c.execute("CREATE TABLE t(x)"); c.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(2000)]); c.commit()
shutil.copy(sys.argv[1] + "-wal", sys.argv[2])
PY
printf 'not a journal of this database' >"$T/fresh.db-journal"
expect_json "demo next to a deleted database's leftovers" 'd["dossiers"]+d["intake_records"]==10' -- \
  "$BIN" demo --db "$T/fresh.db" --dossiers 10 --seed 9
expect_json "  its audit chain" 'd["chain"]=="intact"' -- "$BIN" audit verify --db "$T/fresh.db"
if [[ "$(sqlite3 "$T/fresh.db" 'PRAGMA integrity_check')" == ok && ! -e "$T/fresh.db.generating" ]]; then ok; else
  bad "the demo next to leftovers is damaged or left its work file"; fi
# On an existing database the demo adds to it in place (with its rollback journal in memory).
cp "$DB" "$T/more.db"
expect_json "demo on an existing database" 'd["dossiers"]+d["intake_records"]==20 and d["db"].endswith("more.db")' -- \
  "$BIN" demo --db "$T/more.db" --dossiers 20 --seed 8
expect_json "its audit chain" 'd["chain"]=="intact"' -- "$BIN" audit verify --db "$T/more.db"
expect_json "export" 'len(d["procedures"])>=25 and len(d["agencies"])>=8' -- "$BIN" catalogue export --db "$DB"
"$BIN" catalogue export --db "$DB" >"$T/cat.json"
expect_json "re-import changes nothing" 'd["procedures_new"]==0 and d["procedures_changed"]==0' -- \
  "$BIN" catalogue import "$T/cat.json" --db "$DB" --actor tester
python3 - "$T/cat.json" "$T/cat2.json" "$T/bad.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["procedures"][0]["name"] += " (sửa đổi)"
json.dump(c, open(sys.argv[2], "w"), ensure_ascii=False)
c["procedures"][1]["steps"][0]["hours"] += 1
json.dump(c, open(sys.argv[3], "w"), ensure_ascii=False)
PY
expect_json "a changed procedure becomes version 2" 'd["procedures_changed"]==1' -- \
  "$BIN" catalogue import "$T/cat2.json" --db "$DB" --actor tester
expect_error "steps that do not sum are refused" 1 "steps_do_not_sum" -- \
  "$BIN" catalogue import "$T/bad.json" --db "$DB" --actor tester
expect_error "a missing file" 1 "file_not_found" -- "$BIN" catalogue import "$T/none.json" --db "$DB"

out=$(printf 'Correct-horse-battery-9\n' | "$BIN" users add --db "$DB" --username new.clerk --role clerk \
      --agency 000.21.40.H56 --name "Nguyễn Văn Mới" 2>"$T/err") && \
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["username"]=="new.clerk" and "password" not in sys.argv[1]' "$out" \
  && ok || bad "users add: $out $(cat "$T/err")"
printf 'short\n' | "$BIN" users add --db "$DB" --username x.clerk --role clerk --agency 000.21.40.H56 >/dev/null 2>"$T/err" \
  && bad "a short password was accepted" || ok
printf 'Correct-horse-battery-9\n' | "$BIN" users add --db "$DB" --username y.clerk --role janitor \
  --agency 000.21.40.H56 >/dev/null 2>"$T/err" && bad "an unknown role was accepted" || ok
expect_json "users list has no hashes" 'any(u["username"]=="new.clerk" for u in d) and all("hash" not in str(u) for u in d)' -- \
  "$BIN" users list --db "$DB"

expect_json "backup" 'd["bytes"]>0' -- "$BIN" backup --db "$DB" --to "$T/copy.db"
expect_error "backup never overwrites" 1 "target_exists" -- "$BIN" backup --db "$DB" --to "$T/copy.db"
expect_json "the copy verifies" 'd["chain"]=="intact" and d["events"]>0' -- "$BIN" audit verify --db "$T/copy.db"
expect_json "sweep" 'isinstance(d["supplement_requests_closed"], list)' -- "$BIN" sweep --db "$DB"
expect_error "sweep with a silly expiry" 1 "invalid_number" -- "$BIN" sweep --db "$DB" --supplement-expiry-days 0
expect_json "retime dry run" 'd["applied"] is False and isinstance(d["dossiers"], list)' -- \
  "$BIN" calendar retime --db "$DB"
expect_error "retime --apply needs --actor" 2 "actor" -- "$BIN" calendar retime --db "$DB" --apply
expect_json "audit verify" 'd["chain"]=="intact" and d["rows"]>0' -- "$BIN" audit verify --db "$DB"
expect_json "routes" 'any(r["path"]=="/api/v1/intakes" for r in d)' -- "$BIN" routes

echo "admin cli: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
