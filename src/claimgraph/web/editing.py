"""Curation from the web app: whether edits are on, the CSRF token, and reading an edit's body.

Every change is a POST.  It is answered only when editing is on (the app is bound to a loopback
address, or ``serve --allow-edits`` said so) and when it carries this app's CSRF token: a random
secret made when the app is created, put in every form (``csrf_token``) and in a
``<meta name="csrf-token">`` for the scripts, which send it as ``X-CSRF-Token``.  A page on
another site can make a browser send a form here, but it cannot read a page of this app (the
same-origin policy, and the Host allow-list against DNS rebinding), so it cannot know the token.
"""
from __future__ import annotations

import hmac
import json
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from fastapi import Request

from .deps import ApiError

MAX_BODY = 64 * 1024  # an edit is a few short fields
OFF = "the app is not bound to loopback; restart with --allow-edits to allow it"
NO_TOKEN = ("this change needs the app's CSRF token (the form's csrf_token field, or an X-CSRF-Token header); "
            "reload the page and try again")
BAD_TOKEN = "the CSRF token is not this app's (it changes each time the app starts); reload the page and try again"


@dataclass(frozen=True)
class Editing:
    """Whether this app takes edits, and its CSRF token (a fresh random secret per app)."""

    enabled: bool
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)

    def accepts(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(token.encode("utf-8", "replace"), self.token.encode("utf-8"))


async def edit_body(request: Request) -> dict[str, Any]:
    """FastAPI dependency of every POST route: refuses the request (403) when editing is off or
    the token is missing or wrong, and returns its fields (a urlencoded form or a JSON object)."""
    editing: Editing = request.app.state.editing
    if not editing.enabled:
        raise ApiError(403, "editing is off", OFF)
    body = await _read(request)
    token = request.headers.get("x-csrf-token") or body.get("csrf_token")
    if not isinstance(token, str) or not token:
        raise ApiError(403, "missing CSRF token", NO_TOKEN)
    if not editing.accepts(token):
        raise ApiError(403, "wrong CSRF token", BAD_TOKEN)
    return body


async def _read(request: Request) -> dict[str, Any]:
    length = request.headers.get("content-length") or "0"
    if length.isdigit() and int(length) > MAX_BODY:
        raise ApiError(413, "request too large", f"an edit has at most {MAX_BODY // 1024} KiB")
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise ApiError(413, "request too large", f"an edit has at most {MAX_BODY // 1024} KiB")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not raw.strip():
        return {}
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(422, "invalid request", [{"parameter": None, "problem": "the body is not UTF-8"}]) from None
    if kind == "application/json":
        try:
            data = json.loads(text)
        except ValueError:
            raise ApiError(422, "invalid request", [{"parameter": None, "problem": "the body is not JSON"}]) from None
        if not isinstance(data, dict):
            raise ApiError(422, "invalid request", [{"parameter": None, "problem": "the body must be a JSON object"}])
        return data
    if kind in ("", "application/x-www-form-urlencoded"):
        return dict(parse_qsl(text, keep_blank_values=True))
    raise ApiError(415, "unsupported body", "send the fields as a form (application/x-www-form-urlencoded) or as a JSON object")


def text_field(body: dict[str, Any], name: str, *, required: bool = False, max_length: int = 500) -> str | None:
    """One field of an edit as text, stripped (None when empty and not required); 422 otherwise."""
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, (str, int, float, type(None))):
        raise ApiError(422, "invalid request", [{"parameter": name, "problem": "must be text"}])
    value = "" if value is None else str(value).strip()
    if len(value) > max_length:
        raise ApiError(422, "invalid request", [{"parameter": name, "problem": f"at most {max_length} characters"}])
    if not value:
        if required:
            raise ApiError(422, "invalid request", [{"parameter": name, "problem": "is required"}])
        return None
    return value


def local_path(value: Any) -> str | None:
    """``value`` if it is a path on this app ("/events?ids=3"), else None: a redirect after a
    form never leaves the app (no "//evil.example", no "https://...")."""
    if not isinstance(value, str):
        return None
    v = value.strip()
    if not v.startswith("/") or v.startswith("//") or "\\" in v or len(v) > 2000 or any(ord(c) < 32 or ord(c) == 127 for c in v):
        return None
    try:
        parts = urlsplit(v)
    except ValueError:
        return None
    return v if not parts.scheme and not parts.netloc else None


def with_params(path: str, params: dict[str, Any], drop: tuple[str, ...] = ()) -> str:
    """``path`` with ``params`` in its query, in place of earlier ones and of those in ``drop``."""
    parts = urlsplit(path)
    gone = set(params) | set(drop)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in gone] + [(k, str(v)) for k, v in params.items()]
    return urlunsplit(("", "", parts.path, urlencode(query), parts.fragment))
