"""Word's automatic numbering: a paragraph in a numbered list holds no `1.` or `（一）` in its
text (Word draws the label from numbering.xml), so a guide typed with list numbering would reach
the parser without its item numbers. The labels are rebuilt here as Word shows them: a counter
per list and level, deeper levels restarting under a new parent, `lvlText` such as `%1、` or
`（%2）` filled in with each level's format.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..parse.numerals import int_to_cn

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CHINESE = {"chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
            "ideographTraditional", "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting"}


def _val(element, tag: str) -> str | None:
    child = element.find(_W + tag) if element is not None else None
    return child.get(_W + "val") if child is not None else None


def format_number(value: int, fmt: str) -> str:
    """One level's counter as Word writes it in that format."""
    if fmt in _CHINESE:
        return int_to_cn(value)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= len(_CIRCLED):
        return _CIRCLED[value - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(value))
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(value)  # decimal, decimalZero and anything else: digits


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class ListNumbering:
    """The numbering part of one document and the counters met so far."""
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    counters: dict[str, dict[int, int]] = field(default_factory=dict)   # numId -> ilvl -> last value

    @classmethod
    def of(cls, document) -> "ListNumbering":
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return cls()
        abstract = {}
        for a in root.findall(_W + "abstractNum"):
            abstract[a.get(_W + "abstractNumId")] = {
                int(lvl.get(_W + "ilvl", "0")): _Level(_val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "",
                                                       int(_val(lvl, "start") or 1))
                for lvl in a.findall(_W + "lvl")}
        levels = {}
        for num in root.findall(_W + "num"):
            base = abstract.get(_val(num, "abstractNumId"), {})
            mine = {k: _Level(v.fmt, v.text, v.start) for k, v in base.items()}
            for override in num.findall(_W + "lvlOverride"):
                start = _val(override, "startOverride")
                ilvl = int(override.get(_W + "ilvl", "0"))
                if start is not None and ilvl in mine:
                    mine[ilvl].start = int(start)
            levels[num.get(_W + "numId")] = mine
        return cls(levels=levels)

    def label(self, paragraph) -> str:
        """The label Word draws before this paragraph ('' when it is not in a numbered list)."""
        num_id, ilvl = _num_pr(paragraph)
        levels = self.levels.get(num_id) if num_id else None
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new parent restarts the levels below it
        text = levels[ilvl].text
        for k in range(9, -1, -1):
            marker = f"%{k + 1}"
            if marker in text:
                level = levels.get(k, _Level())
                value = counters.get(k, level.start)
                text = text.replace(marker, format_number(value, level.fmt))
        return text


def _num_pr(paragraph) -> tuple[str | None, int]:
    """(numId, ilvl) of a paragraph, from its own properties or its style's (and their bases)."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.find(_W + "numPr") if p_pr is not None else None
    style = paragraph.style
    while num_pr is None and style is not None:
        s_pr = style.element.find(_W + "pPr")
        num_pr = s_pr.find(_W + "numPr") if s_pr is not None else None
        style = style.base_style
    if num_pr is None:
        return None, 0
    num_id = _val(num_pr, "numId")
    ilvl = _val(num_pr, "ilvl")
    return (num_id if num_id not in (None, "0") else None), int(ilvl or 0)
