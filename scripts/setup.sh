#!/usr/bin/env bash
# Installs what building and testing Flowline needs and is missing. Idempotent: a second
# run finds everything and takes seconds. Never downloads a browser or a prebuilt binary.
#   scripts/setup.sh          build tools (Rust wasm target, cargo-leptos, wasm-bindgen, npm deps)
#                             and the lesson renderer's espeak-ng, ffmpeg and fonts
#   scripts/setup.sh --test   also Chromium, PostgreSQL, poppler-utils and zbar-tools for the
#                             test suite
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/env.sh
want_test=false
[ "${1:-}" = "--test" ] && want_test=true

say() { printf '\033[1;36m==>\033[0m %s\n' "$*"; }

# Root installs Debian packages directly; anyone else goes through sudo.
apt_install() {
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if ! command -v apt-get >/dev/null; then
    echo "Please install: $* (this script knows apt-get only)" >&2
    return 1
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

command -v cargo >/dev/null || { echo "Rust is required: https://rustup.rs" >&2; exit 1; }
command -v npm >/dev/null || { say "Installing Node.js and npm"; apt_install nodejs npm; }

if ! rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown; then
  say "Adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null)" != "cargo-leptos 0.3.11" ]; then
  say "Installing cargo-leptos 0.3.11 (once per machine, ~6 min on 2 cores)"
  # opt-level 1: the tool mostly starts other programs (cargo, wasm-bindgen, wasm-opt); its own
  # work (splitting, compressing) takes seconds either way, and it compiles in 5.9 min, not 9.
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
    cargo install cargo-leptos --version 0.3.11 --locked --ignore-rust-version
fi

# Must match the wasm-bindgen pinned in Cargo.toml exactly.
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen 0.2.130" ]; then
  say "Installing wasm-bindgen-cli 0.2.130 (once per machine, ~2 min)"
  cargo install wasm-bindgen-cli --version 0.2.130 --force
fi

# npm deps: Playwright (driver only, no browser download) and binaryen's wasm-opt.
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "Installing npm packages for end2end/"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# The lesson video renderer: narration, encoding and the on-screen font.
if ! command -v espeak-ng >/dev/null || ! command -v ffmpeg >/dev/null || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ]; then
  say "Installing espeak-ng, ffmpeg and DejaVu fonts (Debian) for lesson videos"
  apt_install espeak-ng ffmpeg fonts-dejavu-core
fi

if $want_test; then
  if ! command -v chromium >/dev/null; then
    say "Installing Chromium (Debian)"
    apt_install chromium
  fi
  if ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null || ! command -v zbarimg >/dev/null; then
    say "Installing poppler-utils and zbar-tools (Debian): the portfolio check reads the PDF's text and QR code"
    apt_install poppler-utils zbar-tools
  fi
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${FLOWLINE_TEST_POSTGRES_URL:-}" ]; then
    say "Installing PostgreSQL (Debian)"
    apt_install postgresql
  fi
fi
