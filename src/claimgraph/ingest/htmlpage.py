"""HTML to article text and metadata hints, with trafilatura.

trafilatura finds the main text; its metadata (title, author, date, site name, canonical
URL) become hints.  Dates come from the page markup only (``extensive_search`` off), so a
date is never guessed from stray numbers on the page.  Paragraphs are kept apart by
rendering the extracted body as markdown, which the cleaner then reduces to text.
"""
from __future__ import annotations

import logging

from claimgraph.errors import ReadError

_DATE_PARAMS = {"extensive_search": False, "original_date": True}

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """``(text, hints)`` of the article in ``html``; :class:`ReadError` when there is none."""
    try:
        import trafilatura
        from trafilatura.xml import xmltotxt

        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            date_extraction_params=dict(_DATE_PARAMS),
        )
        if doc is None:
            raise ReadError("HTML has no article body")
        body = doc.body
        text = xmltotxt(body, True) if body is not None and len(body) else (doc.text or "")
    except ReadError:
        raise
    except RecursionError as exc:
        raise ReadError("HTML is nested too deeply to parse") from exc
    except Exception as exc:  # noqa: BLE001 - lxml/trafilatura raise many types on broken pages
        raise ReadError(f"could not parse HTML ({type(exc).__name__}: {exc})") from exc
    if not text or not text.strip():
        raise ReadError("HTML has no article body")
    hints: dict[str, str] = {}
    for key, attr in (("title", "title"), ("author", "author"), ("published", "date"),
                      ("source", "sitename"), ("url", "url")):
        value = getattr(doc, attr, None)
        if isinstance(value, str) and value.strip():
            hints[key] = value.strip()
    return text, hints
