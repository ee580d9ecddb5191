# Sourced by the other scripts: puts the project's own tools first on PATH.
# The npm binaryen wasm-opt must win over any other (Debian's breaks hydration).
FLOWLINE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$FLOWLINE_ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
