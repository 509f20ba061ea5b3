"""Section headings written without a number (a Word heading style or an HTML `<h3>` copied as
plain text): `稳增长` on a line of its own between one item's block and the next item `3.`.
Single line breaks are dropped from the stream (a scrape breaks lines anywhere), so without
this the heading runs on as the last unit's name or the text of the task before it.

Read on the lines of the decoded input, only where the document numbers no sections itself
(no `一、`) and at least two such lines stand: a short line of Chinese characters that names no
unit, followed by a line opening with an item number, after a line that closes a sentence or a
block (or the guide's title, for the first section)."""
from __future__ import annotations

import re

from .lexicon import lexicon
from .units import is_generic

_SECTION_LABEL = re.compile(r"(?m)^\s*[一二三四五六七八九十]{1,3}[、．.]")
_LINE = re.compile(r"[^\n]+")
_TITLE_LIKE = re.compile(r"[\u4e00-\u9fff]{2,15}")
_ITEM_OPENING = re.compile(r"\s*\d{1,3}[.、．]")
_CLOSES = re.compile(r"[。；;）)\d]\s*$")
MIN_HEADINGS = 2


def find_bare_headings(text: str) -> list[int]:
    """Input offsets of the first character of each bare heading line."""
    if _SECTION_LABEL.search(text):
        return []
    lx = lexicon()
    block_words = re.compile(f"{lx.role_words}|{lx.phone_words}")
    lines = [(m.start(), m.group().strip()) for m in _LINE.finditer(text) if m.group().strip()]
    found = []
    for i in range(1, len(lines) - 1):
        start, line = lines[i]
        if not _TITLE_LIKE.fullmatch(line) or line.endswith(lx.organ_suffixes + lx.office_suffixes) \
                or is_generic(line) or not _ITEM_OPENING.match(lines[i + 1][1]):
            continue
        before = lines[i - 1][1]
        if _CLOSES.search(before) or block_words.search(before) or (not found and before.endswith(lx.title_endings)):
            found.append(start + text[start:].index(line[0]))
    return found if len(found) >= MIN_HEADINGS else []
