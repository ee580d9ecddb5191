# Sourced by scripts/test.sh: makes sure a PostgreSQL server answers for the storage and API
# suites and exports FLOWLINE_TEST_POSTGRES_URL. Uses the given URL if one is set; otherwise
# starts a private throw-away cluster on 127.0.0.1:55432 (trust auth, loopback only).

pg_private_start() {
  local port=55432
  local url="postgres://flowline@127.0.0.1:${port}/postgres"
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$bin" ]; then
    echo "PostgreSQL is not installed (scripts/setup.sh --test installs it)" >&2
    return 1
  fi
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    export FLOWLINE_TEST_POSTGRES_URL="$url"
    return 0
  fi
  local data="/tmp/flowline-pg-$(id -u)"
  local as=()
  # PostgreSQL refuses to run as root: the cluster belongs to the postgres user then.
  if [ "$(id -u)" -eq 0 ]; then as=(runuser -u postgres --); fi
  if [ ! -f "$data/PG_VERSION" ]; then
    rm -rf "$data"
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
    "${as[@]}" "$bin/initdb" -D "$data" -U flowline --auth=trust -E UTF8 >/dev/null
  fi
  "${as[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  export FLOWLINE_TEST_POSTGRES_URL="$url"
}

if [ -z "${FLOWLINE_TEST_POSTGRES_URL:-}" ]; then
  pg_private_start
fi
