"""Distributed mode with real parts, over a network: the test makes network namespaces on a bridge
(scripts/testnet.sh), a controller host running PostgreSQL 15 and RabbitMQ (started by the project's
scripts), two `ember api` and two `ember scheduler` processes, and two volume hosts, each running `ember
volume` with its own data dir, file backend and tgtd portal. python-cinderclient, openstackclient and
libiscsi drive it from this namespace. Then the faults: a volume host and a scheduler SIGKILLed, the
broker and the database restarted."""
import os
import re
import shutil
import signal
import socket
import subprocess
import time

import pytest
import requests
from cinderclient import client as cinder_client
from keystoneauth1 import session
from keystoneauth1.identity import v3

from conftest import EMBER_BIN, EmberServer, free_port, wait_for

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
PG_CTL = "/usr/lib/postgresql/15/bin/pg_ctl"
INITIATOR = "iqn.1994-05.com.example:distributed"
TRANSITIONAL = {"creating", "deleting", "downloading", "extending", "attaching", "detaching", "reserved"}


def port_open(port, address="127.0.0.1"):
    try:
        socket.create_connection((address, port), timeout=0.5).close()
        return True
    except OSError:
        return False


class Network:
    """The test's hosts: network namespaces on a bridge of their own (scripts/testnet.sh), each with
    one address; this namespace is on the bridge too, as the clients' host."""

    def __init__(self, names):
        self.prefix, self.names = f"emb{os.getpid() % 100000}", names
        made = subprocess.run(["bash", os.path.join(ROOT, "scripts", "testnet.sh"), "up", self.prefix, str(20 + os.getpid() % 200), *names],
                              capture_output=True, text=True, timeout=60)
        assert made.returncode == 0, made.stderr
        self.addresses = dict(line.split() for line in made.stdout.splitlines())
        self.client_address = self.addresses[names[0]].rsplit(".", 1)[0] + ".1"

    def run_in(self, name):
        """The argv prefix that runs a command on host `name`."""
        return ["ip", "netns", "exec", f"{self.prefix}-{name}"]

    def remove(self):
        subprocess.run(["bash", os.path.join(ROOT, "scripts", "testnet.sh"), "down", self.prefix, *self.names], timeout=60)


class ScriptServer:
    """scripts/postgres.sh or scripts/rabbitmq.sh on `address` (run with `wrapper`, in the host's
    namespace), stopping with this process. Its directory is kept across a stop, so `start()` again
    finds the same data."""

    def __init__(self, script, directory, port, address, wrapper):
        self.script, self.directory, self.port, self.address, self.wrapper = script, directory, port, address, wrapper
        self.start()

    def start(self):
        env = {**os.environ, "EMBER_STOP_WITH_PID": str(os.getpid()), "EMBER_KEEP_DIR": "1"}
        self.process = subprocess.Popen(
            [*self.wrapper, "bash", os.path.join(ROOT, "scripts", self.script), self.directory, str(self.port), self.address],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: port_open(self.port, self.address), timeout=90, interval=0.2)

    def wait_stopped(self):
        self.process.wait(timeout=60)
        wait_for(lambda: not port_open(self.port, self.address), timeout=30)


class Postgres(ScriptServer):
    def __init__(self, directory, port, address, wrapper):
        super().__init__("postgres.sh", directory, port, address, wrapper)

    def stop(self):
        subprocess.run(["runuser", "-u", "postgres", "--", PG_CTL, "stop", "-D", self.directory, "-m", "fast"],
                       capture_output=True, timeout=60)
        self.wait_stopped()


class RabbitMQ(ScriptServer):
    def __init__(self, directory, port, address, wrapper):
        super().__init__("rabbitmq.sh", directory, port, address, wrapper)

    def stop(self):
        subprocess.run(["pkill", "-TERM", "-f", "--", f"-home {self.directory} -epmd_port"], timeout=30)
        self.wait_stopped()


