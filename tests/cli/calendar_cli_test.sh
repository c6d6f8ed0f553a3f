#!/usr/bin/env bash
# The calendar commands as an administrator or a script uses them: JSON on stdout, errors on stderr with a non-zero
# exit, and --db reading a database's own calendar (including a notice an administrator imported).
# Usage: calendar_cli_test.sh PATH/TO/motcua
set -u
BIN=$1
T=$(mktemp -d /tmp/motcua-cli.XXXXXX); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok()   { pass=$((pass+1)); }
bad()  { fail=$((fail+1)); echo "FAIL: $*"; }

# expect_json NAME PYTHON-ASSERTION -- COMMAND...: the command exits 0 and its stdout satisfies the assertion on `d`.
expect_json() {
  local name=$1 check=$2; shift 3
  local out rc
  out=$("$@" 2>"$T/err"); rc=$?
  if [[ $rc -ne 0 ]]; then bad "$name: exit $rc: $(cat "$T/err")"; return; fi
  if python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert $check, d" "$out" 2>"$T/py"; then ok
  else bad "$name: $(tail -1 "$T/py")"; fi
}
# expect_error NAME EXIT-CODE STDERR-PATTERN -- COMMAND...: the command fails with that code, says why on stderr and
# prints nothing on stdout.
expect_error() {
  local name=$1 code=$2 pattern=$3; shift 4
  local out rc
  out=$("$@" 2>"$T/err"); rc=$?
  if [[ $rc -ne $code ]]; then bad "$name: exit $rc, expected $code"; return; fi
  if [[ -n $out ]]; then bad "$name: printed on stdout: $out"; return; fi
  if ! grep -q -- "$pattern" "$T/err"; then bad "$name: stderr lacks '$pattern': $(cat "$T/err")"; return; fi
  ok
}

expect_json "lunar of Tết 2026" 'd=={"solar":"2026-02-17","lunar":{"year":2026,"month":1,"day":1,"leap":False}}' -- \
  "$BIN" calendar lunar 2026-02-17
expect_json "lunar of a leap month day" 'd["lunar"]["leap"] is True and d["lunar"]["month"]==2' -- \
  "$BIN" calendar lunar 2023-03-22
expect_json "solar of Hùng Kings 2026" 'd=={"solar":"2026-04-26"}' -- "$BIN" calendar solar 2026-03-10
expect_json "solar of a leap-month date" 'd=={"solar":"2023-03-22"}' -- "$BIN" calendar solar 2023-02-01 --leap
expect_json "lunar range" 'len(d)==31 and d[0]["solar"]=="2026-01-01"' -- \
  "$BIN" calendar lunar --from 2026-01-01 --to 2026-01-31
expect_json "holidays 2026 list weekdays off and working Saturdays" \
  'len(d)==16 and {"date":"2026-01-10","kind":"working_saturday","name":"Làm bù cho ngày 02/01","provisional":False} in d and all(not e["provisional"] for e in d)' -- \
  "$BIN" calendar holidays --year 2026
expect_json "holidays 2027 are provisional" 'len(d)>0 and all(e["provisional"] for e in d)' -- \
  "$BIN" calendar holidays --year 2027
expect_json "due on the eve of Tết after the cut-off" \
  'd["start"]=="2026-02-23T07:30" and d["due"]=="2026-02-23T17:00" and d["cutoff"]=="15:00"' -- \
  "$BIN" calendar due --received 2026-02-13T16:00 --days 1
expect_json "due in hours over lunch" 'd["due"]=="2026-03-10T13:30" and d["start"]=="2026-03-10T11:00"' -- \
  "$BIN" calendar due --received 2026-03-10T11:00 --hours 1
expect_json "due with an explicit cut-off" 'd["due"]=="2026-03-13T17:00" and d["cutoff"]=="16:00"' -- \
  "$BIN" calendar due --received 2026-03-10T16:10 --days 3 --cutoff 16:00
expect_json "due without cut-off" 'd["due"]=="2026-03-11T15:30" and d["cutoff"] is None' -- \
  "$BIN" calendar due --received 2026-03-10T15:30 --days 1 --cutoff none
