#!/usr/bin/env bash
# Makes, or removes, a throw-away test network of network namespaces on this machine, for the
# distributed-mode test's hosts:
#   bash scripts/testnet.sh up PREFIX OCTET NAME...
#   bash scripts/testnet.sh down PREFIX NAME...
# `up` makes a bridge named PREFIX in this namespace at 10.251.OCTET.1/24, and for each NAME a
# namespace PREFIX-NAME whose loopback is up and whose veth on the bridge has the next address
# (10.251.OCTET.2, .3, ...); it prints "NAME ADDRESS" for each. Every address is on this machine: the
# namespaces reach each other and this namespace over the bridge, and nothing is routed further
# (no default route, no forwarding). `down` removes them, and `up` first removes what an earlier run
# with the same PREFIX left. Needs root and iproute2.
set -euo pipefail
action="${1:-}"
prefix="${2:-}"
[[ "$prefix" =~ ^[a-z][a-z0-9]{0,7}$ ]] || { echo "testnet.sh: PREFIX must be 1-8 lower-case letters and digits" >&2; exit 2; }

remove() {
    local name
    for name in "$@"; do
        ip netns delete "$prefix-$name" 2> /dev/null || true
        ip link delete "$prefix-$name" 2> /dev/null || true
    done
    ip link delete "$prefix" 2> /dev/null || true
}

case "$action" in
up)
    octet="$3"
    shift 3
    [[ "$octet" =~ ^[0-9]+$ ]] && ((octet >= 1 && octet <= 254)) || { echo "testnet.sh: OCTET must be 1-254" >&2; exit 2; }
    (($# >= 1 && $# <= 250)) || { echo "testnet.sh: name one to 250 hosts" >&2; exit 2; }
    for name in "$@"; do
        [[ "$name" =~ ^[a-z][a-z0-9]{0,5}$ ]] || { echo "testnet.sh: NAME must be 1-6 lower-case letters and digits" >&2; exit 2; }
    done
    remove "$@"
    ip link add "$prefix" type bridge
    ip addr add "10.251.$octet.1/24" dev "$prefix"
    ip link set "$prefix" up
    host=2
    for name in "$@"; do
        namespace="$prefix-$name"
        address="10.251.$octet.$host"
        ip netns add "$namespace"
        ip -n "$namespace" link set lo up
        ip link add "$namespace" type veth peer name eth0 netns "$namespace"
        ip link set "$namespace" master "$prefix" up
        ip -n "$namespace" addr add "$address/24" dev eth0
        ip -n "$namespace" link set eth0 up
        echo "$name $address"
        host=$((host + 1))
    done
    ;;
down)
    shift 2
    remove "$@"
    ;;
*)
    echo "usage: testnet.sh up PREFIX OCTET NAME... | down PREFIX NAME..." >&2
    exit 2
    ;;
esac
