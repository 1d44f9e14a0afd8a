"""The everyday Cinder API through unchanged clients: openstackclient (admin_token auth, so the
noauth token can carry roles) and python-cinderclient, against `ember serve --auth noauth`.

openstackclient's `quota set/show` resolve the project through Keystone, which noauth mode lacks, so
quotas are driven through cinderclient's `quota-update` / `quota-show` / `quota-usage` here
(test_identity.py runs `openstack quota set/show` with identity)."""
import hashlib
import json
import os
import subprocess

from conftest import wait_for

API_VERSION = "3.60"


def osc(ember, *args, token="u1:demo", expect_ok=True):
    argv = ["openstack", "--os-auth-type", "admin_token", "--os-token", token,
            "--os-endpoint", f"{ember.url}/v3/demo", "--os-volume-api-version", API_VERSION, *args]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    if expect_ok:
        assert result.returncode == 0, f"{args}: {result.stderr}"
    return result


def osc_json(ember, *args, **kwargs):
    return json.loads(osc(ember, *args, "-f", "json", **kwargs).stdout)


def cinder(ember, *args, admin=False):
    project = "demo:admin" if admin else "demo"  # the noauth token is "user:project[:roles]"
    argv = ["cinder", "--os-auth-type", "noauth", "--os-user-id", "u1", "--os-project-id", project,
            "--os-endpoint", f"{ember.url}/v3/demo", "--os-volume-api-version", API_VERSION, *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=60)


def status(ember, kind, name):
    return osc_json(ember, *kind.split(), "show", name)["status"]


def wait_status(ember, kind, name, wanted):
    wait_for(lambda: status(ember, kind, name) == wanted, timeout=30)


def volume_file(ember, volume_id):
    return os.path.join(ember.data_dir, "volumes", f"volume-{volume_id}")


def digest(path, length=None):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        remaining = length if length is not None else os.path.getsize(path)
        while remaining > 0:
            chunk = f.read(min(remaining, 1 << 22))
            if not chunk:
                break
            h.update(chunk)
            remaining -= len(chunk)
    return h.hexdigest()


def write_pattern(path, seed):
    with open(path, "r+b") as f:
        f.seek(3 << 20)
        f.write(bytes((i * 7 + seed) % 251 for i in range(1 << 20)))


def test_volumes_snapshots_and_copies_through_openstackclient(ember):
    created = osc_json(ember, "volume", "create", "--size", "1", "--property", "tier=gold", "source")
    wait_status(ember, "volume", "source", "available")
    source_path = volume_file(ember, created["id"])
    write_pattern(source_path, seed=1)
    at_snapshot = digest(source_path)

    osc(ember, "volume", "snapshot", "create", "--volume", "source", "snap")
    wait_status(ember, "volume snapshot", "snap", "available")
    snapshot = osc_json(ember, "volume", "snapshot", "show", "snap")
    assert (snapshot["size"], snapshot["volume_id"]) == (1, created["id"])
    assert [s["Name"] for s in osc_json(ember, "volume", "snapshot", "list")] == ["snap"]
    write_pattern(source_path, seed=2)
    after_snapshot = digest(source_path)
    assert after_snapshot != at_snapshot

    from_snapshot = osc_json(ember, "volume", "create", "--snapshot", "snap", "--size", "2", "from-snap")
    from_source = osc_json(ember, "volume", "create", "--source", "source", "from-source")
    wait_status(ember, "volume", "from-snap", "available")
    wait_status(ember, "volume", "from-source", "available")
    assert digest(volume_file(ember, from_snapshot["id"]), 1 << 30) == at_snapshot
    assert os.path.getsize(volume_file(ember, from_snapshot["id"])) == 2 << 30
    assert digest(volume_file(ember, from_source["id"])) == after_snapshot

    refused = osc(ember, "volume", "delete", "source", expect_ok=False)
    assert refused.returncode != 0 and "dependent snapshots" in refused.stderr

    osc(ember, "volume", "set", "--size", "3", "--name", "renamed", "--property", "k=v", "source")
    wait_status(ember, "volume", "renamed", "available")
    shown = osc_json(ember, "volume", "show", "renamed")
    assert shown["size"] == 3 and shown["properties"] == {"tier": "gold", "k": "v"}
    assert os.path.getsize(source_path) == 3 << 30
    listed = {v["Name"]: v["Status"] for v in osc_json(ember, "volume", "list")}
    assert listed == {"renamed": "available", "from-snap": "available", "from-source": "available"}

    osc(ember, "volume", "snapshot", "delete", "snap")
    wait_for(lambda: not osc_json(ember, "volume", "snapshot", "list"), timeout=30)
    osc(ember, "volume", "delete", "renamed", "from-snap", "from-source")
    wait_for(lambda: not osc_json(ember, "volume", "list"), timeout=30)
    assert os.listdir(os.path.join(ember.data_dir, "volumes")) == []


