"""Normalize decoded text into a Stream: one folded string for matching, one display string,
and each character's offset in the decoded input.

Width folding (full-width -> half-width) is done character by character so that every index of
the folded string still points at one character of the original; matching runs on `fold`,
anything shown to people is cut from `show`.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

# characters NFKC would rewrite but that carry structure we need as written
_KEEP = set("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳〔〕【】“”‘’…—")
_SPACE = set(" \t\r\f\v\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff")
PARAGRAPH = "\n"


def _fold_table() -> dict[int, str]:
    """Full-width ASCII variants (U+FF01..U+FF5E) and a few CJK punctuation marks to ASCII."""
    table = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
    table.update({ord("\u3000"): " ", ord("\uff5f"): "(", ord("\uff60"): ")", ord("\u2236"): ":"})
    for ch in _KEEP:
        table.pop(ord(ch), None)
    return table


_FOLD = _fold_table()
_FOLD_CHARS = {chr(cp): ch for cp, ch in _FOLD.items()}
_FOLDABLE = re.compile("([" + "".join(re.escape(ch) for ch in sorted(_FOLD_CHARS)) + "])")


def fold_width(text: str) -> str:
    """Full-width letters, digits and punctuation to half-width; same length as the input.
    (Split at the foldable characters and map only those: str.translate looks up every CJK
    character in its table.)"""
    parts = _FOLDABLE.split(text)
    parts[1::2] = map(_FOLD_CHARS.__getitem__, parts[1::2])
    return "".join(parts)


@dataclass(slots=True)
class Stream:
    fold: str          # folded text for matching; whitespace dropped, paragraph breaks as "\n"
    show: str          # same characters as written, same length as fold
    run_starts: list[int]  # index in fold where each run of kept characters begins
    run_inputs: list[int]  # index in the decoded input of that run's first character
    space_breaks: list[int]  # indices in fold where spaces within a line were dropped

    def offset(self, i: int) -> int:
        """Index in the decoded input of fold[i]. Runs, not one entry per character: a list of
        ints per character cost more time to build and 36 bytes a character to hold."""
        r = bisect_right(self.run_starts, i) - 1
        return self.run_inputs[r] + i - self.run_starts[r]

    def index_of(self, offset: int) -> int:
        """The index in fold of the character at `offset` in the decoded input (a dropped
        character: the next one kept)."""
        r = max(bisect_right(self.run_inputs, offset) - 1, 0)
        return min(self.run_starts[r] + max(offset - self.run_inputs[r], 0), len(self.fold)) if self.run_inputs else 0

    def gap_before(self, i: int) -> bool:
        """Whitespace of the input (a space, a line break) was dropped right before fold[i]."""
        return 0 < i < len(self.fold) and self.offset(i) - self.offset(i - 1) > 1

    def next_line_break(self, start: int, end: int) -> int | None:
        """The first index in fold within (start, end) where a line break of the input was
        dropped (a gap after a run that is not a space within a line), or None."""
        starts, inputs, spaces = self.run_starts, self.run_inputs, self.space_breaks
        r = bisect_right(starts, start)
        while r < len(starts) and starts[r] < end:
            i = starts[r]
            if inputs[r] - inputs[r - 1] > i - starts[r - 1] and i > starts[r - 1]:
                k = bisect_left(spaces, i)
                if k == len(spaces) or spaces[k] != i:
                    return i
            r += 1
        return None

    def span(self, start: int, end: int) -> list[int]:
        """Offsets into the decoded input of the stream slice [start, end)."""
        if start >= end:
            return [self.offset(start) if start < len(self.fold) else 0] * 2
        return [self.offset(start), self.offset(end - 1) + 1]


_RUN = re.compile(r"[^\s\u00a0\u3000\u200b\ufeff]+|\n[^\S\n]*\n\s*", re.UNICODE)
# labels written as one character: `⑴` (1), `⒈` 1., `㈠` (一); read as the labels they stand for
_ENCLOSED = {**{chr(0x2474 + i): f"({i + 1})" for i in range(20)},
             **{chr(0x2488 + i): f"{i + 1}." for i in range(20)},
             **{chr(0x3220 + i): f"({c})" for i, c in enumerate("一二三四五六七八九十")}}
_ENCLOSED_CHAR = re.compile("[" + "".join(_ENCLOSED) + "]")


def _pieces(run: str, start: int):
    """(text, input offset) pieces of a run, one-character labels written out."""
    pos = 0
    for m in _ENCLOSED_CHAR.finditer(run):
        if m.start() > pos:
            yield run[pos:m.start()], start + pos
        yield _ENCLOSED[m.group()], start + m.start()
        pos = m.end()
    if pos < len(run):
        yield run[pos:], start + pos


def build_stream(text: str) -> Stream:
    """Drop single line breaks and spaces (scrapes break lines anywhere, even inside a name);
    keep a blank line as one paragraph mark, which ends a unit list. Linear time."""
    show_parts: list[str] = []
    run_starts: list[int] = []
    run_inputs: list[int] = []
    space_breaks: list[int] = []
    length = 0
    previous_end = 0
    enclosed = _ENCLOSED_CHAR.search(text) is not None
    for m in _RUN.finditer(text):
        start, run = m.start(), m.group()
        if run[0] == "\n":
            if show_parts and show_parts[-1] != PARAGRAPH:
                show_parts.append(PARAGRAPH)
                run_starts.append(length)
                run_inputs.append(start)
                length += 1
            previous_end = m.end()
            continue
        if start > previous_end and length and "\n" not in text[previous_end:start]:
            space_breaks.append(length)
        previous_end = m.end()
        for piece, at in (_pieces(run, start) if enclosed else ((run, start),)):
            show_parts.append(piece)
            run_starts.append(length)
            run_inputs.append(at)
            length += len(piece)
    show = "".join(show_parts)
    return Stream(fold_width(show), show, run_starts, run_inputs, space_breaks)
