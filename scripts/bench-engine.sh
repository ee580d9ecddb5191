#!/usr/bin/env bash
# The engine's cost against a learner's history (scripts/bench_engine.py), on the release
# build, a fresh SQLite database in demo mode. Pass the script's flags through, e.g.
#   scripts/bench-engine.sh --check 2.0
# Build first: cargo leptos build --release --precompress
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x target/release/flowline ] || { echo "Build first: cargo leptos build --release --precompress" >&2; exit 1; }
port="${BENCH_PORT:-3250}"
data="$(mktemp -d /tmp/flowline-bench.XXXXXX)"
FLOWLINE_DATA_DIR="$data" FLOWLINE_DEMO=1 LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  LEPTOS_SITE_ROOT=target/site RUST_LOG=warn ./target/release/flowline serve >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 600); do
  # Ready when the demo lessons are rendered (videos are made on first start).
  n="$(curl -fsS "$base/api/v1/content?standard=ST1332" 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("lessons", [])))' 2>/dev/null || echo 0)"
  [ "$n" -ge 3 ] && break
  sleep 1
done
python3 scripts/bench_engine.py --base "$base" "$@"
