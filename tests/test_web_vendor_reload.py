"""The "install Cytoscape and reload" notice must be true (issue 14): the app checks for the
vendor files on every page, not once at start-up, so a reload after ``make web-assets`` draws."""
from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from claimgraph.web import create_app
from claimgraph.web.templating import vendor_status


def test_web_vendor_reload_sees_assets_installed_after_start(meridian_db, tmp_path: Path) -> None:
    static = tmp_path / "static"
    app = create_app(meridian_db)
    app.state.vendor = vendor_status(static)  # a static folder without the vendor files
    with TestClient(app, base_url="http://127.0.0.1") as c:
        before = c.get("/").text
        assert 'id="no-vendor"' in before and "vendor/cytoscape" not in before
        (static / "vendor").mkdir(parents=True)
        (static / "vendor" / "cytoscape.min.js").write_text("/* stand-in */", encoding="utf-8")
        after = c.get("/").text  # the same app, no restart
    assert 'id="no-vendor"' not in after and "/static/vendor/cytoscape.min.js" in after


def test_web_vendor_status_reads_like_a_mapping(tmp_path: Path) -> None:
    status = vendor_status(tmp_path)
    assert dict(status) == {"cytoscape": False} and not status["cytoscape"]
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "cytoscape.min.js").write_text("", encoding="utf-8")
    assert status["cytoscape"] and dict(status) == {"cytoscape": True}
