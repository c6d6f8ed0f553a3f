#!/usr/bin/env bash
# Tamper evidence from the operator's side: audit verify names the first broken row; keygen, digest and check-digest
# prove that history signed at the end of a day was later rewritten, even when the rewrite recomputes every hash.
# Usage: audit_digest_cli_test.sh PATH/TO/motcua
set -u
BIN=$1
T=$(mktemp -d /tmp/motcua-digest.XXXXXX); trap 'rm -rf "$T"' EXIT
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
"$BIN" demo --db "$DB" --dossiers 40 --seed 3 > /dev/null || { echo "FAIL: demo"; exit 1; }
TODAY=$(TZ=Asia/Ho_Chi_Minh date +%F)

# Keys: a new owner-only file; never overwritten.
expect_json "keygen" 'len(d["public_key"])==64' -- "$BIN" audit keygen --out "$T/key.json"
[[ $(stat -c %a "$T/key.json") == 600 ]] && ok || bad "the key file is not owner-only: $(stat -c %a "$T/key.json")"
expect_error "keygen refuses to overwrite" 1 "already exists" -- "$BIN" audit keygen --out "$T/key.json"
PUB=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["public_key"])' "$T/key.json")

# A digest of today's head checks against the honest database.
"$BIN" audit digest --db "$DB" --date "$TODAY" --key "$T/key.json" > "$T/digest.json" 2>"$T/err" || bad "digest: $(cat "$T/err")"
expect_json "digest shape" 'd["format"]=="motcua-audit-digest-v1" and d["last_id"]>0 and len(d["signature"])==128' -- \
  cat "$T/digest.json"
expect_json "check-digest on the honest database" 'd["history"]=="unchanged"' -- \
  "$BIN" audit check-digest --db "$DB" --digest "$T/digest.json" --public-key "$PUB"
cp "$T/key.json" "$T/open-key.json"; chmod 644 "$T/open-key.json"
expect_error "digest refuses a key others can read" 1 "key_not_private" -- \
  "$BIN" audit digest --db "$DB" --date "$TODAY" --key "$T/open-key.json"
expect_error "digest refuses an impossible date" 1 "invalid_date" -- \
  "$BIN" audit digest --db "$DB" --date 2025-02-30 --key "$T/key.json"

# An altered digest does not verify.
python3 - "$T/digest.json" "$T/altered.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["rows"] -= 1; json.dump(d, open(sys.argv[2], "w"))
PY
expect_error "an altered digest" 1 "digest_signature_invalid" -- \
  "$BIN" audit check-digest --db "$DB" --digest "$T/altered.json" --public-key "$PUB"

# A plain edit behind the server's back: verify names the row, check-digest says history changed.
cp "$DB" "$T/edited.db"
sqlite3 "$T/edited.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE id = 7;"
expect_error "verify names the first broken row" 1 "row 7 was changed" -- "$BIN" audit verify --db "$T/edited.db"
expect_error "check-digest after an edit" 1 "history_changed" -- \
  "$BIN" audit check-digest --db "$T/edited.db" --digest "$T/digest.json" --public-key "$PUB"

# A forger who rewrites row 7 and recomputes every later hash fools verify, but not the signed digest.
cp "$DB" "$T/forged.db"
python3 - "$T/forged.db" <<'PY'
import hashlib, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("DROP TRIGGER audit_log_no_update")
def h(parts):
    s = hashlib.sha256()
    for p in parts:
        b = p.encode()
        s.update(str(len(b)).encode() + b":" + b)
    return s.hexdigest()
c.execute("UPDATE audit_log SET actor = 'nobody' WHERE id = 7")
prev = c.execute("SELECT hash FROM audit_log WHERE id = 6").fetchone()[0]
for (i, at, actor, action, subject, detail) in c.execute(
        "SELECT id, at, actor, action, subject, detail FROM audit_log WHERE id >= 7 ORDER BY id").fetchall():
    new = h([prev, at, actor, action, subject, detail])
    c.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, new, i))
    prev = new
c.commit()
PY
expect_json "the forgery fools verify" 'd["chain"]=="intact"' -- "$BIN" audit verify --db "$T/forged.db"
expect_error "the forgery does not fool the signed digest" 1 "history_changed" -- \
  "$BIN" audit check-digest --db "$T/forged.db" --digest "$T/digest.json" --public-key "$PUB"

# The trust anchor is the public key the supervisor kept, not the one inside the digest.
"$BIN" audit keygen --out "$T/other.json" > /dev/null
OTHER=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["public_key"])' "$T/other.json")
expect_error "a digest checked against another key" 1 "digest_key_mismatch" -- \
  "$BIN" audit check-digest --db "$DB" --digest "$T/digest.json" --public-key "$OTHER"

echo "audit digest CLI: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
