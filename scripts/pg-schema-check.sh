#!/usr/bin/env bash
# Checks the PostgreSQL dialect of the schema and of storage's SQL (decision 0036) on a throwaway cluster:
#   1. applies every migration in order with psql (schema/NNNN_name.pg.sql when present, else NNNN_name.sql), each in
#      one transaction, on a new database;
#   2. PREPAREs every SQL statement of storage/*.cpp and app/*.cpp (scripts/storage_sql.py; ?N rewritten to $N) and
#      reports each that fails; SQLite-only ones are listed as skipped;
#   3. with a motcua binary (first argument): generates a demo database on SQLite, copies its catalogue, audit log,
#      dossiers and events into PostgreSQL (the triggers build the citizen's view there), and requires every
#      dossier_public.document and open311 to be byte-identical to SQLite's (which public_view_test holds equal to
#      to_public_json(...).dump()), the shims (json_extract, json_each, unixepoch) to answer as SQLite's functions on
#      its rows, and the report_day fill of 0011 to equal SQLite's counters; then the same edge cases written into
#      both (every event type and field, strings that need escaping, JSON nulls, a waiting pre-submission) must give
#      byte-identical views again.
# Exit 0 when all pass, 1 otherwise, 77 (ctest's skip) when PostgreSQL's server or psql is not installed.
# Usage: scripts/pg-schema-check.sh [MOTCUA_BINARY] [--dossiers N]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
binary=""
dossiers=400
while [[ $# -gt 0 ]]; do
  case $1 in
    --dossiers) dossiers=$2; shift 2 ;;
    *) binary=$1; shift ;;
  esac
done

server=no
{ command -v pg_config >/dev/null && [[ -x $(pg_config --bindir)/initdb ]]; } && server=yes
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && server=yes
if ! command -v psql >/dev/null || [[ $server == no ]]; then
  echo "pg-schema-check: PostgreSQL is not installed (Debian: postgresql); skipped"
  exit 77
fi

work=$(mktemp -d)
cluster=$(mktemp -d)  # its own directory: as root it is handed to the postgres user
cleanup() {
  "$root/scripts/pg-cluster.sh" stop "$cluster" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# A free loopback port.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
admin=$("$root/scripts/pg-cluster.sh" start "$cluster" "$port")
db=${admin%/postgres}/motcua_check
psql -X -q -v ON_ERROR_STOP=1 "$admin" -c "CREATE DATABASE motcua_check"

failures=0

echo "== migrations"
for f in $(ls "$root"/schema/[0-9]*.sql | grep -v '\.pg\.sql$' | sort); do
  name=$(basename "$f" .sql)
  file=$f
  [[ -f $root/schema/$name.pg.sql ]] && file=$root/schema/$name.pg.sql
  if out=$(psql -X -q -v ON_ERROR_STOP=1 -1 "$db" -f "$file" 2>&1); then
    echo "ok   $(basename "$file")"
  else
    echo "FAIL $(basename "$file")"
    echo "$out" | sed 's/^/     /'
    failures=$((failures + 1))
    break  # later migrations depend on this one
  fi
done

echo "== storage statements"
statements=$work/statements.jsonl
if ! python3 "$root/scripts/storage_sql.py" "$root" >"$statements"; then
  failures=$((failures + 1))
fi
python3 - "$statements" "$db" >"$work/prepare.out" <<'EOF' || failures=$((failures + 1))
import json, subprocess, sys
statements, db = sys.argv[1], sys.argv[2]
ok = failed = skipped = 0
for line in open(statements):
    s = json.loads(line)
    where = f"{s['file']} {s['name']}"
    if s["sqlite_only"]:
        skipped += 1
        print(f"skip {where} (SQLite only)")
        continue
    r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", db, "-c", f"PREPARE s AS {s['sql']}"],
                       capture_output=True, text=True)
    if r.returncode == 0:
        ok += 1
    else:
        failed += 1
        print(f"FAIL {where}\n     {s['sql']}\n     " + r.stderr.strip().replace("\n", "\n     "))
print(f"{ok} statements prepare on PostgreSQL, {failed} fail, {skipped} SQLite-only skipped")
sys.exit(1 if failed else 0)
EOF
cat "$work/prepare.out"

