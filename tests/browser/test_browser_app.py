"""The web app in a real browser: headless Chromium (Debian's ``chromium`` and
``chromium-driver``) driven by Selenium, against uvicorn on 127.0.0.1.

The corpus tests ingest ``examples/corpus`` once (they need the spaCy model: ``model``) and
write each main view's screenshot to ``tests/artifacts/screenshots/`` (ignored by git); set
``CLAIMGRAPH_SCREENSHOTS=docs/screenshots`` to refresh the README's pictures.  The XSS test needs no model.
Everything skips with a reason when Selenium or a Chromium binary is missing (``make
browser-deps`` installs them).
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from claimgraph.runner import add_extraction

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"
SHOTS = ROOT / os.environ.get("CLAIMGRAPH_SCREENSHOTS", "tests/artifacts/screenshots")
CLAIM = "Kingdom of Dastan arms the Free Meridian Front"

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _binary(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    chromium = _binary("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    driver_bin = _binary("chromedriver", "chromium-driver")
    if not chromium or not driver_bin:
        pytest.skip("no chromium/chromedriver binary found: `make browser-deps` (apt-get install chromium chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1440,900",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=en-GB"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(driver_bin))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@contextmanager
def live_app(app):
    """uvicorn serving ``app`` on 127.0.0.1 and a free port, in a background thread."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, nlp) -> str:
    from claimgraph import ingest
    from claimgraph.store import open_store

    path = str(tmp_path_factory.mktemp("web-corpus") / "corpus.db")
    with open_store(path) as store:
        report = ingest([CORPUS], store, nlp=nlp)
        assert report.stored >= 10, report.to_json()
    return path


@pytest.fixture(scope="session")
def corpus_url(corpus_db):
    from claimgraph.web import create_app

    with live_app(create_app(corpus_db)) as url:
        yield url


# -- helpers --------------------------------------------------------------------------------
def wait(driver, condition, timeout=20):
    return WebDriverWait(driver, timeout).until(condition)


def graph_ready(driver):
    wait(driver, lambda d: d.execute_script("return document.body.dataset.ready === 'true' && document.body.dataset.loading === 'false'"))


