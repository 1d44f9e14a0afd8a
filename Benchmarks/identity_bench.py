#!/usr/bin/env python3
"""Identity benchmark of `ember serve`: does token validation slow the API down, and how fast are
tokens issued and validated?

In one run, with rounds interleaved: create->available throughput and p50/p99 with 16 clients under
`--auth noauth` and under identity (Keystone tokens validated in-process); a cheap authenticated GET
(`/volumes?limit=1`) rate in both modes; password logins per second (scrypt on every one); first
(uncached) and repeated (cached) validations per second through `GET /identity/v3/auth/tokens`.
Prints a table and writes JSON; never fails on a slow machine.
Usage: python3 Benchmarks/identity_bench.py --ember .build/release/ember [--creates 320] [--rounds 3] [--json FILE]
"""
import argparse
import json
import os
import statistics
import tempfile
import threading
import time

import requests

from api_bench import Server as NoAuthServer, percentile, run_creates, run_threads
import loadgen

PASSWORD = "bench-admin-pw"


class Server(NoAuthServer):
    """`ember serve` with identity (logged in as the bootstrap admin) or with noauth, quotas lifted."""

    def __init__(self, binary, data_dir, identity):
        super().__init__(binary, data_dir, args=() if identity else ("--auth", "noauth"),
                         env={**os.environ, "EMBER_ADMIN_PASSWORD": PASSWORD})
        if identity:
            token = login(self.base)
            self.project = token.json()["token"]["project"]["id"]
            self.headers = {"X-Auth-Token": token.headers["X-Subject-Token"], "Content-Type": "application/json"}
        self.lift_quotas()
        self.url = f"{self.base}/v3/{self.project}"


def login(base, session=requests):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"id": "default"}, "password": PASSWORD}}},
        "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}
    response = session.post(f"{base}/identity/v3/auth/tokens?nocatalog", json=body, timeout=30)
    response.raise_for_status()
    return response


def rate(clients, seconds, call):
    """Calls `call(session)` from `clients` threads for `seconds`; returns calls/s and p99 ms."""
    latencies, lock, stop = [], threading.Lock(), time.perf_counter() + seconds

    def worker():
        session = requests.Session()
        mine = []
        while time.perf_counter() < stop:
            start = time.perf_counter()
            call(session)
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)

    elapsed = run_threads(clients, worker)
    return {"per_s": len(latencies) / elapsed, "p99_ms": 1000 * percentile(latencies, 0.99)}


def wrk(url, headers, seconds):
    """Requests/s and p99 ms (and p50, p90, non-2xx) from wrk (2 threads, 16 connections), which loads
    the server harder than Python threads can; None without wrk."""
    if not loadgen.available():
        return None
    return loadgen.requests_per_second(url, headers, 16, seconds, threads=2)


def checked(response, status=200):
    assert response.status_code == status, response.text
    return response


