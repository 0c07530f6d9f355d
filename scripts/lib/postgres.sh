# shellcheck shell=bash
# A throw-away PostgreSQL 15 server for the test suites. Source this file, then:
#
#   source scripts/lib/postgres.sh
#   pg_start || exit 1          # exports IPHUB_TEST_PG_URL
#   trap pg_stop EXIT
#   ctest ...                   # the db typed suites now also run on PostgreSQL
#
# pg_start initialises a cluster in a fresh temp folder (trust auth, UTF8, locale C), starts it on
# 127.0.0.1 at the first free port from 54329 upward with its unix socket inside the temp folder,
# waits until it accepts connections and exports
#   IPHUB_TEST_PG_URL=postgresql://<user>@127.0.0.1:<port>/postgres
# As root (initdb refuses to run as root) the server runs as the `postgres` user that the Debian
# package creates, and <user> is `postgres`; otherwise it runs as, and connects as, the caller.
# Durability is switched off (fsync=off): the data is disposable.
#
# pg_stop stops the server and removes the folder; it is safe to call twice or without pg_start.
#
# Functions return non-zero with a message on stderr instead of exiting, and work under `set -eu`.

IPHUB_PG_BIN="${IPHUB_PG_BIN:-/usr/lib/postgresql/15/bin}"

# Runs a PostgreSQL binary as the server's owner.
_pg_as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# True when something accepts TCP connections on 127.0.0.1:$1.
_pg_port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pg_start() {
  if [[ -n "${IPHUB_PG_DIR:-}" ]]; then
    echo "pg_start: already running (${IPHUB_PG_DIR}); call pg_stop first" >&2
    return 1
  fi
  local bin="${IPHUB_PG_BIN}"
  if [[ ! -x "${bin}/initdb" || ! -x "${bin}/pg_ctl" ]]; then
    echo "pg_start: PostgreSQL 15 binaries not found in ${bin};" \
      "install the postgresql-15 package" >&2
    return 1
  fi
  local user
  if [[ "$(id -u)" == 0 ]]; then
    if ! id -u postgres >/dev/null 2>&1; then
      echo "pg_start: running as root needs the 'postgres' user" \
        "(created by the postgresql-15 package)" >&2
      return 1
    fi
    user=postgres
  else
    user="$(id -un)"
  fi

  local dir
  dir="$(mktemp -d "${TMPDIR:-/tmp}/iphub-pg.XXXXXX")" || return 1
  if [[ "$(id -u)" == 0 ]]; then
    chown postgres: "${dir}" || { rm -rf "${dir}"; return 1; }
  fi
  if ! _pg_as_owner "${bin}/initdb" -D "${dir}/data" -U "${user}" --auth=trust --encoding=UTF8 \
      --locale=C --no-sync >"${dir}/initdb.log" 2>&1; then
    echo "pg_start: initdb failed:" >&2
    cat "${dir}/initdb.log" >&2
    rm -rf "${dir}"
    return 1
  fi

  local port started="" server_options
  for ((port = 54329; port < 54429; port++)); do
    _pg_port_in_use "${port}" && continue
    server_options="-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=200"
    server_options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if _pg_as_owner "${bin}/pg_ctl" -D "${dir}/data" -l "${dir}/server.log" -w -t 60 \
        -o "${server_options}" start >"${dir}/pg_ctl.log" 2>&1; then
      started=1
      break
    fi
    # Lost a race for the port (or another failure): show why if it was not the port.
    if ! grep -q "could not bind\|Address already in use" "${dir}/server.log" 2>/dev/null; then
      echo "pg_start: pg_ctl start failed:" >&2
      cat "${dir}/pg_ctl.log" "${dir}/server.log" >&2 2>/dev/null
      rm -rf "${dir}"
      return 1
    fi
  done
  if [[ -z "${started}" ]]; then
    echo "pg_start: no free port in 54329..54428" >&2
    rm -rf "${dir}"
    return 1
  fi

  # pg_ctl -w already waited; double-check over TCP, as the tests connect.
  local tries
  for ((tries = 0; tries < 100; tries++)); do
    "${bin}/pg_isready" -q -h 127.0.0.1 -p "${port}" -U "${user}" -d postgres && break
    sleep 0.1
  done
  export IPHUB_PG_DIR="${dir}"
  export IPHUB_PG_PORT="${port}"
  export IPHUB_TEST_PG_URL="postgresql://${user}@127.0.0.1:${port}/postgres"
  if ((tries == 100)); then
    echo "pg_start: server on port ${port} does not accept connections:" >&2
    cat "${dir}/server.log" >&2
    pg_stop
    return 1
  fi
  echo "pg_start: PostgreSQL ready at ${IPHUB_TEST_PG_URL} (data in ${dir})" >&2
}

pg_stop() {
  local dir="${IPHUB_PG_DIR:-}"
  [[ -z "${dir}" ]] && return 0
  if [[ -f "${dir}/data/postmaster.pid" ]]; then
    _pg_as_owner "${IPHUB_PG_BIN}/pg_ctl" -D "${dir}/data" -m fast -w stop >/dev/null 2>&1 ||
      echo "pg_stop: pg_ctl stop failed (see ${dir}/server.log)" >&2
  fi
  rm -rf "${dir}"
  unset IPHUB_PG_DIR IPHUB_PG_PORT IPHUB_TEST_PG_URL
  return 0
}
