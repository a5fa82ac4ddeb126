#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store's tests and benchmark, on a free local port.
#   bash .ci/postgres.sh start DIR   installs PostgreSQL through apt if missing, initdb into DIR,
#                                    starts it on 127.0.0.1 and prints its URL on stdout
#   bash .ci/postgres.sh stop DIR    stops it and removes DIR
# initdb refuses to run as root, so as root the cluster belongs to the `postgres` user that
# Debian's package creates. Progress goes to stderr: stdout is only the URL.
set -euo pipefail
command=${1:?usage: postgres.sh start|stop DIR}
dir=${2:?usage: postgres.sh start|stop DIR}

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
  start)
    bin=$(find_bin)
    if [ -z "$bin" ]; then
      echo "postgres.sh: installing PostgreSQL (apt-get install postgresql)" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2
      apt-get install -y -qq postgresql >&2
      bin=$(find_bin)
    fi
    [ -n "$bin" ] || { echo "postgres.sh: no PostgreSQL binaries after install" >&2; exit 1; }
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    as_owner "$bin/initdb" -D "$dir/data" -U storybot --auth=trust -E UTF8 --no-sync >/dev/null
    # fsync off: a test cluster is thrown away, and the machine is shared with other work.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2
    echo "postgres://storybot@127.0.0.1:$port/postgres"
    ;;
  stop)
    bin=$(find_bin)
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: postgres.sh start|stop DIR" >&2; exit 2 ;;
esac
