"""``create_app``: the FastAPI application, its error handling and its security headers."""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ..errors import ClaimgraphError, ClaimParseError, UnknownActor
from .deps import ApiError, StoreProvider, scrub
from .response_cache import ResponseCache
from .editing import Editing
from .templating import make_templates, page, vendor_status

HERE = Path(__file__).parent
STATIC = HERE / "static"
#: the Host headers answered when nothing else is said: loopback names only (DNS rebinding: a
#: page on evil.example that resolves to 127.0.0.1 still sends "Host: evil.example")
LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]"]


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and localhost: only this machine can reach an app bound there."""
    import ipaddress

    h = (host or "").strip().strip("[]").lower()
    if h == "localhost" or h.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def host_header_form(host: str) -> str:
    """An address as it appears in a Host header (IPv6 literals in brackets, lower case)."""
    h = (host or "").strip().lower()
    return f"[{h.strip('[]')}]" if ":" in h.strip("[]") else h


def allowed_hosts_for(bind: str, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The Host allow-list for an app bound to ``bind``: the loopback names, the bind address
    itself unless it is a wildcard (an IP literal cannot be rebound), and ``extra`` (``serve
    --allow-host``; "*" turns the check off)."""
    hosts = list(LOCAL_HOSTS)
    wildcard = (bind or "").strip().strip("[]") in ("", "0.0.0.0", "::")
    for h in ([] if wildcard else [bind]) + [x for x in extra if x and x.strip()]:
        form = "*" if h.strip() == "*" else host_header_form(h)
        if form not in hosts:
            hosts.append(form)
    return hosts

log = logging.getLogger("claimgraph.web")

# Content-Security-Policy: scripts only from this app (no inline script, no eval), no plugins,
# no framing.  A second wall behind autoescaping: even a payload that slipped into the markup
# could not run.
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def create_app(store, *, allowed_hosts: list[str] | None = None, bind: str | None = None, allow_edits: bool = False) -> FastAPI:
    """The web app over ``store`` (an open store, ``claimgraph.store.open_store``, or the path of a store file).

    Each request reads through its own read-only connection to the store file, so the app
    serves while ``claimgraph ingest`` writes (WAL mode).  ``allowed_hosts`` guards against DNS
    rebinding: by default only requests addressed to 127.0.0.1/localhost are answered; pass
    ``["*"]`` when serving on purpose to other machines.

    Curation (merge, split, rename and retype actors, reject or confirm events, undo; each a
    POST with the app's CSRF token, ``editing.py``) is on when the app is bound to a loopback
    address (``bind``, the address the server listens on: 127.0.0.1, ::1, localhost) or with
    ``allow_edits``; an app whose ``bind`` is not given takes no edits unless ``allow_edits``.
    """
    provider = StoreProvider(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        provider.close()

    app = FastAPI(
        lifespan=lifespan,
        title="claimgraph",
        description="Who did or said what to whom, according to whom: the store as a web app and a JSON API.",
        docs_url=None,  # FastAPI's docs page loads its scripts from a CDN: not for an offline, local tool
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.store_provider = provider
    app.state.response_cache = ResponseCache()
    app.state.editing = Editing(enabled=bool(allow_edits) or (bind is not None and is_loopback(bind)))
    app.state.templates = make_templates()
    app.state.vendor = vendor_status(STATIC)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOCAL_HOSTS)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", _CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    from .routers import actors, check, conflicts, curation, documents, events, graph, paths, search, timeline

    for module in (graph, actors, events, documents, conflicts, check, timeline, search, paths, curation):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    _install_error_handlers(app)

    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "").split(",")[0]


def _error(request: Request, status: int, error: str, detail, back: str | None = None) -> object:
    body = {"error": error, "detail": detail}
    if _wants_json(request):
        return JSONResponse(body, status_code=status)
    return page(request, "error.html", status=status, title=error, error=error, detail=detail, back=back,
                json_path="/api" + request.url.path)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        return _error(request, exc.status, exc.error, exc.detail, exc.back)

    @app.exception_handler(UnknownActor)
    async def unknown_actor(request: Request, exc: UnknownActor):
        return _error(request, 404, "unknown actor", scrub(request, str(exc)))

    @app.exception_handler(ClaimParseError)
    async def bad_claim(request: Request, exc: ClaimParseError):
        return _error(request, 422, "cannot parse claim", scrub(request, str(exc)))

    @app.exception_handler(ClaimgraphError)
    async def claimgraph_error(request: Request, exc: ClaimgraphError):
        log.warning("%s on %s: %s", type(exc).__name__, request.url.path, exc)
        return _error(request, 503, "store unavailable", "the store cannot be read just now; see the server's log")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        detail = [{"parameter": ".".join(str(p) for p in e.get("loc", ())[1:]) or None, "problem": str(e.get("msg"))[:200]}
                  for e in exc.errors()[:10]]
        return _error(request, 422, "invalid request", detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        names = {404: "not found", 405: "method not allowed"}
        detail = f"nothing at {request.url.path[:200]}" if exc.status_code == 404 else names.get(exc.status_code, "http error")
        return _error(request, exc.status_code, names.get(exc.status_code, "http error"), detail)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):  # a bug: logged, never shown (it may name files or SQL)
        log.exception("unhandled error on %s", request.url.path)
        return _error(request, 500, "internal error", "the app could not answer this request; the server's log has the details")
