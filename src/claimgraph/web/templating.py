"""Templates and the small pure helpers the views share: dates by precision, safe links,
text cut into marked segments.  Nothing here builds HTML by hand: the templates do, with
autoescaping on, and the browser scripts use ``textContent``."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from fastapi.templating import Jinja2Templates

from ..analysis.evidence import DATE_ORIGINS, plural, precision

HERE = Path(__file__).parent
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
VENDOR_FILES = {"cytoscape": "vendor/cytoscape.min.js"}

#: where an event date came from, in words (the analysis functions' wording), and "undated"
DATE_ORIGIN = {**DATE_ORIGINS, None: "undated"}
PUBLISHED_ORIGIN = {
    "metadata": "the page's metadata",
    "dateline": "the dateline at the top of the text",
    "text": "a date in the text",
    "filename": "the file name",
    "jsonl": "the record's published field",
    None: "no date was found",
}


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,  # every template, whatever its name: article text is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(date=fmt_date, precision=precision, safe_url=safe_url, confidence=confidence_words, plural=plural)
    env.globals.update(DATE_ORIGIN=DATE_ORIGIN, PUBLISHED_ORIGIN=PUBLISHED_ORIGIN, highlight_parts=highlight_parts)
    return Jinja2Templates(env=env)


class _VendorStatus(Mapping):
    """Which front-end libraries are installed, checked on every look-up (a cheap ``is_file``),
    so a reload after ``make web-assets`` draws the graph, without a restart."""

    def __init__(self, static: Path) -> None:
        self.static = static

    def __getitem__(self, name: str) -> bool:
        return (self.static / VENDOR_FILES[name]).is_file()

    def __iter__(self):
        return iter(VENDOR_FILES)

    def __len__(self) -> int:
        return len(VENDOR_FILES)


def vendor_status(static: Path) -> Mapping[str, bool]:
    return _VendorStatus(static)


def fmt_date(value: str | None, empty: str = "undated") -> str:
    """``2019-09-14`` -> 14 Sep 2019, ``2019-09`` -> Sep 2019, ``2019`` -> 2019."""
    if not value:
        return empty
    try:
        if len(value) >= 10:
            return f"{int(value[8:10])} {_MONTHS[int(value[5:7]) - 1]} {value[:4]}"
        if len(value) == 7:
            return f"{_MONTHS[int(value[5:7]) - 1]} {value[:4]}"
    except (ValueError, IndexError):
        pass
    return value


def safe_url(value: str | None) -> str | None:
    """The URL if it is a plain http(s) link, else None (``javascript:`` and friends never
    become links)."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not any(c in value for c in "\x00\r\n\t <>\"'`"):
        return value
    return None


def first_words(text: str | None, n: int = 10) -> str | None:
    """The opening words of an untitled article, to list it by ("Dastan delivered rifles to …")."""
    words = (text or "").split()
    if not words:
        return None
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def doc_label(store, d: dict) -> str:
    """What to call an article in a list: its title, else its first words, else its id."""
    if d.get("title"):
        return d["title"]
    full = store.document(d["id"]) if d.get("text") is None else d
    return first_words((full or {}).get("text")) or d["id"]


def confidence_words(value: float | None) -> str:
    if value is None:
        return "unknown"
    if value >= 0.9:
        return f"certain ({value:.2f})"
    if value >= 0.6:
        return f"likely ({value:.2f})"
    return f"a guess ({value:.2f}), e.g. day and month order could not be told apart"


def segments(text: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut ``text`` at every span boundary; each piece lists the spans covering it.

    A span is ``{"start", "end", "kind", ...}``.  The result is a flat list of
    ``{"text", "spans": [...], "opens": [...]}`` (``opens``: spans starting at this piece, for
    anchors), which a template renders without any markup ever coming from the text.
    """
    n = len(text)
    good = [s for s in spans if 0 <= s["start"] < s["end"] <= n]
    cuts = sorted({0, n, *(s["start"] for s in good), *(s["end"] for s in good)})
    out: list[dict[str, Any]] = []
    starts: dict[int, list[dict]] = {}
    for s in good:
        starts.setdefault(s["start"], []).append(s)
    active: list[dict] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [s for s in active if s["end"] > a] + starts.get(a, [])
        if a == b:
            continue
        out.append({"text": text[a:b], "spans": list(active), "opens": starts.get(a, []), "start": a})
    return out


def highlight_parts(text: str, highlights: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Non-overlapping highlight spans -> [{"text", "kind" or None, "actor"}] for a template."""
    parts: list[dict[str, Any]] = []
    pos = 0
    for h in sorted(highlights, key=lambda h: h["start"]):
        if h["start"] < pos or h["end"] > len(text):
            continue
        if h["start"] > pos:
            parts.append({"text": text[pos:h["start"]], "kind": None, "actor": None})
        parts.append({"text": text[h["start"]:h["end"]], "kind": h["kind"], "actor": h.get("actor")})
        pos = h["end"]
    if pos < len(text):
        parts.append({"text": text[pos:], "kind": None, "actor": None})
    return parts


NAV = [("/", "Graph"), ("/timeline", "Timeline"), ("/conflicts", "Disagreements"), ("/check", "Check a claim"), ("/path", "Paths"),
       ("/documents", "Articles"), ("/actors", "Actors"), ("/decisions", "Decisions")]


def _notice(request) -> dict[str, Any] | None:
    """What the page after an edit says (``?decided=N``, ``?undone=N&edited=K``, set by the
    redirect of a curation form): only numbers come from the URL, never words."""
    q = request.query_params
    for kind in ("decided", "undone"):
        value = q.get(kind) or ""
        if value.isdigit() and len(value) < 19:
            edited = q.get("edited") or ""
            return {"kind": kind, "id": int(value), "edited": int(edited) if edited.isdigit() and len(edited) < 9 else 0}
    return None


def page(request, template: str, *, status: int = 200, json_path: str | None = None, **ctx: Any):
    """Render ``template``; every page links to its JSON twin (same query under ``/api``)."""
    path = json_path or ("/api/graph" if request.url.path == "/" else "/api" + request.url.path)
    query = request.url.query
    ctx.setdefault("title", None)
    ctx.setdefault("back", None)
    editing = request.app.state.editing
    return request.app.state.templates.TemplateResponse(
        request, template,
        {"json_url": path + ("?" + query if query else ""), "nav": NAV, "here": request.url.path,
         "here_url": request.url.path + ("?" + query if query else ""), "vendor": request.app.state.vendor, "status": status,
         "editing": editing.enabled, "csrf_token": editing.token if editing.enabled else "", "notice": _notice(request), **ctx},
        status_code=status,
    )
