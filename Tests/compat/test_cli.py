"""The `ember` command line: refusals with a clear message and a non-zero exit, and `db migrate`."""
import sqlite3
import subprocess

from conftest import EMBER_BIN, free_port


def run(*args):
    return subprocess.run([EMBER_BIN, *args], capture_output=True, text=True, timeout=60)


def test_serve_refuses_identity_options_it_cannot_honour(tmp_path):
    listen = ["--data-dir", str(tmp_path), "--listen", f"127.0.0.1:{free_port()}"]
    result = run("serve", "--auth", "noauth", "--admin-password", "x", *listen)
    assert result.returncode != 0 and "drop --auth noauth" in result.stderr
    result = run("serve", "--token-lifetime", "5", *listen)
    assert result.returncode != 0 and "--token-lifetime" in result.stderr
    result = run("serve", "--public-url", "ftp://x/", *listen)
    assert result.returncode != 0 and "--public-url" in result.stderr
    policy = tmp_path / "policy.yaml"
    policy.write_text('"volume:create": "role:admin and"\n')
    result = run("serve", "--policy-file", str(policy), *listen)
    assert result.returncode != 0 and "volume:create" in result.stderr


def test_serve_rejects_a_malformed_listen_address(tmp_path):
    result = run("serve", "--auth", "noauth", "--data-dir", str(tmp_path), "--listen", "localhost")
    assert result.returncode != 0 and "HOST:PORT" in result.stderr


def test_serve_rejects_an_unsafe_host_name(tmp_path):
    result = run("serve", "--auth", "noauth", "--data-dir", str(tmp_path), "--host", "a/../b")
    assert result.returncode != 0 and "--host" in result.stderr


def test_db_migrate_creates_the_schema_and_is_rerunnable(tmp_path):
    for _ in range(2):
        result = run("db", "migrate", "--data-dir", str(tmp_path))
        assert result.returncode == 0, result.stderr
        assert "applied: v1-services-volumes-types\napplied: v2-snapshots-quotas-type-access\napplied: v3-attachments-exports" in result.stdout
    with sqlite3.connect(tmp_path / "ember.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"services", "volumes", "volume_types"} <= tables
        assert db.execute("SELECT name FROM volume_types").fetchall() == [("__DEFAULT__",)]
