"""The Host allow-list (issue 14): on for every bind address, loopback included; `testserver`
is no production host; only `serve --allow-host` extends it."""
from __future__ import annotations

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from claimgraph.web import create_app  # noqa: E402
from claimgraph.web.app import allowed_hosts_for, is_loopback  # noqa: E402
from test_web_serve import _run_without_serving  # noqa: E402


def status(app, host):
    with TestClient(app, base_url="http://127.0.0.1") as c:
        return c.get("/api/facets", headers={"host": host}).status_code


def test_web_default_app_answers_loopback_names_only(meridian_db):
    app = create_app(meridian_db)
    for host in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765", "localhost"):
        assert status(app, host) == 200, host
    for host in ("testserver", "attacker.example", "127.0.0.1.attacker.example", "evil.localhost.example:8765"):
        assert status(app, host) == 400, host


def test_web_an_explicit_allow_list_replaces_the_default(meridian_db):
    app = create_app(meridian_db, allowed_hosts=["testserver"])
    with TestClient(app) as c:
        assert c.get("/api/facets").status_code == 200
    assert status(app, "localhost") == 400


@pytest.mark.parametrize("bind,extra,ok,refused", [
    ("127.0.0.1", [], ["127.0.0.1", "localhost", "[::1]"], ["attacker.example", "testserver"]),
    ("127.0.0.2", [], ["127.0.0.2:8765", "localhost"], ["attacker.example"]),
    ("::1", [], ["[::1]:8765"], ["attacker.example"]),
    ("0.0.0.0", [], ["127.0.0.1"], ["attacker.example", "0.0.0.0", "192.168.1.20"]),
    ("0.0.0.0", ["Analyst-Box.lan", "192.168.1.20"], ["analyst-box.lan:8765", "192.168.1.20"], ["attacker.example"]),
    ("::", ["fe80::1"], ["[fe80::1]:8765"], ["attacker.example"]),
])
def test_web_serve_allow_list_for_each_bind_address(meridian_db, bind, extra, ok, refused):
    hosts = allowed_hosts_for(bind, extra)
    assert "*" not in hosts and "testserver" not in hosts
    app = create_app(meridian_db, allowed_hosts=hosts)
    for h in ok:
        assert status(app, h) == 200, (bind, h)
    for h in refused:
        assert status(app, h) == 400, (bind, h)


def test_web_loopback_addresses():
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "127.255.0.9", "::1", "[::1]", "localhost", "LOCALHOST"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.2", "10.0.0.1", "example.org", "", "localhost.example"))


@pytest.mark.parametrize("host", ["::1", "127.0.0.2"])
def test_web_serve_on_loopback_gives_no_other_machines_warning(monkeypatch, meridian_db, host):
    result, seen = _run_without_serving(monkeypatch, ["--db", meridian_db, "serve", "--host", host, "--port", "0", "--no-browser"])
    assert result.exit_code == 0, result.output
    assert "other machines" not in result.output and "warning" not in result.output
    middleware = [m for m in seen["app"].user_middleware if m.cls.__name__ == "TrustedHostMiddleware"]
    hosts = middleware[0].kwargs["allowed_hosts"]
    assert "*" not in hosts and (f"[{host}]" if ":" in host else host) in hosts


def test_web_serve_exposed_keeps_the_check_and_takes_allow_host(monkeypatch, meridian_db):
    result, seen = _run_without_serving(monkeypatch, ["--db", meridian_db, "serve", "--host", "0.0.0.0", "--port", "0",
                                                      "--no-browser", "--allow-host", "analyst-box.lan"])
    assert result.exit_code == 0 and "reachable from other machines" in result.output
    hosts = next(m for m in seen["app"].user_middleware if m.cls.__name__ == "TrustedHostMiddleware").kwargs["allowed_hosts"]
    assert "*" not in hosts and "analyst-box.lan" in hosts and "127.0.0.1" in hosts
