"""Starts the built `ember serve` (noauth unless a test asks for identity) on a free loopback port
with a temporary data dir."""
import os
import signal
import socket
import subprocess
import time

import pytest

EMBER_BIN = os.environ.get("EMBER_BIN", os.path.join(os.path.dirname(__file__), "../../.build/debug/ember"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EmberServer:
    """`ember serve`, or one role of distributed mode (`api`, `scheduler`, `volume`) with `command`.
    Those with a listener are waited for until it listens. It listens on `address` (loopback unless
    told), and `wrapper` goes before its argv (`ip netns exec NAME` runs it in a network namespace)."""

    def __init__(self, data_dir, extra_args=(), auth="noauth", env=None, command="serve", address="127.0.0.1", wrapper=()):
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://{address}:{self.port}"
        os.makedirs(data_dir, exist_ok=True)
        self.log = open(os.path.join(data_dir, f"{command}.log"), "a")
        self.process = subprocess.Popen(
            [*wrapper, EMBER_BIN, command, "--auth", auth, "--data-dir", data_dir,
             "--listen", f"{address}:{self.port}", "--report-interval", "1", *extra_args],
            stdout=subprocess.PIPE, stderr=self.log, text=True, env={**os.environ, **(env or {})})
        if command not in ("serve", "api"):
            return
        line = self.process.stdout.readline()
        if "listening on" not in line:
            self.process.kill()
            raise RuntimeError(f"ember {command} did not start: {line!r}; see {self.log.name}")

    def kill(self):
        """SIGKILL: the crash a restart must recover from."""
        self.process.kill()
        self.process.wait(timeout=30)
        self.log.close()

    def stop(self):
        """SIGTERM, as an operator would; returns the exit status."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=30)
        finally:
            self.log.close()


@pytest.fixture
def ember(tmp_path):
    server = EmberServer(str(tmp_path / "data"))
    yield server
    assert server.stop() == 0, "ember serve did not shut down cleanly on SIGTERM"


def wait_for(predicate, timeout=15.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met within %.0f s" % timeout)
