"""Facts inside a task's text: deadlines (as ISO dates) and who benefits."""
from __future__ import annotations

import calendar
import re
from functools import lru_cache

from ..model import Deadline
from .lexicon import lexicon
from .stream import fold_width

_Y = r"(?P<y{i}>\d{{4}})年"
# in priority order: where two phrases overlap, the earlier kind wins (a full date before a bare month)
_TO = r"(?:至|到|-|—|–|~|～)"
_KINDS = [
    # 2024年6月至2025年6月 -> end of the last month
    r"\d{{4}}年\d{{1,2}}月(?:份)?" + _TO + _Y + r"(?P<m{i}>\d{{1,2}})月(?:份)?(?:底|末)?(?:前)?",
    # 2022年4月至12月 -> end of the last month
    _Y + r"(?P<m1_{i}>\d{{1,2}})月(?:份)?" + _TO + r"(?P<m{i}>\d{{1,2}})月(?:底|末)?(?:前)?",
    # 2024—2025年, 2024年至2025年 -> end of the last year
    r"\d{{4}}(?:年)?" + _TO + _Y + r"(?:底|末)?(?:前)?",
    # 2022年6月30日前
    _Y + r"(?P<m{i}>\d{{1,2}})月(?P<d{i}>\d{{1,2}})日(?:前|之前|以前|止|截止)",
    # 2022年8月底前
    _Y + r"(?P<m{i}>\d{{1,2}})月(?:底|末)(?:前|之前)?",
    # 2022年底 / 2022年年底前 / 2022年末
    _Y + r"(?:年)?(?:底|末)(?:前|之前)?",
    # 8月底前 (year of the document)
    r"(?<![\d年])(?P<m{i}>\d{{1,2}})月(?:底|末)(?:前|之前)?",
    # 6月30日前 (year of the document)
    r"(?<![\d年])(?P<m{i}>\d{{1,2}})月(?P<d{i}>\d{{1,2}})日(?:前|之前|以前)",
    # 年底前 (year of the document)
    r"(?<![\d年])年(?:底|末)(?:前|之前)",
    # 上半年 / 年内 with an explicit year (`2024年内`, `2024年年内`)
    _Y + r"(?P<half{i}>上半年|下半年|年?内)",
    # 9月中旬前, 2024年10月上旬 -> the 10th, 20th or last day
    r"(?:(?<!\d)|" + _Y + r")(?P<m{i}>\d{{1,2}})月(?P<xun{i}>上|中|下)旬(?:前|之前|末)?",
    # 年内完成, 今年内 (year of the document; not `三年内`: within three years)
    r"(?<![\d年一二三四五六七八九十两几多])年内",
]
# 三季度末, 2024年第二季度前 (a quarter alone is no deadline: `第三季度召开`); apart from the
# others, looked for only where `季度` is written (its first character is too common to scan for)
_QUARTER_DEADLINE = re.compile(r"(?:(?P<y>\d{4})年)?第?(?P<q>[一二三四1-4])季度(?:末|底|前|之前)")
_XUN_DAY = {"上": 10, "中": 20, "下": None}
_QUARTER_MONTH = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
# one scan finds every kind; each kind tried in order at a position, as the list above ranks them
# (every kind starts with a digit or 年: the lookahead skips other characters cheaply)
_DEADLINE = re.compile("(?=[0-9年])(?:" + "|".join(f"(?P<k{i}>{kind.format(i=i)})" for i, kind in enumerate(_KINDS)) + ")")


def _iso(y: int, m: int, d: int | None) -> str | None:
    if not (1 <= m <= 12):
        return None
    last = calendar.monthrange(y, m)[1]
    d = last if d is None else d
    if not (1 <= d <= last):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def find_deadlines(text: str, doc_year: int | None, folded: str | None = None) -> list[Deadline]:
    """Every deadline phrase in written order. `folded` is the text already width-folded."""
    folded = fold_width(text) if folded is None else folded
    found: list[tuple[int, Deadline]] = []
    if "季度" in folded:
        for m in _QUARTER_DEADLINE.finditer(folded):
            year = int(m.group("y")) if m.group("y") else doc_year
            date = _iso(year, _QUARTER_MONTH[m.group("q")], None) if year else None
            if date is not None:
                found.append((m.start(), Deadline(text=text[m.start():m.end()], date=date)))
    for m in _DEADLINE.finditer(folded):
        i = m.lastgroup[1:]
        g = m.groupdict()
        y = g.get(f"y{i}")
        year = int(y) if y else doc_year
        if year is None:
            continue
        half, month, day, xun = g.get(f"half{i}"), g.get(f"m{i}"), g.get(f"d{i}"), g.get(f"xun{i}")
        if half:
            date = _iso(year, 6 if half == "上半年" else 12, None)
        elif month:
            date = _iso(year, int(month), _XUN_DAY[xun] if xun else int(day) if day else None)
        else:
            date = _iso(year, 12, 31)
        if date is not None:
            found.append((m.start(), Deadline(text=text[m.start():m.end()], date=date)))
    return [d for _, d in sorted(found, key=lambda f: f[0])]


# in a note that is only a deadline, a bare date is its end: `2024年9月` the month's last day,
# `2024年` the year's, `第三季度` the quarter's; the year carries on (`2024年3月、6月`)
_NOTE_DATE = re.compile(r"(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月(?:份)?(?:(?P<d>\d{1,2})[日号])?"
                       r"|第?(?P<q>[一二三四1-4])季度|(?P<half>上半年|下半年))?")
_NUMERIC_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})([.\-/])(?P<m>\d{1,2})(?:\2(?P<d>\d{1,2}))?(?!\d)")
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def deadline_from_note(note: str, doc_year: int | None) -> Deadline:
    """`完成时限：2022年底` -> a dated deadline; `完成时限：2024年9月` -> the month's last day;
    `长期坚持` keeps its words with no date."""
    dated = find_deadlines(note, doc_year)
    if dated:
        return Deadline(text=note, date=dated[-1].date)
    folded = fold_width(note)
    numeric = list(_NUMERIC_DATE.finditer(folded))
    if numeric:  # a ledger's cell: `2024.6.30`, `2024.12`, `2024-09-30`
        m = numeric[-1]
        return Deadline(text=note, date=_iso(int(m.group("y")), int(m.group("m")), int(m.group("d")) if m.group("d") else None))
    year, date = doc_year, None
    for m in _NOTE_DATE.finditer(folded):
        if m.group("y"):
            year = int(m.group("y"))
        if year is None or not (m.group("y") or m.group("m") or m.group("q") or m.group("half")):
            continue
        if m.group("q") or m.group("half"):
            month = 3 * _QUARTER[m.group("q")] if m.group("q") else 6 if m.group("half") == "上半年" else 12
            date = _iso(year, month, None)
        elif m.group("m"):
            date = _iso(year, int(m.group("m")), int(m.group("d")) if m.group("d") else None) or date
        else:
            date = _iso(year, 12, None)
    return Deadline(text=note, date=date)


@lru_cache(maxsize=1)
def _beneficiary_pattern() -> tuple[re.Pattern, dict[str, str]]:
    terms = lexicon().beneficiaries  # longest first, so the alternation prefers the longer term
    return re.compile("|".join(re.escape(term) for term, _ in terms)), dict(terms)


def find_beneficiaries(text: str) -> list[str]:
    """Vocabulary terms in the text in written order, the longer term where two start together,
    each reported once."""
    pattern, canon = _beneficiary_pattern()
    return list(dict.fromkeys(canon[m.group()] for m in pattern.finditer(text)))