if [[ -n $binary && $failures -eq 0 ]]; then
  echo "== the citizen's view and the report counters against SQLite ($dossiers demo dossiers)"
  "$binary" demo --db "$work/demo.db" --dossiers "$dossiers" >/dev/null
  # 0011's fill, for the dossiers a clerk received (storage gives waiting online pre-submissions no marks).
  sed -n '/^WITH f AS/,$p' "$root/schema/0011_report_day.pg.sql" |
    sed 's/^    FROM dossier d),$/    FROM dossier d WHERE d.submitted_at IS NULL OR d.received_by <> \x27\x27),/' \
      >"$work/fill.sql"
  grep -q "received_by <> ''" "$work/fill.sql"
  python3 - "$work/demo.db" "$db" "$work" <<'EOF' || failures=$((failures + 1))
import csv, json, sqlite3, subprocess, sys
sqlite_path, db, work = sys.argv[1:4]
lite = sqlite3.connect(sqlite_path)

def psql(*args, input=None):
    r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", db, *args], input=input, capture_output=True,
                       text=True)
    if r.returncode != 0:
        sys.exit("psql failed: " + r.stderr)
    return r.stdout

# Copy in dependency order; COPY fires the row triggers, so dossier_public is built by PostgreSQL itself.
tables = {
    "agency": "code, name, level, parent, office_hours",
    "procedure_version": "code, version, name, field, agency, duration_unit, duration_value, body, created_at",
    "audit_log": "id, at, actor, action, subject, detail, prev_hash, hash",
    "dossier": "id, code, lookup_key, version, agency, resolving_agency, procedure_code, procedure_version, channel, "
               "status, received_by, received_at, due_at, original_due_at, extended_due_at, result_ready_at, "
               "returned_at, timeliness, applicant, state, service_mode, prepared_by, submitted_at",
    "dossier_event": "dossier_id, seq, type, at, actor, data, audit_id",
}
order = {"agency": "code", "dossier_event": "dossier_id, seq"}
for table, columns in tables.items():
    path = f"{work}/{table}.csv"
    with open(path, "w", newline="") as out:
        w = csv.writer(out)
        for row in lite.execute(f"SELECT {columns} FROM {table} ORDER BY {order.get(table, 'rowid')}"):
            w.writerow(["\\N" if v is None else v for v in row])
    psql("-c", f"\\copy {table} ({columns}) FROM '{path}' WITH (FORMAT csv, NULL '\\N')")

# Compare the stored documents (tab-separated: id, document, open311; both are single-line JSON).
def compare(after):
    lite_rows = {i: (doc, o311) for i, doc, o311 in lite.execute("SELECT id, document, open311 FROM dossier_public")}
    pg = {}
    for line in psql("-At", "-F", "\t", "-c", "SELECT id, document, open311 FROM dossier_public").splitlines():
        i, doc, o311 = line.split("\t")
        pg[int(i)] = (doc, o311)
    bad = [i for i in lite_rows if pg.get(i) != lite_rows[i]] + [i for i in pg if i not in lite_rows]
    for i in bad[:3]:
        print(f"dossier {i}:\n  SQLite     {lite_rows.get(i)}\n  PostgreSQL {pg.get(i)}")
    print(f"{len(lite_rows) - len(bad)} of {len(lite_rows)} dossiers' document and open311 byte-identical {after}")
    return not bad

same = compare("after the inserts (insert and event triggers)")
psql("-c", "DELETE FROM dossier_public")
psql("-c", "UPDATE dossier SET status = status")
same = compare("after an update of every dossier (update trigger)") and same


# The shims against SQLite's own functions, on every copied dossier, procedure and audit row.
probes = [
    "SELECT id, json_extract(state, '$.apologized'), json_extract(state, '$.late_apology'), "
    "json_extract(state, '$.step_index'), json_extract(state, '$.rule_set'), json_extract(applicant, '$.id_number'), "
    "json_extract(applicant, '$.representative.name'), json_extract(state, '$.no_such_key'), unixepoch(received_at), "
    "unixepoch(due_at) FROM dossier ORDER BY id",
    "SELECT code, version, coalesce(json_extract(body, '$.result_type'), '') <> '', json_extract(body, '$.fees') "
    "FROM procedure_version ORDER BY code, version",
    "SELECT id, unixepoch(at) FROM audit_log ORDER BY id",
    "SELECT count(*) FROM dossier WHERE agency IN (SELECT value FROM json_each('[\"000.21.40.H56\", \"x\"]'))",
]
shims_same = True
for q in probes:
    mine = [tuple("<null>" if v is None else str(int(v) if isinstance(v, bool) else v) for v in r)
            for r in lite.execute(q)]
    theirs = [tuple(l.split("\t")) for l in psql("-At", "-F", "\t", "-P", "null=<null>", "-c", q).splitlines()]
    theirs = [tuple({"t": "1", "f": "0"}.get(v, v) for v in r) for r in theirs]
    if mine != theirs:
        shims_same = False
        diff = next((m, t) for m, t in zip(mine + [None] * len(theirs), theirs + [None] * len(mine)) if m != t)
        print(f"shim differs from SQLite: {q}\n  SQLite     {diff[0]}\n  PostgreSQL {diff[1]}")
