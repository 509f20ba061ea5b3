"""Facts inside a task's text: deadlines (as ISO dates) and who benefits."""
from __future__ import annotations

import calendar
import re

from ..model import Deadline
from .lexicon import lexicon
from .stream import fold_width

_Y = r"(?P<y>\d{4})年"
_PATTERNS = [
    # 2022年4月至12月 -> end of the last month
    re.compile(_Y + r"(?P<m1>\d{1,2})月(?:份)?(?:至|到|-|—|~)(?P<m>\d{1,2})月(?:底|末)?(?:前)?"),
    # 2022年6月30日前
    re.compile(_Y + r"(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:前|之前|以前|止|截止)"),
    # 2022年8月底前
    re.compile(_Y + r"(?P<m>\d{1,2})月(?:底|末)(?:前|之前)?"),
    # 2022年底 / 2022年年底前 / 2022年末
    re.compile(_Y + r"(?:年)?(?:底|末)(?:前|之前)?"),
    # 8月底前 (year of the document)
    re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?:底|末)(?:前|之前)?"),
    # 6月30日前 (year of the document)
    re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:前|之前|以前)"),
    # 年底前 (year of the document)
    re.compile(r"(?<![\d年])年(?:底|末)(?:前|之前)"),
    # 上半年 / 年内 with an explicit year
    re.compile(_Y + r"(?P<half>上半年|下半年|年内)"),
]


def _iso(y: int, m: int, d: int | None) -> str | None:
    if not (1 <= m <= 12):
        return None
    last = calendar.monthrange(y, m)[1]
    d = last if d is None else d
    if not (1 <= d <= last):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def find_deadlines(text: str, doc_year: int | None) -> list[Deadline]:
    """Every deadline phrase in written order; a phrase inside a longer one is not repeated."""
    folded = fold_width(text)
    found: list[tuple[int, int, Deadline]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = m.groupdict()
            year = int(g["y"]) if g.get("y") else doc_year
            if year is None:
                continue
            if g.get("half"):
                month = 6 if g["half"] == "上半年" else 12
                date = _iso(year, month, None)
            elif g.get("m"):
                date = _iso(year, int(g["m"]), int(g["d"]) if g.get("d") else None)
            else:
                date = _iso(year, 12, 31)
            if date is None:
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.end(), Deadline(text=text[m.start():m.end()], date=date)))
    found.sort(key=lambda x: x[0])
    return [d for _, _, d in found]


def deadline_from_note(note: str, doc_year: int | None) -> Deadline:
    """`完成时限：2022年底` -> a dated deadline; `长期坚持` keeps its words with no date."""
    dated = find_deadlines(note, doc_year)
    if dated:
        return Deadline(text=note, date=dated[-1].date)
    return Deadline(text=note, date=None)


def find_beneficiaries(text: str) -> list[str]:
    """Vocabulary terms in the text, longest match first, in written order, each reported once."""
    hits: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for term, canon in lexicon().beneficiaries:
        start = text.find(term)
        while start >= 0:
            end = start + len(term)
            if not any(a < end and start < b for a, b in taken):
                taken.append((start, end))
                hits.append((start, canon))
            start = text.find(term, end)
    return list(dict.fromkeys(canon for _, canon in sorted(hits)))
