#!/usr/bin/env bash
# Runs every Flowline test: unit and property tests, the storage and HTTP suites on SQLite
# and PostgreSQL, and the browser tests in Chromium against the release build.
# Installs what is missing first (see scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
source scripts/env.sh
source scripts/postgres.sh
source scripts/fsrs-venv.sh
source scripts/standins-venv.sh
echo "PostgreSQL for tests: $FLOWLINE_TEST_POSTGRES_URL"

echo "==> Unit, storage and HTTP tests (SQLite and PostgreSQL)"
cargo test -p flowline-core -p services -p simulate -p app -p server --features app/ssr

echo "==> Release build (shared by the browser tests and scripts/run.sh)"
cargo leptos build --release --split --precompress

echo "==> A learner's history does not slow them down (engine benchmark, ratio check)"
scripts/bench-engine.sh --check 2.0

echo "==> The learner simulation: 500 apprentices under three policies, under a minute, and the report in docs/ is current"
scripts/simulate-report.sh --check

echo "==> Evidence as xAPI statements, validated by an independent implementation (ralph)"
scripts/xapi-check.sh

echo "==> The portfolio PDF: its text extracts, its QR code opens a working verify page (poppler, zbar)"
scripts/portfolio-check.sh

echo "==> API fuzzing from the OpenAPI document (schemathesis)"
scripts/fuzz.sh

echo "==> Browser tests (Chromium)"
(cd end2end && npx playwright test)

echo "All Flowline tests passed."
