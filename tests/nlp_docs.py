"""Hand-made parsed Docs for the rule stages, as spaCy's own tests build them: no model needed.

``parsed("Dastan attacked Varosia .", heads=..., deps=..., pos=..., ents=...)``: words split on
spaces; heads are absolute token indexes; ents are IOB tags ("B-GPE", "O"); lemmas default to the
lowercased words.  ``no_space_before`` lists tokens glued to the one before ("," "." "”")."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

from claimgraph.config import DATA_DIR
from claimgraph.resources import Resources

VOCAB = spacy.blank("en").vocab
BUNDLED = Resources([DATA_DIR])  # the bundled data only, whatever CLAIMGRAPH_DATA says


def parsed(text: str, *, heads, deps, pos, ents=None, lemmas=None, glued=(), tags=None) -> Doc:
    import claimgraph.nlp  # noqa: F401  (registers the Doc._ attributes)

    words = text.split(" ")
    n = len(words)
    spaces = [i + 1 < n and words[i + 1] not in glued and words[i] not in ("“",) for i in range(n)]
    for arg in (heads, deps, pos):
        assert len(arg) == n, (len(arg), n, words)
    return Doc(
        VOCAB, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos,
        lemmas=lemmas or [w.lower() for w in words], ents=ents or ["O"] * n, tags=tags,
    )


def actors(doc: Doc) -> Doc:
    from claimgraph.nlp.actors import ActorFinder

    return ActorFinder(VOCAB, BUNDLED)(doc)


def key_of(doc: Doc, name: str) -> str:
    for key, cl in doc._.cg_clusters.items():
        if cl.name == name or name in cl.aliases:
            return key
    raise AssertionError(f"{name!r} not among {[c.name for c in doc._.cg_clusters.values()]}")
