"""`claimgraph serve`: prints its URL, answers on 127.0.0.1, warns when --host exposes it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")


def test_web_serve_prints_its_url_and_serves(meridian_db):
    cmd = [sys.executable, "-c", "from claimgraph.cli import main; main()", "--db", meridian_db, "serve", "--port", "0", "--no-browser"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line, line + proc.stderr.read() if proc.poll() is not None else line
        url = line.split(" at ", 1)[1].split()[0]
        for _ in range(50):
            try:
                r = httpx.get(url + "api/actors/FMF", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert r.status_code == 200 and r.json()["actor"]["id"] == "fmf"
        assert httpx.get(url, timeout=2).text.startswith("<!doctype html>")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _run_without_serving(monkeypatch, args):
    import uvicorn
    from typer.testing import CliRunner

    from claimgraph.cli import app

    seen = {}

    def fake_run(self, sockets=None):
        seen["app"], seen["sockets"] = self.config.app, sockets
        for s in sockets or ():
            s.close()

    monkeypatch.setattr(uvicorn.Server, "run", fake_run)
    monkeypatch.setattr("webbrowser.open", lambda url: seen.setdefault("opened", url))
    result = CliRunner().invoke(app, args)
    return result, seen


def test_web_serve_warns_when_exposed(monkeypatch, meridian_db):
    result, seen = _run_without_serving(monkeypatch, ["--db", meridian_db, "serve", "--host", "0.0.0.0", "--port", "0", "--no-browser"])
    assert result.exit_code == 0, result.output
    assert "reachable from other machines" in result.output
    assert seen["sockets"] and "opened" not in seen


def test_web_serve_local_by_default(monkeypatch, meridian_db):
    result, seen = _run_without_serving(monkeypatch, ["--db", meridian_db, "serve", "--port", "0", "--no-browser"])
    assert result.exit_code == 0 and "http://127.0.0.1:" in result.output and "warning" not in result.output


def test_web_serve_needs_a_store(tmp_path):
    from typer.testing import CliRunner

    from claimgraph.cli import app

    result = CliRunner().invoke(app, ["--db", str(tmp_path / "none.db"), "serve", "--no-browser"])
    assert result.exit_code != 0 and "no store" in str(result.exception or result.output)