class Deployment:
    """The processes of a deployment on three hosts (a controller and two volume hosts), and clients
    of its two APIs."""

    def __init__(self, root):
        self.apis, self.schedulers, self.volumes, self.portals = [], [], {}, {}
        self.network = Network(["ctl", "h1", "h2"])
        try:
            self.start_all(root)
        except BaseException:
            self.stop()
            raise

    def start_all(self, root):
        self.root = root
        # PostgreSQL runs as its own user, which must reach its directory: not under pytest's private tmp.
        controller, on_controller = self.network.addresses["ctl"], self.network.run_in("ctl")
        self.pg = Postgres(f"/var/tmp/ember-compat-pg-{os.getpid()}", free_port(), controller, on_controller)
        self.rabbit = RabbitMQ(os.path.join(root, "rabbit"), 40000 + os.getpid() % 4000, controller, on_controller)
        self.urls = ["--database-url", f"postgresql://ember:ember-test@{controller}:{self.pg.port}/ember",
                     "--transport-url", f"rabbit://ember:ember-test@{controller}:{self.rabbit.port}/"]
        keys = self.dir("api1")
        migrate = [*on_controller, EMBER_BIN, "db", "migrate", "--data-dir", keys, *self.urls[:2]]
        wait_for(lambda: subprocess.run(migrate, capture_output=True, timeout=60).returncode == 0, timeout=60, interval=0.5)
        self.password_file = os.path.join(root, "admin-password")
        with open(self.password_file, "w") as f:
            f.write("distributed-admin\n")
        os.chmod(self.password_file, 0o600)
        self.apis.append(self.start("api1", "api"))
        # Every process shares the sealing key and the token keys: a token from one API works on the other.
        for name in ("api2", "sched1", "sched2", "h1", "h2"):
            shutil.copy(os.path.join(keys, "secret.key"), self.dir(name))
            shutil.copytree(os.path.join(keys, "token-keys"), os.path.join(self.dir(name), "token-keys"), dirs_exist_ok=True)
        self.apis.append(self.start("api2", "api"))
        for name in ("sched1", "sched2"):
            self.schedulers.append(self.start(name, "scheduler", "--host", name))
        self.portals.update(h1=free_port(), h2=free_port())
        for name in ("h1", "h2"):
            self.volumes[name] = self.start_volume(name)
        wait_for(lambda: self.up() == {"cinder-scheduler": {"sched1", "sched2"}, "cinder-volume": {"h1@file", "h2@file"}}, timeout=60)
        admin = self.client()
        admin.quotas.update(admin.client.session.get_project_id(), volumes=-1, gigabytes=-1, snapshots=-1)

    def dir(self, name):
        path = os.path.join(self.root, name)
        os.makedirs(path, exist_ok=True)
        return path

    def start(self, name, role, *args, host="ctl"):
        return EmberServer(self.dir(name), [*self.urls, "--admin-password-file", self.password_file, *args],
                           auth="keystone", command=role, address=self.network.addresses[host], wrapper=self.network.run_in(host))

    def start_volume(self, name):
        return self.start(name, "volume", "--host", f"{name}@file", "--iscsi", "--iscsi-portal", self.portal(name),
                          "--tgtd-control-port", str(self.portals[name] % 10000), host=name)

    def portal(self, name):
        return f"{self.network.addresses[name]}:{self.portals[name]}"

    def client(self, api=0, url=None):
        auth = v3.Password(auth_url=f"{self.apis[0].url}/identity/v3", username="admin", password="distributed-admin",
                           project_name="admin", user_domain_id="default", project_domain_id="default")
        return cinder_client.Client("3.60", session=session.Session(auth=auth), endpoint_override=f"{url or self.apis[api].url}/v3/" + "%(project_id)s")

    def up(self):
        found = {}
        for service in self.client(1).services.list():
            if service.state == "up":
                found.setdefault(service.binary, set()).add(service.host)
        return found

    def stop(self):
        """Stops everything, whatever state a failed test left; returns the processes that did not exit
        cleanly on SIGTERM."""
        unclean = []
        for process in [*self.apis, *self.schedulers, *self.volumes.values()]:
            if process.process.poll() is None:
                try:
                    if process.stop() != 0:
                        unclean.append(process.log.name)
                except subprocess.TimeoutExpired:
                    process.process.kill()
                    unclean.append(process.log.name)
        # A SIGKILLed volume service leaves its tgtd serving (its next start adopts it); a failed test may
        # leave one behind that nothing adopts.
        for portal in self.portals.values():
            subprocess.run(["pkill", "-KILL", "-f", f"tgtd -f -C {portal % 10000} "], timeout=30)
        for server in filter(None, (getattr(self, "pg", None), getattr(self, "rabbit", None))):
            if server.process.poll() is None:
                server.stop()
            shutil.rmtree(server.directory, ignore_errors=True)
            if os.path.exists(server.directory + ".log"):
                os.remove(server.directory + ".log")
        self.network.remove()
        return unclean


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    root = tmp_path_factory.mktemp("distributed")
    deployment = Deployment(str(root))
    yield deployment
    assert deployment.stop() == [], "every process exits cleanly on SIGTERM"


