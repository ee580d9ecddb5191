#!/usr/bin/env bash
# Quick start: installs what is missing, builds in release and serves Flowline on
# http://127.0.0.1:3000 with the embedded SQLite database and the demo accounts.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

cargo leptos build --release --split --precompress

export FLOWLINE_DEMO="${FLOWLINE_DEMO:-1}"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
exec ./target/release/flowline serve
