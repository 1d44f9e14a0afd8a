"""The dashboard in a real browser: headless Chromium (Debian's chromium and chromium-driver) driven by
Selenium against `ember serve` with identity. A member signs in and creates a volume, watches its row
turn available without a reload, extends it, snapshots it, makes a volume from the snapshot while the
copy's progress bar moves, and deletes everything; a reader is offered no create button and is refused
a forged post; a post without the CSRF token is refused; a hostile name renders as text; logging out
ends the session; the project switcher covers the user's projects; an admin sees services and pools.
Screenshots of every page go to test-output/dashboard/."""
import glob
import os
import re
import time

import pytest
import requests
import yaml
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import EmberServer

ROOT = os.path.join(os.path.dirname(__file__), "../..")
SHOTS = os.path.join(ROOT, "test-output", "dashboard")
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def cloud(tmp_path_factory):
    """`ember serve` with identity, a project `demo` with a member (alice) and a reader (rita), and a
    volume type `slow` whose back-end QoS holds copies to 4 MB/s, so that a copy's progress shows."""
    server = EmberServer(str(tmp_path_factory.mktemp("dashboard") / "data"), auth="keystone")
    with open(os.path.join(server.data_dir, "clouds.yaml")) as f:
        password = yaml.safe_load(f)["clouds"]["ember"]["auth"]["password"]
    admin = admin_token(server, password)
    identity = f"{server.url}/identity/v3"
    project = post(f"{identity}/projects", admin, {"project": {"name": "demo", "domain_id": "default"}})["project"]["id"]
    roles = {r["name"]: r["id"] for r in requests.get(f"{identity}/roles", headers=admin, timeout=30).json()["roles"]}
    second = post(f"{identity}/projects", admin, {"project": {"name": "demo2", "domain_id": "default"}})["project"]["id"]
    users = {}
    for name, role in (("alice", "member"), ("rita", "reader")):
        user = post(f"{identity}/users", admin, {"user": {"name": name, "password": f"{name}-pw", "domain_id": "default",
                                                          "default_project_id": project}})["user"]["id"]
        users[name] = user
        assert requests.put(f"{identity}/projects/{project}/users/{user}/roles/{roles[role]}", headers=admin, timeout=30).status_code == 204
    assert requests.put(f"{identity}/projects/{second}/users/{users['alice']}/roles/{roles['member']}", headers=admin, timeout=30).status_code == 204
    qos = post(f"{server.url}/v3/{admin['project']}/qos-specs", admin,
               {"qos_specs": {"name": "slow", "consumer": "back-end", "total_bytes_sec": "4000000"}})["qos_specs"]["id"]
    slow = post(f"{server.url}/v3/{admin['project']}/types", admin, {"volume_type": {"name": "slow"}})["volume_type"]["id"]
    assert requests.get(f"{server.url}/v3/{admin['project']}/qos-specs/{qos}/associate?vol_type_id={slow}", headers=admin, timeout=30).status_code == 202
    os.makedirs(SHOTS, exist_ok=True)
    yield server
    assert server.stop() == 0


def admin_token(server, password):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"id": "default"}, "password": password}}},
        "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}
    response = requests.post(f"{server.url}/identity/v3/auth/tokens", json=body, timeout=30)
    assert response.status_code == 201, response.text
    return {"X-Auth-Token": response.headers["X-Subject-Token"], "project": response.json()["token"]["project"]["id"]}


def post(url, headers, body):
    response = requests.post(url, json=body, headers={"X-Auth-Token": headers["X-Auth-Token"]}, timeout=30)
    assert response.status_code in (200, 201, 202), response.text
    return response.json()


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000", "--disable-gpu"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


def sign_in(driver, server, user):
    driver.get(f"{server.url}/dashboard/login")
    driver.find_element(By.ID, "username").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(f"{user}-pw")
    driver.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("/dashboard"))


def shot(driver, name):
    """Saves the page as test output, after checking that each of its controls has a label."""
    assert unlabelled(driver) == [], f"controls without a label on {name}"
    driver.save_screenshot(os.path.join(SHOTS, f"{name}.png"))


def row_of(driver, name):
    """The id of the volume or snapshot row whose name cell reads `name` (read in the page, at once)."""
    return driver.execute_script(
        "for (const row of document.querySelectorAll('tbody tr[id]')) {"
        "  const cell = row.querySelector('.name');"
        "  if (cell && cell.textContent === arguments[0]) return row.id.split('-').slice(1).join('-');"
        "} return null;", name)


