"""Identity through unchanged clients: `ember serve` with its own Keystone v3 subset, the clouds.yaml it
writes, openstackclient with password auth, cinderclient with Keystone auth, token keys rotated while it
runs, and the LDAP backend against a real slapd started on loopback by scripts/slapd.sh."""
import json
import os
import shutil
import socket
import stat
import subprocess
import time

import pytest
import requests

from conftest import EMBER_BIN, EmberServer, free_port, wait_for

ROOT = os.path.join(os.path.dirname(__file__), "../..")


@pytest.fixture
def keystone(tmp_path):
    server = EmberServer(str(tmp_path / "data"), auth="keystone")
    yield server
    assert server.stop() == 0


def osc(server, *args, expect_ok=True, env=None, cloud=True):
    environment = {**os.environ, "OS_CLIENT_CONFIG_FILE": os.path.join(server.data_dir, "clouds.yaml"), **(env or {})}
    argv = ["openstack", *(["--os-cloud", "ember"] if cloud else []), *args]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=90, env=environment)
    if expect_ok:
        assert result.returncode == 0, f"{args}: {result.stderr}"
    return result


def osc_json(server, *args, **kwargs):
    return json.loads(osc(server, *args, "-f", "json", **kwargs).stdout)


def as_user(server, user, password, project, user_domain="Default"):
    """openstackclient arguments for password auth as someone other than the admin."""
    return ["--os-auth-url", f"{server.url}/identity/v3", "--os-username", user, "--os-password", password,
            "--os-user-domain-name", user_domain, "--os-project-name", project, "--os-project-domain-name", "Default",
            "--os-identity-api-version", "3"]


def token_for(server, user, password, project, user_domain="Default"):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": user, "domain": {"name": user_domain}, "password": password}}},
        "scope": {"project": {"name": project, "domain": {"id": "default"}}}}}
    response = requests.post(f"{server.url}/identity/v3/auth/tokens", json=body, timeout=30)
    return response


def test_first_start_writes_a_private_clouds_yaml_and_openstackclient_works(keystone):
    path = os.path.join(keystone.data_dir, "clouds.yaml")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(os.path.join(keystone.data_dir, "serve.log")) as log:
        text = log.read()
    with open(path) as clouds:
        password_line = [line for line in clouds if "password:" in line][0]
    password = password_line.split("'")[1]
    assert len(password) >= 20 and password not in text, "the generated password must not be logged"

    issued = osc_json(keystone, "token", "issue")
    assert issued["project_id"] and issued["user_id"] and issued["expires"]
    volume = osc_json(keystone, "volume", "create", "--size", "1", "first")
    wait_for(lambda: osc_json(keystone, "volume", "show", volume["id"])["status"] == "available")
    assert [v["Name"] for v in osc_json(keystone, "volume", "list")] == ["first"]
    osc(keystone, "volume", "delete", volume["id"])
    wait_for(lambda: osc_json(keystone, "volume", "list") == [])

    osc(keystone, "project", "create", "demo")
    assert {p["Name"] for p in osc_json(keystone, "project", "list")} == {"admin", "demo"}
    osc(keystone, "user", "create", "--password", "alice-pw", "alice")
    assert {u["Name"] for u in osc_json(keystone, "user", "list")} == {"admin", "alice"}
    assert {r["Name"] for r in osc_json(keystone, "role", "list")} == {"admin", "member", "reader"}
    osc(keystone, "role", "add", "--project", "demo", "--user", "alice", "member")
    assignments = osc_json(keystone, "role", "assignment", "list", "--names", "--project", "demo")
    assert [(a["Role"], a["User"], a["Project"]) for a in assignments] == [("member", "alice@Default", "demo@Default")]

    # alice works in her project with her own password; the admin sets her quota with openstackclient.
    alice = as_user(keystone, "alice", "alice-pw", "demo")
    created = osc_json(keystone, *alice, "volume", "create", "--size", "1", "hers", cloud=False)
    assert created["name"] == "hers"
    osc(keystone, "quota", "set", "--volumes", "7", "demo")
    quota = osc_json(keystone, "quota", "show", "demo")
    volumes = quota["volumes"] if "volumes" in quota else {q["Resource"]: q["Limit"] for q in quota}["volumes"]
    assert volumes == 7

    # A disabled user's token stops working at once; removing the role stops her logins.
    token = token_for(keystone, "alice", "alice-pw", "demo")
    assert token.status_code == 201
    headers = {"X-Auth-Token": token.headers["X-Subject-Token"]}
    project_id = token.json()["token"]["project"]["id"]
    assert requests.get(f"{keystone.url}/v3/{project_id}/volumes", headers=headers, timeout=30).status_code == 200
    osc(keystone, "user", "set", "--disable", "alice")
    assert requests.get(f"{keystone.url}/v3/{project_id}/volumes", headers=headers, timeout=30).status_code == 401
    assert token_for(keystone, "alice", "alice-pw", "demo").status_code == 401
    osc(keystone, "user", "set", "--enable", "alice")
    osc(keystone, "role", "remove", "--project", "demo", "--user", "alice", "member")
    refused = osc(keystone, *alice, "volume", "list", cloud=False, expect_ok=False)
    assert refused.returncode != 0 and "401" in refused.stderr

    # A project with volumes is not deleted (they would have no owner); once empty it is.
    osc(keystone, "user", "delete", "alice")
    assert {u["Name"] for u in osc_json(keystone, "user", "list")} == {"admin"}
    kept = osc(keystone, "project", "delete", "demo", expect_ok=False)
    assert kept.returncode != 0 and "still has 1 volume" in kept.stderr
    admin_token = token_for(keystone, "admin", admin_password(keystone), "admin").headers["X-Subject-Token"]
    admin_project = osc_json(keystone, "project", "show", "admin")["id"]
    gone = requests.delete(f"{keystone.url}/v3/{admin_project}/volumes/{created['id']}", headers={"X-Auth-Token": admin_token}, timeout=30)
    assert gone.status_code == 202, gone.text
    wait_for(lambda: requests.get(f"{keystone.url}/v3/{admin_project}/volumes/detail?all_tenants=1",
                                  headers={"X-Auth-Token": admin_token}, timeout=30).json()["volumes"] == [])
    osc(keystone, "project", "delete", "demo")
    assert {p["Name"] for p in osc_json(keystone, "project", "list")} == {"admin"}


