"""A volume service killed with SIGKILL comes back with nothing stuck and nothing orphaned."""
import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from conftest import EmberServer, wait_for

HEADERS = {"X-Auth-Token": "alice:demo", "Content-Type": "application/json"}
TRANSITIONAL = {"creating", "deleting"}


def volumes(server):
    response = requests.get(f"{server.url}/v3/demo/volumes/detail", headers=HEADERS)
    response.raise_for_status()
    return response.json()["volumes"]


def backing_files(data_dir):
    return {name.removeprefix("volume-") for name in os.listdir(os.path.join(data_dir, "volumes"))}


def settled(server):
    found = volumes(server)
    return found if not any(v["status"] in TRANSITIONAL for v in found) else None


def create(server, index):
    response = requests.post(f"{server.url}/v3/demo/volumes", json={"volume": {"size": 1, "name": f"r{index}"}},
                             headers=HEADERS)
    return response.status_code


def test_creates_and_deletes_interrupted_by_sigkill_finish_after_restart(tmp_path):
    data_dir = str(tmp_path / "data")
    server = EmberServer(data_dir)
    try:
        unlimited = {"quota_set": {"volumes": -1, "gigabytes": -1}}
        admin = {**HEADERS, "X-Roles": "admin"}
        assert requests.put(f"{server.url}/v3/demo/os-quota-sets/demo", json=unlimited, headers=admin).status_code == 200
        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(lambda i: create(server, i), range(40)))
        assert codes == [202] * 40
        doomed = [v["id"] for v in wait_for(lambda: settled(server))[:20]]
        for volume_id in doomed:
            assert requests.delete(f"{server.url}/v3/demo/volumes/{volume_id}", headers=HEADERS).status_code == 202
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda i: create(server, i), range(40, 60)))
    finally:
        server.kill()

    orphan = str(uuid.uuid4())
    open(os.path.join(data_dir, "volumes", f"volume-{orphan}"), "w").close()

    server = EmberServer(data_dir)
    try:
        final = wait_for(lambda: settled(server), timeout=30)
        assert {v["status"] for v in final} == {"available"}
        assert not set(doomed) & {v["id"] for v in final}
        assert len(final) == 40
        assert backing_files(data_dir) == {v["id"] for v in final}
    finally:
        assert server.stop() == 0
