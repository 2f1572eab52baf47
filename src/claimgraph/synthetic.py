"""Invented news for benchmarks and robustness tests: short articles about fictional states,
groups and people, different for every number and the same on every run."""
from __future__ import annotations

import json
import random
from pathlib import Path

PEOPLE = ["Arlen Vantor", "Beatrix Quillan", "Corvin Morrow", "Delphine Tessaly", "Emrys Okonde",
          "Farah Ravensky", "Galen Halvard", "Hesper Pellin", "Ivo Zoravic", "Junia Ashgrove",
          "Kasimir Dellacourt", "Lioba Fenwright"]
ROLES = ["the foreign minister of", "the defence minister of", "a senior envoy from", "the president of"]
PLACES = ["Varosia", "Dastan", "Karemia", "Oshlund", "Meridia", "Talvesh"]
GROUPS = ["Free Meridian Front", "Sons of Karem", "Northern Alliance", "Coastal Guard", "Union of Talvesh"]
ACTS = ["attacked", "met", "criticized", "praised", "threatened", "accused", "supported", "visited", "sanctioned"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "May", "July", "September", "November"]
SOURCES = ["Wire", "Herald", "Tribune"]


def news_article(i: int) -> str:
    """A short invented news text, different for every ``i`` (a title line and one paragraph)."""
    r = random.Random(i)
    a, b = r.sample(PEOPLE, 2)
    p, q = r.sample(PLACES, 2)
    g = r.choice(GROUPS)
    day, month = r.choice(DAYS), r.choice(MONTHS)
    year = 2015 + i % 9
    lines = [
        f"{a}, {r.choice(ROLES)} {p}, {r.choice(ACTS)} {b} on {day}.",
        f"The {g} {r.choice(ACTS)} {q} on {month} {1 + i % 27}, {year}, officials said.",
        f"\"We will not accept this,\" {b} told reporters in {q}.",
        f"{p} {r.choice(ACTS)} the {g} after talks that lasted {2 + i % 11} hours.",
    ]
    return f"{p} and {q}: dispatch {i}\n\n" + " ".join(lines) + "\n"


def news_record(i: int, source: str | None = None) -> dict:
    """``news_article(i)`` as a JSONL record with an outlet and a publication date."""
    return {"text": news_article(i), "source": source or SOURCES[i % 3], "published": f"{2015 + i % 9}-0{1 + i % 9}-1{i % 10}"}


def write_corpus(folder: Path, n_files: int, jsonl_lines: int = 0, first: int = 0) -> int:
    """``n_files`` .txt articles (numbered from ``first``) plus one JSONL file with ``jsonl_lines``
    more; returns how many documents that is."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(first, first + n_files):
        (folder / f"article_{i:04d}.txt").write_text(news_article(i), encoding="utf-8")
    if jsonl_lines:
        with open(folder / f"wire_{first:04d}.jsonl", "w", encoding="utf-8") as f:
            for i in range(first + 10_000, first + 10_000 + jsonl_lines):
                f.write(json.dumps(news_record(i, "Wire")) + "\n")
    return n_files + jsonl_lines


_SAID = ["said", "told reporters", "said in a statement", "told the Herald", "wrote on social media"]
_QUOTES = ["We will not accept this", "Our patience has limits", "The talks were useful but difficult",
           "Nobody in {p} wants another war", "The {g} must answer for what happened", "This is a matter for the courts",
           "We are ready to meet them at any time", "These accusations are baseless"]
_PLACE_ACTS = ["met", "attacked", "visited", "criticized", "praised", "accused", "threatened", "supported"]


def long_paragraph(r: random.Random, k: int) -> str:
    """One paragraph of ``long_article``: four to seven sentences about two people, two states and a
    group, with a quote, a dated event, an event with a place, reported speech and a pronoun."""
    a, b = r.sample(PEOPLE, 2)
    p, q = r.sample(PLACES, 2)
    g = r.choice(GROUPS)
    day, month = r.choice(DAYS), r.choice(MONTHS)
    year = 2015 + k % 9
    quote = r.choice(_QUOTES).format(p=p, g=g)
    sentences = [
        f"{a}, {r.choice(ROLES)} {p}, {r.choice(ACTS)} {b} on {day}.",
        f"\"{quote},\" {b} {r.choice(_SAID)}.",
        f"The {g} {r.choice(ACTS)} {q} on {month} {1 + k % 27}, {year}, officials said.",
        f"{a} {r.choice(_PLACE_ACTS)} delegates from {q} in {r.choice(PLACES)} after talks that lasted {2 + k % 11} hours.",
    ]
    extras = [
        f"According to {b}, the {g} {r.choice(ACTS)} a convoy near {p} last week.",
        f"She said that {q} would not sign the agreement before {month}.",
        f"{p} denied that it had {r.choice(ACTS)} the {g}.",
        f"He later {r.choice(ACTS)} {q} again, a spokesman for {p} said.",
        f"Officials in {q} said {r.randint(3, 90)} people were hurt in clashes at the border.",
        f"The government of {p} {r.choice(ACTS)} the {g} in a statement on {day}.",
    ]
    sentences += r.sample(extras, r.randint(0, 3))
    return " ".join(sentences)


def long_article(n_chars: int, seed: int = 0) -> str:
    """An invented article of at least ``n_chars`` characters (cut at the end of a paragraph just
    past it): a title line and paragraphs of ``long_paragraph``, the same on every run."""
    r = random.Random(f"long-{seed}")
    parts = [f"{PLACES[seed % len(PLACES)]} and its neighbours: a long report ({n_chars:,} characters)"]
    size = len(parts[0])
    k = 0
    while size < n_chars:
        para = long_paragraph(r, k)
        parts.append(para)
        size += len(para) + 2
        k += 1
    return "\n\n".join(parts) + "\n"