def test_cinderclient_authenticates_against_embers_identity(keystone):
    osc(keystone, "project", "create", "demo")
    osc(keystone, "user", "create", "--password", "bob-pw", "bob")
    osc(keystone, "role", "add", "--project", "demo", "--user", "bob", "member")
    base = ["cinder", "--os-auth-url", f"{keystone.url}/identity/v3", "--os-username", "bob", "--os-password", "bob-pw",
            "--os-user-domain-name", "Default", "--os-project-name", "demo", "--os-project-domain-name", "Default",
            "--os-volume-api-version", "3.60"]
    created = subprocess.run([*base, "create", "--name", "viacinder", "1"], capture_output=True, text=True, timeout=90)
    assert created.returncode == 0, created.stderr
    listed = subprocess.run([*base, "list"], capture_output=True, text=True, timeout=90)
    assert listed.returncode == 0 and "viacinder" in listed.stdout
    reset = subprocess.run([*base, "reset-state", "--state", "error", "viacinder"], capture_output=True, text=True, timeout=90)
    assert reset.returncode != 0 and "403" in reset.stdout + reset.stderr, "a member cannot reset status"
    wrong = subprocess.run([*base[:6], "wrong", *base[7:], "list"], capture_output=True, text=True, timeout=90)
    assert wrong.returncode != 0 and "401" in wrong.stderr


def test_openstackclient_grants_a_system_role_and_a_system_scoped_token_administers(keystone):
    """`role add --system all`, then `--os-system-scope all`: the token carries no project, the catalog's
    volume endpoint has none either, and the system admin lists services and every project's volumes."""
    osc(keystone, "user", "create", "--password", "s3cret", "operator")
    system = ["--os-auth-url", f"{keystone.url}/identity/v3", "--os-username", "operator", "--os-password", "s3cret",
              "--os-user-domain-name", "Default", "--os-system-scope", "all", "--os-identity-api-version", "3"]
    clean = {key: value for key, value in os.environ.items() if not key.startswith("OS_")}

    def as_operator(*args, expect_ok=True):
        result = subprocess.run(["openstack", *system, *args], capture_output=True, text=True, timeout=90, env=clean)
        assert (result.returncode == 0) == expect_ok, f"{args}: {result.stdout} {result.stderr}"
        return result

    as_operator("token", "issue", expect_ok=False)
    osc(keystone, "role", "add", "--system", "all", "--user", "operator", "admin")
    listed = osc_json(keystone, "role", "assignment", "list", "--system", "all", "--names")
    assert [(row["Role"], row["User"], row["System"]) for row in listed] == [("admin", "operator@Default", "all")]
    assert "project_id" not in json.loads(as_operator("token", "issue", "-f", "json").stdout)
    services = json.loads(as_operator("volume", "service", "list", "-f", "json").stdout)
    assert {row["Binary"] for row in services} == {"cinder-scheduler", "cinder-volume"}
    osc(keystone, "volume", "create", "--size", "1", "projectvolume")
    names = [row["Name"] for row in json.loads(as_operator("volume", "list", "--all-projects", "-f", "json").stdout)]
    assert "projectvolume" in names
    osc(keystone, "role", "remove", "--system", "all", "--user", "operator", "admin")
    as_operator("token", "issue", expect_ok=False)


