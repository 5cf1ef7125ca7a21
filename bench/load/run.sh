#!/usr/bin/env bash
# Load test on loopback: a dedicated database, gunicorn (sync workers), locust headless.
#   bench/load/run.sh setup 1500|30000 [--rk 10 --iki 3]  # (re)create the database, generate
#   bench/load/run.sh serve                   # gunicorn on 127.0.0.1:8100 (background)
#   bench/load/run.sh serve-nginx             # nginx on :8100, app pool :8101, documents :8102
#   bench/load/run.sh locust USERS RATE TIME [LOAD_ONLY]  # e.g. 150 10 20m, or 16 16 60s skp
#   bench/load/run.sh stop
# Every simulated user logs in from 127.0.0.1. Only *failed* logins count toward the lockout
# of an address (AXES_ADDRESS_FAILURE_LIMIT, 50 in 15 minutes), so a run whose logins succeed
# is never locked; if logins fail, 127.0.0.1 is locked after 50 and the run says "login refused".
set -euo pipefail
cd "$(dirname "$0")/../.."
export DATABASE_URL=${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/skp_load}
export DJANGO_SECRET_KEY=load-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false
export DJANGO_HSTS_SECONDS=0 DJANGO_LOG_LEVEL=WARNING
DB_NAME=${DATABASE_URL##*/}
PORT=${LOAD_PORT:-8100}
HOST=http://127.0.0.1:$PORT
OUT=bench/out
mkdir -p "$OUT"
case "${1:-}" in
  setup)
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB_NAME" -c "CREATE DATABASE $DB_NAME"
    .venv/bin/python manage.py migrate -v0
    .venv/bin/python bench/load/generate.py --pegawai "${2:-1500}" "${@:3}"
    .venv/bin/python manage.py collectstatic --noinput -v0
    ;;
  serve)
    .venv/bin/gunicorn config.wsgi --bind 127.0.0.1:$PORT --workers "${WORKERS:-5}" \
      --timeout 60 --pid "$OUT/gunicorn.pid" --daemon --access-logfile /dev/null \
      --error-logfile "$OUT/gunicorn.log"
    sleep 2; curl -fsS "$HOST/healthz"; echo
    ;;
  serve-nginx)
    # As in production (deploy/nginx.conf): documents on their own pool at a lower priority.
    command -v nginx >/dev/null || { echo "nginx is missing: apt-get install -y nginx-light"; exit 2; }
    export DJANGO_BEHIND_PROXY=true
    .venv/bin/gunicorn config.wsgi --bind 127.0.0.1:8101 --workers "${WORKERS:-3}" \
      --timeout 60 --pid "$OUT/gunicorn.pid" --daemon --access-logfile /dev/null \
      --error-logfile "$OUT/gunicorn.log"
    nice -n 10 .venv/bin/gunicorn config.wsgi --bind 127.0.0.1:8102 \
      --workers "${BERAT_WORKERS:-2}" --timeout 120 --pid "$OUT/gunicorn-berat.pid" --daemon \
      --access-logfile /dev/null --error-logfile "$OUT/gunicorn-berat.log"
    mkdir -p "$OUT/nginx/tmp"
    nginx -p "$PWD/$OUT/nginx/" -c "$PWD/bench/load/nginx.conf"
    sleep 2; curl -fsS "$HOST/healthz"; echo
    ;;
  locust)
    [ -x .venv-bench/bin/locust ] || { python3 -m venv .venv-bench; .venv-bench/bin/pip install -q -r bench/load/requirements.txt; }
    LOAD_ONLY=${5:-} .venv-bench/bin/locust -f bench/load/locustfile.py --headless --host "$HOST" \
      -u "$2" -r "$3" -t "$4" --stop-timeout 10 --only-summary \
      --csv "$OUT/load-${2}u${5:+-$5}" ${5:+Halaman} > "$OUT/load-${2}u${5:+-$5}.log" 2>&1 || true
    # The whole summary (requests, then the percentiles per group) is in the log; the CSVs
    # keep the same figures for comparing runs.
    grep -v '^\[' "$OUT/load-${2}u${5:+-$5}.log"
    ;;
  stop)
    kill "$(cat "$OUT/gunicorn.pid")" 2>/dev/null || true
    kill "$(cat "$OUT/gunicorn-berat.pid" 2>/dev/null)" 2>/dev/null || true
    [ -f "$OUT/nginx/nginx.pid" ] && nginx -p "$PWD/$OUT/nginx/" -c "$PWD/bench/load/nginx.conf" -s quit
    ;;
  *) sed -n 2,7p "$0"; exit 2 ;;
esac
