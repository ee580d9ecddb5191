#!/usr/bin/env bash
# The demo's evidence as xAPI statements, checked against a real LRS and an independent
# implementation: ralph-malph (pinned, in target/py-ralph) runs as the LRS (its file-system
# backend) and its xAPI models validate what arrives.
#
# The story, on the release build in demo mode and a fresh database, forwarding to ralph:
#   1. the demo's earlier evidence (the cohort's classmates) is forwarded at start;
#   2. the demo learner watches a lesson and answers its check: both arrive;
#   3. the LRS goes down; the learner answers another check, their mentor signs off S1 with a
#      photo (an attachment by SHA-256) and their line manager confirms B1: nothing arrives,
#      nothing is lost (the outbox holds it);
#   4. Flowline restarts, then the LRS comes back: the rest arrives by itself;
#   5. every statement the API lists arrived exactly once, and every one validates as xAPI
#      1.0.3 (and as the video profile's, where ralph recognises one).
#   scripts/xapi-check.sh          after `cargo leptos build --release --split --precompress`
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ralph-venv.sh
py="$ralph_venv/bin/python"
[ -x target/release/flowline ] || { echo "Build first: cargo leptos build --release --split --precompress" >&2; exit 1; }

port="${XAPI_PORT:-3240}" lrs_port="${XAPI_LRS_PORT:-3241}"
data="$(mktemp -d /tmp/flowline-xapi.XXXXXX)"
lrs_dir="$data/lrs"
mkdir -p "$lrs_dir/store"
out=target/xapi
rm -rf "$out" && mkdir -p "$out"
lrs=""
server=""
cleanup() {
  # (Under `set -e` a killed process's status from `wait` would end the script with it.)
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$lrs" ]; then kill "$lrs" 2>/dev/null || true; wait "$lrs" 2>/dev/null || true; fi
  rm -rf "$data"
}
trap cleanup EXIT

# --- The LRS ---------------------------------------------------------------------------
export RALPH_AUTH_FILE="$lrs_dir/auth.json" RALPH_RUNSERVER_BACKEND=fs \
  RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH="$lrs_dir/store"
lrs_user=flowline lrs_password="lrs-$RANDOM-$RANDOM"
"$ralph_venv/bin/ralph" auth -u "$lrs_user" -p "$lrs_password" -s all \
  -A "$lrs_user" "http://127.0.0.1:$port" -w >/dev/null 2>&1
