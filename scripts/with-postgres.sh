#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at PostgreSQL: $DATABASE_URL if set, else the
# server at 127.0.0.1:5432 (user postgres), else a private throwaway cluster started here
# (SKP_PRIVATE_PG=1 forces the throwaway cluster).
set -euo pipefail
if [ -n "${DATABASE_URL:-}" ]; then exec "$@"; fi
if [ -z "${SKP_PRIVATE_PG:-}" ] && (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/skp"
  exec "$@"
fi

bindir=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
port=${PGTEMP_PORT:-54329}
dir=$(mktemp -d /tmp/skp-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; as_pg=(runuser -u postgres --); fi
stop() { "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap stop EXIT
echo "PostgreSQL tidak ditemukan di 127.0.0.1:5432; memakai klaster sementara di port $port."
"${as_pg[@]}" "$bindir/initdb" -D "$dir/data" --auth=trust -U postgres -E UTF8 >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -w -l "$dir/log" \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/skp"
"$@"
