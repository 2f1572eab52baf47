"""Learned models of the quotes stage.

``speakers``: the speaker ranker.  For each quote or reported-speech attribution the quotes stage
finds, it ranks the people, bodies, pronouns and nominal speakers in a window around it (and "no
speaker", and "the previous quote's speaker") with a linear model over parse, distance, discourse
and salience features; the rules of the stage are features, not the decision.  Weights ship in
``data/speaker_model.npz`` (``scripts/train_speaker_model.py``, ``docs/models/speaker-model.md``).
"""
from .speakers import SpeakerRanker, default_ranker

__all__ = ["SpeakerRanker", "default_ranker"]
