#!/usr/bin/env bash
# Load test on a full year: a copy of the database `make bench` generated, gunicorn on the loopback, the pages
# one at a time (bench/pages.py: SQL queries and server time of each), then locust with 40 and 100 users (60 s
# each, or LOAD_TIME) and a per-page summary of each run. The copy is dropped at the end; the generated database
# is never touched. Usage: bench/load.sh [source database, default $BENCH_DB or medk_bench_national]
# LOAD_DB names the copy (default <source>_load), LOAD_PORT the port (8106), LOAD_WORKERS gunicorn's workers (5):
# two runs on one machine need their own LOAD_DB and LOAD_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCE=${1:-${BENCH_DB:-medk_bench_national}}
SERVER=${BENCH_DATABASE_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}}
SERVER=${SERVER%/*}
COPY=${LOAD_DB:-${SOURCE}_load}
PORT=${LOAD_PORT:-8106}
WORKERS=${LOAD_WORKERS:-5}   # 2 × cores + 1 sync workers: one waits on PostgreSQL while another renders
TIME=${LOAD_TIME:-60s}
OUT=${LOAD_OUT:-/tmp/medk-load-$PORT}
mkdir -p "$OUT"
psql "$SERVER/postgres" -qc "DROP DATABASE IF EXISTS \"$COPY\"" -c "CREATE DATABASE \"$COPY\" TEMPLATE \"$SOURCE\""
export DATABASE_URL=$SERVER/$COPY DEBUG=0 SECRET_KEY=${SECRET_KEY:-bench-only-$(head -c 24 /dev/urandom | base64)} \
  ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 MFA_REQUIRED_FOR_COORDINATORS=0 LOG_LEVEL=WARNING \
  BENCH_ACCOUNTS=$OUT/accounts.json CELERY_TASK_ALWAYS_EAGER=0 CELERY_BROKER_URL=memory://
trap 'psql "$SERVER/postgres" -qc "DROP DATABASE IF EXISTS \"$COPY\""' EXIT
.venv/bin/python manage.py migrate --noinput -v0            # the copy follows the code checked out now
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python bench/national.py --sessions-only >/dev/null   # sessions signed with this run's key
echo "== Страницы по одной (bench/pages.py), $(date -u '+%d.%m.%Y %H:%M UTC')"
.venv/bin/python bench/pages.py -n 5
# --preload: the code is imported once; each worker keeps its PostgreSQL connection (CONN_MAX_AGE)
.venv/bin/gunicorn medk.wsgi:application --preload --workers "$WORKERS" --bind 127.0.0.1:$PORT --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null; psql "$SERVER/postgres" -qc "DROP DATABASE IF EXISTS \"$COPY\""' EXIT
for _ in $(seq 120); do curl -so /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break; sleep 1; done  # ready
for users in 40 100; do
  echo "== $users пользователей, $TIME; $(date -u '+%d.%m.%Y %H:%M UTC'), load average до: $(cut -d' ' -f1-3 /proc/loadavg)"
  .venv/bin/locust -f bench/locustfile.py --headless -u "$users" -r 10 -t "$TIME" --host "http://127.0.0.1:$PORT" \
    --csv "$OUT/u$users" --only-summary >"$OUT/u$users.log" 2>&1 || true
  echo "load average после: $(cut -d' ' -f1-3 /proc/loadavg)"
  .venv/bin/python bench/load_summary.py "$OUT/u${users}_stats.csv"
  grep -A20 '^Error report' "$OUT/u$users.log" | grep -v '^\s*$' || true
done
