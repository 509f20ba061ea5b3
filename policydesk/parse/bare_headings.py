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
from functools import lru_cache

from .lexicon import lexicon
from .units import is_generic

_SECTION_LABEL = re.compile(r"(?<![一二三四五六七八九十第])[一二三四五六七八九十]{1,3}、")
_ITEM_LINE = re.compile(r"(?m)^[^\S\n]*\d{1,3}[.、．]")
_TITLE_LIKE = re.compile(r"[\u4e00-\u9fff]{2,15}")
_CLOSES = re.compile(r"[。；;）)\d]$")
MIN_HEADINGS = 2


@lru_cache(maxsize=1)
def _block_words() -> re.Pattern:
    lx = lexicon()
    return re.compile(f"{lx.role_words}|{lx.phone_words}")


def _line_before(text: str, end: int) -> tuple[int, str]:
    """(start, stripped text) of the last non-blank line ending before `end`."""
    while end > 0:
        start = text.rfind("\n", 0, end - 1) + 1
        line = text[start:end].strip()
        if line:
            return start + text[start:end].index(line[0]), line
        end = start
    return 0, ""


def find_bare_headings(text: str) -> list[int]:
    """Input offsets of the first character of each bare heading line."""
    if _SECTION_LABEL.search(text):
        return []
    lx = lexicon()
    found = []
    for item in _ITEM_LINE.finditer(text):  # (the lines before items only: the text may be long)
        start, line = _line_before(text, item.start())
        if not _TITLE_LIKE.fullmatch(line) or line.endswith(lx.organ_suffixes + lx.office_suffixes) \
                or is_generic(line):
            continue
        _, before = _line_before(text, start)
        if _CLOSES.search(before) or _block_words().search(before) or (not found and before.endswith(lx.title_endings)):
            found.append(start)
    return found if len(found) >= MIN_HEADINGS else []
