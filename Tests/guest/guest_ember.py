"""A real `ember serve` inside the guest lane, driven over its Cinder API with the standard library only
(the guest runs this machine's userland, but the test scripts keep to what any Python has)."""
import json
import os
import subprocess
import time
import urllib.request

HEADERS = {"X-Auth-Token": "u:demo:admin", "Content-Type": "application/json", "OpenStack-API-Version": "volume 3.60"}
TRANSITIONAL = {"creating", "deleting", "extending", "reverting", "downloading", "attaching", "detaching"}


class Ember:
    """One `ember serve --auth noauth` with its data dir in the guest's own /tmp: SQLite's WAL needs
    shared memory maps, which the 9p-shared work dir does not offer."""

    def __init__(self, binary, data, port, arguments):
        self.binary, self.data, self.port, self.arguments = binary, data, port, arguments
        self.log = os.path.join(data, "serve.log")
        self.base = f"http://127.0.0.1:{port}/v3/demo"
        os.makedirs(data, exist_ok=True)

    def start(self):
        """Starts the service and waits for its 'listening on' line; returns the process."""
        log = open(self.log, "a")
        process = subprocess.Popen([self.binary, "serve", "--auth", "noauth", "--report-interval", "1"] + self.arguments,
                                   stdout=subprocess.PIPE, stderr=log, text=True)
        line = process.stdout.readline()
        if "listening on" not in line:
            process.kill()
            raise AssertionError(f"ember serve did not start: {line!r}\n{self.log_tail()}")
        return process

    def log_tail(self, characters=3000):
        with open(self.log) as text:
            return text.read()[-characters:]

    def call(self, method, path, body=None):
        request = urllib.request.Request(self.base + path, method=method, headers=HEADERS,
                                         data=json.dumps(body).encode() if body is not None else None)
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read()
            return json.loads(text) if text else None

    def volumes(self):
        return {v["id"]: v["status"] for v in self.call("GET", "/volumes/detail")["volumes"]}

    def wait_status(self, volume, wanted, timeout=300):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.volumes().get(volume)
            if status == wanted:
                return
            time.sleep(0.2)
        raise AssertionError(f"{volume} never reached {wanted}: {self.volumes()}")

    def wait_settled(self, timeout=300):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            current = self.volumes()
            if not TRANSITIONAL.intersection(current.values()):
                return current
            time.sleep(0.5)
        raise AssertionError(f"volumes still transitional after {timeout} s: {self.volumes()}")


def lvs(group, fields="lv_name"):
    """The group's LVs as rows of the asked fields."""
    out = subprocess.run(["lvs", "--noheadings", "--separator", "|", "-o", fields, group],
                         capture_output=True, text=True, check=True).stdout
    return [[field.strip() for field in line.split("|")] for line in out.splitlines() if line.strip()]


def lv_names(group):
    return sorted(row[0] for row in lvs(group))