def status_of(driver, kind, resource):
    """The status the page shows (its text, whatever the style sheet makes of it)."""
    return driver.execute_script(
        "const cell = document.querySelector(`[id='${arguments[0]}'] .status`); return cell ? cell.textContent : null;", f"{kind}-{resource}")


def wait_status(driver, kind, resource, status, timeout=60):
    WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: status_of(d, kind, resource) == status)


def submit(driver, button):
    """Clicks a link or a form's button and waits for the page it leads to."""
    page = driver.find_element(By.TAG_NAME, "html")
    button.click()
    wait_left(driver, page)


def wait_left(driver, page):
    """Waits until `page` (its html element) is no longer the browser's document."""
    def gone(_):
        try:
            page.tag_name
            return False
        except WebDriverException:  # stale, or already detached from the new document
            return True
    WebDriverWait(driver, 30).until(gone)


def unlabelled(driver):
    """The page's visible form controls that no label names (every one must have one)."""
    return driver.execute_script(
        "return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
        "  .filter((c) => c.labels.length === 0 && !c.getAttribute('aria-label')).map((c) => c.outerHTML);")


def mark_page(driver):
    """Marks the loaded page: the mark survives only while the page is not reloaded."""
    driver.execute_script("window.emberMark = 'same page';")


def same_page(driver):
    return driver.execute_script("return window.emberMark;") == "same page"


def test_a_member_creates_extends_snapshots_copies_and_deletes_with_live_rows(cloud, browser):
    sign_in(browser, cloud, "alice")
    assert "Quota usage" in browser.page_source
    shot(browser, "overview")
    submit(browser, browser.find_element(By.LINK_TEXT, "Volumes"))
    browser.find_element(By.ID, "new-name").send_keys("web-data")
    Select(browser.find_element(By.ID, "new-type")).select_by_visible_text("slow")
    submit(browser, browser.find_element(By.ID, "create-button"))
    volume = WebDriverWait(browser, 30).until(lambda d: row_of(d, "web-data"))
    mark_page(browser)
    wait_status(browser, "volume", volume, "available")
    assert same_page(browser)
    shot(browser, "volumes")

    # 24 MiB of data, so that copies of it take about six seconds at the type's 4 MB/s (a loaded machine still
    # sees progress events between 0 and 100%).
    [path] = glob.glob(os.path.join(cloud.data_dir, "volumes", f"volume-{volume}"))
    with open(path, "r+b") as f:
        f.write(os.urandom(24 << 20))

    submit(browser, browser.find_element(By.CSS_SELECTOR, f"#volume-{volume} a.name"))
    extend = browser.find_element(By.ID, "extend-size")
    extend.clear()
    extend.send_keys("2")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "#extend button"))
    mark_page(browser)
    WebDriverWait(browser, 60, poll_frequency=0.05).until(
        lambda d: d.find_element(By.CSS_SELECTOR, f"#volume-{volume} .size").text == "2" and status_of(d, "volume", volume) == "available")
    assert same_page(browser)
    shot(browser, "volume")

    browser.find_element(By.ID, "snapshot-name").send_keys("nightly")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "#snapshot button"))
    snapshot = WebDriverWait(browser, 30).until(lambda d: row_of(d, "nightly"))
    wait_status(browser, "snapshot", snapshot, "available")
    shot(browser, "snapshots")

    browser.find_element(By.ID, f"from-{snapshot}").send_keys("restored")
    submit(browser, browser.find_element(By.CSS_SELECTOR, f"#snapshot-{snapshot} form button"))
    restored = WebDriverWait(browser, 30).until(lambda d: row_of(d, "restored"))
    mark_page(browser)
    seen, statuses = set(), []

    def progress_or_done(driver):
        # Read in the page at once: the script replaces the bar with each event.
        value = driver.execute_script(
            "const bar = document.querySelector(`[data-progress-for='${arguments[0]}'] progress`); return bar ? bar.value : null;", restored)
        if value is not None:
            seen.add(int(value))
        status = status_of(driver, "volume", restored)
        if not statuses or statuses[-1] != status:
            statuses.append(status)
        return status == "available"

    WebDriverWait(browser, 90, poll_frequency=0.05).until(progress_or_done)
    assert any(0 < value < 100 for value in seen), f"progress values seen: {sorted(seen)}"
    assert statuses[0] == "creating" and statuses[-1] == "available", statuses
    assert same_page(browser), "the row changed through the event stream, not a reload"
    text = browser.find_element(By.CSS_SELECTOR, f"[data-progress-for='{restored}']").text
    assert "copy" in text, text
    shot(browser, "volumes-after-copy")

    for page in ("types", "messages"):
        submit(browser, browser.find_element(By.LINK_TEXT, {"types": "Volume types", "messages": "Messages"}[page]))
        shot(browser, page)
    assert not browser.find_elements(By.LINK_TEXT, "Services and pools"), "a member is not offered the admin's page"

    for target in (restored, volume):
        browser.get(f"{cloud.url}/dashboard/volumes/{target}")
        if target == volume:
            browser.get(f"{cloud.url}/dashboard/snapshots")
            submit(browser, browser.find_element(By.CSS_SELECTOR, f"#snapshot-{snapshot} button.danger"))
            WebDriverWait(browser, 60).until(lambda d: not d.find_elements(By.ID, f"snapshot-{snapshot}"))
            browser.get(f"{cloud.url}/dashboard/volumes/{target}")
        submit(browser, browser.find_element(By.CSS_SELECTOR, "#delete button"))
        WebDriverWait(browser, 60, poll_frequency=0.1).until(lambda d: not d.find_elements(By.ID, f"volume-{target}"))
    assert row_of(browser, "web-data") is None and row_of(browser, "restored") is None