def settled(client, ids, timeout=90):
    """Waits until no volume of `ids` is in a transitional status; returns them by id."""
    def done():
        volumes = {v.id: v for v in client.volumes.list(search_opts={"all_tenants": 1})}
        if all(i in volumes and volumes[i].status not in TRANSITIONAL for i in ids):
            return volumes
        return None
    return wait_for(done, timeout=timeout, interval=0.2)


def all_deleted(client, timeout=90):
    """Waits until every volume is gone; names those left, and their statuses, if some are not."""
    try:
        wait_for(lambda: not client.volumes.list(), timeout=timeout, interval=0.2)
    except AssertionError:
        left = [(v.id, v.status, host_of(v)) for v in client.volumes.list()]
        raise AssertionError(f"volumes left after their deletes: {left}")


def host_of(volume):
    return getattr(volume, "os-vol-host-attr:host")


def assert_quota_matches(client):
    """The project's quota usage counts exactly the volumes and snapshots that exist, and their GiB."""
    project = client.client.session.get_project_id()
    usage = client.quotas.get(project, usage=True)
    volumes = client.volumes.list()
    snapshots = client.volume_snapshots.list()
    assert usage.volumes["in_use"] == len(volumes), (usage.volumes, [(v.id, v.status) for v in volumes])
    assert usage.snapshots["in_use"] == len(snapshots), usage.snapshots
    assert usage.gigabytes["in_use"] == sum(v.size for v in volumes) + sum(s.size for s in snapshots), usage.gigabytes


def test_both_hosts_get_volumes_through_either_api(deployment):
    clients = [deployment.client(0), deployment.client(1)]
    environment = {**os.environ, "OS_CLIENT_CONFIG_FILE": os.path.join(deployment.apis[0].data_dir, "clouds.yaml")}
    made = subprocess.run(["openstack", "--os-cloud", "ember", "volume", "create", "--size", "1", "-f", "value", "-c", "id", "by-osc"],
                          capture_output=True, text=True, timeout=90, env=environment)
    assert made.returncode == 0, made.stderr
    ids = [made.stdout.strip()]
    ids += [clients[i % 2].volumes.create(1, name=f"d{i}").id for i in range(39)]
    volumes = settled(clients[1], ids)
    assert [volumes[i].status for i in ids] == ["available"] * 40
    hosts = {host_of(volumes[i]) for i in ids}
    assert hosts == {"h1@file#file", "h2@file#file"}, "the capacity weigher spreads volumes over both hosts"
    for i in ids:
        name = host_of(volumes[i]).split("@")[0]
        assert os.path.exists(os.path.join(deployment.volumes[name].data_dir, "volumes", f"volume-{i}"))
    for n, i in enumerate(ids):
        clients[n % 2].volumes.delete(i)
    all_deleted(clients[0])


