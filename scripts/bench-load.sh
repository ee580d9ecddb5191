#!/usr/bin/env bash
# The load benchmark (docs/performance.md): goose (bench/load) drives 1,000 simulated
# apprentices — sign up and in, feed, a video's first range, an answer, progress — against the
# release build on a fresh database, server and load generator pinned to separate cores.
#   scripts/bench-load.sh                 SQLite (embedded)
#   scripts/bench-load.sh postgres        PostgreSQL (scripts/postgres.sh starts one if needed)
# Flags after the backend go to goose, e.g. --run-time 30s. The summary splits the sign-in
# wave (1,000 learners arriving at 10 a second, each hashing a password twice) from after it.
# Build first: cargo leptos build --release --split --precompress
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
backend="${1:-sqlite}"; shift || true
[ -x target/release/flowline ] || { echo "Build first: cargo leptos build --release --split --precompress" >&2; exit 1; }
cargo build --release --quiet --manifest-path bench/load/Cargo.toml --target-dir target/load

port="${BENCH_PORT:-3260}"
data="$(mktemp -d /tmp/flowline-load.XXXXXX)"
db_env=()
if [ "$backend" = postgres ]; then
  source scripts/postgres.sh
  name="flowline_load_$$"
  psql "$FLOWLINE_TEST_POSTGRES_URL" -qc "CREATE DATABASE $name" >/dev/null
  db_env=(FLOWLINE_DATABASE_URL="${FLOWLINE_TEST_POSTGRES_URL%/*}/$name")
fi
# Core 0: the server (and PostgreSQL's backends it talks to); core 1: the load generator.
source scripts/demo-server.sh
demo_server_start "$port" "$data" 0 "${db_env[@]}"
cleanup() {
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
  [ "$backend" = postgres ] && psql "$FLOWLINE_TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $name" >/dev/null 2>&1
  rm -rf "$data"
}
trap cleanup EXIT
demo_server_wait_lessons 5
demo_server_wait_renders
users=1000 rate=10
log="target/load/requests-$backend.csv"
taskset -c 1 target/load/release/flowline-load --host "$base" --users "$users" --increase-rate "$rate" \
  --run-time 160s --no-reset-metrics --quiet --request-log "$log" --request-format csv "$@"
echo
echo "p50 / p95 / p99 per request ($backend), from $log:"
python3 scripts/load_summary.py "$log" --wave-seconds $((users / rate))
