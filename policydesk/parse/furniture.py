"""Blank out page furniture (【字号：大 中 小】, 打印/关闭, breadcrumbs, page numbers) before
parsing. Matches become spaces, so every offset into the decoded input stays valid."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, ...]:
    text = resources.files("policydesk.data").joinpath("page_furniture.txt").read_text("utf-8")
    return tuple(re.compile(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


def blank_furniture(text: str) -> str:
    for pattern in _patterns():
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    return text
