#!/usr/bin/env bash
# Load and fault test (not run by CI; it takes a few minutes and needs PostgreSQL and wrk).
#
#   scripts/loadtest.sh            # then read the RESULT / ATOMIC / VERDICT lines
#
# 1. A throw-away PostgreSQL database ($DB) with $COUNT generated referater, production
#    settings (DEBUG=0), gunicorn ($WORKERS workers) on 127.0.0.1:$PORT, Redis cache if up.
# 2. Load: wrk, $CONNECTIONS connections for $DURATION, a mix of public pages and searches
#    (about a third), while $EXTRA more referater are imported → expects 0 errors; p99 printed.
# 3. Faults: corrected versions of the referater are imported; their PostgreSQL connection is
#    killed mid-import (pg_terminate_backend) → every meeting is all old or all new, the
#    command names each file it could not import, the files are untouched; importing again
#    succeeds and then every meeting is new.
# Settings (environment): PG (server URL), DB, PORT, WORKERS, THREADS, COUNT, EXTRA,
# CONNECTIONS, DURATION, WRK_TIMEOUT (a slower answer counts as an error; default 30s),
# KILL_AFTER (seconds into the corrected import), KEEP=1 keeps the database.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
DB=${DB:-ref_loadtest}
PORT=${PORT:-8765}
WORKERS=${WORKERS:-4}
THREADS=${THREADS:-2}
COUNT=${COUNT:-400}
EXTRA=${EXTRA:-150}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-60s}
KILL_AFTER=${KILL_AFTER:-2}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }

WORK=$(mktemp -d /tmp/referater-loadtest.XXXXXX)
export DEBUG=0 SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')
export ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 LOG_LEVEL=ERROR
export STATIC_ROOT=$WORK/static MEDIA_ROOT=$WORK/media VAR_DIR=$WORK
export CACHE_KEY_PREFIX=referater-loadtest-$$
if (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then export CACHE_URL=redis://127.0.0.1:6379/0; fi
URL="$PG/$DB"
export DATABASE_URL="$URL?application_name=referater-web"
IMPORT_URL="$URL?application_name=referater-import"
GUNICORN_PID=""
cleanup() {
  [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null || true
  if [ -n "${CACHE_URL:-}" ]; then
    redis-cli --scan --pattern "$CACHE_KEY_PREFIX:*" | xargs -r redis-cli del >/dev/null || true
  fi
  if [ "${KEEP:-0}" != 1 ]; then
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

echo "== setup: database $DB, $COUNT referater, cache ${CACHE_URL:-database}"
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
psql "$PG/postgres" -qc "CREATE DATABASE $DB" >/dev/null
$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
$PY manage.py generate_referater --count $((COUNT + EXTRA)) --out "$WORK/gen" --seed 7 >/dev/null
mkdir -p "$WORK/base" "$WORK/extra"
ls "$WORK/gen" | head -n "$COUNT" | xargs -I{} mv "$WORK/gen/{}" "$WORK/base/"
mv "$WORK/gen/"* "$WORK/extra/"
$PY manage.py import_referater "$WORK/base" >"$WORK/import-base.log"
$PY scripts/loadtest.py urls "$WORK/paths.txt"

echo "== gunicorn: $WORKERS workers x $THREADS threads on 127.0.0.1:$PORT"
.venv/bin/gunicorn referater.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --threads "$THREADS" --timeout 60 --log-level warning >"$WORK/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/healthz"; echo

echo "== load: wrk -c $CONNECTIONS -d $DURATION, pages and searches, $EXTRA referater importing"
(sleep 5; DATABASE_URL=$IMPORT_URL $PY manage.py import_referater "$WORK/extra" \
   >"$WORK/import-extra.log" 2>&1; echo "import during load: exit $? ($(grep -c . "$WORK/import-extra.log") lines)") &
IMPORT_PID=$!
wrk -t 2 -c "$CONNECTIONS" -d "$DURATION" --timeout "${WRK_TIMEOUT:-30s}" --latency \
  -s scripts/loadtest.lua "http://127.0.0.1:$PORT" -- "$WORK/paths.txt" | tee "$WORK/wrk.log"
wait "$IMPORT_PID"
grep -E " 5[0-9][0-9] " "$WORK/gunicorn.log" | head -5 || true
errors=$(grep -o 'errors_[a-z]*=[0-9]*' "$WORK/wrk.log" | cut -d= -f2 | paste -sd+ | bc)
echo "VERDICT load: $errors errors"

echo "== faults: corrected referater, import connection killed after ${KILL_AFTER}s"
$PY scripts/loadtest.py correct "$WORK/base" "$WORK/corrected"
sha_before=$(cat "$WORK"/corrected/* | sha256sum)
set +e
DATABASE_URL=$IMPORT_URL $PY manage.py import_referater "$WORK/corrected" >"$WORK/import-killed.log" 2>&1 &
KILLED_PID=$!
$PY scripts/loadtest.py wait-for-import referater-import
sleep "$KILL_AFTER"
$PY scripts/loadtest.py kill referater-import
wait "$KILLED_PID"; status=$?
set -e
echo "import with killed connection: exit $status, $(grep -ci 'error\|fejl\|cannot\|kan ikke' "$WORK/import-killed.log") error lines"
grep -i -m 3 'error\|fejl\|cannot\|kan ikke' "$WORK/import-killed.log" || true
[ "$(cat "$WORK"/corrected/* | sha256sum)" = "$sha_before" ] && echo "files untouched: yes"
DATABASE_URL=$URL $PY scripts/loadtest.py check-atomic "$WORK/base" "$WORK/corrected" || true
echo "== re-import"
DATABASE_URL=$IMPORT_URL $PY manage.py import_referater "$WORK/corrected" >"$WORK/import-again.log" 2>&1 \
  && echo "re-import: exit 0" || echo "re-import: exit $? ($(tail -1 "$WORK/import-again.log"))"
DATABASE_URL=$URL $PY scripts/loadtest.py check-atomic "$WORK/base" "$WORK/corrected"
curl -fs "http://127.0.0.1:$PORT/healthz"; echo
echo "VERDICT faults: done (see ATOMIC lines: mixed must be 0; after re-import all_old must be 0)"