lrs_url="http://127.0.0.1:$lrs_port/xAPI"
lrs_start() {
  "$py" scripts/ralph_lrs.py 127.0.0.1 "$lrs_port" >>"$lrs_dir/lrs.log" 2>&1 &
  lrs=$!
  for _ in $(seq 1 60); do
    curl -fsS -u "$lrs_user:$lrs_password" -H 'X-Experience-API-Version: 1.0.3' \
      "$lrs_url/statements?limit=1" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  cat "$lrs_dir/lrs.log" >&2
  return 1
}
lrs_stop() { kill "$lrs"; wait "$lrs" 2>/dev/null || true; lrs=""; }
lrs_stored() { cat "$lrs_dir/store"/*.jsonl 2>/dev/null | wc -l; }

# --- Flowline --------------------------------------------------------------------------
source scripts/demo-server.sh
flowline_start() {
  demo_server_start "$port" "$data" "" FLOWLINE_LRS_URL="$lrs_url" \
    FLOWLINE_LRS_USERNAME="$lrs_user" FLOWLINE_LRS_PASSWORD="$lrs_password"
  demo_server_wait_lessons 2
  login admin@demo.flowline.test "$data/admin"
}
login() { # email, cookie jar
  curl -fsS -c "$2" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"flowline-demo\"}" "$base/api/v1/auth/login" >/dev/null
}
outbox() { # prints "pending sent refused"
  curl -fsS -b "$data/admin" "$base/api/v1/admin/evidence/lrs" \
    | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["pending"], s["sent"], s["refused"])'
}
wait_forwarded() {
  local p s r
  for _ in $(seq 1 240); do
    read -r p s r <<<"$(outbox)"
    [ "$r" = 0 ] || { echo "the LRS refused $r statement(s):" >&2; curl -fsS -b "$data/admin" "$base/api/v1/admin/evidence/lrs" >&2; return 1; }
    [ "$p" = 0 ] && { echo "   outbox: $s sent, none pending; the LRS holds $(lrs_stored)"; return 0; }
    sleep 0.5
  done
  echo "statements still pending: $p" >&2
  curl -fsS -b "$data/admin" "$base/api/v1/admin/evidence/lrs" >&2 || true
  sqlite3 "$data/flowline.db" "SELECT last_status, last_answer FROM lrs_outbox WHERE status = 'pending' LIMIT 3" >&2 2>/dev/null || true
  tail -5 "$lrs_dir/lrs.log" >&2
  grep -i lrs "$data/server.log" | tail -5 >&2
  return 1
}
# The demo learner watches the Nth lesson of their feed and answers its check.
learn() {
  curl -fsS -b "$data/learner" "$base/api/v1/feed" >"$data/feed.json"
  python3 - "$data/feed.json" "$1" >"$data/batch.json" <<'PY'
import json, sys, uuid, datetime
items = [i for i in json.load(open(sys.argv[1]))["items"] if i["questions"]]
item = items[int(sys.argv[2]) % len(items)]
now = datetime.datetime.now(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
print(json.dumps({"interactions": [
    {"id": str(uuid.uuid4()), "content_id": item["content_id"], "kind": "watched",
     "occurred_at": now, "time_spent_s": 48.2},
    {"id": str(uuid.uuid4()), "content_id": item["content_id"], "kind": "answered",
     "occurred_at": now, "time_spent_s": 14.0,
     "answers": [{"question_id": q["id"], "response": q["answer"]} for q in item["questions"]]},
]}))
PY
  curl -fsS -b "$data/learner" -H 'Content-Type: application/json' -d @"$data/batch.json" \
    "$base/api/v1/interactions" >/dev/null
}

echo "==> 1. The demo's earlier evidence is forwarded at start"
lrs_start
flowline_start
login learner@demo.flowline.test "$data/learner"
login mentor@demo.flowline.test "$data/mentor"
wait_forwarded

echo "==> 2. A learner's answer arrives"
before="$(lrs_stored)"
learn 0
wait_forwarded
[ "$(lrs_stored)" -eq $((before + 2)) ] || { echo "expected 2 more statements in the LRS" >&2; exit 1; }

echo "==> 3. The LRS goes down: evidence waits in the outbox"
lrs_stop
learn 1
learner_id="$(curl -fsS -b "$data/learner" "$base/api/v1/me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
# The mentor's sign-off carries a photo of the work (an xAPI attachment, by SHA-256).
photo=server/tests/api/fixtures/joint.jpg
upload="$(curl -fsS -b "$data/mentor" -H 'Content-Type: application/json' \
  -d "{\"content_type\":\"image/jpeg\",\"size\":$(stat -c %s "$photo"),\"sha256\":\"$(sha256sum "$photo" | cut -d' ' -f1)\"}" \
  "$base/api/v1/uploads" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
curl -fsS -b "$data/mentor" -X PATCH -H 'Upload-Offset: 0' -H 'Content-Type: application/offset+octet-stream' \
  --data-binary @"$photo" "$base/api/v1/uploads/$upload" >/dev/null
curl -fsS -b "$data/mentor" -H 'Content-Type: application/json' \
  -d "{\"learner_id\":\"$learner_id\",\"ksb_codes\":[\"S1\"],\"note\":\"Site set up safely.\",\"occurred_at\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"uploads\":[\"$upload\"]}" \
  "$base/api/v1/mentor/observations" >/dev/null
# The line manager confirms a Behaviour (an `activitystrea.ms confirm` statement).
login employer@demo.flowline.test "$data/employer"
curl -fsS -b "$data/employer" -H 'Content-Type: application/json' -d '{"note":"Seen on site every day."}' \
  "$base/api/v1/learners/$learner_id/behaviours/B1/confirmation" >/dev/null
sleep 3
read -r pending _ refused <<<"$(outbox)"
echo "   outbox while the LRS is down: $pending pending, $refused refused"
[ "$pending" -eq 4 ] && [ "$refused" -eq 0 ] || { echo "expected 4 pending, none refused" >&2; exit 1; }

echo "==> 4. Flowline restarts, the LRS comes back: the rest arrives"
kill "$server"; wait "$server" 2>/dev/null || true; server=""
flowline_start
lrs_start
wait_forwarded

echo "==> 5. Every statement arrived once, and validates"
curl -fsS -b "$data/admin" "$base/api/v1/admin/users" \
  | python3 -c 'import json,sys; [print(u["id"]) for u in json.load(sys.stdin) if u["role"] == "learner"]' \
  >"$data/learners"
while read -r id; do
  next="/api/v1/learners/$id/statements?limit=500" n=0
  while [ -n "$next" ]; do
    curl -fsS -b "$data/admin" "$base$next" >"$out/api-$id-$n.json"
    next="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["more"])' "$out/api-$id-$n.json")"
    n=$((n + 1))
  done
done <"$data/learners"
cat "$lrs_dir/store"/*.jsonl >"$out/lrs.jsonl"
python3 - "$out" <<'PY'
import collections, glob, json, sys
out = sys.argv[1]
api = [s["id"] for f in glob.glob(f"{out}/api-*.json") for s in json.load(open(f))["statements"]]
lrs = [json.loads(line)["id"] for line in open(f"{out}/lrs.jsonl") if line.strip()]
twice = [i for i, n in collections.Counter(lrs).items() if n > 1]
missing = set(api) - set(lrs)
extra = set(lrs) - set(api)
print(f"   the API lists {len(api)} statements; the LRS holds {len(lrs)}")
if twice or missing or extra or len(set(api)) != len(api):
    sys.exit(f"stored twice: {twice[:5]}, missing from the LRS: {sorted(missing)[:5]}, unknown: {sorted(extra)[:5]}")
json.dump(lrs and [json.loads(l) for l in open(f"{out}/lrs.jsonl") if l.strip()], open(f"{out}/lrs.json", "w"))
PY
"$py" scripts/validate_xapi.py "$out"/api-*.json "$out/lrs.json"
echo "xAPI: every statement arrived in the LRS exactly once, through an outage and a restart, and validates"
