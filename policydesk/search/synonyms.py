"""Synonym groups from data/synonyms.txt: a query word matches every word of its groups."""
from __future__ import annotations

from functools import lru_cache

from .segment import _data_lines


@lru_cache(maxsize=1)
def _groups() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for line in _data_lines("synonyms.txt"):
        group = set(line.split())
        for w in group:
            index.setdefault(w, set()).update(group)
    return {w: frozenset(g) for w, g in index.items()}


def expand(word: str) -> frozenset[str]:
    return _groups().get(word, frozenset()) | {word}
