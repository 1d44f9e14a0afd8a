#!/usr/bin/env bash
# Runs Tempest 47's volume API suite against `ember serve` with Ember's identity, as Cinder 29 was run
# for Tests/tempest/cinder29-tempest-api-volume.tsv (the facts are in that folder's README), and
# compares the result per test id: fails if a test Cinder passes does not pass here. One change from
# that run: manage_volume and manage_snapshot are on (Cinder's fake driver could not manage, Ember's
# file backend can), and the volume one must pass too (the snapshot one needs Neutron, so it skips).
#   bash scripts/tempest.sh [EMBER_BIN]
# Tempest lives in its own venv (.tempest-venv, PyPI); the server and the workspace in a temporary dir.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
ember="${1:-$(swift build --show-bin-path)/ember}"
venv="$root/.tempest-venv"
if [ ! -x "$venv/bin/tempest" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "tempest==47.0.0"
fi

work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$ember" serve --auth keystone --data-dir "$work/data" --listen "127.0.0.1:$port" --report-interval 1 \
    > "$work/serve.out" 2> "$work/serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
password="$(python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["clouds"]["ember"]["auth"]["password"])' "$work/data/clouds.yaml")"
pools="$(curl -s "http://127.0.0.1:$port/v3/scheduler-stats/get_pools?detail=True" -H "X-Auth-Token: $(
    curl -s -i -X POST "http://127.0.0.1:$port/identity/v3/auth/tokens" -H 'Content-Type: application/json' -d "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"admin\", \"domain\": {\"id\": \"default\"}, \"password\": \"$password\"}}}, \"scope\": {\"project\": {\"name\": \"admin\", \"domain\": {\"id\": \"default\"}}}}}" \
        | tr -d '\r' | sed -n 's/^[Xx]-[Ss]ubject-[Tt]oken: //p')")"
capability() { python3 -c 'import json, sys; print(json.loads(sys.argv[1])["pools"][0]["capabilities"][sys.argv[2]])' "$pools" "$1"; }
maximum="$(curl -s "http://127.0.0.1:$port/v3/" | python3 -c 'import json, sys; print(json.load(sys.stdin)["versions"][0]["version"])')"

cd "$work"
# A workspace name of its own: Tempest keeps a registry of names and refuses one it has seen.
"$venv/bin/tempest" init --name "ember-$(basename "$work")" workspace > /dev/null
cat > workspace/etc/tempest.conf <<CONF
[auth]
use_dynamic_credentials = true
admin_username = admin
admin_password = $password
admin_project_name = admin
admin_domain_name = Default
[identity]
uri_v3 = http://127.0.0.1:$port/identity/v3
auth_version = v3
region = RegionOne
v3_endpoint_type = public
[identity-feature-enabled]
api_v2 = false
[service_available]
cinder = true
nova = false
neutron = false
swift = false
glance = true
[volume]
catalog_type = volumev3
backend_names = $(capability volume_backend_name)
storage_protocol = $(capability storage_protocol)
vendor_name = $(capability vendor_name)
min_microversion = 3.0
max_microversion = $maximum
volume_size = 1
manage_volume_ref = source-name,unmanaged-volume-%s
manage_snapshot_ref = source-name,unmanaged-snapshot-%s
build_interval = 1
build_timeout = 120
[volume-feature-enabled]
backup = false
snapshot = true
clone = true
manage_snapshot = true
manage_volume = true
extend_attached_volume = false
extend_attached_encrypted_volume = false
extend_volume_with_snapshot = true
multi_backend = false
replication = false
api_extensions = all
[enforce_scope]
cinder = true
[validation]
run_validation = false
CONF
cd workspace
start=$(date +%s)
"$venv/bin/tempest" run --regex '^tempest\.api\.volume' --exclude-list "$root/Tests/tempest/exclude-needs-glance.txt" \
    --concurrency 2 > "$work/tempest.log" 2>&1 || true
seconds=$(( $(date +%s) - start ))
"$venv/bin/stestr" last --subunit > "$work/results.subunit"
"$venv/bin/python" "$root/scripts/tempest_compare.py" "$work/results.subunit" "$root/Tests/tempest/cinder29-tempest-api-volume.tsv" \
    --seconds "$seconds" --json "$work/tempest-result.json" \
    --require tempest.api.volume.admin.test_volume_manage.VolumeManageAdminTest.test_unmanage_manage_volume