def test_a_clone_stays_on_its_sources_host_and_exports_name_their_own_portal(deployment):
    client = deployment.client(1)
    sources = [client.volumes.create(1, name=f"src{i}").id for i in range(4)]
    volumes = settled(client, sources)
    clones = [client.volumes.create(1, source_volid=s).id for s in sources]
    cloned = settled(client, clones)
    for source, clone in zip(sources, clones):
        assert cloned[clone].status == "available"
        assert host_of(cloned[clone]) == host_of(volumes[source])
    seen = set()
    for volume_id in sources:
        host = host_of(volumes[volume_id]).split("@")[0]
        connector = {"initiator": INITIATOR, "ip": deployment.network.client_address, "host": "compute"}
        info = client.volumes.initialize_connection(volume_id, connector)
        assert info["data"]["target_portal"] == deployment.portal(host), "the export is on the volume's own host"
        if host not in seen:
            assert read_over_iscsi(deployment, host, volume_id, info["data"]), "libiscsi reads the volume's data from this namespace"
        client.volumes.terminate_connection(volume_id, connector)
        seen.add(host)
    assert seen == {"h1", "h2"}
    for volume_id in clones + sources:
        client.volumes.delete(volume_id)
    all_deleted(client)


def read_over_iscsi(deployment, host, volume_id, data):
    """Writes a pattern into the volume's backing file on its host, then reads it back with qemu-io
    (libiscsi) from this namespace, through the export's portal and CHAP."""
    with open(os.path.join(deployment.volumes[host].data_dir, "volumes", f"volume-{volume_id}"), "r+b") as backing:
        backing.write(b"\x5a" * (1 << 20))
    options = (f"driver=iscsi,transport=tcp,portal={data['target_portal']},target={data['target_iqn']},lun={data['target_lun']},"
               f"user={data['auth_username']},password={data['auth_password']},initiator-name={INITIATOR}")
    read = subprocess.run(["qemu-io", "--image-opts", options, "-c", "read -P 0x5a 0 1M"], capture_output=True, text=True, timeout=60)
    assert read.returncode == 0 and "Pattern verification failed" not in read.stdout, read.stdout + read.stderr
    return "read 1048576/1048576 bytes" in read.stdout


def test_a_volume_host_killed_mid_burst_loses_nothing_and_comes_back(deployment):
    client = deployment.client(0)
    ids = [client.volumes.create(1, name=f"burst{i}").id for i in range(10)]
    deployment.volumes["h1"].kill()
    after = [client.volumes.create(1, name=f"after{i}").id for i in range(10)]
    ids += after
    volumes = settled(client, after, timeout=120)
    assert all(volumes[i].status == "available" and host_of(volumes[i]) == "h2@file#file" for i in after), \
        "with h1 gone from the bus, the scheduler retries its creates on h2"
    # What h1 had not finished when it died ends in error (or available), never stuck; its restart recovers it.
    deployment.volumes["h1"] = deployment.start_volume("h1")
    wait_for(lambda: "h1@file" in deployment.up().get("cinder-volume", set()), timeout=60)
    volumes = settled(client, ids, timeout=90)
    assert all(volumes[i].status in ("available", "error") for i in ids)
    assert_quota_matches(client)
    for i in ids:
        name = host_of(volumes[i]).split("@")[0] if host_of(volumes[i]) else None
        path = name and os.path.join(deployment.volumes[name].data_dir, "volumes", f"volume-{i}")
        if volumes[i].status == "available":
            assert os.path.exists(path), "an available volume has its backing file"
    for i in ids:
        client.volumes.delete(i)
    all_deleted(client)
    for name in ("h1", "h2"):
        assert os.listdir(os.path.join(deployment.volumes[name].data_dir, "volumes")) == [], "no backing file is orphaned"


def backing_files(deployment, name):
    return sorted(os.listdir(os.path.join(deployment.volumes[name].data_dir, "volumes")))