def shot(driver, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 10_000
    return path


def click_canvas(driver, x: float, y: float) -> None:
    """Click the graph canvas at rendered position (x, y) with the real mouse."""
    box = driver.find_element(By.ID, "cy")
    w, h = driver.execute_script("return [arguments[0].clientWidth, arguments[0].clientHeight]", box)
    ActionChains(driver).move_to_element_with_offset(box, int(x - w / 2), int(y - h / 2)).click().perform()


def no_script_ran(driver) -> None:
    assert driver.execute_script("return window.pwned === undefined")
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018


def panel(driver):
    return driver.find_element(By.ID, "panel")


def severe_console_errors(driver) -> list[str]:
    try:
        logs = driver.get_log("browser")
    except Exception:  # noqa: BLE001 - not every driver keeps logs
        return []
    return [e["message"] for e in logs if e["level"] == "SEVERE" and "favicon" not in e["message"]]


# -- the corpus: graph, evidence, filters, claim check, the other views ---------------------
@pytest.mark.model
def test_browser_graph_click_node_then_edge_shows_the_evidence(browser, corpus_url, corpus_db):
    from claimgraph.store import open_store

    browser.get(corpus_url + "/")
    graph_ready(browser)
    if not browser.execute_script("return window.claimgraph.cy !== null"):
        pytest.skip("Cytoscape.js is not installed (`make web-assets`); the list fallback is tested below")
    severe = severe_console_errors(browser)
    assert not severe, severe
    shot(browser, "graph")

    node = browser.execute_script("""
        const cy = window.claimgraph.cy;
        const n = cy.nodes().filter(n => n.degree() > 0).sort((a, b) => b.data('mentions') - a.data('mentions'))[0];
        const p = n.renderedPosition(); return [n.id(), n.data('name'), p.x, p.y];""")
    click_canvas(browser, node[2], node[3])
    wait(browser, lambda d: (panel(d).get_attribute("data-showing") or "").startswith("actor:"))
    clicked = panel(browser).get_attribute("data-showing").split(":", 1)[1]  # the node under the pointer
    name = browser.execute_script("return window.claimgraph.cy.getElementById(arguments[0]).data('name')", clicked)
    assert clicked == node[0] or name, clicked
    assert name in panel(browser).find_element(By.CSS_SELECTOR, "h2").text
    assert "Labels by outlet" in panel(browser).text
    shot(browser, "graph-actor")

    # the edge whose midpoint is farthest from any node, preferring one several outlets report
    edge = browser.execute_script("""
        const cy = window.claimgraph.cy; let best = null, bestScore = -1e9;
        cy.edges().forEach(e => {
          const m = e.renderedMidpoint(); let room = 1e9;
          cy.nodes().forEach(n => { const p = n.renderedPosition();
            room = Math.min(room, Math.hypot(p.x - m.x, p.y - m.y) - n.renderedWidth() / 2); });
          cy.edges().forEach(o => { if (o.id() !== e.id()) { const q = o.renderedMidpoint();
            room = Math.min(room, Math.hypot(q.x - m.x, q.y - m.y)); } });
          const score = Math.min(room, 25) + 10 * e.data('weight');
          if (room > 8 && score > bestScore) { bestScore = score; best = [e.id(), m.x, m.y]; } });
        return best;""")
    assert edge, "no clickable edge"
    click_canvas(browser, edge[1], edge[2])
    wait(browser, lambda d: (panel(d).get_attribute("data-showing") or "").startswith("edge:"))
    clicked = panel(browser).get_attribute("data-showing").split(":", 1)[1]  # (a crossing edge may be on top)
    data = browser.execute_script("return window.claimgraph.data.edges.find(e => e.id === arguments[0])", clicked)
    evidence = browser.find_element(By.ID, "evidence")
    with open_store(corpus_db) as store:
        rows = [r for r in store.events(between=(data["source"], data["target"])) if r["id"] in data["event_ids"]]
    assert rows and len(evidence.find_elements(By.CSS_SELECTOR, "article.evidence")) == len(rows)
    for row in rows:
        assert row["sentence"] in evidence.text  # the right sentences, in full
    triggers = [m.text for m in evidence.find_elements(By.CSS_SELECTOR, "mark.hl-trigger")]
    assert triggers and all(t.lower() in {r["trigger"].lower() for r in rows} for t in triggers)
    assert evidence.find_elements(By.CSS_SELECTOR, "mark.hl-source, mark.hl-target")
    links = {a.get_attribute("href").split("/documents/")[1].split("#")[0] for a in evidence.find_elements(By.CSS_SELECTOR, "a.article")}
    assert links == {r["doc_id"] for r in rows}  # each item links to its article
    shot(browser, "graph-evidence")


@pytest.mark.model
def test_browser_date_filter_narrows_the_graph(browser, corpus_url):
    browser.get(corpus_url + "/")
    graph_ready(browser)
    before = browser.execute_script("return window.claimgraph.data.total_edges")
    since = browser.find_element(By.CSS_SELECTOR, "input.range[data-for=since]")
    months = browser.find_element(By.CSS_SELECTOR, "fieldset.dates").get_attribute("data-months").split(",")
    since.click()
    since.send_keys(Keys.HOME)
    steps = next(i for i, m in enumerate(months) if m >= "2022-01")
    for _ in range(steps):
        since.send_keys(Keys.ARROW_RIGHT)
    wait(browser, lambda d: d.execute_script("return (window.claimgraph.data.filters || {}).since") == months[steps])
    graph_ready(browser)
    assert browser.find_element(By.NAME, "since").get_attribute("value") == months[steps]
    assert "since=" + months[steps] in browser.current_url
    after = browser.execute_script("return window.claimgraph.data.total_edges")
    assert after < before
    # every connection drawn now rests on events dated in or after that month
    dates = browser.execute_script("""
        const ids = window.claimgraph.data.edges.flatMap(e => e.event_ids);
        return fetch('/api/events?limit=2000&ids=' + ids.join(',')).then(r => r.json()).then(j => j.events.map(e => e.date));""")
    assert dates and all(d and d[:7] >= months[steps][:len(d[:7])] for d in dates)  # "2022" counts as in 2022
    until = browser.find_element(By.CSS_SELECTOR, "input.range[data-for=until]")
    until.click()
    until.send_keys(Keys.END)
    for _ in range(12):
        until.send_keys(Keys.ARROW_LEFT)
    wait(browser, lambda d: d.execute_script("return (window.claimgraph.data.filters || {}).until") == months[-13])
    graph_ready(browser)
    shot(browser, "graph-filtered")


@pytest.mark.model
def test_browser_claim_check_shows_both_sides(browser, corpus_url):
    browser.get(corpus_url + "/check")
    box = browser.find_element(By.ID, "claim")
    box.send_keys(CLAIM)
    box.send_keys(Keys.ENTER)
    wait(browser, lambda d: d.find_elements(By.ID, "supporting"))
    assert "claim=" in browser.current_url
    assert browser.find_element(By.ID, "claim").get_attribute("value") == CLAIM
    summary = browser.find_element(By.CSS_SELECTOR, ".verdict .summary").text
    assert summary
    supporting = browser.find_element(By.ID, "supporting")
    opposing = browser.find_element(By.ID, "opposing")
    assert supporting.is_displayed() and opposing.is_displayed()
    assert supporting.find_elements(By.CSS_SELECTOR, "article.evidence") or opposing.find_elements(By.CSS_SELECTOR, "article.evidence")
    shot(browser, "check")
    # a claim that cannot be parsed: the message, not a crash
    box = browser.find_element(By.ID, "claim")
    box.clear()
    box.send_keys("nothing to see here")
    box.send_keys(Keys.ENTER)
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".error-box"))


