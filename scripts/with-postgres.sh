#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: initdb in a temporary directory,
# start it on a free loopback port, export DOINGOAI_DATABASE_URL, run "$@", stop and delete.
set -euo pipefail
PG_BIN=${PG_BIN:-$(dirname "$(readlink -f "$(command -v initdb || echo /usr/lib/postgresql/15/bin/initdb)")")}
if [ ! -x "$PG_BIN/initdb" ]; then
  echo "PostgreSQL (initdb/pg_ctl) is required: apt-get install postgresql" >&2
  exit 1
fi
DIR=$(mktemp -d /tmp/doingoai-pg.XXXXXX)
PORT=${PGTEST_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
RUN=""
if [ "$(id -u)" = "0" ]; then
  chown postgres "$DIR"
  RUN="runuser -u postgres --"
fi
cleanup() {
  $RUN "$PG_BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
$RUN "$PG_BIN/initdb" -D "$DIR/data" -E UTF8 --locale=C.UTF-8 -A trust -U postgres >/dev/null
$RUN "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
export DOINGOAI_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
echo "PostgreSQL $("$PG_BIN/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$PORT"
"$@"
