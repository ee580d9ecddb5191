#!/usr/bin/env bash
# Fuzzes the REST API from its own OpenAPI document with schemathesis, against the release
# binary in demo mode on a fresh SQLite database: every operation, as a visitor and as the
# demo learner, mentor and admin. Fails on any 5xx, on a response that does not match the document (an
# error that is not `{"error":{…}}`), or on a panic in the server's log.
#   scripts/fuzz.sh                 after `cargo leptos build --release --split --precompress`
#   FUZZ_EXAMPLES=200 scripts/fuzz.sh   more cases per operation (default 40)
set -euo pipefail
cd "$(dirname "$0")/.."

examples="${FUZZ_EXAMPLES:-40}"
port="${FUZZ_PORT:-3230}"
venv=target/py
# Pinned, so a fresh machine fuzzes with the same tool.
if [ ! -x "$venv/bin/st" ] || [ "$("$venv/bin/pip" show schemathesis 2>/dev/null | sed -n 's/^Version: //p')" != 4.32.5 ]; then
  echo "==> Installing schemathesis 4.32.5 into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check 'schemathesis==4.32.5'
fi

[ -x target/release/flowline ] || { echo "Build first: cargo leptos build --release --split --precompress" >&2; exit 1; }
data=target/fuzz-data
log=target/fuzz-server.log
rm -rf "$data"
FLOWLINE_DATA_DIR="$data" FLOWLINE_DEMO=1 LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  LEPTOS_SITE_ROOT=target/site RUST_LOG=warn ./target/release/flowline serve >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.5
done

# A session cookie for a demo account: every case of that run goes with it.
session_of() {
  curl -fsS -D - -o /dev/null -H 'content-type: application/json' \
    -d "{\"email\":\"$1@demo.flowline.test\",\"password\":\"flowline-demo\"}" \
    "$base/api/v1/auth/login" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | head -n 1
}

run() {
  local who="$1"; shift
  echo "==> schemathesis as $who ($examples cases per operation)"
  SCHEMATHESIS_HOOKS=fuzz_hooks PYTHONPATH=scripts "$venv/bin/st" run "$base/api/v1/openapi.json" \
    --url "$base" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$examples" --workers 1 --seed 1332 \
    --phases examples,coverage,fuzzing \
    --exclude-path /api/v1/auth/logout \
    --request-timeout 30 \
    --suppress-health-check all \
    "$@"
}
# Signed in up front: the visitor run's failed sign-ins soon throttle this address.
declare -A cookies
for who in learner mentor admin; do
  cookies[$who]="$(session_of "$who")"
  [ -n "${cookies[$who]}" ] || { echo "could not sign in as the demo $who" >&2; exit 1; }
done
run visitor
for who in learner mentor admin; do
  run "$who" -H "Cookie: ${cookies[$who]}"
done

if grep -n 'panicked' "$log"; then
  echo "The server panicked during the fuzz run (see $log)" >&2
  exit 1
fi
echo "Fuzz run: no 5xx, every answer as documented, no panic."
