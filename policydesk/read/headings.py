"""Headings a document styled but did not number (an HTML `<h3>`, a Word paragraph in the style
`Heading 2`): the readers mark them with their level, and number_headings numbers the levels
that stand between items, so that the parser reads them as sections."""
from __future__ import annotations

import re

from ..parse.numerals import int_to_cn
from .tables import HEADING_LABEL

_MARK = "\x1e"  # then the heading's level; taken out again in number_headings
_MARKED = re.compile(_MARK + r"(\d)([^\n]*)")
_ITEM_LINE = re.compile(r"^\s*(?:\d{1,3}[.、．]|[(（]\d{1,2}[)）])", re.M)
_SECTION_LABELS = ("{}、", "（{}）")  # the first and second level of headings left unnumbered


def heading_mark(level: int) -> str:
    """Written before the text of a heading of this level (1-9)."""
    return f"{_MARK}{min(max(level, 1), 9)}"


def number_headings(body: str) -> str:
    """`<h3>惠民生</h3>` between numbered items is a section the page styled but did not
    number: the heading levels met after the first item are numbered 一、 (then （一）) as they
    come, so the section does not run on as the text of the task before it; headings of levels
    met only above the first item (the page's title) stay as written."""
    first_item = _ITEM_LINE.search(body)
    first = first_item.start() if first_item else len(body)
    levels = sorted({m.group(1) for m in _MARKED.finditer(body) if m.start() > first})[:len(_SECTION_LABELS)]
    counters = {level: 0 for level in levels}

    def numbered(m: re.Match) -> str:
        level, title = m.group(1), m.group(2)
        written = title.strip()
        if level not in counters or not written or HEADING_LABEL.match(written) or written[0].isdigit():
            return title  # (numbered as written)
        counters[level] += 1
        for deeper in levels[levels.index(level) + 1:]:
            counters[deeper] = 0
        return _SECTION_LABELS[levels.index(level)].format(int_to_cn(counters[level])) + written

    return _MARKED.sub(numbered, body)
