#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback and export PRIVACY_BOT_TEST_POSTGRES_URL.
# Source this file (`. .ci/postgres.sh`); `stop_postgres` stops the server. Installs PostgreSQL with apt when
# the machine lacks it. PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
# The work runs in a subshell with `set -euo pipefail`, so sourcing it leaves the caller's shell options as they
# were (an interactive shell is not left with errexit on); a failure makes the `.` return 1.

_privacy_bot_pg_start() (  # $1: the file that receives the variables for the caller
  set -euo pipefail
  trap '[ -s "$1" ] || rm -f "$1"' EXIT  # a failure leaves no empty file behind, even if errexit ends the caller

  pg_bindir() {
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
      pg_config --bindir; return
    fi
    for d in /usr/lib/postgresql/*/bin; do
      if [ -x "$d/initdb" ]; then echo "$d"; return; fi
    done
  }

  PG_BIN="$(pg_bindir || true)"
  if [ -z "$PG_BIN" ]; then
    echo "ci: PostgreSQL not found; installing it with apt" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq postgresql >/dev/null
    PG_BIN="$(pg_bindir)"
  fi

  PG_PORT="${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
  PG_DIR="$(mktemp -d /tmp/privacy-bot-pg.XXXXXX)"
  RUN_AS=()
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_DIR"
    RUN_AS=(runuser -u postgres --)
  fi
  "${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync >/dev/null
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c max_connections=200" start >/dev/null
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres privacy_bot_test
  printf 'PG_BIN=%q PG_DIR=%q PG_PORT=%q\n' "$PG_BIN" "$PG_DIR" "$PG_PORT" >"$1"
)

stop_postgres() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  else
    "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  fi
}

# Called as a plain command, not as an `if` condition: there bash would ignore errexit inside the subshell. (Not
# through `$(...)` either: the server would inherit the pipe and the substitution would never end.)
_privacy_bot_pg_env="$(mktemp)"
_privacy_bot_pg_start "$_privacy_bot_pg_env"
_privacy_bot_pg_status=$?
if [ "$_privacy_bot_pg_status" = 0 ]; then
  . "$_privacy_bot_pg_env"
  rm -f "$_privacy_bot_pg_env"
  unset _privacy_bot_pg_env _privacy_bot_pg_status
  export PG_BIN PG_DIR
  export PRIVACY_BOT_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/privacy_bot_test"
  echo "ci: PostgreSQL running at 127.0.0.1:$PG_PORT" >&2
else
  rm -f "$_privacy_bot_pg_env"
  unset _privacy_bot_pg_env _privacy_bot_pg_status
  echo "ci: PostgreSQL did not start" >&2
  return 1 2>/dev/null || exit 1
fi
