#!/usr/bin/env bash
# make fuzz / make fuzz-pg: the demo on a throw-away database, served by gunicorn on 127.0.0.1,
# fuzzed by schemathesis (every check) against its own /api/v1/openapi.json, once as a county
# officer and once as a station officer; then the audit chain must verify.
#   fuzz/run.sh sqlite|pg    FUZZ_EXAMPLES=N (default 25) examples per operation and phase
#   FUZZ_KEEP=DIR keeps the server's log (server.log: every traceback) and setup.log in DIR
set -euo pipefail
cd "$(dirname "$0")/.."
KIND=${1:-sqlite}
EXAMPLES=${FUZZ_EXAMPLES:-25}
USERS=${FUZZ_USERS:-370982-officer 370982001-officer}
BIN=$PWD/.venv/bin
WORK=$(mktemp -d /tmp/caseflow-fuzz.XXXXXX)
PORT=$("$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PG_URL=${PG_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres}
SERVER=""
PG_DB=""

cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  if [ -n "$PG_DB" ]; then "$BIN/python" fuzz/pgdb.py drop "$PG_URL" "$PG_DB" || true; fi
  if [ -n "${FUZZ_KEEP:-}" ]; then
    mkdir -p "$FUZZ_KEEP" && cp "$WORK"/*.log "$FUZZ_KEEP"/ 2>/dev/null || true
    echo "== logs kept in $FUZZ_KEEP"
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export CASEFLOW_SECRET_KEY="fuzz-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export CASEFLOW_UPLOAD_FOLDER="$WORK/uploads"
export CASEFLOW_DOCUMENTS_FOLDER="$WORK/documents"
if [ "$KIND" = pg ]; then
  PG_DB="caseflow_fuzz_$(head -c 5 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  CASEFLOW_DATABASE_URL=$("$BIN/python" fuzz/pgdb.py create "$PG_URL" "$PG_DB")
else
  CASEFLOW_DATABASE_URL="sqlite:///$WORK/fuzz.db"
fi
export CASEFLOW_DATABASE_URL
FLASK="$BIN/flask --app caseflow"
$FLASK db upgrade >"$WORK/setup.log" 2>&1
$FLASK seed-demo >>"$WORK/setup.log" 2>&1 || { cat "$WORK/setup.log"; exit 1; }

"$BIN/gunicorn" --no-control-socket -w 2 -b "127.0.0.1:$PORT" --limit-request-line 8190 --error-logfile "$WORK/server.log" \
  --capture-output wsgi:app &
SERVER=$!
BASE="http://127.0.0.1:$PORT/api/v1"
for _ in $(seq 1 60); do curl -sf "$BASE/openapi.json" -o /dev/null && break; sleep 0.5; done

token() {
  curl -sf -X POST "$BASE/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\": \"$1\", \"password\": \"caseflow-demo\"}" |
    "$BIN/python" -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

status=0
fuzz() {  # fuzz USER [schemathesis options]: one run with a fresh token of USER
  local user=$1; shift
  FUZZ_USER=$user SCHEMATHESIS_HOOKS=fuzz.hooks PYTHONPATH=$PWD \
    FUZZ_DATABASE_URL="$CASEFLOW_DATABASE_URL" \
    "$BIN/schemathesis" --config-file fuzz/schemathesis.toml run "$BASE/openapi.json" \
    --checks all --max-examples "$EXAMPLES" --workers 1 --seed "${FUZZ_SEED:-12}" \
    -H "Authorization: Bearer $(token "$user")" --no-color "$@" || status=1
}
for user in $USERS; do
  echo "== schemathesis as $user ($KIND, $EXAMPLES examples)"
  # POST /auth/logout revokes the token it is called with: fuzz it on its own, last
  fuzz "$user" --exclude-path /auth/logout
  echo "== schemathesis as $user: POST /auth/logout"
  fuzz "$user" --include-path /auth/logout
done
echo "== audit verify"
$FLASK audit verify || status=1
if grep -q "Traceback" "$WORK/server.log"; then
  echo "== server errors logged:"; grep -B2 -A30 "Traceback" "$WORK/server.log" | head -200; status=1
fi
exit $status
