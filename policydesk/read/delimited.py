"""Ledger tables saved as plain text: a sheet copied out of Excel (cells split by tabs) or saved
as CSV (commas, quoted cells that may span lines). The rows go through the same ledger renderer
as HTML, DOCX, PDF and XLSX tables; the lines before the header (title, notice) stay as written.
"""
from __future__ import annotations

import csv
import io

from .tables import header_map, render_table

_DELIMITERS = ("\t", ",")
HEADER_WITHIN = 40  # lines looked at for the table's header row
HEAD_CHARS = 8000   # ... within this many characters


def _find_header(lines: list[str]) -> tuple[int, str] | None:
    """(line index, delimiter) of the first line that reads as a ledger header."""
    for i, line in enumerate(lines):
        for delimiter in _DELIMITERS:
            if line.count(delimiter) < 2:
                continue
            cells = next(csv.reader([line], delimiter=delimiter))
            if header_map(cells) is not None:
                return i, delimiter
    return None


def _rows(text: str, delimiter: str) -> list[list[str]]:
    """The rows; a row of one cell (a section title typed across the sheet) spans every column."""
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in row)]
    width = max((len(r) for r in rows), default=0)
    return [row * width if len(row) == 1 else row for row in rows]


def render_delimited(text: str) -> str | None:
    """The text with its delimited ledger table rendered as labelled lines, or None when it
    holds no such table."""
    head = text[:HEAD_CHARS].splitlines(keepends=True)[:HEADER_WITHIN]  # no copy of a long text
    found = _find_header([line.rstrip("\r\n") for line in head])
    if found is None:
        return None
    at, delimiter = found
    start = sum(len(line) for line in head[:at])
    rendered = render_table(_rows(text[start:], delimiter))
    if rendered is None:
        return None
    # lines above the header lose the empty cells a sheet pads them with (`标题,,,,`)
    above = "".join(line.rstrip("\r\n").rstrip(delimiter + " ") + "\n" for line in head[:at])
    return above + rendered
