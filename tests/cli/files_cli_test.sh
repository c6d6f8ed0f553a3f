#!/usr/bin/env bash
# Attached files as an operator meets them (docs/digitisation.md): a scan uploaded through `motcua serve` lands in
# <db>.files; `motcua backup` copies it into <copy>.files; `motcua audit verify` passes, then fails once a stored file
# is changed or removed (files_not_intact). Usage: files_cli_test.sh PATH/TO/motcua
set -u
BIN=$1
T=$(mktemp -d /tmp/motcua-files.XXXXXX)
SERVER=
cleanup() { [[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

DB=$T/m.db
"$BIN" demo --db "$DB" --dossiers 0 >/dev/null || { echo "FAIL: demo"; exit 1; }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" serve --db "$DB" --listen 127.0.0.1:$PORT 2>"$T/serve.log" & SERVER=$!
B=http://127.0.0.1:$PORT
for _ in $(seq 100); do curl -sf "$B/healthz" >/dev/null && break; sleep 0.1; done
CSRF=$(curl -s -c "$T/jar" -H 'Content-Type: application/json' \
  -d '{"username":"demo.clerk","password":"Demo-Clerk-2026!"}' "$B/api/v1/auth/login" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
PROC=$(curl -s "$B/api/v1/procedures?agency=000.21.40.H56" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["code"])')
BODY=$(curl -s "$B/api/v1/procedures/$PROC" | python3 -c '
import json, sys
p = json.load(sys.stdin)
print(json.dumps({"procedure_code": p["code"], "channel": "direct", "decision": "receive",
  "applicant": {"name": "Trần Thị Bích Ngọc", "id_number": "038190004321", "phone": "0903123456", "address": "12 Lê Lợi"},
  "components": [{"component_id": c["id"], "originals": 1} for c in p["components"]]}))')
CODE=$(curl -s -b "$T/jar" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' -d "$BODY" "$B/api/v1/intakes" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["dossier"]["code"])')
C1=$(curl -s "$B/api/v1/procedures/$PROC" | python3 -c 'import json,sys; print(json.load(sys.stdin)["components"][0]["id"])')
printf '%%PDF-1.4\n1 0 obj<</Title (CCCD)>>endobj\ntrailer<<>>\n%%%%EOF\n' >"$T/scan.pdf"
SHA=$(curl -s -b "$T/jar" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/pdf' --data-binary @"$T/scan.pdf" \
  "$B/api/v1/dossiers/$CODE/components/$C1/files?name=scan.pdf" | python3 -c 'import json,sys; print(json.load(sys.stdin)["sha256"])')
check "the upload answers the file's SHA-256" '[[ $SHA == $(sha256sum "$T/scan.pdf" | cut -c1-64) ]]'
STORED=$DB.files/${SHA:0:2}/$SHA
check "the file is stored content-addressed next to the database" 'cmp -s "$STORED" "$T/scan.pdf"'
kill "$SERVER"; wait "$SERVER" 2>/dev/null; SERVER=

out=$("$BIN" backup --db "$DB" --to "$T/copy.db" 2>"$T/err")
check "backup reports the file copied: $out $(cat "$T/err")" \
  'python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d[\"files\"]==1 and d[\"files_to\"].endswith(\"copy.db.files\")" "$out"'
check "the copy's file is there" 'cmp -s "$T/copy.db.files/${SHA:0:2}/$SHA" "$T/scan.pdf"'
out=$("$BIN" audit verify --db "$T/copy.db" 2>"$T/err")
check "the copy verifies with its files: $out $(cat "$T/err")" \
  'python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d[\"files\"]==1 and d[\"files_state\"]==\"intact\"" "$out"'

printf 'tampered' >>"$STORED"
"$BIN" audit verify --db "$DB" >/dev/null 2>"$T/err"; rc=$?
check "a changed file fails audit verify: exit $rc $(cat "$T/err")" '[[ $rc -ne 0 ]] && grep -q files_not_intact "$T/err"'
"$BIN" backup --db "$DB" --to "$T/copy2.db" >/dev/null 2>"$T/err"; rc=$?
check "a backup of a damaged file says so: exit $rc $(cat "$T/err")" '[[ $rc -ne 0 ]] && grep -q files_not_intact "$T/err"'
rm "$STORED"
"$BIN" audit verify --db "$DB" >/dev/null 2>"$T/err"; rc=$?
check "a missing file fails audit verify: exit $rc" '[[ $rc -ne 0 ]] && grep -q "1 missing" "$T/err"'

echo "files cli: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
