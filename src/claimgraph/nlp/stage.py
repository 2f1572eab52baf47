"""The base of every stage that holds data: resources in, ``initialize`` / ``to_disk`` / ``from_disk``.

As spaCy's ``span_ruler`` keeps its patterns, a data stage keeps the files it was built from
(``FILES``), so ``nlp.to_disk(path)`` then ``spacy.load(path)`` gives a pipeline with the same
data, whatever ``CLAIMGRAPH_DATA`` says on the loading machine.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..resources import Resources


class DataStage:
    #: the data files this stage reads (copied by ``to_disk``)
    FILES: tuple[str, ...] = ()

    def __init__(self, resources: Resources | None = None) -> None:
        self.resources = resources if resources is not None else Resources()
        self.load(self.resources)

    def load(self, resources: Resources) -> None:
        """Read this stage's data from ``resources`` (called on construction and reload)."""
        raise NotImplementedError

    def _reload(self, resources: Resources) -> None:
        self.resources = resources
        self.load(resources)

    def initialize(self, get_examples=None, *, nlp=None, data_dirs: Iterable[str | Path] | None = None) -> None:
        """Reload the data from ``data_dirs`` (default: bundled + ``CLAIMGRAPH_DATA``)."""
        self._reload(Resources(data_dirs))

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.resources.to_disk(path, self.FILES)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "DataStage":
        self._reload(Resources.from_disk(path))
        return self