def token_rates(server, seconds):
    """Logins/s, then first and repeated validations/s of the tokens those logins made."""
    issued = []

    def issue(session):
        issued.append(login(server.base, session).headers["X-Subject-Token"])
    logins = rate(4, seconds, issue)
    admin = server.headers["X-Auth-Token"]
    fresh = list(issued)

    def validate_fresh(session):
        subject = fresh.pop() if fresh else issued[0]
        checked(session.get(f"{server.base}/identity/v3/auth/tokens?nocatalog", headers={"X-Auth-Token": admin, "X-Subject-Token": subject}))
    first = rate(1, seconds, validate_fresh)
    first["unique_tokens"] = len(issued) - len(fresh)

    def validate_again(session):
        checked(session.get(f"{server.base}/identity/v3/auth/tokens?nocatalog", headers={"X-Auth-Token": admin, "X-Subject-Token": issued[0]}))
    again = rate(4, seconds, validate_again)
    again["wrk"] = wrk(f"{server.base}/identity/v3/auth/tokens?nocatalog", {"X-Auth-Token": admin, "X-Subject-Token": issued[0]}, seconds)
    return logins, first, again


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ember", required=True)
    parser.add_argument("--creates", type=int, default=320)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--json")
    args = parser.parse_args()
    results = {"noauth": [], "identity": []}
    tokens = []
    for round_number in range(args.rounds):
        for mode in ("noauth", "identity") if round_number % 2 == 0 else ("identity", "noauth"):
            with tempfile.TemporaryDirectory(prefix="ember-idbench-") as data:
                server = Server(args.ember, data, identity=mode == "identity")
                try:
                    creates = run_creates(server.url, 16, args.creates, server.headers)
                    gets = rate(4, args.seconds, lambda s: checked(s.get(f"{server.url}/volumes?limit=1", headers=server.headers)))
                    loaded = wrk(f"{server.url}/volumes?limit=1", server.headers, args.seconds)
                    results[mode].append({"creates": creates, "gets": gets, "wrk": loaded})
                    if mode == "identity":
                        tokens.append(token_rates(server, args.seconds))
                finally:
                    server.stop()
    summary = {}
    for mode, runs in results.items():
        summary[mode] = {
            "create_16_per_s": statistics.median(r["creates"]["per_s"] for r in runs),
            "create_16_p50_ms": statistics.median(r["creates"]["p50_ms"] for r in runs),
            "create_16_p99_ms": statistics.median(r["creates"]["p99_ms"] for r in runs),
            "create_errors": sum(r["creates"]["errors"] for r in runs),
            "get_4_per_s": statistics.median(r["gets"]["per_s"] for r in runs),
            "get_4_p99_ms": statistics.median(r["gets"]["p99_ms"] for r in runs),
        }
        if all(r["wrk"] for r in runs):
            summary[mode]["wrk_get_per_s"] = statistics.median(r["wrk"]["per_s"] for r in runs)
            summary[mode]["wrk_get_p99_ms"] = statistics.median(r["wrk"]["p99_ms"] for r in runs)
            summary[mode]["wrk_errors"] = sum(r["wrk"]["errors"] for r in runs)
    summary["tokens"] = {
        "logins_4_per_s": statistics.median(t[0]["per_s"] for t in tokens),
        "login_p99_ms": statistics.median(t[0]["p99_ms"] for t in tokens),
        "first_validations_per_s": statistics.median(t[1]["per_s"] for t in tokens),
        "cached_validations_4_per_s": statistics.median(t[2]["per_s"] for t in tokens),
    }
    if all(t[2]["wrk"] for t in tokens):
        summary["tokens"]["wrk_cached_validations_per_s"] = statistics.median(t[2]["wrk"]["per_s"] for t in tokens)
    n, i = summary["noauth"], summary["identity"]
    print(f"{'median of ' + str(args.rounds) + ' interleaved rounds':44} {'noauth':>10} {'identity':>10} {'identity/noauth':>16}")
    for key, label in [("create_16_per_s", "creates/s (create->available, 16 clients)"), ("create_16_p50_ms", "create p50 ms"),
                       ("create_16_p99_ms", "create p99 ms"), ("get_4_per_s", "GET /volumes?limit=1 per s (4 clients)"),
                       ("get_4_p99_ms", "GET p99 ms"), ("wrk_get_per_s", "wrk GET /volumes?limit=1 per s (16 conns)"),
                       ("wrk_get_p99_ms", "wrk GET p99 ms")]:
        if key not in n or key not in i:
            continue
        print(f"{label:44} {n[key]:10.1f} {i[key]:10.1f} {i[key] / n[key]:15.2f}x")
    t = summary["tokens"]
    print(f"password logins/s (4 clients, scrypt each): {t['logins_4_per_s']:.1f} (p99 {t['login_p99_ms']:.0f} ms)")
    print(f"first validations/s (uncached, 1 client): {t['first_validations_per_s']:.0f}")
    print(f"repeated validations/s (cached, 4 clients): {t['cached_validations_4_per_s']:.0f}"
          + (f"; with wrk (16 conns): {t['wrk_cached_validations_per_s']:.0f}" if "wrk_cached_validations_per_s" in t else ""))
    print(f"errors: creates noauth {n['create_errors']}, identity {i['create_errors']}; "
          f"wrk non-2xx noauth {n.get('wrk_errors', '-')}, identity {i.get('wrk_errors', '-')}")
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as out:
            json.dump({"summary": summary, "rounds": results, "tokens": tokens}, out, indent=2)


if __name__ == "__main__":
    main()
