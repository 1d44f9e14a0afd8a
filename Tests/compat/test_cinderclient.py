"""python-cinderclient, unchanged, against `ember serve --auth noauth`: its Python API and its CLI."""
import json
import os
import subprocess

import pytest
import requests
from cinderclient import client as cinder_client
from cinderclient import exceptions as cinder_exceptions
from cinderclient.contrib import noauth
from keystoneauth1 import session

from conftest import wait_for

API_VERSION = "3.60"


def cinder(ember, user="alice", project="demo"):
    auth = noauth.CinderNoAuthPlugin(user, project, endpoint=f"{ember.url}/v3")
    return cinder_client.Client(API_VERSION, session=session.Session(auth=auth))


def cli(ember, *args, user="alice", project="demo"):
    argv = ["cinder", "--os-auth-type", "noauth", "--os-user-id", user, "--os-project-id", project,
            "--os-endpoint", f"{ember.url}/v3/{project}", "--os-volume-api-version", API_VERSION, *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=60)


def status_of(client, volume_id):
    return client.volumes.get(volume_id).status


def test_create_list_show_rename_delete_through_the_python_api(ember):
    c = cinder(ember)
    volume = c.volumes.create(2, name="first", description="made by cinderclient", metadata={"k": "v"})
    assert volume.status == "creating"
    wait_for(lambda: status_of(c, volume.id) == "available")
    path = os.path.join(ember.data_dir, "volumes", f"volume-{volume.id}")
    assert os.path.getsize(path) == 2 * 1024**3

    shown = c.volumes.get(volume.id)
    assert (shown.name, shown.size, shown.volume_type, shown.metadata) == ("first", 2, "__DEFAULT__", {"k": "v"})
    assert getattr(shown, "os-vol-tenant-attr:tenant_id") == "demo"

    c.volumes.update(volume.id, name="renamed")
    assert [v.name for v in c.volumes.list()] == ["renamed"]
    assert [v.id for v in c.volumes.list(search_opts={"name": "renamed"})] == [volume.id]

    c.volumes.delete(volume.id)
    wait_for(lambda: not c.volumes.list())
    assert not os.path.exists(path)
    with pytest.raises(cinder_exceptions.NotFound):
        c.volumes.get(volume.id)


def test_the_cli_creates_lists_renames_and_deletes(ember):
    created = cli(ember, "create", "--name", "cli-volume", "1")
    assert created.returncode == 0, created.stderr
    c = cinder(ember)
    (volume,) = c.volumes.list()
    wait_for(lambda: status_of(c, volume.id) == "available")

    listed = cli(ember, "list")
    assert listed.returncode == 0 and "cli-volume" in listed.stdout and "available" in listed.stdout
    assert cli(ember, "rename", "cli-volume", "cli-renamed").returncode == 0
    shown = cli(ember, "show", "cli-renamed")
    assert shown.returncode == 0 and volume.id in shown.stdout
    deleted = cli(ember, "delete", "cli-renamed")
    assert deleted.returncode == 0 and "accepted" in deleted.stdout
    wait_for(lambda: not c.volumes.list())


def test_size_zero_is_refused_with_cinders_message(ember):
    with pytest.raises(cinder_exceptions.BadRequest) as refused:
        cinder(ember).volumes.create(0)
    assert refused.value.code == 400
    assert "0 is less than the minimum of 1" in refused.value.message
    result = cli(ember, "create", "0")
    assert result.returncode != 0 and "(HTTP 400)" in result.stderr
    assert cinder(ember).volumes.list() == []


def test_another_projects_volume_is_not_found(ember):
    mine = cinder(ember).volumes.create(1, name="private")
    with pytest.raises(cinder_exceptions.NotFound) as refused:
        cinder(ember, user="mallory", project="other").volumes.get(mine.id)
    assert refused.value.code == 404
    assert f"Volume {mine.id} could not be found." in refused.value.message


def test_raw_faults_have_cinders_body_and_a_request_id(ember):
    response = requests.post(f"{ember.url}/v3/demo/volumes", data="{not json",
                             headers={"X-Auth-Token": "alice:demo", "Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.headers["x-openstack-request-id"].startswith("req-")
    assert response.json()["badRequest"]["code"] == 400
    unauthenticated = requests.get(f"{ember.url}/v3/demo/volumes")
    assert unauthenticated.status_code == 401 and "unauthorized" in unauthenticated.json()
    too_new = requests.get(f"{ember.url}/v3/demo/volumes", headers={"X-Auth-Token": "a:demo", "OpenStack-API-Version": "volume 3.999"})
    assert too_new.status_code == 406


def test_openstackclient_lists_and_creates(ember):
    base = ["openstack", "--os-auth-type", "none", "--os-endpoint", f"{ember.url}/v3/notused",
            "--os-volume-api-version", API_VERSION]
    created = subprocess.run(base + ["volume", "create", "--size", "1", "-f", "json", "osc-volume"],
                             capture_output=True, text=True, timeout=60)
    assert created.returncode == 0, created.stderr
    volume_id = json.loads(created.stdout)["id"]
    c = cinder(ember, user="notused", project="notused")
    wait_for(lambda: status_of(c, volume_id) == "available")
    listed = subprocess.run(base + ["volume", "list", "-f", "json"], capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert [(v["Name"], v["Status"]) for v in json.loads(listed.stdout)] == [("osc-volume", "available")]
