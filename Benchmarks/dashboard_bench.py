#!/usr/bin/env python3
"""The dashboard's figures, in headless Chromium (Debian's chromium and chromium-driver, through
Selenium) against `ember serve` with identity, on loopback:

- time to first contentful paint of the volumes page listing N volumes (default 1,000), from the
  browser's own Paint Timing, beside `GET /volumes/detail` of the same volumes (the API's JSON);
- bytes shipped per page (the HTML of each page, and the script and style sheet, loaded once);
- the delay between a change committed through the API (a rename, answered) and its row changing in an
  open page, measured by a MutationObserver in the page (both clocks are this machine's).

Prints a table and writes JSON. A benchmark, not a test: it never fails on a slow machine.
Usage: python3 Benchmarks/dashboard_bench.py --ember BINARY [--volumes 1000] [--rounds 10] [--renames 30] [--json FILE]
"""
import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import requests
import yaml
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "compat"))
from api_bench import percentile, write_report  # noqa: E402
import conftest  # noqa: E402


def admin_session(server):
    with open(os.path.join(server.data_dir, "clouds.yaml")) as f:
        auth = yaml.safe_load(f)["clouds"]["ember"]["auth"]
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": auth["username"], "domain": {"id": "default"}, "password": auth["password"]}}},
        "scope": {"project": {"name": auth["project_name"], "domain": {"id": "default"}}}}}
    answer = requests.post(f"{server.url}/identity/v3/auth/tokens", json=body, timeout=30)
    answer.raise_for_status()
    return auth, answer.headers["X-Subject-Token"], answer.json()["token"]["project"]["id"]


def fill(server, token, project, count):
    """`count` volumes in the admin's project (quota lifted first), created by 8 clients."""
    headers = {"X-Auth-Token": token}
    quota = {"quota_set": {"volumes": -1, "gigabytes": -1}}
    requests.put(f"{server.url}/v3/{project}/os-quota-sets/{project}", json=quota, headers=headers, timeout=30).raise_for_status()

    def create(index):
        body = {"volume": {"size": 1, "name": f"bench-{index:05d}"}}
        requests.post(f"{server.url}/v3/{project}/volumes", json=body, headers=headers, timeout=60).raise_for_status()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(create, range(count)))
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        listed = requests.get(f"{server.url}/v3/{project}/volumes/detail", headers=headers, timeout=60).json()["volumes"]
        if len(listed) >= count and all(v["status"] == "available" for v in listed):
            return [v["id"] for v in listed]
        time.sleep(1)
    raise RuntimeError("the volumes did not all become available")


def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000", "--disable-gpu"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def sign_in(driver, server, auth):
    driver.get(f"{server.url}/dashboard/login")
    driver.find_element(By.ID, "username").send_keys(auth["username"])
    driver.find_element(By.ID, "password").send_keys(auth["password"])
    driver.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("/dashboard"))


def first_paints(driver, server, rounds):
    """First contentful paint and the navigation's response end of the volumes page, in ms."""
    paints, responses = [], []
    for _ in range(rounds):
        driver.get(f"{server.url}/dashboard/volumes")
        WebDriverWait(driver, 30).until(lambda d: d.execute_script(
            "return performance.getEntriesByName('first-contentful-paint').length > 0"))
        paints.append(driver.execute_script("return performance.getEntriesByName('first-contentful-paint')[0].startTime"))
        responses.append(driver.execute_script("return performance.getEntriesByType('navigation')[0].responseEnd"))
    return paints, responses


def detail_times(server, token, project, rounds):
    session = requests.Session()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        answer = session.get(f"{server.url}/v3/{project}/volumes/detail", headers={"X-Auth-Token": token}, timeout=60)
        answer.raise_for_status()
        times.append((time.perf_counter() - started) * 1000)
    return times, len(answer.content)


def page_bytes(server, auth, volume):
    """The HTML of each page as a signed-in browser gets it, and the two assets."""
    client = requests.Session()
    login = client.get(f"{server.url}/dashboard/login", timeout=30)
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text).group(1)
    client.post(f"{server.url}/dashboard/login", data={"csrf": csrf, "username": auth["username"], "password": auth["password"]}, timeout=30)
    pages = {"overview": "", "volumes": "/volumes", "volume": f"/volumes/{volume}", "snapshots": "/snapshots", "types": "/types",
             "services": "/services", "messages": "/messages", "script": "/static/dashboard.js", "style sheet": "/static/dashboard.css"}
    sizes = {}
    for name, path in pages.items():
        answer = client.get(f"{server.url}/dashboard{path}", timeout=60)
        answer.raise_for_status()
        sizes[name] = len(answer.content)
    return sizes


