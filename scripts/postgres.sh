#!/usr/bin/env bash
# Runs a throw-away PostgreSQL 15 server on one address (loopback unless told; off loopback it takes
# clients on that address's own subnet), in the foreground, for the PostgreSQL store's tests and the
# distributed-mode tests:
#   bash scripts/postgres.sh DIR PORT [ADDRESS]
# DIR gets the cluster (owned by the postgres user: the server refuses to run as root, so DIR's
# parent must be one that user can enter, such as a directory of mode 0711 under /var/tmp). The
# superuser `ember` has password "ember-test" and the database `ember` exists (a test server only).
# EMBER_PG_MAX_CONNECTIONS sets max_connections (100 by default, as PostgreSQL's own).
# With EMBER_STOP_WITH_PID set, the server stops (and DIR is removed) once that process has ended:
# the Swift tests start it so, and leave no server behind however they end. EMBER_KEEP_DIR=1 keeps
# DIR, so a test can stop the server and start it again on the same data.
# Needs Debian's postgresql (scripts/setup.sh installs it).
set -euo pipefail
dir="$1"
port="$2"
address="${3:-127.0.0.1}"
[[ "$port" =~ ^[0-9]+$ ]] || { echo "postgres.sh: PORT must be a number" >&2; exit 2; }
[[ "$address" =~ ^[0-9.]+$ ]] || { echo "postgres.sh: ADDRESS must be an IPv4 address" >&2; exit 2; }
bin=/usr/lib/postgresql/15/bin
as_postgres=(runuser -u postgres --)
[ "$(id -u)" -eq 0 ] || as_postgres=()
mkdir -p "$dir"
chmod 700 "$dir"
[ "$(id -u)" -ne 0 ] || chown postgres:postgres "$dir"
if [ ! -f "$dir/PG_VERSION" ]; then
    "${as_postgres[@]}" "$bin/initdb" -D "$dir" -U ember --auth-local=peer --auth-host=scram-sha-256 --no-sync -E UTF8 > /dev/null
    printf "listen_addresses = '%s'\nport = %s\nunix_socket_directories = '%s'\nfsync = off\nmax_connections = %s\n" \
        "$address" "$port" "$dir" "${EMBER_PG_MAX_CONNECTIONS:-100}" >> "$dir/postgresql.conf"
    # Off loopback, clients on the server's own subnets may connect too (with the password).
    [ "$address" = "127.0.0.1" ] || printf "host all all samenet scram-sha-256\n" >> "$dir/pg_hba.conf"
    printf "ALTER ROLE ember PASSWORD 'ember-test';\nCREATE DATABASE ember;\n" | "${as_postgres[@]}" "$bin/postgres" --single -D "$dir" template1 > /dev/null
fi
if [ -z "${EMBER_STOP_WITH_PID:-}" ]; then
    exec "${as_postgres[@]}" "$bin/postgres" -D "$dir"
fi
[[ "$EMBER_STOP_WITH_PID" =~ ^[0-9]+$ ]] || { echo "postgres.sh: EMBER_STOP_WITH_PID must be a number" >&2; exit 2; }
"${as_postgres[@]}" "$bin/postgres" -D "$dir" > "$dir.log" 2>&1 &
server=$!
while kill -0 "$EMBER_STOP_WITH_PID" 2> /dev/null && kill -0 "$server" 2> /dev/null; do sleep 1; done
# runuser does not pass signals on, so the server is told to stop by pg_ctl.
"${as_postgres[@]}" "$bin/pg_ctl" stop -D "$dir" -m fast > /dev/null 2>&1 || true
wait "$server" || true
[ -n "${EMBER_KEEP_DIR:-}" ] || rm -rf "$dir" "$dir.log"
