#!/usr/bin/env bash
# The layers, checked from the dependency graph (docs/architecture.md): the browser bundle
# cannot reach the services, storage, search, PDF or RDF stacks, nor tokio's network stack.
# Exits non-zero naming what leaked and the path it came by.
set -euo pipefail
cd "$(dirname "$0")/.."

wasm_tree() {
  cargo tree -p frontend --target wasm32-unknown-unknown -e normal "$@"
}

# Crates that must never be in the wasm build (names as `cargo tree` prints them).
forbidden='^(services|simulate|server|sqlx|sqlx-[a-z]+|libsqlite3-sys|tantivy|krilla|sophia_[a-z0-9]+|fsrs|reqwest|argon2|object_store|tokio-postgres|hyper|axum|leptos_axum|mio)$'

leaks=$(wasm_tree --prefix none --no-dedupe | awk '{print $1}' | sort -u | grep -E "$forbidden" || true)
status=0
if [ -n "$leaks" ]; then
  echo "The browser bundle depends on server-only crates:" >&2
  for c in $leaks; do
    echo "--- $c, reached by:" >&2
    wasm_tree -i "$c" | head -20 >&2
  done
  status=1
fi

# tokio may come in for its sync primitives (IndexedDB's futures), never with sockets.
if wasm_tree -e features -i tokio 2>/dev/null | grep -Eq 'tokio feature "(net|full|rt-multi-thread)"'; then
  echo "The browser bundle switches on tokio's network stack or runtime:" >&2
  wasm_tree -e features -i tokio >&2
  status=1
fi

# Inside flowline-core: domain uses nothing else of the crate; model uses domain; view uses both.
if grep -rnE 'crate::(model|view)\b' app/core/src/domain; then
  echo "domain must not use model or view (the lines above)" >&2
  status=1
fi
if grep -rnE 'crate::view\b' app/core/src/model; then
  echo "model must not use view (the lines above)" >&2
  status=1
fi

# SQL is the store's: outside services' store/ only db.rs (the pool, migrations and the
# health ping) runs a query.
sql_allowed="server/services/src/db.rs"
sql_outside=$(grep -rlE 'sqlx::query' --include=*.rs app server/src server/services/src server/simulate/src \
  | grep -v '^server/services/src/store/' | sort || true)
unexpected=$(comm -23 <(echo "$sql_outside") <(echo "$sql_allowed" | sort) | sed '/^$/d')
if [ -n "$unexpected" ]; then
  echo "SQL outside services' store/ (put it in a store module):" >&2
  echo "$unexpected" >&2
  status=1
fi

# The store is private to services (the compiler says so in every build without the
# storage stories' `test-support` feature); only those stories name it.
if grep -rn 'services::store' --include=*.rs app server/src server/simulate; then
  echo "only services (and the storage stories in server/tests) reach the store (the lines above)" >&2
  status=1
fi

[ "$status" -eq 0 ] && echo "Layers hold: the wasm build has no services, sqlx, tantivy, krilla, sophia or tokio net; domain uses no model or view; no SQL outside the store, which is private to services."
exit "$status"
