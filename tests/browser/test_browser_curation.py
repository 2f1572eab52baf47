"""Curation in a real browser (no model): the server-rendered forms post and land on the result,
the script-built evidence of the graph panel rejects an event through the JSON API, and the CSP
lets both through (no console errors).  Skips without Selenium or Chromium, like
test_browser_app.py, whose fixtures it uses."""
from __future__ import annotations

import shutil

import pytest

pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")

from selenium.webdriver.common.by import By  # noqa: E402
from test_browser_app import browser, graph_ready, live_app, panel, severe_console_errors, wait  # noqa: E402, F401


@pytest.fixture
def edits_url(meridian_db, tmp_path):
    from claimgraph.web import create_app

    path = tmp_path / "edits.db"
    shutil.copy(meridian_db, path)
    app = create_app(path, bind="127.0.0.1")
    app.state.vendor = {"cytoscape": False}  # the list fallback: rows to click, whatever is installed
    with live_app(app) as url:
        yield url, path


def decisions(path):
    from claimgraph.store import open_store

    with open_store(str(path), readonly=True) as store:
        return store.decisions()


def test_browser_curation_merge_form_lands_on_the_curated_actor(browser, edits_url):
    url, path = edits_url
    browser.get(url + "/actors/knb")
    browser.find_element(By.CSS_SELECTOR, "#curate summary").click()
    box = browser.find_element(By.CSS_SELECTOR, "#merge-form input[name=into]")
    box.send_keys("Sons of Karem")
    browser.find_element(By.CSS_SELECTOR, "#merge-form button[type=submit]").click()
    wait(browser, lambda d: "/actors/sok" in d.current_url and d.find_elements(By.ID, "notice"))
    assert "decided=1" in browser.current_url
    assert "decision 1" in browser.find_element(By.ID, "curated-by").text
    assert [d["kind"] for d in decisions(path)] == ["merge"]
    severe = severe_console_errors(browser)
    assert not severe, severe


def test_browser_curation_reject_from_the_graph_panel(browser, edits_url):
    url, path = edits_url
    browser.get(url + "/")
    graph_ready(browser)
    browser.find_element(By.CSS_SELECTOR, "[data-edge]").click()
    wait(browser, lambda d: (panel(d).get_attribute("data-showing") or "").startswith("edge:"))
    item = browser.find_element(By.CSS_SELECTOR, "#evidence .evidence")
    event_id = int(item.get_attribute("data-event"))
    item.find_element(By.CSS_SELECTOR, "details.curate-event summary").click()
    item.find_element(By.CSS_SELECTOR, "input[name=note]").send_keys("not what the sentence says")
    item.find_element(By.CSS_SELECTOR, "button.reject").click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#evidence .curated-done"))
    assert "Rejected by decision 1" in browser.find_element(By.CSS_SELECTOR, "#evidence .curated-done").text
    assert "/" in browser.current_url and "decided" not in browser.current_url  # stayed on the graph
    [d] = decisions(path)
    assert d["kind"] == "reject_event" and d["note"] == "not what the sentence says" and d["args"]["event_id"] == event_id
    browser.get(url + "/decisions")
    assert browser.find_element(By.ID, "d-1").text.startswith("1")
    browser.find_element(By.CSS_SELECTOR, "#d-1 form.undo button").click()
    wait(browser, lambda d: "undone=1" in d.current_url)
    assert decisions(path)[0]["undone_at"]
    severe = severe_console_errors(browser)
    assert not severe, severe
