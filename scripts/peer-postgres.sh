#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the benchmarks' peer (Bench.Peer): Debian's postgresql, installed with
# apt-get when missing (as root, as CI and the bench run), a fresh cluster in a temporary folder, password
# authentication on 127.0.0.1 only (no Unix socket outside that folder), durable settings left at their defaults
# (fsync on; synchronous_commit is chosen per connection by the peer).
#
#   scripts/peer-postgres.sh start [PORT]   starts one (PORT 5433 by default) and prints two lines:
#                                           dir=<its folder>   connection=<an Npgsql connection string to its database>
#   scripts/peer-postgres.sh stop DIR       stops it and removes the folder
#
# initdb and postgres refuse to run as root: as root they run as the postgres user, which owns the folder.
set -euo pipefail

binaries() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
start)
  port="${2:-5433}"
  if [ -z "$(binaries)" ] || [ ! -x "$(binaries)/initdb" ]; then
    [ "$(id -u)" = 0 ] || { echo "PostgreSQL is not installed; as root: apt-get install postgresql" >&2; exit 1; }
    echo "installing postgresql (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
  bin="$(binaries)"
  dir="$(mktemp -d "${TMPDIR:-/tmp}/peer-postgres.XXXXXX")"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  (umask 077; printf '%s\n' "$password" > "$dir/password")
  [ "$(id -u)" = 0 ] && chown postgres: "$dir/password"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 --pwfile="$dir/password" -E UTF8 --no-locale > "$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
  rm -f "$dir/password"
  # Room for two peers' pools (100 each by default) at once.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c max_connections=250" start > /dev/null \
    || { cat "$dir/postgres.log" >&2; rm -rf "$dir"; exit 1; }
  PGPASSWORD="$password" "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE occupancy_peer" > /dev/null
  echo "dir=$dir"
  echo "connection=Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=occupancy_peer"
  ;;
stop)
  dir="${2:?usage: peer-postgres.sh stop DIR}"
  if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$(binaries)/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop > /dev/null || true; fi
  case "$dir" in */peer-postgres.*) rm -rf "$dir" ;; esac
  ;;
*)
  echo "usage: $0 start [PORT] | stop DIR" >&2
  exit 2
  ;;
esac
