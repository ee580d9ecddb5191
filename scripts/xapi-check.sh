#!/usr/bin/env bash
# The demo's evidence as xAPI statements, checked by an independent implementation: ralph's
# xAPI models (ralph-malph, pinned, in target/py-ralph). The release build in demo mode on a
# fresh database: the demo learner watches a lesson and answers its check, their mentor signs
# off S1; then every learner's statements (the demo cohort's classmates too) are fetched as
# the admin and validated (scripts/validate_xapi.py).
#   scripts/xapi-check.sh          after `cargo leptos build --release --split --precompress`
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/py-ralph
ralph_version=5.1.0
if [ ! -x "$venv/bin/ralph" ] || [ "$("$venv/bin/pip" show ralph-malph 2>/dev/null | sed -n 's/^Version: //p')" != "$ralph_version" ]; then
  echo "==> Installing ralph-malph $ralph_version into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "ralph-malph[cli,lrs]==$ralph_version"
fi
[ -x target/release/flowline ] || { echo "Build first: cargo leptos build --release --split --precompress" >&2; exit 1; }

port="${XAPI_PORT:-3240}"
data="$(mktemp -d /tmp/flowline-xapi.XXXXXX)"
source scripts/demo-server.sh
demo_server_start "$port" "$data" ""
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
demo_server_wait_lessons 1
out=target/xapi
rm -rf "$out" && mkdir -p "$out"

login() { # email, cookie jar
  curl -fsS -c "$2" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"flowline-demo\"}" "$base/api/v1/auth/login" >/dev/null
}
login learner@demo.flowline.test "$data/learner"
login mentor@demo.flowline.test "$data/mentor"
login admin@demo.flowline.test "$data/admin"

# The demo learner watches the first lesson of their feed and answers its check.
curl -fsS -b "$data/learner" "$base/api/v1/feed" >"$data/feed.json"
python3 - "$data/feed.json" >"$data/batch.json" <<'PY'
import json, sys, uuid, datetime
item = next(i for i in json.load(open(sys.argv[1]))["items"] if i["questions"])
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
learner_id="$(curl -fsS -b "$data/learner" "$base/api/v1/me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
curl -fsS -b "$data/mentor" -H 'Content-Type: application/json' \
  -d "{\"learner_id\":\"$learner_id\",\"ksb_codes\":[\"S1\"],\"note\":\"Site set up safely.\",\"occurred_at\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}" \
  "$base/api/v1/mentor/observations" >/dev/null

# Every learner's statements, as the admin.
curl -fsS -b "$data/admin" "$base/api/v1/admin/users" \
  | python3 -c 'import json,sys; [print(u["id"]) for u in json.load(sys.stdin) if u["role"] == "learner"]' \
  >"$data/learners"
while read -r id; do
  curl -fsS -b "$data/admin" "$base/api/v1/learners/$id/statements?limit=500" >"$out/$id.json"
done <"$data/learners"
"$venv/bin/python" scripts/validate_xapi.py "$out"/*.json