def update_delays(driver, server, token, project, volume, renames):
    """Renames `volume` through the API `renames` times at random moments; for each, the delay from the
    API's answer to the name cell changing in the open volumes page (ms)."""
    driver.get(f"{server.url}/dashboard/volumes")
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.body.dataset.live === 'connected'"))
    driver.execute_script("""
        window.emberSeen = {};
        const cell = document.querySelector(`[id='volume-${arguments[0]}'] .name`);
        new MutationObserver(() => { window.emberSeen[cell.textContent] = Date.now(); })
            .observe(cell, {childList: true, characterData: true, subtree: true});""", volume)
    delays = []
    for index in range(renames):
        name = f"renamed-{index}"
        answer = requests.put(f"{server.url}/v3/{project}/volumes/{volume}", json={"volume": {"name": name}},
                              headers={"X-Auth-Token": token}, timeout=30)
        answered = time.time() * 1000
        answer.raise_for_status()
        WebDriverWait(driver, 10, poll_frequency=0.01).until(lambda d: d.execute_script("return window.emberSeen[arguments[0]]", name))
        delays.append(driver.execute_script("return window.emberSeen[arguments[0]]", name) - answered)
        time.sleep(random.uniform(0.05, 0.6))
    return delays


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ember", default=".build/release/ember")
    parser.add_argument("--volumes", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--renames", type=int, default=30)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()

    conftest.EMBER_BIN = os.path.abspath(args.ember)
    with tempfile.TemporaryDirectory(prefix="ember-dashboard-bench-") as data_dir:
        server = conftest.EmberServer(os.path.join(data_dir, "data"), auth="keystone")
        driver = None
        try:
            auth, token, project = admin_session(server)
            ids = fill(server, token, project, args.volumes)
            driver = browser()
            sign_in(driver, server, auth)
            paints, responses = first_paints(driver, server, args.rounds)
            details, detail_size = detail_times(server, token, project, args.rounds * 3)
            sizes = page_bytes(server, auth, ids[0])
            delays = update_delays(driver, server, token, project, ids[0], args.renames)
        finally:
            if driver:
                driver.quit()
            server.stop()

    report = {
        "volumes": args.volumes,
        "volumes_page_first_contentful_paint_ms": {"p50": statistics.median(paints), "min": min(paints), "max": max(paints)},
        "volumes_page_response_end_ms": {"p50": statistics.median(responses)},
        "get_volumes_detail_ms": {"p50": statistics.median(details), "p90": percentile(details, 0.9), "bytes": detail_size},
        "page_bytes": sizes,
        "change_to_row_ms": {"p50": statistics.median(delays), "p90": percentile(delays, 0.9), "max": max(delays), "count": len(delays)},
    }
    print(f"{'figure':58} {'value':>12}")
    print(f"{'volumes page, first contentful paint, p50 (ms)':58} {report['volumes_page_first_contentful_paint_ms']['p50']:12.1f}")
    print(f"{'volumes page, HTML received (responseEnd), p50 (ms)':58} {report['volumes_page_response_end_ms']['p50']:12.1f}")
    print(f"{'GET /volumes/detail of the same, p50 (ms)':58} {report['get_volumes_detail_ms']['p50']:12.1f}")
    for name, size in sizes.items():
        print(f"{'bytes: ' + name:58} {size:12d}")
    print(f"{'bytes: GET /volumes/detail (JSON)':58} {detail_size:12d}")
    print(f"{'change committed -> row updated, p50 (ms)':58} {report['change_to_row_ms']['p50']:12.1f}")
    print(f"{'change committed -> row updated, p90 (ms)':58} {report['change_to_row_ms']['p90']:12.1f}")
    print(f"{'change committed -> row updated, max (ms)':58} {report['change_to_row_ms']['max']:12.1f}")
    write_report(args.json, report)


if __name__ == "__main__":
    main()
