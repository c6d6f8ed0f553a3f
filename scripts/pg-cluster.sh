#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests (issue #10, decision 0036).
#
#   scripts/pg-cluster.sh start DIR [PORT] [--fsync]   creates (initdb) and starts a cluster in DIR, prints its URL
#   scripts/pg-cluster.sh stop DIR                     stops it and removes DIR
#   scripts/pg-cluster.sh url DIR                      prints the URL of a running cluster
#
# The cluster listens on 127.0.0.1:PORT (default 55432) and on a Unix socket in DIR; local connections are trusted;
# UTF8 with the C locale (text sorts as SQLite's BINARY); the superuser is `postgres`. The printed URL is a
# server-level admin connection (database `postgres`): create the test databases through it.
# Test-friendly by default: fsync, synchronous_commit and full_page_writes off (a crashed test cluster is thrown away).
# --fsync keeps them on, for a crash test that kills the server and needs what it acknowledged.
#
# initdb refuses to run as root: as root the server runs as the `postgres` system user (Debian's postgresql package
# creates it) and DIR is owned by it; as any other user it runs as that user. Binaries come from
# `pg_config --bindir`, else the newest /usr/lib/postgresql/*/bin.
# Idempotent: `start` on a running cluster prints its URL; `stop` on a missing DIR does nothing. A failed `start`
# leaves nothing running and removes what it created.
set -euo pipefail

usage() {
  echo "usage: $0 start DIR [PORT] [--fsync] | stop DIR | url DIR" >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
command=$1
dir=$2
shift 2
port=55432
durable=0
for arg in "$@"; do
  case $arg in
    --fsync) durable=1 ;;
    [0-9]*) port=$arg ;;
    *) usage ;;
  esac
done
[[ $port =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || { echo "pg-cluster: bad port $port" >&2; exit 2; }
marker=.motcua-pg-cluster

find_bindir() {
  local b
  if command -v pg_config >/dev/null 2>&1; then
    b=$(pg_config --bindir 2>/dev/null || true)
    if [[ -x $b/initdb && -x $b/pg_ctl ]]; then echo "$b"; return 0; fi
  fi
  for b in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x $b/initdb && -x $b/pg_ctl ]]; then echo "$b"; return 0; fi
  done
  echo "pg-cluster: no PostgreSQL server binaries (initdb, pg_ctl): install Debian's postgresql package" >&2
  return 1
}

# Runs a command as the cluster's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

url_of() {
  echo "postgresql://postgres@127.0.0.1:$(cat "$1/port")/postgres"
}

running() {
  [[ -f $dir/data/PG_VERSION ]] && as_owner "$bindir/pg_ctl" status -D "$dir/data" >/dev/null 2>&1
}

case $command in
  start)
    bindir=$(find_bindir)
    dir=$(realpath -m "$dir")
    if [[ -e $dir && ! -f $dir/$marker ]] && [[ -n $(ls -A "$dir" 2>/dev/null) ]]; then
      echo "pg-cluster: $dir exists and is not a cluster made by this script" >&2
      exit 1
    fi
    if [[ -f $dir/$marker ]] && running; then
      url_of "$dir"
      exit 0
    fi
    created=0
    [[ -f $dir/data/PG_VERSION ]] || created=1  # a failure removes what this call made
    cleanup() {
      as_owner "$bindir/pg_ctl" stop -D "$dir/data" -m immediate >/dev/null 2>&1 || true
      if [[ $created -eq 1 ]]; then rm -rf "$dir"; fi
    }
    trap 'cleanup' ERR
    mkdir -p "$dir"
    touch "$dir/$marker"
    if [[ $(id -u) -eq 0 ]]; then
      id postgres >/dev/null 2>&1 || { echo "pg-cluster: no postgres system user (install postgresql)" >&2; false; }
      chown postgres: "$dir"
      chmod 700 "$dir"
      if ! runuser -u postgres -- test -w "$dir"; then
        echo "pg-cluster: the postgres user cannot reach $dir (a parent directory is closed to it)" >&2
        false
      fi
    fi
    echo "$port" >"$dir/port"
    if [[ ! -f $dir/data/PG_VERSION ]]; then
      sync_flag=(--no-sync)
      [[ $durable -eq 1 ]] && sync_flag=()
      as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C \
        "${sync_flag[@]}" >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; false; }
    fi
    # Settings live in the cluster's own configuration, so that a restart (the crash test) keeps them.
    conf=$dir/data/postgresql.auto.conf
    {
      echo "listen_addresses = '127.0.0.1'"
      echo "port = $port"
      echo "unix_socket_directories = '$dir'"
      echo "max_connections = 200"
      echo "shared_buffers = '128MB'"
      echo "log_min_messages = warning"
      if [[ $durable -eq 1 ]]; then
        echo "fsync = on"; echo "synchronous_commit = on"; echo "full_page_writes = on"
      else
        echo "fsync = off"; echo "synchronous_commit = off"; echo "full_page_writes = off"
      fi
    } | as_owner tee "$conf" >/dev/null
    if ! as_owner "$bindir/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 60 >/dev/null 2>&1; then
      echo "pg-cluster: the server did not start (is port $port taken?):" >&2
      tail -n 20 "$dir/server.log" >&2 || true
      false
    fi
    trap - ERR
    url_of "$dir"
    ;;
  stop)
    dir=$(realpath -m "$dir")
    [[ -e $dir ]] || exit 0
    if [[ ! -f $dir/$marker ]]; then
      echo "pg-cluster: $dir is not a cluster made by this script; not removing it" >&2
      exit 1
    fi
    if [[ -f $dir/data/PG_VERSION ]]; then
      bindir=$(find_bindir)
      if running; then
        as_owner "$bindir/pg_ctl" stop -D "$dir/data" -m fast -w -t 30 >/dev/null 2>&1 ||
          as_owner "$bindir/pg_ctl" stop -D "$dir/data" -m immediate -w >/dev/null 2>&1 || true
      fi
    fi
    rm -rf "$dir"
    ;;
  url)
    dir=$(realpath -m "$dir")
    [[ -f $dir/port ]] || { echo "pg-cluster: no cluster in $dir" >&2; exit 1; }
    url_of "$dir"
    ;;
  *) usage ;;
esac
