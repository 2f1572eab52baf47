"""Hostile strings for the XSS tests: article text, title, outlet, URL, actor names and a label
that would run script if any view put them into markup instead of text.  Each payload sets
``window.pwned`` (or calls alert) if it ever runs."""
from __future__ import annotations

SCRIPT_ACTOR = "<script>window.pwned=1</script> Army"
IMG_ACTOR = "<img src=x onerror=window.pwned=2> Town"
SVG = '"><svg onload=window.pwned=3>'
LABEL = "<img src=y onerror=window.pwned=4> militia"
TITLE = "<script>window.pwned=5</script> Breaking: <b onmouseover=alert(1)>news</b>"
OUTLET = "<img src=z onerror=window.pwned=6> Wire"
URL = "javascript:window.pwned=7"

# none of our templates has an <img> or <svg> in HTML, so any of these in a page is a payload
RAW_MARKUP = ["<script>window.pwned", "<img", "<svg onload", "<b onmouseover", 'href="javascript:', "href='javascript:"]


def xss_extraction():
    from claimgraph.models import Actor, Document, Event, Extraction

    sentences = [
        f"The {SCRIPT_ACTOR} attacked {IMG_ACTOR} on Monday.",
        f"Officials said the {SCRIPT_ACTOR}, a {LABEL}, is dangerous {SVG}.",
        f"{IMG_ACTOR} accused the {SCRIPT_ACTOR} of lying.",
    ]
    text = " ".join(sentences)
    starts = []
    pos = 0
    for s in sentences:
        starts.append(pos)
        pos += len(s) + 1

    def spans(name):
        out, i = [], text.find(name)
        while i >= 0:
            out.append((i, i + len(name)))
            i = text.find(name, i + 1)
        return tuple(out)

    a1 = Actor(id="xss-army", name=SCRIPT_ACTOR, type="ORG", aliases=(SCRIPT_ACTOR,), labels=(LABEL,),
               mentions=spans(SCRIPT_ACTOR), label_spans=((LABEL, text.find(LABEL), next(s for s in sentences if LABEL in s)),))
    a2 = Actor(id="xss-town", name=IMG_ACTOR, type="GPE", aliases=(IMG_ACTOR,), mentions=spans(IMG_ACTOR))
    t0 = text.find("attacked")
    t2 = text.find("accused")
    events = (
        Event(type="ASSAULT", source=a1.id, target=a2.id, trigger="attacked", text=sentences[0], start=starts[0],
              end=starts[0] + len(sentences[0]), date="2020-03-02", date_origin="relative", date_text="on Monday",
              trigger_start=t0, trigger_end=t0 + len("attacked")),
        Event(type="ACCUSE", source=a2.id, target=a1.id, trigger="accused", text=sentences[2], start=starts[2],
              end=starts[2] + len(sentences[2]), hedged=True, date="2020-03", date_origin="article",
              trigger_start=t2, trigger_end=t2 + len("accused")),
    )
    doc = Document(text=text, title=TITLE, source=OUTLET, url=URL, published="2020-03-04", published_origin="metadata",
                   published_confidence=1.0, path="<img src=p onerror=window.pwned=8>.txt")
    return Extraction(doc=doc, actors=(a1, a2), events=events, pipeline_version="test")
