#!/usr/bin/env bash
# Runs a throw-away PostgreSQL 15 server on one address (loopback unless told), in the foreground,
# for the PostgreSQL store's tests and the distributed-mode tests:
#   bash scripts/postgres.sh DIR PORT [ADDRESS]
# DIR gets the cluster (owned by the postgres user: the server refuses to run as root, so DIR's
# parent must be one that user can enter, such as a directory of mode 0711 under /var/tmp). The
# superuser `ember` has password "ember-test" and the database `ember` exists (a test server only).
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
    printf "listen_addresses = '%s'\nport = %s\nunix_socket_directories = '%s'\nfsync = off\nmax_connections = 100\n" \
        "$address" "$port" "$dir" >> "$dir/postgresql.conf"
    printf "ALTER ROLE ember PASSWORD 'ember-test';\nCREATE DATABASE ember;\n" | "${as_postgres[@]}" "$bin/postgres" --single -D "$dir" template1 > /dev/null
fi
exec "${as_postgres[@]}" "$bin/postgres" -D "$dir"
