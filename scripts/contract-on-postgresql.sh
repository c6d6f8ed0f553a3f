#!/usr/bin/env bash
# Runs the black-box contract checks (../shared/contract) with motcua on PostgreSQL (issue #10).
#
#   scripts/contract-on-postgresql.sh [CHECK...]     default: every check that does not read the SQLite file itself
#
# The checks are written against `--db FILE`. A wrapper binary stands in for build/motcua and maps each FILE to a
# database of its own on a throwaway cluster (scripts/pg-cluster.sh), created on first use. Two checks open the
# SQLite file directly (audit-tamper edits it with Python's sqlite3; online-backup runs `motcua backup`, which is
# SQLite's) and so run on SQLite only; their PostgreSQL counterparts are in ctest (pg/storage/... audit chain cases).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
contract=${CONTRACT_DIR:-$root/../shared/contract}
checks=("$@")
[[ ${#checks[@]} -gt 0 ]] || checks=(healthz api-journey concurrent-codes open311 access-and-headers)
work=$(mktemp -d /tmp/motcua-contract-pg.XXXXXX)
chmod 755 "$work"  # the cluster runs as the postgres user under root
port=${PG_PORT:-$((50000 + RANDOM % 5000))}
url=$("$root/scripts/pg-cluster.sh" start "$work/cluster" "$port" | tail -1)
trap '"$root/scripts/pg-cluster.sh" stop "$work/cluster" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

cat >"$work/motcua" <<EOF
#!/usr/bin/env bash
# build/motcua with every --db FILE replaced by a PostgreSQL database named after FILE (created on first use).
args=()
prev=
for a in "\$@"; do
  arg=\$a
  if [[ \$prev == --db && \$a != postgresql://* ]]; then
    name=m_\$(printf %s "\$a" | md5sum | cut -c1-16)
    if ! psql -X -q -tA "$url" -c "SELECT 1 FROM pg_database WHERE datname = '\$name'" | grep -q 1; then
      psql -X -q "$url" -c "CREATE DATABASE \$name TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" >/dev/null
    fi
    arg=${url%/*}/\$name
  fi
  args+=("\$arg")
  prev=\$a
done
exec "$root/build/motcua" "\${args[@]}"
EOF
chmod +x "$work/motcua"

failed=0
cd "$root"
for check in "${checks[@]}"; do
  if MOTCUA_BIN=$work/motcua "$contract/$check"; then echo "PASS (PostgreSQL) $check"; else echo "FAIL (PostgreSQL) $check"; failed=1; fi
done
exit $failed