def test_rotated_keys_keep_old_tokens_until_retired_and_tampering_is_refused(keystone):
    token = token_for(keystone, "admin", admin_password(keystone), "admin")
    value = token.headers["X-Subject-Token"]
    project = token.json()["token"]["project"]["id"]
    url = f"{keystone.url}/v3/{project}/volumes"
    assert requests.get(url, headers={"X-Auth-Token": value}, timeout=30).status_code == 200
    tampered = value[:40] + ("A" if value[40] != "A" else "B") + value[41:]
    assert requests.get(url, headers={"X-Auth-Token": tampered}, timeout=30).status_code == 401

    keys = ["--data-dir", keystone.data_dir]
    rotate = subprocess.run([EMBER_BIN, "token-keys", "rotate", *keys], capture_output=True, text=True, check=True)
    assert rotate.stdout.strip() == "primary key: 2"
    assert requests.get(url, headers={"X-Auth-Token": value}, timeout=30).status_code == 200, "old key still validates"
    newer = token_for(keystone, "admin", admin_password(keystone), "admin").headers["X-Subject-Token"]
    subprocess.run([EMBER_BIN, "token-keys", "retire", "--keep", "1", *keys], check=True, capture_output=True)
    assert requests.get(url, headers={"X-Auth-Token": value}, timeout=30).status_code == 401, "retired key's token refused"
    assert requests.get(url, headers={"X-Auth-Token": newer}, timeout=30).status_code == 200
    listed = subprocess.run([EMBER_BIN, "token-keys", "list", *keys], capture_output=True, text=True, check=True)
    assert listed.stdout.split() == ["2"]


def admin_password(server):
    with open(os.path.join(server.data_dir, "clouds.yaml")) as clouds:
        return [line for line in clouds if "password:" in line][0].split("'")[1]


def test_admin_password_from_the_environment_and_restart_keeps_identity(tmp_path):
    data = str(tmp_path / "data")
    server = EmberServer(data, auth="keystone", env={"EMBER_ADMIN_PASSWORD": "from-env-pw"})
    try:
        assert token_for(server, "admin", "from-env-pw", "admin").status_code == 201
    finally:
        assert server.stop() == 0
    again = EmberServer(data, auth="keystone")
    try:
        assert token_for(again, "admin", "from-env-pw", "admin").status_code == 201, "a restart keeps the password"
        assert admin_password(again) == "from-env-pw"
        with open(os.path.join(data, "clouds.yaml")) as clouds:
            assert f"auth_url: {again.url}/identity/v3" in clouds.read(), "clouds.yaml follows the new port"
    finally:
        assert again.stop() == 0


SEED = """dn: dc=ember,dc=test
objectClass: dcObject
objectClass: organization
o: Ember test
dc: ember

dn: ou=users,dc=ember,dc=test
objectClass: organizationalUnit
ou: users

dn: ou=groups,dc=ember,dc=test
objectClass: organizationalUnit
ou: groups

dn: uid=carol,ou=users,dc=ember,dc=test
objectClass: inetOrgPerson
uid: carol
cn: Carol
sn: Directory
mail: carol@ember.test
userPassword: carol-pw

dn: uid=dave,ou=users,dc=ember,dc=test
objectClass: inetOrgPerson
uid: dave
cn: Dave
sn: Directory
userPassword: dave-pw

dn: cn=storage,ou=groups,dc=ember,dc=test
objectClass: groupOfNames
cn: storage
member: uid=dave,ou=users,dc=ember,dc=test
"""

MANAGER = ["-x", "-D", "cn=admin,dc=ember,dc=test", "-w", "manager-secret"]


