"""A ledger exported as labelled records, one field a line (`序号：1` / `任务内容：…` / `牵头单位：…`
/ `完成时间：…`, a blank line between records): the records become the rows of a table, which
goes through the same ledger renderer as every other table.
"""
from __future__ import annotations

import re

from .tables import column_kind, render_table

_FIELD = re.compile(r"^\s*([^\s:：]{1,8})\s*[:：]\s*(.*?)\s*$")
MIN_RECORDS = 2
HEAD_CHARS = 8000  # a record's first field is looked for within this many characters


def _records(lines: list[str]) -> tuple[int, list[dict[str, tuple[str, str]]]]:
    """(index of the first record's line, records as kind -> (field name, value)). A record
    ends where a field of a kind it has already comes again (or a number field)."""
    first, records = -1, []
    current: dict[str, tuple[str, str]] = {}
    last_kind = None
    for i, line in enumerate(lines):
        m = _FIELD.match(line)
        kind = column_kind(m.group(1)) if m else None
        if kind is None:
            if line.strip() and last_kind is not None:  # a value continued on the next line
                name, value = current[last_kind]
                current[last_kind] = (name, value + line.strip())
            elif not line.strip():
                last_kind = None
            continue
        if current and (kind in current or kind == "number"):
            records.append(current)
            current = {}
        if first < 0:
            first = i
        current[kind] = (m.group(1), m.group(2))
        last_kind = kind
    if current:
        records.append(current)
    return first, records


def render_records(text: str) -> str | None:
    """The text with its labelled records rendered as a ledger, or None when it holds none
    (at least two records, each with a task, and units named)."""
    if not any(column_kind(m.group(1)) in ("number", "task")
               for m in (_FIELD.match(line) for line in text[:HEAD_CHARS].splitlines()) if m):
        return None
    lines = text.splitlines()
    first, records = _records(lines)
    if len(records) < MIN_RECORDS or not all("task" in r for r in records) or \
            not any(r.keys() & {"lead", "responsible", "support"} for r in records):
        return None
    kinds: dict[str, str] = {}  # kind -> the field name first written for it
    for record in records:
        for kind, (name, _) in record.items():
            kinds.setdefault(kind, name)
    header = list(kinds.values())
    rows = [header] + [[record.get(kind, ("", ""))[1] for kind in kinds] for record in records]
    rendered = render_table(rows)
    if rendered is None:
        return None
    return "".join(line + "\n" for line in lines[:first]) + rendered
