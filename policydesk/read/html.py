"""Decode an HTML page into text with block boundaries as line breaks (stdlib only)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from .text import decode_text

_BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
          "article", "ul", "ol", "dd", "dt", "title", "pre", "blockquote"}
_CELL = {"td", "th"}
_SKIP = {"script", "style", "noscript", "head", "template"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
        elif tag in _CELL:
            self.parts.append("\t")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


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
    body = re.sub(r"[ \t\u00a0\u3000]*\n[ \t\u00a0\u3000\n]*", "\n", body)
    return body.strip() + "\n", encoding
