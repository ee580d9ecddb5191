#!/usr/bin/env bash
# Regenerates the learner simulation's report in docs/ (docs/simulation/simulation.json and
# .svg, and the table in docs/simulation.md) with the release build:
#   scripts/simulate-report.sh           write it
#   scripts/simulate-report.sh --check   regenerate into a temporary copy and fail when the
#                                        committed report differs (the test command runs this)
set -euo pipefail
cd "$(dirname "$0")/.."
args=(simulate --learners 500 --seed 1)
bin=target/release/flowline
[ -x "$bin" ] || { echo "Build first: cargo leptos build --release --split --precompress" >&2; exit 1; }
if [ "${1:-}" = "--check" ]; then
  tmp="$(mktemp -d /tmp/flowline-sim.XXXXXX)"
  trap 'rm -rf "$tmp"' EXIT
  cp docs/simulation.md "$tmp/simulation.md"
  start=$(date +%s)
  "$bin" "${args[@]}" --report "$tmp/simulation" --markdown "$tmp/simulation.md"
  took=$(( $(date +%s) - start ))
  echo "flowline ${args[*]}: ${took} s (budget 60 s)"
  [ "$took" -lt 60 ] || { echo "The simulation took ${took} s: over its one-minute budget" >&2; exit 1; }
  diff -u docs/simulation.md "$tmp/simulation.md"
  diff -u docs/simulation/simulation.json "$tmp/simulation/simulation.json"
  diff -u docs/simulation/simulation.svg "$tmp/simulation/simulation.svg"
  echo "The report in docs/ is what the engine gives now."
else
  "$bin" "${args[@]}" --report docs/simulation --markdown docs/simulation.md
fi
