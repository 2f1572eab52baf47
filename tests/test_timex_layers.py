"""The timex package's layers, and the one home of month words (claimgraph.months)."""
from __future__ import annotations

import ast
from pathlib import Path

import claimgraph.nlp.timex as timex
from claimgraph.ingest import dates
from claimgraph.months import MONTH_ABBREVIATIONS, MONTH_NAMES, MONTH_NUMBERS, MONTH_PREFIXES
from claimgraph.nlp.timex.lexicon import MONTHS

# Each module may import only the modules before it.
LAYERS = [
    "lexicon", "calendar", "context", "values", "rules", "grammar_dates", "grammar_relative",
    "grammar_periods", "grammar_durations", "grammar_times", "grammar", "tagger", "__init__",
]


def _sibling_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module} if node.module else {a.name for a in node.names}
    return found


def test_timex_modules_import_only_lower_layers():
    package = Path(timex.__file__).parent
    assert sorted(p.stem for p in package.glob("*.py")) == sorted(LAYERS)
    for name in LAYERS:
        above = set(LAYERS[LAYERS.index(name):])
        assert not _sibling_imports(package / f"{name}.py") & above, name


def test_month_words_have_one_home():
    assert MONTHS == {**MONTH_NUMBERS, **MONTH_ABBREVIATIONS}
    assert MONTHS["sept"] == MONTHS["sep"] == MONTHS["september"] == 9
    assert "may" in MONTH_NUMBERS and "may" not in MONTH_ABBREVIATIONS
    assert dates.MONTH_PREFIXES is MONTH_PREFIXES
    assert [MONTH_PREFIXES[name[:3]] for name in MONTH_NAMES] == list(range(1, 13))