def test_a_volume_host_killed_mid_copy_and_mid_delete_finishes_both_after_its_restart(deployment):
    """A clone copying at a back-end QoS rate of 4 MiB/s, and a snapshot delete the host took but had
    not done (its process stopped, then SIGKILLed): the restarted host finishes both from its worker
    records, the clone with its source's data, and leaves no partial copy."""
    client = deployment.client(0)
    qos = client.qos_specs.create(f"slow-{os.getpid()}", {"consumer": "back-end", "total_bytes_sec": str(4 << 20)})
    kind = client.volume_types.create(f"slow-{os.getpid()}")
    client.qos_specs.associate(qos, kind.id)
    source = client.volumes.create(1, name="copy-source", volume_type=kind.id).id
    host = host_of(settled(client, [source])[source]).split("@")[0]
    data = os.urandom(1 << 20) * 24
    with open(os.path.join(deployment.volumes[host].data_dir, "volumes", f"volume-{source}"), "r+b") as backing:
        backing.write(data)
    snapshot = client.volume_snapshots.create(source, name="doomed").id
    wait_for(lambda: client.volume_snapshots.get(snapshot).status == "available", timeout=60, interval=0.2)
    clone = client.volumes.create(1, name="clone", source_volid=source).id
    time.sleep(2)  # a quarter of the 6 s copy
    assert client.volumes.get(clone).status == "creating", "the copy is still running"
    deployment.volumes[host].process.send_signal(signal.SIGSTOP)
    client.volume_snapshots.delete(snapshot)
    assert client.volume_snapshots.get(snapshot).status == "deleting"
    time.sleep(1)
    deployment.volumes[host].kill()
    assert client.volumes.get(clone).status == "creating" and client.volume_snapshots.get(snapshot).status == "deleting"

    deployment.volumes[host] = deployment.start_volume(host)
    volumes = settled(client, [clone], timeout=120)
    assert volumes[clone].status == "available" and host_of(volumes[clone]).startswith(host + "@")
    wait_for(lambda: snapshot not in {s.id for s in client.volume_snapshots.list()}, timeout=60, interval=0.2)
    assert_quota_matches(client)
    with open(os.path.join(deployment.volumes[host].data_dir, "volumes", f"volume-{clone}"), "rb") as copied:
        assert copied.read(len(data)) == data, "the clone holds its source's data"
    files = backing_files(deployment, host)
    assert not [f for f in files if f.endswith(".partial")] and not [f for f in files if snapshot in f], files
    for volume_id in (clone, source):
        client.volumes.delete(volume_id)
    all_deleted(client)
    client.volume_types.delete(kind.id)
    client.qos_specs.delete(qos, force=True)


def test_a_volume_host_killed_and_not_restarted_fails_its_creates_and_is_unavailable_to_cleanup(deployment):
    """h2 stops (SIGSTOP) while creates are placed on it, then dies: once it is down (60 s without a
    heartbeat, by the database's clock) its creating volumes go to error, new volumes go to h1, and
    `POST /workers/cleanup` lists it as unavailable. Its restart removes what the failed creates left."""
    client = deployment.client(1)
    deployment.volumes["h2"].process.send_signal(signal.SIGSTOP)
    stuck = []
    for i in range(12):
        volume = client.volumes.create(1, name=f"stuck{i}").id
        stuck.append(volume)
        if len([v for v in stuck if host_of(client.volumes.get(v)) == "h2@file#file"]) >= 2:
            break
    on_h2 = [v for v in stuck if host_of(client.volumes.get(v)) == "h2@file#file"]
    assert on_h2, "the scheduler placed creates on the stopped host while it was still up"
    deployment.volumes["h2"].kill()
    killed_at = time.monotonic()
    wait_for(lambda: "h2@file" not in deployment.up().get("cinder-volume", set()), timeout=90, interval=1)
    volumes = settled(client, stuck, timeout=60)
    assert all(volumes[v].status == "error" for v in on_h2), "its creates failed once it was down"
    print(f"h2 down and its creates in error {time.monotonic() - killed_at:.0f} s after its SIGKILL")
    after = client.volumes.create(1, name="after-h2").id
    assert host_of(settled(client, [after])[after]) == "h1@file#file"
    assert_quota_matches(client)

    session = client.client.session
    answer = requests.post(f"{deployment.apis[0].url}/v3/{session.get_project_id()}/workers/cleanup", json={},
                           headers={"X-Auth-Token": session.get_token(), "OpenStack-API-Version": "volume 3.24"}, timeout=30)
    assert answer.status_code == 202, answer.text
    assert [s["host"] for s in answer.json()["unavailable"]] == ["h2@file"] and answer.json()["cleaning"] == []

    deployment.volumes["h2"] = deployment.start_volume("h2")
    wait_for(lambda: "h2@file" in deployment.up().get("cinder-volume", set()), timeout=60)
    for volume_id in stuck + [after]:
        client.volumes.delete(volume_id)
    all_deleted(client)
    assert backing_files(deployment, "h2") == [], "no backing file of a failed create is left"