def test_types_zones_and_services_through_openstackclient(ember):
    admin = "u1:demo:admin"
    denied = osc(ember, "volume", "type", "create", "gold", expect_ok=False)
    assert denied.returncode != 0 and "403" in denied.stderr
    osc(ember, "volume", "type", "create", "--property", "volume_backend_name=file", "gold", token=admin)
    osc(ember, "volume", "type", "set", "--property", "tier=1", "gold", token=admin)
    types = {t["Name"]: t for t in osc_json(ember, "volume", "type", "list", "--long", token=admin)}
    assert set(types) == {"__DEFAULT__", "gold"}
    assert types["gold"]["Properties"] == {"volume_backend_name": "file", "tier": "1"}
    osc(ember, "volume", "create", "--size", "1", "--type", "gold", "typed")
    wait_status(ember, "volume", "typed", "available")
    assert osc_json(ember, "volume", "show", "typed")["type"] == "gold"
    in_use = osc(ember, "volume", "type", "delete", "gold", token=admin, expect_ok=False)
    assert in_use.returncode != 0
    osc(ember, "volume", "delete", "typed")
    wait_for(lambda: not osc_json(ember, "volume", "list"), timeout=30)
    osc(ember, "volume", "type", "delete", "gold", token=admin)
    assert [t["Name"] for t in osc_json(ember, "volume", "type", "list")] == ["__DEFAULT__"]

    zones = osc_json(ember, "availability", "zone", "list", "--volume")
    assert [(z["Zone Name"], z["Zone Status"]) for z in zones] == [("nova", "available")]
    services = osc_json(ember, "volume", "service", "list", token=admin)
    assert {(s["Binary"], s["State"]) for s in services} == {("cinder-scheduler", "up"), ("cinder-volume", "up")}


def table(output):
    """The rows of a cinderclient table, as lists of stripped cells."""
    rows = [[cell.strip() for cell in line.split("|")[1:-1]] for line in output.splitlines() if line.startswith("| ")]
    return rows[1:]


def field(output, name):
    """One property of a cinderclient `show`-style table."""
    return {row[0]: row[1] for row in table(output)}.get(name)


def test_cinderclient_sort_paging_extend_reset_state_and_quotas(ember):
    for name in ["b-vol", "a-vol", "c-vol"]:
        created = cinder(ember, "create", "--name", name, "1")
        assert created.returncode == 0, created.stderr
    wait_for(lambda: len(table(cinder(ember, "list", "--status", "available").stdout)) == 3, timeout=30)

    def names(*args):
        return [row[2] for row in table(cinder(ember, "list", *args).stdout)]

    assert names("--sort", "name:asc") == ["a-vol", "b-vol", "c-vol"]
    assert names("--sort", "name:desc") == ["c-vol", "b-vol", "a-vol"]
    (first,) = table(cinder(ember, "list", "--sort", "name:asc", "--limit", "1").stdout)
    assert first[2] == "a-vol"
    assert names("--sort", "name:asc", "--limit", "1", "--marker", first[0]) == ["b-vol"]

    assert cinder(ember, "extend", "a-vol", "2").returncode == 0
    wait_for(lambda: field(cinder(ember, "show", "a-vol").stdout, "size") == "2", timeout=30)
    denied = cinder(ember, "reset-state", "--state", "error", "b-vol")
    assert denied.returncode != 0 and "403" in denied.stderr + denied.stdout
    assert cinder(ember, "reset-state", "--state", "error", "b-vol", admin=True).returncode == 0
    assert field(cinder(ember, "show", "b-vol").stdout, "status") == "error"

    assert cinder(ember, "quota-update", "--volumes", "4", "demo", admin=True).returncode == 0
    usage = {row[0]: row[1:] for row in table(cinder(ember, "quota-usage", "demo").stdout)}
    assert usage["volumes"][0] == "3" and usage["volumes"][2] == "4"
    assert usage["gigabytes"][0] == "4"
    assert cinder(ember, "create", "--name", "d-vol", "1").returncode == 0
    over = cinder(ember, "create", "--name", "e-vol", "1")
    assert over.returncode != 0 and "Maximum number of volumes allowed (4)" in over.stderr
    assert field(cinder(ember, "quota-show", "demo").stdout, "volumes") == "4"


def test_two_hundred_concurrent_creates_over_http_against_a_quota_of_fifty(ember):
    """Real sockets, real threads: the quota is enforced in the insert's transaction, so exactly 50 win."""
    import requests
    from concurrent.futures import ThreadPoolExecutor
    admin = {"X-Auth-Token": "u1:race:admin"}
    member = {"X-Auth-Token": "u1:race"}
    assert requests.put(f"{ember.url}/v3/race/os-quota-sets/race", json={"quota_set": {"volumes": 50}}, headers=admin).status_code == 200

    def create(index):
        response = requests.post(f"{ember.url}/v3/race/volumes", json={"volume": {"size": 1, "name": f"q{index}"}}, headers=member)
        return response.status_code, response.json()

    with ThreadPoolExecutor(32) as pool:
        results = list(pool.map(create, range(200)))
    codes = [code for code, _ in results]
    assert codes.count(202) == 50 and codes.count(413) == 150, sorted(set(codes))
    assert all(body["overLimit"]["message"] == "Maximum number of volumes allowed (50) exceeded for quota 'volumes'."
               for code, body in results if code == 413)
    usage = requests.get(f"{ember.url}/v3/race/os-quota-sets/race?usage=True", headers=member).json()["quota_set"]
    listed = requests.get(f"{ember.url}/v3/race/volumes", headers=member).json()["volumes"]
    assert usage["volumes"]["in_use"] == len(listed) == 50
