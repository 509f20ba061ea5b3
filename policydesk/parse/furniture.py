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
# what page furniture never holds: sentence or clause punctuation, a label, an item number
_ITEMISH = re.compile(r"[。：:；;，,]|^\s*(?:[一二三四五六七八九十]+、|[(（]|\d+[.、．])")


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


def blank_span(text: str, start: int, end: int) -> str:
    """The text with text[start:end] blanked as furniture is (line breaks kept, offsets valid)."""
    return blank_spans(text, [(start, end)])


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """blank_span for several spans, in one copy of the text (not one copy per span)."""
    pieces, at = [], 0
    for start, end in sorted(spans):
        start = max(start, at)
        if end > start:
            pieces += [text[at:start], _NOT_NEWLINE.sub(" ", text[start:end])]
            at = end
    return "".join(pieces) + text[at:] if pieces else text


def blank_furniture(text: str) -> str:
    for pattern in _patterns():
        text = pattern.sub(_blank, text)
    return _blank_repeated_lines(text)


def _blank_repeated_lines(text: str) -> str:
    """A short line printed again and again (a page header or footer of a PDF or a site) that
    is neither a sentence, a labelled line nor a numbered item, and that stands among different
    text each time (a scrape that breaks lines every few characters cuts a unit name named three
    times into the same pieces: those pieces sit between the same words every time)."""
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    lengths = sorted(len(key) for key in stripped if key)
    if not lengths or lengths[len(lengths) // 2] < SHORTEST_MEDIAN_LINE:
        return text  # lines cut every few characters: their pieces repeat by chance
    counts = Counter(key for key in stripped if 6 <= len(key) <= 60)
    repeated = {k for k, n in counts.items()
                if n >= 3 and not _ITEMISH.search(k) and not _touches_vocabulary(k)}
    if not repeated:
        return text
    at: dict[str, list[int]] = {}
    for i, key in enumerate(stripped):
        if key in repeated:
            at.setdefault(key, []).append(i)
    furniture = {k for k, where in at.items() if not _inside_repeated_phrase(stripped, where, repeated)}
    return "\n".join(" " * len(line) if key in furniture else line for line, key in zip(lines, stripped))


SHORTEST_MEDIAN_LINE = 8  # below this median line length, repeated lines are not page furniture
CONTEXT_CHARS = 3  # characters read on each side of a repeated line


def _inside_repeated_phrase(stripped: list[str], where: list[int], repeated: set[str]) -> bool:
    """True when every occurrence has the same words before it, or the same words after it, or
    the same character on both sides (`区|经济和信息化|局`: a name cut the same way in different
    names). Other repeated lines are passed over: a header may take two lines."""
    befores = {_context(stripped, i, -1, repeated) for i in where}
    afters = {_context(stripped, i, 1, repeated) for i in where}
    if any(len(side) == 1 and "" not in side for side in (befores, afters)):
        return True  # the same words on one side every time
    if "" in befores or "" in afters:
        return False  # at the very start or end of the text: a header's place
    return len({b[-1] for b in befores}) == 1 and len({a[0] for a in afters}) == 1


def _context(stripped: list[str], i: int, step: int, repeated: set[str]) -> str:
    got = ""
    j = i + step
    while 0 <= j < len(stripped) and len(got) < CONTEXT_CHARS:
        key = stripped[j]
        if key and key not in repeated:
            got = got + key if step > 0 else key + got
        j += step
    return got[:CONTEXT_CHARS] if step > 0 else got[-CONTEXT_CHARS:]
