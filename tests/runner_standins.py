"""Stand-ins for the language model that worker processes can import by name (a spawned worker
unpickles functions by module and name, so they cannot live inside a test).  No tests here.

``hand_extract`` is ``extract_many``'s shape: each document becomes Dastan and the Free Meridian
Front with one AID event between them, "the envoy" a sector-free actor of the text.  A text
with ``POISON`` raises (one document fails alone); a text with ``KILL <flag file>`` kills its
worker process with SIGKILL the first time (it creates the flag file first), as the kernel's
out-of-memory killer would; ``KILL always`` kills it every time.  A text with ``WAIT <flag file>``
is extracted only once that file exists (or after ``WAIT_S`` seconds): a test makes the file when
the merge has stored something, to show the merge going on while shards still run.
"""
from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

from claimgraph.config import PIPELINE_VERSION
from claimgraph.models import Actor, Event, Extraction


WAIT_S = 30


class NoModel:
    max_length = 1_000_000


def no_model() -> NoModel:
    return NoModel()


def loads_badly() -> NoModel:
    from claimgraph.errors import ModelNotInstalled

    raise ModelNotInstalled("spaCy model 'en_core_web_xx' is not installed; install it with pip")


def hand_extraction(doc) -> Extraction:
    text = doc.text
    actors = []
    for key, name in (("g:dastan", "Dastan"), ("g:fmf", "Free Meridian Front")):
        spans = tuple(m.span() for m in re.finditer(re.escape(name), text))
        actors.append(Actor(id=key, name=name, type="GPE" if key == "g:dastan" else "ORG", mentions=spans))
    end = len(text)
    events = (Event(type="AID", source="g:dastan", target="g:fmf", trigger="armed", text=text.strip(), start=0, end=end),)
    return Extraction(doc=doc, actors=tuple(actors), events=events, pipeline_version=PIPELINE_VERSION)


def hand_extract(documents, nlp=None, batch_size: int = 8):
    for doc in documents:
        if "POISON" in doc.text:
            raise RuntimeError("the parser fell over")
        w = re.search(r"WAIT (\S+)", doc.text)
        if w:
            deadline = time.monotonic() + WAIT_S
            while not Path(w[1]).exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        m = re.search(r"KILL (\S+)", doc.text)
        if m:
            flag = m[1]
            if flag == "always" or not Path(flag).exists():
                if flag != "always":
                    Path(flag).touch()
                os.kill(os.getpid(), signal.SIGKILL)
        yield hand_extraction(doc)


def input_folder(tmp_path, n=6, extra=()):
    """``tmp_path/in`` with ``n`` invented one-sentence articles, plus ``extra`` (name, text) files."""
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for i in range(n):
        (folder / f"a{i:02d}.txt").write_text(f"Dastan armed the Free Meridian Front, round {i}.", encoding="utf-8")
    for name, text in extra:
        (folder / name).write_text(text, encoding="utf-8")
    return folder
