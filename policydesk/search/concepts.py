"""Concept tokens: one index token per synonym group, stored with every task that holds any way
of saying it (a word of the group as one token, or all the finer pieces of one). A question word
from a group then costs one posting list instead of an OR of a dozen phrases, which is what keeps
search fast when the registry is large and the words are common.

The tokens depend on data/synonyms.txt; INDEX_VERSION changes with it, and a registry whose
index was built with another version is re-indexed when it is opened."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

from .segment import tokens
from .synonyms import _groups


# bump when index_body changes what it writes: every registry re-indexes on next open
INDEX_FORMAT = "concepts/3"


def _token(variants: frozenset[str]) -> str:
    # letters and digits only, so FTS5 (unicode61) and PostgreSQL ('simple') keep it whole
    return "zzsyn" + hashlib.sha1(" ".join(sorted(variants)).encode()).hexdigest()[:10]


def alternatives(variants: frozenset[str]) -> list[frozenset[str]]:
    """Ways a text can hold one of the variants: the variant as one token, or all its pieces."""
    alts: set[frozenset[str]] = set()
    for variant in variants:
        alts.add(frozenset([variant]))
        parts = [p for p in tokens(variant) if p != variant and len(p) > 1]
        if len(parts) > 1:
            alts.add(frozenset(parts))
    return sorted(alts, key=lambda a: (len(a), sorted(a)))


@lru_cache(maxsize=1)
def concepts() -> dict[frozenset[str], tuple[str, list[frozenset[str]]]]:
    """Every distinct expansion of a synonym word → (its token, its alternatives)."""
    out = {}
    for variants in set(_groups().values()):
        out[variants] = (_token(variants), alternatives(variants))
    return out


def concept_of(variants: frozenset[str]) -> tuple[str, list[frozenset[str]]] | None:
    return concepts().get(variants)


def concept_tokens(words: list[str]) -> list[str]:
    """The concept tokens a task with these index tokens holds."""
    body = set(words)
    return sorted(tok for tok, alts in concepts().values() if any(alt <= body for alt in alts))


@lru_cache(maxsize=1)
def index_version() -> str:
    data = resources.files("policydesk.data")
    h = hashlib.sha1(INDEX_FORMAT.encode())
    for name in ("synonyms.txt", "domain_dict.txt", "beneficiaries.txt"):
        h.update(data.joinpath(name).read_bytes())
    return h.hexdigest()[:16]
