"""Distributed mode with real parts: PostgreSQL 15 and RabbitMQ started by the project's scripts on
loopback, two `ember api`, two `ember scheduler` and two `ember volume` processes (each volume host
with its own data dir, file backend and tgtd portal), driven by python-cinderclient and openstackclient.
Then the faults: a volume host and a scheduler SIGKILLed, the broker and the database restarted."""
import os
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
TRANSITIONAL = {"creating", "deleting", "downloading", "extending", "attaching", "detaching", "reserved"}


def port_open(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


class ScriptServer:
    """scripts/postgres.sh or scripts/rabbitmq.sh on loopback, stopping with this process. Its
    directory is kept across a stop, so `start()` again finds the same data."""

    def __init__(self, script, directory, port):
        self.script, self.directory, self.port = script, directory, port
        self.start()

    def start(self):
        env = {**os.environ, "EMBER_STOP_WITH_PID": str(os.getpid()), "EMBER_KEEP_DIR": "1"}
        self.process = subprocess.Popen(["bash", os.path.join(ROOT, "scripts", self.script), self.directory, str(self.port)],
                                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: port_open(self.port), timeout=90, interval=0.2)

    def wait_stopped(self):
        self.process.wait(timeout=60)
        wait_for(lambda: not port_open(self.port), timeout=30)


class Postgres(ScriptServer):
    def __init__(self, directory, port):
        super().__init__("postgres.sh", directory, port)

    def stop(self):
        subprocess.run(["runuser", "-u", "postgres", "--", PG_CTL, "stop", "-D", self.directory, "-m", "fast"],
                       capture_output=True, timeout=60)
        self.wait_stopped()


class RabbitMQ(ScriptServer):
    def __init__(self, directory, port):
        super().__init__("rabbitmq.sh", directory, port)

    def stop(self):
        subprocess.run(["pkill", "-TERM", "-f", "--", f"-home {self.directory} -epmd_port"], timeout=30)
        self.wait_stopped()


class Deployment:
    """The processes of a two-host deployment on one machine, and clients of its two APIs."""

    def __init__(self, root):
        self.apis, self.schedulers, self.volumes, self.portals = [], [], {}, {}
        try:
            self.start_all(root)
        except BaseException:
            self.stop()
            raise

    def start_all(self, root):
        self.root = root
        # PostgreSQL runs as its own user, which must reach its directory: not under pytest's private tmp.
        self.pg = Postgres(f"/var/tmp/ember-compat-pg-{os.getpid()}", free_port())
        self.rabbit = RabbitMQ(os.path.join(root, "rabbit"), 40000 + os.getpid() % 4000)
        self.urls = ["--database-url", f"postgresql://ember:ember-test@127.0.0.1:{self.pg.port}/ember",
                     "--transport-url", f"rabbit://ember:ember-test@127.0.0.1:{self.rabbit.port}/"]
        keys = self.dir("api1")
        migrate = [EMBER_BIN, "db", "migrate", "--data-dir", keys, *self.urls[:2]]
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

    def start(self, name, role, *args):
        return EmberServer(self.dir(name), [*self.urls, "--admin-password-file", self.password_file, *args],
                           auth="keystone", command=role)

    def start_volume(self, name):
        portal = self.portals[name]
        return self.start(name, "volume", "--host", f"{name}@file", "--iscsi", "--iscsi-portal", f"127.0.0.1:{portal}",
                          "--tgtd-control-port", str(portal % 10000))

    def client(self, api=0):
        auth = v3.Password(auth_url=f"{self.apis[0].url}/identity/v3", username="admin", password="distributed-admin",
                           project_name="admin", user_domain_id="default", project_domain_id="default")
        return cinder_client.Client("3.60", session=session.Session(auth=auth), endpoint_override=f"{self.apis[api].url}/v3/" + "%(project_id)s")

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
        # A SIGKILLed volume service leaves its tgtd behind (it is tgtd's parent, not its keeper).
        for portal in self.portals.values():
            subprocess.run(["pkill", "-KILL", "-f", f"tgtd -f -C {portal % 10000} "], timeout=30)
        for server in filter(None, (getattr(self, "pg", None), getattr(self, "rabbit", None))):
            if server.process.poll() is None:
                server.stop()
            shutil.rmtree(server.directory, ignore_errors=True)
            if os.path.exists(server.directory + ".log"):
                os.remove(server.directory + ".log")
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
        connector = {"initiator": "iqn.1994-05.com.example:distributed", "ip": "127.0.0.1", "host": "compute"}
        info = client.volumes.initialize_connection(volume_id, connector)
        assert info["data"]["target_portal"] == f"127.0.0.1:{deployment.portals[host]}"
        client.volumes.terminate_connection(volume_id, connector)
        seen.add(host)
    assert seen == {"h1", "h2"}
    for volume_id in clones + sources:
        client.volumes.delete(volume_id)
    all_deleted(client)


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


def test_a_scheduler_killed_mid_burst_leaves_the_other_to_place_everything(deployment):
    client = deployment.client(1)
    ids = [client.volumes.create(1, name=f"s{i}").id for i in range(5)]
    deployment.schedulers[0].kill()
    ids += [client.volumes.create(1, name=f"t{i}").id for i in range(15)]
    volumes = settled(client, ids, timeout=120)
    assert [volumes[i].status for i in ids] == ["available"] * 20
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
