# Sourced by the benchmark scripts: the release build in demo mode on a fresh data dir.
#   demo_server_start PORT DATA_DIR [core] [VAR=value …]   sets $server and $base
#   demo_server_wait_lessons N                              waits until N demo lessons are rendered
#   demo_server_wait_renders                                waits until no demo lesson is left to render
demo_server_start() {
  local port="$1" data="$2" core="${3:-}"
  shift 3 || shift $#
  local pin=()
  [ -n "$core" ] && pin=(taskset -c "$core")
  env "$@" FLOWLINE_DATA_DIR="$data" FLOWLINE_DEMO=1 LEPTOS_SITE_ADDR="127.0.0.1:$port" \
    LEPTOS_SITE_ROOT=target/site RUST_LOG=warn "${pin[@]}" ./target/release/flowline serve \
    >"$data/server.log" 2>&1 &
  server=$!
  base="http://127.0.0.1:$port"
}

demo_server_wait_lessons() {
  local want="$1" n jar="$data/wait.cookies"
  for _ in $(seq 1 600); do
    # The lesson list is for signed-in people: the demo learner's session.
    [ -s "$jar" ] || curl -fsS -c "$jar" -H 'Content-Type: application/json' \
      -d '{"email":"learner@demo.flowline.test","password":"flowline-demo"}' \
      "$base/api/v1/auth/login" >/dev/null 2>&1 || rm -f "$jar"
    # Videos are rendered on first start: ready when enough lessons are published with one.
    n="$(curl -fsS -b "$jar" "$base/api/v1/content?standard=ST1332" 2>/dev/null \
      | python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("lessons", [])))' 2>/dev/null || echo 0)"
    [ "$n" -ge "$want" ] && return 0
    kill -0 "$server" 2>/dev/null || { cat "$data/server.log" >&2; return 1; }
    sleep 1
  done
  echo "the demo lessons were not ready in time" >&2
  return 1
}

demo_server_wait_renders() {
  # Every demo lesson rendered: a render takes a core for seconds and would weigh on what is measured.
  local left jar="$data/wait.cookies"
  for _ in $(seq 1 900); do
    left="$(curl -fsS -b "$jar" "$base/api/v1/feed" 2>/dev/null \
      | python3 -c 'import json,sys; print(json.load(sys.stdin).get("rendering", 1))' 2>/dev/null || echo 1)"
    [ "$left" = 0 ] && return 0
    kill -0 "$server" 2>/dev/null || { cat "$data/server.log" >&2; return 1; }
    sleep 1
  done
  echo "the demo lessons were still rendering" >&2
  return 1
}
