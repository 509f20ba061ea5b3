"""A notice's attachments and colophon: the list under `附件：` (`附件：1.某区任务分工方案` / `2.联络员名单`),
whose numbers are no items, and an attachment's heading on a line of its own (`附件2`), which
ends the tasks before it (a contact list after them is no part of the last unit's name); the
colophon (`抄送：…`, `…印发`) is blanked.
Read on the lines of the decoded input: single line breaks are dropped from the stream."""
from __future__ import annotations

import re

_LIST_OPENING = re.compile(r"(?m)^[^\S\n]*附件[^\S\n]*[:：][^\S\n]*(\d{1,2})[.．、]")
_LIST_LINE = re.compile(r"[^\S\n]*(\d{1,2})[.．、][^。\n]{1,60}$")
_HEADING_LINE = re.compile(r"[^\S\n]*(附件(?:[^\S\n]*(?:\d{1,2}|[一二三四五六七八九十]{1,2}))?)[^\S\n]*$")


def attachment_list_numbers(text: str) -> list[tuple[int, int]]:
    """Offsets of the numbers in the notice's list of attachments (1, 2, … counting on)."""
    if "附件" not in text:
        return []
    spans = []
    for m in _LIST_OPENING.finditer(text):
        if m.group(1) != "1" or not re.fullmatch(r"[^。\n]{1,60}", text[m.end():_line_end(text, m.end())]):
            continue
        spans.append((m.start(1), m.end()))
        expected, at = 2, _line_end(text, m.end()) + 1
        while at < len(text):
            line = _LIST_LINE.match(text, at, _line_end(text, at))
            if not line or int(line.group(1)) != expected:
                break
            spans.append((line.start(1), line.end(1) + 1))
            expected, at = expected + 1, line.end() + 1
    return spans


def attachment_headings(text: str) -> list[tuple[int, int]]:
    """Offsets of each line that is only an attachment's heading (`附件`, `附件2`, `附件二`)."""
    spans = []
    for word in re.finditer("附件", text):  # (the word first: a scan of every line costs more)
        line = _HEADING_LINE.match(text, _line_start(text, word.start()), _line_end(text, word.end()))
        if line and line.start(1) == word.start():
            spans.append(line.span(1))
    return spans


def _printed_lines(text: str, start: int, end: int):
    """The `…印发` lines that end within text[start:end], found by the word (a scan of every
    line costs more)."""
    at = text.find("日印发", start, end)
    while at >= 0:
        line_end = _line_end(text, at)
        line = _PRINTED_LINE.match(text, _line_start(text, at), line_end)
        if line and line_end <= end:
            yield line
        at = text.find("日印发", line_end, end)


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


_COLOPHON_OPENING = re.compile(r"(?m)^[^\S\n]*(?:抄送|抄报)[^\S\n]*[:：]")
# `某区人民政府办公室  2024年3月6日印发`: an office's name (or none), the date, 印发, alone on the line
_PRINTED_LINE = re.compile(r"[^\S\n]*(?:[\u4e00-\u9fff]{2,30}(?:办公室|办公厅|政府|委员会|局|委|办|室|处)[^\S\n]*)?"
                           r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日[^\S\n]*印发[^\S\n]*$")
COLOPHON_REACH = 600  # characters from `抄送：` within which the `…印发` line closes the colophon


def colophon_spans(text: str) -> list[tuple[int, int]]:
    """The colophon under an official document (`抄送：…` to `某办公室 2024年3月6日印发`): no part of
    the last task's units or text. Without a `…印发` line after it, the `抄送：` list up to its `。`."""
    if "日印发" not in text and "抄送" not in text and "抄报" not in text:
        return []
    spans = [m.span() for m in _printed_lines(text, 0, len(text))]
    for m in _COLOPHON_OPENING.finditer(text):
        printed = next(_printed_lines(text, m.end(), m.end() + COLOPHON_REACH), None)
        if printed:
            spans.append((m.start(), printed.end()))
            continue
        stop = text.find("。", m.end(), m.end() + COLOPHON_REACH)
        spans.append((m.start(), stop + 1 if stop >= 0 else _line_end(text, m.end())))
    return spans