def test_a_hostile_name_renders_as_text(cloud, browser):
    sign_in(browser, cloud, "alice")
    browser.get(f"{cloud.url}/dashboard/volumes")
    # By keyboard alone: Tab from the top of the page to the name field, type, press Enter.
    page = browser.find_element(By.TAG_NAME, "html")
    keys = ActionChains(browser)
    for _ in range(40):
        if browser.execute_script("return document.activeElement.id") == "new-name":
            break
        keys.send_keys(Keys.TAB).perform()
    assert browser.execute_script("return document.activeElement.id") == "new-name", "the form is reachable by Tab"
    keys.send_keys(XSS, Keys.ENTER).perform()
    wait_left(browser, page)
    volume = WebDriverWait(browser, 30).until(lambda d: row_of(d, XSS))
    assert not browser.find_elements(By.CSS_SELECTOR, "#volumes img"), "the name became markup"
    assert "&lt;img src=x onerror=alert(1)&gt;" in browser.page_source
    wait_status(browser, "volume", volume, "available")
    assert browser.find_element(By.CSS_SELECTOR, f"#volume-{volume} .name").text == XSS
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text
    browser.get(f"{cloud.url}/dashboard/volumes/{volume}")
    assert browser.find_element(By.CSS_SELECTOR, "h1 .name").text == XSS
    assert not browser.find_elements(By.CSS_SELECTOR, "main img")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "#delete button"))
    WebDriverWait(browser, 60).until(lambda d: not d.find_elements(By.ID, f"volume-{volume}"))


def session(server, user):
    """A signed-in requests session, as a browser would hold it, and the CSRF token of its pages."""
    client = requests.Session()
    login = client.get(f"{server.url}/dashboard/login", timeout=30)
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text).group(1)
    answer = client.post(f"{server.url}/dashboard/login", data={"csrf": csrf, "username": user, "password": f"{user}-pw"},
                         allow_redirects=False, timeout=30)
    assert answer.status_code == 303, answer.text
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/dashboard" in cookie
    page = client.get(f"{server.url}/dashboard/volumes", timeout=30)
    return client, re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def test_a_reader_is_offered_no_create_and_a_forged_post_is_refused(cloud, browser):
    sign_in(browser, cloud, "rita")
    browser.get(f"{cloud.url}/dashboard/volumes")
    assert not browser.find_elements(By.ID, "create-button")
    assert not browser.find_elements(By.ID, "create-volume")
    shot(browser, "volumes-as-reader")
    client, csrf = session(cloud, "rita")
    forged = client.post(f"{cloud.url}/dashboard/volumes", data={"csrf": csrf, "size": "1", "name": "forged"}, allow_redirects=False, timeout=30)
    assert forged.status_code == 403, forged.text
    assert "volume:create" in forged.text
    alice, _ = session(cloud, "alice")
    assert "forged" not in alice.get(f"{cloud.url}/dashboard/volumes", timeout=30).text