def test_a_scheduler_killed_mid_burst_leaves_the_other_to_place_everything(deployment):
    client = deployment.client(1)
    ids = [client.volumes.create(1, name=f"s{i}").id for i in range(5)]
    deployment.schedulers[0].kill()
    ids += [client.volumes.create(1, name=f"t{i}").id for i in range(15)]
    volumes = settled(client, ids, timeout=120)
    assert [volumes[i].status for i in ids] == ["available"] * 20
    assert_quota_matches(client)
    deployment.schedulers[0] = deployment.start("sched1", "scheduler", "--host", "sched1")
    for i in ids:
        client.volumes.delete(i)
    all_deleted(client)


def test_the_broker_restarted_mid_burst_loses_no_request(deployment):
    client = deployment.client(0)
    ids, failures = [], 0
    for i in range(10):
        ids.append(client.volumes.create(1, name=f"r{i}").id)
    processes = [*deployment.apis, *deployment.schedulers, *deployment.volumes.values()]
    offsets = {p.log.name: os.path.getsize(p.log.name) for p in processes}
    deployment.rabbit.stop()
    for i in range(2):
        try:
            ids.append(client.volumes.create(1, name=f"during{i}").id)
        except Exception:  # an error answer is allowed while the broker is away; a hang is not
            failures += 1
    deployment.rabbit.start()
    outage_end = time.monotonic()

    def reconnected(process):
        with open(process.log.name) as log:
            log.seek(offsets[process.log.name])
            return "amqp: connected again" in log.read()
    wait_for(lambda: all(reconnected(p) for p in processes), timeout=90, interval=0.5)
    print(f"every process reconnected {time.monotonic() - outage_end:.1f} s after the broker was back")

    def a_create_works_again():
        # A 503 or an error volume until every process has reconnected (each backs off up to 30 s).
        try:
            volume = client.volumes.create(1, name="back").id
        except Exception:
            return None
        ids.append(volume)
        return settled(client, [volume])[volume].status == "available"
    wait_for(a_create_works_again, timeout=120, interval=1)
    print(f"creates work again {time.monotonic() - outage_end:.1f} s after the broker was back; {failures} refused meanwhile")
    ids += [client.volumes.create(1, name=f"then{i}").id for i in range(5)]
    volumes = settled(client, ids, timeout=120)
    assert all(volumes[i].status in ("available", "error") for i in ids), "nothing stays creating"
    assert all(volumes[i].status == "available" for i in ids[-5:]), "once every process is back, every create works"
    assert_quota_matches(client)
    for i in ids:
        host = host_of(volumes[i])
        path = host and os.path.join(deployment.volumes[host.split("@")[0]].data_dir, "volumes", f"volume-{i}")
        assert (volumes[i].status == "available") == bool(path and os.path.exists(path)), "a backing file exactly for each available volume"
    # The creates refused while the broker was away left error volumes (their ids were never answered); they delete too.
    refused = [v for v in client.volumes.list() if v.id not in ids]
    assert len(refused) == failures and all(v.status == "error" for v in refused)
    for i in ids + [v.id for v in refused]:
        client.volumes.delete(i)
    all_deleted(client)


