"""`/metrics`: Prometheus' text format, admins only, accepted by `promtool check metrics`, and its
counters moving by the right amounts after a scripted set of operations."""
import re
import subprocess
import time

import requests

from conftest import wait_for

MEMBER = {"X-Auth-Token": "demo:p1", "Content-Type": "application/json"}
ADMIN = {"X-Auth-Token": "admin:p1:admin", "Content-Type": "application/json"}


def scrape(ember):
    response = requests.get(f"{ember.url}/metrics", headers=ADMIN, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return response.text


def value(text, name, **labels):
    """The sample of `name` with exactly `labels`, or 0 when there is none yet."""
    wanted = ",".join(f'{key}="{val}"' for key, val in labels.items())
    pattern = re.escape(name) + (r"\{" + re.escape(wanted) + r"\}" if labels else "") + r" (\S+)$"
    for line in text.splitlines():
        match = re.match(pattern, line)
        if match:
            return float(match.group(1))
    return 0.0


def create(ember, body):
    response = requests.post(f"{ember.url}/v3/p1/volumes", json={"volume": body}, headers=MEMBER, timeout=30)
    assert response.status_code == 202, response.text
    volume_id = response.json()["volume"]["id"]
    wait_for(lambda: requests.get(f"{ember.url}/v3/p1/volumes/{volume_id}", headers=MEMBER, timeout=30).json()["volume"]["status"] == "available")
    return volume_id


def test_metrics_are_for_admins_only(ember):
    assert requests.get(f"{ember.url}/metrics", timeout=30).status_code == 401
    refused = requests.get(f"{ember.url}/metrics", headers=MEMBER, timeout=30)
    assert refused.status_code == 403 and "metrics" in refused.json()["forbidden"]["message"]


def test_promtool_accepts_the_metrics_and_the_counters_move_by_the_operations(ember, tmp_path):
    create(ember, {"size": 1})  # every metric family has a sample
    before = scrape(ember)
    source = create(ember, {"size": 1})
    create(ember, {"size": 2})
    create(ember, {"size": 1, "source_volid": source})
    requests.get(f"{ember.url}/v3/p1/volumes/no-such-volume", headers=MEMBER, timeout=30)
    time.sleep(0.2)
    after = scrape(ember)

    exposition = tmp_path / "metrics.txt"
    exposition.write_text(after)
    checked = subprocess.run(["promtool", "check", "metrics"], stdin=exposition.open(), capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("ember_volume_operations_total", operation="create volume", result="succeeded") == 3
    assert moved("ember_volume_operations_total", operation="create volume", result="failed") == 0
    assert moved("ember_volume_operation_duration_seconds_count", operation="create volume") == 3
    creates = dict(route="/v3/{project_id}/volumes", method="POST", status_class="2xx")
    assert moved("ember_api_request_duration_seconds_count", **creates) == 3
    missing = dict(route="/v3/{project_id}/volumes/{volume_id}", method="GET", status_class="4xx")
    assert moved("ember_api_request_duration_seconds_count", **missing) == 1
    # The clone copied its 1 GiB source (holes included) through the data path.
    copied = sum(moved("ember_datapath_bytes_total", operation="clone", engine=engine)
                 for engine in re.findall(r'ember_datapath_bytes_total\{operation="clone",engine="([^"]+)"\}', after))
    assert copied == 1 << 30
    assert value(after, "ember_service_up", binary="cinder-volume", host=re.search(r'ember_service_up\{binary="cinder-volume",host="([^"]+)"\}', after).group(1)) == 1
    assert value(after, "ember_database_transaction_duration_seconds_count", kind="write") > value(before, "ember_database_transaction_duration_seconds_count", kind="write")
    assert re.search(r'^ember_pool_capacity_bytes\{host="[^"]+",kind="total"\} [1-9]', after, re.M)


def test_refused_logins_are_counted_by_reason(tmp_path):
    import yaml
    from conftest import EmberServer
    server = EmberServer(str(tmp_path / "data"), auth="keystone")
    try:
        with open(tmp_path / "data" / "clouds.yaml") as clouds:
            auth = yaml.safe_load(clouds)["clouds"]["ember"]["auth"]

        def login(password):
            body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
                "name": auth["username"], "domain": {"name": "Default"}, "password": password}}},
                "scope": {"project": {"name": auth["project_name"], "domain": {"id": "default"}}}}}
            return requests.post(f"{server.url}/identity/v3/auth/tokens", json=body, timeout=30)

        assert login("wrong").status_code == 401
        assert login("also wrong").status_code == 401
        token = login(auth["password"]).headers["X-Subject-Token"]
        text = requests.get(f"{server.url}/metrics", headers={"X-Auth-Token": token}, timeout=30).text
        assert value(text, "ember_login_failures_total", reason="wrong_credentials") == 2
        assert requests.get(f"{server.url}/metrics", headers={"X-Auth-Token": "not-a-token"}, timeout=30).status_code == 401
    finally:
        assert server.stop() == 0


def test_metrics_listen_serves_metrics_alone_without_a_token(tmp_path):
    """`--metrics-listen`: a listener of its own for a scraper, with no token and no other route; the
    API's listener still wants an admin's token."""
    from conftest import EmberServer, free_port
    port = free_port()
    server = EmberServer(str(tmp_path / "data"), auth="keystone", extra_args=["--metrics-listen", f"127.0.0.1:{port}"])
    try:
        scraped = wait_for(lambda: try_get(f"http://127.0.0.1:{port}/metrics"))
        assert scraped.status_code == 200 and scraped.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        exposition = tmp_path / "metrics.txt"
        exposition.write_text(scraped.text)
        checked = subprocess.run(["promtool", "check", "metrics"], stdin=exposition.open(), capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert value(scraped.text, "ember_service_up", binary="cinder-scheduler",
                     host=re.search(r'ember_service_up\{binary="cinder-scheduler",host="([^"]+)"\}', scraped.text).group(1)) == 1
        assert requests.get(f"http://127.0.0.1:{port}/v3/", timeout=30).status_code == 404, "nothing but /metrics there"
        assert requests.get(f"http://127.0.0.1:{port}/dashboard/login", timeout=30).status_code == 404
        assert requests.get(f"{server.url}/metrics", timeout=30).status_code == 401
    finally:
        assert server.stop() == 0


def try_get(url):
    try:
        return requests.get(url, timeout=30)
    except requests.ConnectionError:
        return None
