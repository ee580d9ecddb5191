#!/usr/bin/env bash
# A new learner's time to the first video frame on weak connections (Chromium's network
# emulation: unthrottled, Slow 4G, one bar), on the release build in demo mode, a fresh data dir.
#   scripts/bench-first-frame.sh [runs]        (default 5 per profile)
# Build first: cargo leptos build --release --split --precompress
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
[ -x target/release/flowline ] || { echo "Build first: cargo leptos build --release --split --precompress" >&2; exit 1; }
port="${BENCH_PORT:-3260}"
data="$(mktemp -d /tmp/flowline-frame.XXXXXX)"
source scripts/demo-server.sh
demo_server_start "$port" "$data" ""
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
demo_server_wait_lessons 3
node end2end/tools/first-frame.mjs "$base" "${1:-5}"
