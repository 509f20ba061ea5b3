"""Blank out page furniture (【字号：大 中 小】, 打印/关闭, breadcrumbs, page numbers) before
parsing. Matches become spaces, so every offset into the decoded input stays valid."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, ...]:
    """The data file's patterns. Those anchored at a line start (`(?m)^…`) are merged behind
    one `^`, so the text is scanned once for all of them; the others are kept apart."""
    text = resources.files("policydesk.data").joinpath("page_furniture.txt").read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    anchored = [line.removeprefix("(?m)^") for line in lines if line.startswith("(?m)^")]
    others = [re.compile(line) for line in lines if not line.startswith("(?m)^")]
    if anchored:
        others.append(re.compile("^(?:" + "|".join(f"(?:{a})" for a in anchored) + ")", re.M))
    return tuple(others)


_NOT_NEWLINE = re.compile(r"[^\n]")
_ITEMISH = re.compile(r"[。：:；;]|^\s*(?:[一二三四五六七八九十]+、|[(（]|\d+[.、．])")


@lru_cache(maxsize=1)
def _vocabulary_pairs() -> frozenset[str]:
    """Two-character pieces of role and phone words: a line holding one may be a piece of a
    responsibility block broken over lines, never a page header."""
    from .lexicon import lexicon
    lx = lexicon()
    words = set(lx.role_of) | set(lx.phone_words.split("|")) | set(lx.person_words.split("|"))
    return frozenset(w[i:i + 2] for w in words for i in range(len(w) - 1))


def _touches_vocabulary(line: str) -> bool:
    pairs = _vocabulary_pairs()
    return any(line[i:i + 2] in pairs for i in range(len(line) - 1)) or bool(re.search(r"\d{4,}", line))


def _blank(m: re.Match) -> str:
    return _NOT_NEWLINE.sub(" ", m.group())


def blank_furniture(text: str) -> str:
    for pattern in _patterns():
        text = pattern.sub(_blank, text)
    return _blank_repeated_lines(text)


def _blank_repeated_lines(text: str) -> str:
    """A short line printed again and again (a page header or footer of a PDF or a site) that
    is neither a sentence, a labelled line nor a numbered item."""
    lines = text.split("\n")
    counts = Counter(key for key in map(str.strip, lines) if 6 <= len(key) <= 60)
    repeated = {k for k, n in counts.items()
                if n >= 3 and not _ITEMISH.search(k) and not _touches_vocabulary(k)}
    if not repeated:
        return text
    return "\n".join(" " * len(line) if line.strip() in repeated else line for line in lines)
