#!/usr/bin/env bash
# Runs a throw-away RabbitMQ broker on one address (loopback unless told), in the foreground, for the
# AMQP bus's tests and the distributed-mode tests:
#   bash scripts/rabbitmq.sh DIR PORT [ADDRESS]
# DIR gets the node's database, logs and Erlang cookie. The node is named after the port, so several
# can run on one machine; its distribution port is PORT+20000 and its epmd listens on PORT+10000, on
# loopback. The user `ember` has password "ember-test" on vhost `/` (a test broker only; the default
# guest account is removed). With EMBER_STOP_WITH_PID set, the broker stops (and DIR is removed) once
# that process has ended, as scripts/postgres.sh does for the tests (EMBER_KEEP_DIR=1 keeps DIR, so a
# restarted broker finds its durable queues and persistent messages). Needs Debian's rabbitmq-server
# (scripts/setup.sh installs it).
set -euo pipefail
dir="$1"
port="$2"
address="${3:-127.0.0.1}"
[[ "$port" =~ ^[0-9]+$ ]] && ((port < 45000)) || { echo "rabbitmq.sh: PORT must be a number below 45000" >&2; exit 2; }
[[ "$address" =~ ^[0-9.]+$ ]] || { echo "rabbitmq.sh: ADDRESS must be an IPv4 address" >&2; exit 2; }
mkdir -p "$dir"
chmod 700 "$dir"
dir="$(cd "$dir" && pwd)"
export HOME="$dir"
export RABBITMQ_NODENAME="ember$port@localhost"
export RABBITMQ_NODE_IP_ADDRESS="$address"
export RABBITMQ_NODE_PORT="$port"
export RABBITMQ_DIST_PORT=$((port + 20000))
export ERL_EPMD_PORT=$((port + 10000))
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_MNESIA_BASE="$dir/mnesia"
export RABBITMQ_LOG_BASE="$dir/log"
export RABBITMQ_CONFIG_FILE="$dir/rabbitmq"
export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
export RABBITMQ_PID_FILE="$dir/rabbitmq.pid"
# Erlang's distribution listens on loopback too, not on every address.
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
# The VM writes crash dumps (erl_crash.dump, MnesiaCore.*) to its working directory: keep them in DIR.
cd "$dir"
printf '[].\n' > "$dir/enabled_plugins"
cat > "$dir/rabbitmq.conf" <<CONF
listeners.tcp.default = $address:$port
loopback_users = none
default_user = ember
default_pass = ember-test
management.tcp.port = 0
log.console = true
log.file = false
CONF
if [ -z "${EMBER_STOP_WITH_PID:-}" ]; then
    exec /usr/lib/rabbitmq/bin/rabbitmq-server
fi
[[ "$EMBER_STOP_WITH_PID" =~ ^[0-9]+$ ]] || { echo "rabbitmq.sh: EMBER_STOP_WITH_PID must be a number" >&2; exit 2; }
/usr/lib/rabbitmq/bin/rabbitmq-server > "$dir.log" 2>&1 &
server=$!
while kill -0 "$EMBER_STOP_WITH_PID" 2> /dev/null && kill -0 "$server" 2> /dev/null; do sleep 1; done
# The Erlang VM is a child of rabbitmq-server's shell script, named in its argv by its home directory.
vm="-home $dir -epmd_port"
kill -TERM "$server" 2> /dev/null || true
pkill -TERM -f -- "$vm" 2> /dev/null || true
for _ in $(seq 1 50); do pgrep -f -- "$vm" > /dev/null || break; sleep 0.2; done
pkill -KILL -f -- "$vm" 2> /dev/null || true
pkill -KILL -f -- "-s rabbit_disk_monitor" -P "$server" 2> /dev/null || true
# epmd refuses to stop while it still lists the node, which it forgets a moment after the VM is gone.
for _ in $(seq 1 25); do /usr/bin/epmd -kill > /dev/null 2>&1 && break; sleep 0.2; done
[ -n "${EMBER_KEEP_DIR:-}" ] || rm -rf "$dir" "$dir.log"
