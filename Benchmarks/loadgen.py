"""Ember's native load generator, from Python: runs wrk (C, epoll) with `wrk/volumes.lua` for whole
volume life cycles, or plain wrk for a GET, and returns per-second rates and latency percentiles.
The Python benchmarks drive set-up and reporting only; the load itself has no Python client in it."""
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile

from api_bench import percentile

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "wrk", "volumes.lua")


def available():
    return shutil.which("wrk") is not None


def summary(latencies_ms, seconds, errors, requests=None):
    """Per-second rate and p50/p90/p99 of a list of latencies (ms) completed in `seconds`, and the
    HTTP requests wrk sent for them (polls included) when known."""
    return {"completed": len(latencies_ms), "errors": errors, "seconds": seconds, "requests": requests,
            "per_s": len(latencies_ms) / seconds if seconds else 0.0,
            "p50_ms": statistics.median(latencies_ms) if latencies_ms else float("nan"),
            "p90_ms": percentile(latencies_ms, 0.90) if latencies_ms else float("nan"),
            "p99_ms": percentile(latencies_ms, 0.99) if latencies_ms else float("nan"),
            "latencies_ms": latencies_ms}


def _argv(headers, connections, seconds, threads=None):
    argv = ["wrk", f"-t{threads or connections}", f"-c{connections}", f"-d{max(1, int(seconds))}s", "--timeout", "30s"]
    for name, value in headers.items():
        if name.lower() != "content-type":
            argv += ["-H", f"{name}: {value}"]
    return argv


def _run(argv, seconds):
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 120)
    last = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
    if not last.startswith("{"):
        raise RuntimeError(f"wrk printed no result: {out.stdout[-500:]} {out.stderr[-500:]}")
    result = json.loads(last)
    sent = re.search(r"(\d+) requests in", out.stdout)
    result["requests"] = int(sent.group(1)) if sent else None
    return result


# How often a create's volume is polled. Every 1 ms, each create of a 32-connection run carried about
# 18 requests (the server spent most of its CPU answering polls, 216-291 creates/s); every 10 ms about
# 3.7, at 580-600 creates/s; every 50 ms 2, with the cycle bounded by the wait. Clients poll every
# second or two (Tempest's build_interval is 1 s): 10 ms keeps the latencies' resolution fine.
POLL_MS = 10


def creates(base, prefix, headers, connections, seconds, poll_ms=POLL_MS):
    """Creates (POST, then GET every `poll_ms` until available) on `connections` connections for
    `seconds`: creates/s to available and the create-to-available latencies."""
    argv = _argv(headers, connections, seconds) + ["-s", SCRIPT, base, "--", "create", prefix, str(poll_ms)]
    result = _run(argv, seconds)
    return summary(result["latencies_ms"], result["seconds"], result["errors"], result["requests"])


def deletes(base, prefix, headers, ids, connections, seconds, poll_ms=POLL_MS):
    """Deletes the volumes `ids` (DELETE, then GET every `poll_ms` until 404) on `connections`
    connections, for at most `seconds` (a thread whose share is done idles): deletes/s to gone, over
    the span from the first delete to the last, and their latencies."""
    with tempfile.NamedTemporaryFile("w", suffix=".ids") as file:
        file.write("\n".join(ids) + "\n")
        file.flush()
        argv = _argv(headers, connections, seconds) + ["-s", SCRIPT, base, "--", "delete", prefix, file.name,
                                                             str(connections), str(poll_ms)]
        result = _run(argv, seconds)
    return summary(result["latencies_ms"], result["seconds"], result["errors"], result["requests"])


def requests_per_second(url, headers, connections, seconds, threads=None):
    """Plain wrk on one GET (`threads` threads, at most 4 by default): requests/s, p50, p90 and p99
    (ms), and the non-2xx count."""
    argv = _argv(headers, connections, seconds, threads or min(connections, 4))
    out = subprocess.run(argv + ["--latency", url], capture_output=True, text=True, timeout=seconds + 120).stdout

    def ms(label):
        value, unit = re.search(label + r"\s+([\d.]+)(us|ms|s)\b", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50_ms": ms("50%"),
            "p90_ms": ms("90%"), "p99_ms": ms("99%"), "errors": int(non2xx.group(1)) if non2xx else 0}