@pytest.fixture
def slapd(tmp_path):
    port = free_port()
    directory = tmp_path / "slapd"
    log = open(tmp_path / "slapd.log", "w")
    process = subprocess.Popen(["bash", os.path.join(ROOT, "scripts/slapd.sh"), str(directory), str(port)],
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"ldap://127.0.0.1:{port}"

    def answers():
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0
    wait_for(answers, timeout=20)
    seed = tmp_path / "seed.ldif"
    seed.write_text(SEED)
    subprocess.run(["ldapadd", "-H", url, *MANAGER, "-f", str(seed)], check=True, capture_output=True)
    yield url
    process.terminate()
    process.wait(timeout=20)
    log.close()


def test_ldap_users_log_in_wrong_passwords_fail_and_removed_users_cannot(tmp_path, slapd):
    config = tmp_path / "ldap.json"
    config.write_text(json.dumps({
        "url": slapd, "user_tree_dn": "ou=users,dc=ember,dc=test", "group_tree_dn": "ou=groups,dc=ember,dc=test",
        "domain_name": "Directory", "user": "cn=admin,dc=ember,dc=test"}))
    server = EmberServer(str(tmp_path / "data"), auth="keystone", extra_args=["--ldap-config", str(config)],
                         env={"EMBER_LDAP_PASSWORD": "manager-secret"})
    try:
        users = osc_json(server, "user", "list", "--domain", "Directory")
        assert {u["Name"] for u in users} == {"carol", "dave"}
        osc(server, "project", "create", "demo")
        osc(server, "role", "add", "--project", "demo", "--user", "carol", "--user-domain", "Directory", "member")
        # dave has no role of his own: his group "storage" gets one.
        admin = token_for(server, "admin", admin_password(server), "admin").headers["X-Subject-Token"]
        demo = osc_json(server, "project", "show", "demo")["id"]
        member = [r for r in osc_json(server, "role", "list") if r["Name"] == "member"][0]["ID"]
        grant = requests.put(f"{server.url}/identity/v3/projects/{demo}/groups/storage/roles/{member}",
                             headers={"X-Auth-Token": admin}, timeout=30)
        assert grant.status_code == 204

        carol = token_for(server, "carol", "carol-pw", "demo", user_domain="Directory")
        assert carol.status_code == 201
        assert carol.json()["token"]["user"]["domain"]["name"] == "Directory"
        assert {r["name"] for r in carol.json()["token"]["roles"]} == {"member", "reader"}
        listing = requests.get(f"{server.url}/v3/{demo}/volumes", headers={"X-Auth-Token": carol.headers["X-Subject-Token"]}, timeout=30)
        assert listing.status_code == 200
        assert token_for(server, "dave", "dave-pw", "demo", user_domain="Directory").status_code == 201, "a group's role counts"
        assert token_for(server, "carol", "wrong", "demo", user_domain="Directory").status_code == 401
        assert token_for(server, "carol", "", "demo", user_domain="Directory").status_code == 401, "an empty password is not an anonymous bind"
        assert token_for(server, "car*", "carol-pw", "demo", user_domain="Directory").status_code == 401, "filters are escaped"
        refused = osc(server, "user", "set", "--disable", "--domain", "Directory", "carol", expect_ok=False)
        assert refused.returncode != 0 and "read only" in refused.stderr

        subprocess.run(["ldapdelete", "-H", slapd, *MANAGER, "uid=carol,ou=users,dc=ember,dc=test"], check=True, capture_output=True)
        assert token_for(server, "carol", "carol-pw", "demo", user_domain="Directory").status_code == 401
    finally:
        assert server.stop() == 0


def test_serve_refuses_an_unreachable_directory(tmp_path):
    config = tmp_path / "ldap.json"
    config.write_text(json.dumps({"url": f"ldap://127.0.0.1:{free_port()}", "user_tree_dn": "ou=users,dc=ember,dc=test"}))
    result = subprocess.run([EMBER_BIN, "serve", "--data-dir", str(tmp_path / "data"), "--listen", f"127.0.0.1:{free_port()}",
                             "--ldap-config", str(config)], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "cannot be used" in result.stderr and "Can't contact LDAP server" in result.stderr
    config.write_text(json.dumps({"url": "http://x", "user_tree_dn": "ou=users"}))
    bad = subprocess.run([EMBER_BIN, "serve", "--ldap-config", str(config)], capture_output=True, text=True, timeout=60)
    assert bad.returncode != 0 and "ldap://" in bad.stderr


def test_admin_password_from_a_file_stays_out_of_the_process_table(tmp_path):
    secret = tmp_path / "admin-pw"
    secret.write_text("from-file-pw\n")
    os.chmod(secret, 0o600)
    server = EmberServer(str(tmp_path / "data"), auth="keystone", extra_args=["--admin-password-file", str(secret)])
    try:
        assert token_for(server, "admin", "from-file-pw", "admin").status_code == 201
        with open(f"/proc/{server.process.pid}/cmdline", "rb") as cmdline:
            assert b"from-file-pw" not in cmdline.read()
    finally:
        assert server.stop() == 0
    with open(os.path.join(str(tmp_path / "data"), "serve.log")) as log:
        assert "warning: --admin-password" not in log.read()


def test_admin_password_on_the_command_line_is_warned_about(tmp_path):
    server = EmberServer(str(tmp_path / "data"), auth="keystone", extra_args=["--admin-password", "argv-pw"])
    try:
        assert token_for(server, "admin", "argv-pw", "admin").status_code == 201
    finally:
        assert server.stop() == 0
    with open(os.path.join(str(tmp_path / "data"), "serve.log")) as log:
        assert "warning: --admin-password shows the password" in log.read()
    both = subprocess.run([EMBER_BIN, "serve", "--data-dir", str(tmp_path / "other"), "--admin-password", "a",
                           "--admin-password-file", "/dev/null"], capture_output=True, text=True, timeout=60)
    assert both.returncode != 0 and "not both" in both.stderr
