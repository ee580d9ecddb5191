#!/usr/bin/env bash
# Runs every Flowline test: unit and property tests, the storage and HTTP suites on SQLite
# and PostgreSQL, and the browser tests in Chromium against the release build.
# Installs what is missing first (see scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
source scripts/env.sh
source scripts/postgres.sh
echo "PostgreSQL for tests: $FLOWLINE_TEST_POSTGRES_URL"

echo "==> Unit, storage and HTTP tests (SQLite and PostgreSQL)"
cargo test -p app --features ssr
# The page-rendering stories run on their own, one at a time: run alongside the other stories,
# a server-side page render (SSR) has hung now and then (2 of 5 full runs; cause not found,
# see the issue-6 closing note). Apart, they have not.
cargo test -p server -- --skip pages::
cargo test -p server --test api -- pages:: --test-threads=1

echo "==> Release build (shared by the browser tests and scripts/run.sh)"
cargo leptos build --release

echo "==> Browser tests (Chromium)"
(cd end2end && npx playwright test)

echo "All Flowline tests passed."