def test_api_workers_share_one_address_and_stop_with_their_leader(deployment):
    """`ember api --workers 2`: the leader starts a follower; both accept on one address (SO_REUSEPORT),
    serve cinderclient, and stop together on SIGTERM; a follower never outlives its leader."""
    for item in ("secret.key", "token-keys"):
        source = os.path.join(deployment.apis[0].data_dir, item)
        copy = shutil.copytree if os.path.isdir(source) else shutil.copy
        copy(source, os.path.join(deployment.dir("api3"), item), **({"dirs_exist_ok": True} if os.path.isdir(source) else {}))
    leader = deployment.start("api3", "api", "--workers", "2")
    deployment.apis.append(leader)  # stopped by the fixture if this test fails before it stops it

    def followers():
        found = subprocess.run(["pgrep", "-f", f"ember api .* --worker-of {leader.process.pid}$"], capture_output=True, text=True).stdout.split()
        return [int(pid) for pid in found]
    follower = wait_for(followers, timeout=30)
    assert len(follower) == 1
    port = leader.port
    wait_for(lambda: len(serving_pids(deployment, port)) == 2, timeout=30, interval=0.5)
    client = deployment.client(url=leader.url)
    volume = client.volumes.create(1, name="through-workers").id
    assert settled(client, [volume])[volume].status == "available"
    client.volumes.delete(volume)
    all_deleted(client)

    sockets = []
    for _ in range(16):
        connection = socket.create_connection((deployment.network.addresses["ctl"], port), timeout=10)
        connection.sendall(b"GET / HTTP/1.1\r\nHost: ember\r\n\r\n")
        assert connection.recv(65536).startswith(b"HTTP/1.1 300"), "the version document"
        sockets.append(connection)
    held = set()
    for line in subprocess.run([*deployment.network.run_in("ctl"), "ss", "-tnpH", "state", "established", f"( sport = :{port} )"],
                               capture_output=True, text=True, timeout=30).stdout.splitlines():
        held.update(int(pid) for pid in re.findall(r"pid=(\d+)", line))
    assert held == {leader.process.pid, follower[0]}, "the kernel spreads connections over both workers"
    for connection in sockets:
        connection.close()

    assert leader.stop() == 0
    wait_for(lambda: not followers(), timeout=30)

    # On an address another process holds without SO_REUSEPORT (the first API's), it exits with an error.
    taken = subprocess.run([*deployment.network.run_in("ctl"), EMBER_BIN, "api", "--auth", "noauth", "--data-dir", deployment.dir("api3"),
                            "--listen", f"{deployment.network.addresses['ctl']}:{deployment.apis[0].port}", "--workers", "2", *deployment.urls],
                           capture_output=True, text=True, timeout=60)
    assert taken.returncode != 0, taken.stdout + taken.stderr


def serving_pids(deployment, port):
    """The pids listening on `port` in the controller's namespace."""
    listed = subprocess.run([*deployment.network.run_in("ctl"), "ss", "-tlnpH", f"( sport = :{port} )"], capture_output=True, text=True, timeout=30)
    return set(re.findall(r"pid=(\d+)", listed.stdout))


def test_the_database_restarted_answers_503_meanwhile_then_recovers(deployment):
    client = deployment.client(0)
    token = client.client.session.get_token()
    project = client.client.session.get_project_id()
    url = f"{deployment.apis[1].url}/v3/{project}/volumes"
    deployment.pg.stop()
    answer = requests.get(url, headers={"X-Auth-Token": token}, timeout=30)
    assert answer.status_code == 503, answer.text
    assert "computeFault" not in answer.text
    deployment.pg.start()
    wait_for(lambda: requests.get(url, headers={"X-Auth-Token": token}, timeout=30).status_code == 200, timeout=60)
    volume = client.volumes.create(1, name="after-db").id
    assert settled(client, [volume])[volume].status == "available"
    client.volumes.delete(volume)
    all_deleted(client)
