"""The data the actors stage reads: the gazetteer and its word lists, loaded once per stage."""
from __future__ import annotations

from dataclasses import dataclass

from ...resources import AgentNouns, Gazetteer, Resources

WORDS = "words_actors.tsv"
FILES = ("gazetteer.json", "noise_entities.txt", "titles.txt", "descriptors.txt", "agent_nouns.tsv", WORDS)


@dataclass(frozen=True)
class ActorWords:
    gaz: Gazetteer
    noise: frozenset[str]  # entity strings that are never actors
    titles: frozenset[str]  # titles and honorifics before a name
    descriptors: frozenset[str]  # head nouns of descriptions ("group")
    aka: tuple[tuple[str, ...], ...]  # "also known as", ... in the order they are tried
    aka_first: frozenset[str]
    title_modifiers: frozenset[str]
    title_words: frozenset[str]
    place_preps: frozenset[str]
    state_nouns: frozenset[str]
    demonym_endings: tuple[str, ...]
    relational_heads: frozenset[str]
    context_after: frozenset[str]
    context_before: frozenset[str]
    descriptive_extras: frozenset[str]
    agents: AgentNouns  # "police", "security forces", ... and their sectors
    state_sectors: frozenset[str]  # GOV, MIL, ...: a state's own bodies
    idioms: frozenset[tuple[str, ...]]  # ("join", "forces"): the object names no group
    geo_heads: frozenset[str]  # "strip": "Gaza Strip" is a longer form of "Gaza"
    state_forms: frozenset[str]  # "republic": "Republic of Sundra" is "Sundra"; "the Republic" refers back to it
    byline_words: frozenset[str]  # "by", "reporting": the names of a byline wrote the article
    place_prefixes: frozenset[str]  # "khan", "jebel", "port": "Khan Yunis" is a place whatever NER said

    @classmethod
    def load(cls, r: Resources) -> "ActorWords":
        aka = r.phrases(WORDS, "aka")
        return cls(
            gaz=r.gazetteer(),
            noise=r.word_set("noise_entities.txt"),
            titles=r.word_set("titles.txt"),
            descriptors=r.word_set("descriptors.txt"),
            aka=aka,
            aka_first=frozenset(p[0] for p in aka),
            title_modifiers=r.words(WORDS, "title_modifiers"),
            title_words=r.words(WORDS, "title_words"),
            place_preps=r.words(WORDS, "place_preps"),
            state_nouns=r.words(WORDS, "state_nouns"),
            demonym_endings=r.word_list(WORDS, "demonym_endings"),
            relational_heads=r.words(WORDS, "relational_heads"),
            context_after=r.words(WORDS, "context_after"),
            context_before=r.words(WORDS, "context_before"),
            descriptive_extras=r.words(WORDS, "descriptive_extras"),
            agents=r.agent_nouns(),
            state_sectors=r.words(WORDS, "state_sectors"),
            idioms=frozenset(r.phrases(WORDS, "idioms")),
            geo_heads=r.words(WORDS, "geo_heads"),
            state_forms=r.words(WORDS, "state_forms"),
            byline_words=r.words(WORDS, "byline_words"),
            place_prefixes=r.words(WORDS, "place_prefixes"),
        )

    def is_title(self, word: str) -> bool:
        """"Minister", "Mr." and "mr" alike."""
        return word.rstrip(".") in self.titles or word in self.titles