expect_json "due onto a working Saturday" 'd["due"]=="2026-01-10T10:00"' -- \
  "$BIN" calendar due --received 2026-01-09T10:00 --days 1

expect_error "unknown command" 2 "unknown command" -- "$BIN" calendar frobnicate
expect_error "unknown option" 2 "unknown option --dayz" -- "$BIN" calendar due --received 2026-03-10T10:00 --dayz 1
expect_error "both hours and days" 2 "usage" -- "$BIN" calendar due --received 2026-03-10T10:00 --days 1 --hours 2
expect_error "impossible date" 1 "invalid_date" -- "$BIN" calendar lunar 2025-02-29
expect_error "impossible receipt" 1 "invalid_datetime" -- "$BIN" calendar due --received 2026-02-30T10:00 --days 1
expect_error "zero days" 1 "invalid_number" -- "$BIN" calendar due --received 2026-03-10T10:00 --days 0
expect_error "day 30 of a 29-day lunar month" 1 "invalid_lunar_date" -- "$BIN" calendar solar 2026-02-30
expect_error "leap flag on an ordinary month" 1 "invalid_lunar_date" -- "$BIN" calendar solar 2026-03-10 --leap
expect_error "year out of range" 1 "invalid_number" -- "$BIN" calendar holidays --year 2300
expect_error "missing database" 1 "database_not_found" -- "$BIN" calendar holidays --year 2026 --db "$T/none.db"

# A database's calendar: init loads the shipped notices; an administrator's import replaces a year and is used.
expect_json "init" 'd["schema_version"]>=1 and len(d["calendar_notices_loaded"])>=2' -- "$BIN" init --db "$T/m.db"
expect_json "notices after init" 'sorted(n["year"] for n in d)==[2025,2026] and all(n["source"]=="shipped" for n in d)' -- \
  "$BIN" calendar notices --db "$T/m.db"
cat >"$T/2027.json" <<'JSON'
{"year": 2027, "reference": "TEST/TB-BNV", "title": "Tết 2027 (test)",
 "entries": [{"date": "2027-02-05", "kind": "holiday", "name": "Tết Nguyên đán"},
             {"date": "2027-02-08", "kind": "holiday", "name": "Tết Nguyên đán"},
             {"date": "2027-03-15", "kind": "swap_off", "name": "Nghỉ hoán đổi"},
             {"date": "2027-03-20", "kind": "working_saturday", "name": "Làm bù"}]}
JSON
expect_json "import 2027" 'd["year"]==2027 and d["replaced"] is False and d["entries"]==4' -- \
  "$BIN" calendar import "$T/2027.json" --db "$T/m.db" --actor tester
expect_json "the database's 2027 is the imported notice" 'len(d)==4 and not any(e["provisional"] for e in d)' -- \
  "$BIN" calendar holidays --year 2027 --db "$T/m.db"
expect_json "without --db 2027 stays provisional" 'all(e["provisional"] for e in d)' -- \
  "$BIN" calendar holidays --year 2027
expect_json "due uses the database's calendar" 'd["due"]=="2027-03-16T10:00" and d["provisional"] is False' -- \
  "$BIN" calendar due --received 2027-03-12T10:00 --days 1 --db "$T/m.db"
expect_json "import again replaces" 'd["replaced"] is True' -- \
  "$BIN" calendar import "$T/2027.json" --db "$T/m.db" --actor tester
echo '{"year": 2027, "reference": "x", "entries": [{"date": "2027-03-13", "kind": "swap_off", "name": "Saturday"}]}' >"$T/bad.json"
expect_error "a swap_off on a Saturday is refused" 1 "not_a_weekday" -- \
  "$BIN" calendar import "$T/bad.json" --db "$T/m.db"
echo 'not json' >"$T/junk.json"
expect_error "a file that is not JSON is refused" 1 "invalid_json" -- "$BIN" calendar import "$T/junk.json" --db "$T/m.db"
expect_json "the refused imports changed nothing" 'len(d)==4' -- "$BIN" calendar holidays --year 2027 --db "$T/m.db"
expect_json "every change is in the audit log and the chain holds" 'd["rows"]==4 and d["chain"]=="intact"' -- \
  "$BIN" audit verify --db "$T/m.db"

echo "calendar cli: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