def test_a_post_without_the_csrf_token_is_refused(cloud):
    client, csrf = session(cloud, "alice")
    for data in ({"size": "1", "name": "no-token"}, {"size": "1", "name": "no-token", "csrf": "x" * len(csrf)}):
        refused = client.post(f"{cloud.url}/dashboard/volumes", data=data, allow_redirects=False, timeout=30)
        assert refused.status_code == 403 and "CSRF" in refused.text
    assert "no-token" not in client.get(f"{cloud.url}/dashboard/volumes", timeout=30).text
    login = requests.post(f"{cloud.url}/dashboard/login", data={"username": "alice", "password": "alice-pw"}, allow_redirects=False, timeout=30)
    assert login.status_code == 403, "a login without the form's token"


def test_logout_ends_the_session(cloud, browser):
    sign_in(browser, cloud, "alice")
    cookie = browser.get_cookie("ember_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    browser.find_element(By.ID, "logout").click()
    WebDriverWait(browser, 30).until(lambda d: d.current_url.endswith("/dashboard/login"))
    shot(browser, "login")
    stale = requests.get(f"{cloud.url}/dashboard/volumes", cookies={"ember_session": cookie["value"]}, allow_redirects=False, timeout=30)
    assert stale.status_code == 303 and stale.headers["Location"].endswith("/dashboard/login")
    api = requests.get(f"{cloud.url}/v3/volumes", headers={"X-Auth-Token": cookie["value"]}, timeout=30)
    assert api.status_code == 401, "the session's token was revoked"


def test_an_admin_sees_services_and_pools(cloud, browser):
    with open(os.path.join(cloud.data_dir, "clouds.yaml")) as f:
        password = yaml.safe_load(f)["clouds"]["ember"]["auth"]["password"]
    browser.get(f"{cloud.url}/dashboard/login")
    browser.find_element(By.ID, "username").send_keys("admin")
    browser.find_element(By.ID, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda d: d.current_url.endswith("/dashboard"))
    submit(browser, browser.find_element(By.LINK_TEXT, "Services and pools"))
    states = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "#services td[class^=state]")]
    assert states and all(state == "up" for state in states), states
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#pools tbody tr"))
    shot(browser, "services")
    submit(browser, browser.find_element(By.LINK_TEXT, "Volume types"))
    slow = [row for row in browser.find_elements(By.CSS_SELECTOR, "#types tbody tr") if row.text.startswith("slow")]
    assert len(slow) == 1 and slow[0].find_elements(By.TAG_NAME, "td")[3].text == "slow", "the type's QoS, by name"
    shot(browser, "types-as-admin")


def test_the_project_switcher_covers_the_users_projects(cloud, browser):
    sign_in(browser, cloud, "alice")
    projects = Select(browser.find_element(By.ID, "project-switcher"))
    assert sorted(o.text for o in projects.options) == ["demo", "demo2"]
    assert projects.first_selected_option.text == "demo"
    projects.select_by_visible_text("demo2")
    submit(browser, browser.find_element(By.CSS_SELECTOR, ".switcher button"))
    WebDriverWait(browser, 30).until(lambda d: "Overview of demo2" in d.page_source)
    assert Select(browser.find_element(By.ID, "project-switcher")).first_selected_option.text == "demo2"
    client, csrf = session(cloud, "rita")
    other = client.post(f"{cloud.url}/dashboard/project", data={"csrf": csrf, "project_id": "no-such-project"}, allow_redirects=False, timeout=30)
    assert other.status_code == 403, "a project the user has no role on"


def test_an_open_event_stream_does_not_hold_the_servers_shutdown(tmp_path):
    """SIGTERM with a page's event stream open: the stream ends and the server exits cleanly at once,
    not after the stream's lifetime."""
    server = EmberServer(str(tmp_path / "data"), auth="keystone")
    try:
        with open(os.path.join(server.data_dir, "clouds.yaml")) as f:
            password = yaml.safe_load(f)["clouds"]["ember"]["auth"]["password"]
        client = requests.Session()
        login = client.get(f"{server.url}/dashboard/login", timeout=30)
        csrf = re.search(r'name="csrf" value="([^"]+)"', login.text).group(1)
        client.post(f"{server.url}/dashboard/login", data={"csrf": csrf, "username": "admin", "password": password}, timeout=30)
        stream = client.get(f"{server.url}/dashboard/events?since=0", stream=True, timeout=30)
        assert stream.status_code == 200 and stream.headers["Content-Type"].startswith("text/event-stream")
        lines = stream.iter_lines(decode_unicode=True)
        assert next(lines) == "retry: 1000"
        started = time.monotonic()
    finally:
        status = server.stop()
    assert status == 0 and time.monotonic() - started < 10
