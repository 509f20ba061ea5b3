"""Decode an HTML page into text with block boundaries as line breaks (stdlib only).
Ledger tables become labelled lines (read/tables.py); merged cells are filled in."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from .headings import heading_mark, number_headings
from .tables import render_table
from .text import decode_text

_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section",
          "article", "ul", "ol", "dd", "dt", "title", "pre", "blockquote"}
_SKIP = {"script", "style", "noscript", "head", "template", "select", "button"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def fill_spans(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """(text, rowspan, colspan) cells -> a rectangular grid, merged cells repeated."""
    grid: list[list[str | None]] = []
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        c = 0
        for text, rowspan, colspan in row:
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            for dr in range(max(1, rowspan)):
                while len(grid) <= r + dr:
                    grid.append([])
                line = grid[r + dr]
                for dc in range(max(1, colspan)):
                    while len(line) <= c + dc:
                        line.append(None)
                    line[c + dc] = text
            c += max(1, colspan)
    return [[cell or "" for cell in row] for row in grid]


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.tables: list[dict] = []   # stack: {"rows": [...], "cell": [...] | None, "span": (r, c)}
        self.lists: list[list[int] | None] = []  # open <ol> (its last number) and <ul> (None)

    def _out(self, text: str) -> None:
        if self.tables and self.tables[-1]["cell"] is not None:
            self.tables[-1]["cell"].append(text)
        elif not self.tables:
            self.parts.append(text)

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "table":
            self.tables.append({"rows": [], "cell": None, "span": (1, 1)})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th") and self.tables:
            t = self.tables[-1]
            if not t["rows"]:
                t["rows"].append([])
            a = dict(attrs)
            t["cell"] = []
            t["span"] = (_int(a.get("rowspan")), _int(a.get("colspan")))
        elif tag in ("ol", "ul"):
            start = _int(dict(attrs).get("start")) if tag == "ol" else 0
            self.lists.append([start - 1] if tag == "ol" else None)
            self._out("\n")
        elif tag == "li" and self.lists and self.lists[-1] is not None:
            self.lists[-1][0] += 1  # the number a browser draws before the item
            depth = sum(1 for x in self.lists if x is not None)
            self._out("\n" + ordered_label(self.lists[-1][0], depth))
        elif tag in _HEADINGS and not self.tables:
            self._out("\n" + heading_mark(int(tag[1])))
        elif tag in _BLOCK:
            self._out("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in ("td", "th") and self.tables and self.tables[-1]["cell"] is not None:
            t = self.tables[-1]
            text = "".join(t["cell"]).strip()
            t["rows"][-1].append((text, *t["span"]))
            t["cell"] = None
        elif tag == "table" and self.tables:
            t = self.tables.pop()
            grid = fill_spans(t["rows"])
            rendered = render_table(grid)
            if rendered is None:
                rendered = "\n".join("  ".join(c for c in row if c) for row in grid)
            self._out("\n" + rendered + "\n")
        elif tag in ("ol", "ul") and self.lists:
            self.lists.pop()
            self._out("\n")
        elif tag in _BLOCK:
            self._out("\n")

    def handle_data(self, data):
        if not self.skip:
            self._out(data)


def ordered_label(n: int, depth: int) -> str:
    """The label of the n-th item of an <ol>, by nesting: 1. then （1） then ①."""
    if depth == 1:
        return f"{n}."
    if depth == 2:
        return f"（{n}）"
    return chr(0x2460 + n - 1) if 1 <= n <= 20 else f"{n})"


def _int(value) -> int:
    try:
        return max(1, int(str(value).strip()))
    except (TypeError, ValueError):
        return 1


def decode_html(data: bytes) -> tuple[str, str]:
    declared = _CHARSET.search(data[:4096])
    text = None
    encoding = None
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        if name in ("gb2312", "gbk"):
            name = "gb18030"
        try:
            text, encoding = data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, encoding = decode_text(data)
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    body = "".join(collector.parts)
    body = number_headings(body)
    body = re.sub(r"[ \t\u00a0\u3000]*\n[ \t\u00a0\u3000]*", "\n", body)
    body = re.sub(r"\n{3,}", "\n\n", body)
    return body.strip() + "\n", encoding