print(f"shims (json_extract, json_each, unixepoch) {'equal' if shims_same else 'DIFFER from'} SQLite's on "
      f"{sum(1 for _ in lite.execute(probes[0]))} dossiers and their procedures and audit rows")
same = same and shims_same

# 0011's fill, run again on the copied dossiers, against the counters SQLite's storage kept event by event.
psql("-c", "DELETE FROM report_day")
sql = open(work + "/fill.sql").read()
psql("-c", sql)
cols = ("day, agency, resolving_agency, procedure_code, received_direct, received_online, received_postal, ended, "
        "resolved_early, resolved_on_time, resolved_late, closed, due, due_and_ended")
nonzero = ("received_direct + received_online + received_postal + ended + resolved_early + resolved_on_time "
           "+ resolved_late + closed + due + due_and_ended <> 0")  # storage leaves rows at zero after -1 marks
pg_days = set(tuple(l.split("\t")) for l in psql("-At", "-F", "\t", "-c",
              f"SELECT {cols} FROM report_day WHERE {nonzero}").splitlines())
lite_days = set(tuple(str(v) for v in r) for r in lite.execute(
    f"SELECT {cols} FROM report_day WHERE {nonzero}"))
print(f"report_day: {len(pg_days & lite_days)} rows equal, {len(pg_days ^ lite_days)} differ")
# Last, since they change the data the checks above read: edge cases the demo may not produce, written the same way
# into both databases (SQLite's triggers give the reference): every event type with every optional field, strings
# that need escaping (quotes, backslashes, control characters, non-ASCII), JSON nulls and empty reasons, a waiting
# online pre-submission, a procedure name with quotes.
tricky = 'Thiếu "giấy" \\ /\t\n\r\b\f\x01\x1f\x7f ü 𝄞'
def js(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))
def lit(v):
    return "NULL" if v is None else "'" + str(v).replace("'", "''") + "'"
ids = [r[0] for r in lite.execute("SELECT id FROM dossier ORDER BY id LIMIT 3")]
audit = lite.execute("SELECT min(id) FROM audit_log").fetchone()[0]
types = ["receive", "handover", "consult", "request_supplement", "supplement_received", "supplement_expired", "pause",
         "resume", "apologize", "result_ready", "return_result", "withdraw", "stop", "retime", "submit",
         "request_supplement_at_intake", "refuse", "unknown_type"]
datas = [{"reason": tricky, "items": [tricky, "b"], "method": "post", "due_after": "2026-03-10T02:00:00Z",
          "new_due_at": "2026-03-20T09:30:00Z", "timeliness": "late", "extra": None},
         {"reason": "", "items": [], "method": None, "timeliness": None},
         {}]
statements = [f"UPDATE procedure_version SET name = {lit(tricky)} WHERE code = (SELECT procedure_code FROM dossier "
              f"WHERE id = {ids[0]})",
              f"UPDATE dossier SET received_by = '', submitted_at = received_at, service_mode = 'online_volunteer' "
              f"WHERE id = {ids[1]}",
              f"UPDATE dossier SET state = {lit(js({'rule_set': tricky}))}, extended_due_at = '2026-04-01T00:00:00Z', "
              f"returned_at = '2026-04-02T03:04:05Z', timeliness = 'early' WHERE id = {ids[2]}"]
seq = 1000
for d in ids:
    for t in types:
        for data in datas:
            seq += 1
            statements.append(f"INSERT INTO dossier_event (dossier_id, seq, type, at, actor, data, audit_id) VALUES "
                              f"({d}, {seq}, {lit(t)}, '2026-03-11T01:02:03Z', 'x', {lit(js(data))}, {audit})")
for sql in statements:
    lite.execute(sql)
lite.commit()
psql("-f", "-", input=";\n".join(statements) + ";\n")
same = compare("after every event type, escaped strings, nulls and a pre-submission") and same

sys.exit(0 if same and pg_days == lite_days else 1)
EOF
fi

if [[ $failures -ne 0 ]]; then
  echo "pg-schema-check: FAILED"
  exit 1
fi
echo "pg-schema-check: all passed"
