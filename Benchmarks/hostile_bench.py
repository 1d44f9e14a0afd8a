#!/usr/bin/env python3
"""Hostile-load benchmark of `ember serve` with identity: does an attacker slow everyone else down?

On one server, in one run, with the phases interleaved over rounds: the p50 and p99 of an
authenticated `GET /v3/{project}/volumes` from one client alone (the baseline); the same while 30
clients send wrong passwords as fast as they can; the same while 400 idle connections are held open.
The target: neither load raises the p50 above 3x the baseline. Prints a table and writes JSON; it is a
benchmark, not a test, and never fails on a slow machine.
Usage: python3 Benchmarks/hostile_bench.py --ember .build/release/ember [--seconds 8] [--rounds 2] [--json FILE]
"""
import argparse
import json
import multiprocessing
import os
import socket
import statistics
import tempfile
import threading
import time
from collections import Counter

import requests

from api_bench import percentile
from identity_bench import Server


def sample_gets(server, seconds):
    """Sequential authenticated GETs for `seconds`; latencies in ms."""
    session, latencies, stop = requests.Session(), [], time.perf_counter() + seconds
    while time.perf_counter() < stop:
        start = time.perf_counter()
        response = session.get(f"{server.url}/volumes", headers=server.headers, timeout=60)
        latencies.append(1000 * (time.perf_counter() - start))
        assert response.status_code == 200, response.text
    return latencies


def attack(base, clients, seconds, answers):
    """`clients` threads logging in with wrong passwords for `seconds` (half as the real admin, half as
    users who do not exist); run in a process of its own, so that its threads do not share the
    measuring client's interpreter lock."""
    counts, lock, stop = Counter(), threading.Lock(), time.perf_counter() + seconds
    body = lambda n: {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin" if n % 2 else f"nobody{n}", "domain": {"id": "default"}, "password": f"wrong-{n}"}}}}}

    def attacker(n):
        session = requests.Session()
        while time.perf_counter() < stop:
            code = session.post(f"{base}/identity/v3/auth/tokens", json=body(n), timeout=60).status_code
            with lock:
                counts[code] += 1

    threads = [threading.Thread(target=attacker, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    answers.update(counts)


def with_wrong_passwords(server, seconds, clients=30):
    """Runs the sample while `clients` clients send wrong passwords; counts the answers they got."""
    with multiprocessing.Manager() as manager:
        answers = manager.dict()
        attackers = multiprocessing.Process(target=attack, args=(server.base, clients, seconds + 2, answers))
        attackers.start()
        time.sleep(1)
        latencies = sample_gets(server, seconds)
        attackers.join()
        return latencies, dict(answers)


def with_idle_connections(server, seconds, count=400):
    """Runs the sample while `count` connections sit open, half of them after one request (idle
    keep-alive), half having sent nothing."""
    sockets = []
    for n in range(count):
        s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        if n % 2:
            s.sendall(f"GET /v3/ HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
            s.recv(65536)
        sockets.append(s)
    try:
        return sample_gets(server, seconds), {"open": len(sockets)}
    finally:
        for s in sockets:
            s.close()


def summary(latencies):
    return {"p50_ms": statistics.median(latencies), "p99_ms": percentile(latencies, 0.99), "requests": len(latencies)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ember", required=True)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json")
    args = parser.parse_args()
    phases = {"baseline": lambda s: (sample_gets(s, args.seconds), {}),
              "30 wrong-password clients": lambda s: with_wrong_passwords(s, args.seconds),
              "400 idle connections": lambda s: with_idle_connections(s, args.seconds)}
    runs = {name: [] for name in phases}
    with tempfile.TemporaryDirectory(prefix="ember-hostile-") as data:
        server = Server(args.ember, data, identity=True)
        try:
            order = list(phases)
            for round_number in range(args.rounds):
                for name in order if round_number % 2 == 0 else [order[0], *reversed(order[1:])]:
                    latencies, extra = phases[name](server)
                    runs[name].append({**summary(latencies), **extra})
                    time.sleep(2)
        finally:
            server.stop()
    table = {name: {"p50_ms": statistics.median(r["p50_ms"] for r in rs), "p99_ms": statistics.median(r["p99_ms"] for r in rs)}
             for name, rs in runs.items()}
    base = table["baseline"]["p50_ms"]
    print(f"authenticated GET /volumes, 1 client, median of {args.rounds} rounds")
    print(f"{'load':28} {'p50 ms':>8} {'p99 ms':>8} {'p50 / baseline':>15}")
    for name, row in table.items():
        print(f"{name:28} {row['p50_ms']:8.2f} {row['p99_ms']:8.2f} {row['p50_ms'] / base:14.2f}x")
    answers = Counter()
    for r in runs["30 wrong-password clients"]:
        answers.update({k: v for k, v in r.items() if isinstance(k, int)})
    print("answers to the wrong passwords:", dict(sorted(answers.items())))
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as out:
            json.dump({"summary": table, "runs": {k: [{str(a): b for a, b in r.items()} for r in v] for k, v in runs.items()},
                       "wrong_password_answers": {str(k): v for k, v in answers.items()}}, out, indent=2)


if __name__ == "__main__":
    main()
