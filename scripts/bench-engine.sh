#!/usr/bin/env bash
# The engine's cost against a learner's history (scripts/bench_engine.py), on the release
# build, a fresh SQLite database in demo mode. Pass the script's flags through, e.g.
#   scripts/bench-engine.sh --check 2.0
# Build first: cargo leptos build --release --split --precompress
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x target/release/flowline ] || { echo "Build first: cargo leptos build --release --split --precompress" >&2; exit 1; }
port="${BENCH_PORT:-3250}"
data="$(mktemp -d /tmp/flowline-bench.XXXXXX)"
source scripts/demo-server.sh
demo_server_start "$port" "$data" ""
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
demo_server_wait_lessons 3
python3 scripts/bench_engine.py --base "$base" "$@"
