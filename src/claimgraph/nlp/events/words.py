"""The data the events stage reads: the trigger lexicon, speech verbs, hedges and word lists."""
from __future__ import annotations

from dataclasses import dataclass

from ...resources import EventLexicon, Gazetteer, Resources, SpeechVerbs

WORDS = "words_events.tsv"
FILES = ("events.tsv", "speech_verbs.txt", "hedges.txt", "gazetteer.json", WORDS)


@dataclass(frozen=True)
class EventWords:
    lex: EventLexicon
    speech: SpeechVerbs
    hedges: frozenset[str]
    gaz: Gazetteer  # the kind of an actor ("armed_group") makes cooperation with it an accusation
    light_verbs: frozenset[str]
    target_preps: frozenset[str]
    noun_target_preps: frozenset[str]
    equate_adj: frozenset[str]
    deny: frozenset[str]
    negative_label_words: frozenset[str]
    not_events: frozenset[str]
    claim_nouns: frozenset[str]
    group_heads: frozenset[str]
    locative_preps: frozenset[str]
    motion_verbs: frozenset[str]
    threat_frames: frozenset[str]
    # modes (modality.modes)
    hypothetical_frames: frozenset[str]
    future_frames: frozenset[str]
    future_forms: frozenset[str]
    modal_future: frozenset[str]
    modal_hypothetical: frozenset[str]
    modal_epistemic: frozenset[str]
    conditional_marks: frozenset[str]
    claim_responsibility_nouns: frozenset[str]
    claim_responsibility_verbs: frozenset[str]
    claim_act_verbs: frozenset[str]
    # denials (denials.link_denials)
    denied_objects: frozenset[str]
    dismissals: frozenset[str]

    @classmethod
    def load(cls, r: Resources) -> "EventWords":
        lists = ("light_verbs", "target_preps", "noun_target_preps", "equate_adj", "deny", "negative_label_words", "not_events", "claim_nouns", "group_heads",
                 "locative_preps", "motion_verbs", "threat_frames",
                 "hypothetical_frames", "future_frames", "future_forms", "modal_future", "modal_hypothetical", "modal_epistemic",
                 "conditional_marks", "claim_responsibility_nouns", "claim_responsibility_verbs", "claim_act_verbs",
                 "denied_objects", "dismissals")
        return cls(
            lex=r.event_lexicon(), speech=r.speech_verbs(), hedges=r.word_set("hedges.txt"), gaz=r.gazetteer(),
            **{name: r.words(WORDS, name) for name in lists},
        )
