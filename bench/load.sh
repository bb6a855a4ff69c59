#!/usr/bin/env bash
# Load test on a full year: a copy of the database `make bench` generated, gunicorn on the loopback, locust
# with 40 and then 100 users (60 s each, or LOAD_TIME). The copy is dropped at the end; the generated
# database is never touched. Usage: bench/load.sh [source database, default medk_bench_national]
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCE=${1:-${BENCH_DB:-medk_bench_national}}
SERVER=${BENCH_DATABASE_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}}
SERVER=${SERVER%/*}
COPY=${SOURCE}_load
PORT=${LOAD_PORT:-8106}
TIME=${LOAD_TIME:-60s}
OUT=${LOAD_OUT:-/tmp/medk-load}
mkdir -p "$OUT"
psql "$SERVER/postgres" -qc "DROP DATABASE IF EXISTS \"$COPY\"" -c "CREATE DATABASE \"$COPY\" TEMPLATE \"$SOURCE\""
export DATABASE_URL=$SERVER/$COPY DEBUG=0 SECRET_KEY=${SECRET_KEY:-bench-only-$(head -c 24 /dev/urandom | base64)} \
  ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 MFA_REQUIRED_FOR_COORDINATORS=0 LOG_LEVEL=WARNING \
  BENCH_ACCOUNTS=$OUT/accounts.json CELERY_TASK_ALWAYS_EAGER=0 CELERY_BROKER_URL=memory://
.venv/bin/python manage.py migrate --noinput -v0            # the copy follows the code checked out now
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python bench/national.py --sessions-only >/dev/null   # sessions signed with this run's key
.venv/bin/gunicorn medk.wsgi:application --preload --workers 4 --bind 127.0.0.1:$PORT --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null; psql "$SERVER/postgres" -qc "DROP DATABASE IF EXISTS \"$COPY\""' EXIT
for _ in $(seq 120); do curl -so /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break; sleep 1; done  # ready
for users in 40 100; do
  echo "== $users пользователей, $TIME; $(date -u '+%d.%m.%Y %H:%M UTC'), load average до: $(cut -d' ' -f1-3 /proc/loadavg)"
  .venv/bin/locust -f bench/locustfile.py --headless -u "$users" -r 10 -t "$TIME" --host "http://127.0.0.1:$PORT" \
    --csv "$OUT/u$users" --only-summary 2>&1 | grep -v '^\[' || true
  echo "load average после: $(cut -d' ' -f1-3 /proc/loadavg)"
done