@pytest.mark.model
def test_browser_timeline_draws_month_and_year_dates_as_such(browser, corpus_url):
    browser.get(corpus_url + "/timeline")
    svg = browser.find_element(By.CSS_SELECTOR, "svg.strip-svg")
    assert svg.find_elements(By.CSS_SELECTOR, "a.mark.p-day circle")
    partial = svg.find_elements(By.CSS_SELECTOR, "a.mark.p-month rect, a.mark.p-year rect")
    assert partial, "the corpus has events known only to the month or year"
    day = float(svg.find_elements(By.CSS_SELECTOR, "a.mark.p-day circle")[0].get_attribute("r")) * 2
    assert all(float(r.get_attribute("width")) > day for r in partial)
    assert browser.find_elements(By.CSS_SELECTOR, ".tl-item .badge.prec")
    shot(browser, "timeline")


@pytest.mark.model
def test_browser_other_views(browser, corpus_url, corpus_db):
    from claimgraph.store import open_store

    with open_store(corpus_db) as store:
        docs = {d["path"].rsplit("/", 1)[-1]: d["id"] for d in store.documents() if d["path"]}
        top = store.actors(limit=1)[0]["id"]
    browser.get(corpus_url + "/conflicts")
    assert browser.find_elements(By.CSS_SELECTOR, "section.conflict")
    shot(browser, "conflicts")
    doc = docs.get("09_varosia_herald_karem_cell.txt") or next(iter(docs.values()))
    browser.get(corpus_url + f"/documents/{doc}")
    text = browser.find_element(By.ID, "article-text")
    assert text.find_elements(By.CSS_SELECTOR, "a.m") and text.find_elements(By.CSS_SELECTOR, ".ev")
    assert "Date found in" in browser.find_element(By.CSS_SELECTOR, ".doc-side").text
    shot(browser, "article")
    browser.get(corpus_url + f"/actors/{top}")
    assert browser.find_element(By.TAG_NAME, "h1").text
    shot(browser, "actor")
    browser.get(corpus_url + "/")
    box = browser.find_element(By.CSS_SELECTOR, "header form.search input")
    box.send_keys("ceasefire")
    box.send_keys(Keys.ENTER)
    wait(browser, lambda d: "/search" in d.current_url)
    assert browser.find_elements(By.CSS_SELECTOR, "article.hit mark")
    shot(browser, "search")


# -- hostile text: payloads stay text in the script-built panels too ------------------------
@pytest.fixture(scope="module")
def xss_db(tmp_path_factory) -> str:
    from payloads import xss_extraction

    from claimgraph.store import open_store

    path = str(tmp_path_factory.mktemp("web-xss") / "xss.db")
    with open_store(path) as store:
        add_extraction(store, xss_extraction())
    return path


@pytest.mark.parametrize("vendor", [True, False], ids=["graph", "list-fallback"])
def test_browser_xss_payloads_appear_as_text(browser, xss_db, vendor):
    from payloads import IMG_ACTOR, LABEL, SCRIPT_ACTOR, TITLE

    from claimgraph.web import create_app

    app = create_app(xss_db)
    if not vendor:
        app.state.vendor = {"cytoscape": False}
    elif not app.state.vendor["cytoscape"]:
        pytest.skip("Cytoscape.js is not installed (`make web-assets`)")
    with live_app(app) as url:
        browser.get(url + "/")
        graph_ready(browser)
        if vendor:
            x, y = browser.execute_script("const p = window.claimgraph.cy.nodes().filter(n => n.data('name').includes('script'))[0].renderedPosition(); return [p.x, p.y];")
            click_canvas(browser, x, y)
        else:
            assert browser.find_element(By.ID, "no-vendor").is_displayed()
            browser.find_element(By.CSS_SELECTOR, "[data-node]").click()
        wait(browser, lambda d: (panel(d).get_attribute("data-showing") or "").startswith("actor:"))
        text = panel(browser).text
        assert SCRIPT_ACTOR in text and LABEL in text
        no_script_ran(browser)
        if vendor:
            e = browser.execute_script("const e = window.claimgraph.cy.edges()[0]; const m = e.renderedMidpoint(); return [m.x, m.y];")
            click_canvas(browser, *e)
        else:
            browser.find_element(By.CSS_SELECTOR, "[data-edge]").click()
        wait(browser, lambda d: (panel(d).get_attribute("data-showing") or "").startswith("edge:"))
        evidence = browser.find_element(By.ID, "evidence").text
        assert SCRIPT_ACTOR in evidence and IMG_ACTOR in evidence
        no_script_ran(browser)
        assert not browser.find_elements(By.CSS_SELECTOR, "#panel img, #panel script, #panel svg, #fallback img")
        for path in ("/documents", "/actors", "/timeline", "/events", "/search?q=army", "/conflicts"):
            browser.get(url + path)
            no_script_ran(browser)
        browser.get(url + "/documents")
        browser.find_element(By.CSS_SELECTOR, "table.grid a[href^='/documents/']").click()
        wait(browser, lambda d: d.find_elements(By.ID, "article-text"))
        assert TITLE in browser.find_element(By.TAG_NAME, "h1").text
        assert not browser.find_elements(By.CSS_SELECTOR, "main img, main script, a[href^='javascript']")
        no_script_ran(browser)
