"""Ledger tables saved as plain text: a sheet copied out of Excel (cells split by tabs), saved
as CSV (commas, quoted cells that may span lines), or a table copied out of a PDF or web page
(cells split by spaces). The rows go through the same ledger renderer as HTML, DOCX, PDF and XLSX
tables; the lines before the header (title, notice) stay as written.
"""
from __future__ import annotations

import csv
import io
import re

from .tables import header_map, join_task_pieces, render_table, task_column

_DELIMITERS = ("\t", ",")
SPACES = " "  # the delimiter name for cells split by runs of spaces
PIPES = "|"  # a Markdown table: `| 1 | 任务 | 区住建局 |`, its `| --- |` rule line skipped
_PIPE_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")
_SPACE_RUN = re.compile(r"[ \u3000]+")
HEADER_WITHIN = 40  # lines looked at for the table's header row
HEAD_CHARS = 8000   # ... within this many characters


def _find_header(lines: list[str]) -> tuple[int, str] | None:
    """(line index, delimiter) of the first line that reads as a ledger header: cells split by
    tabs or commas, else by spaces."""
    for i, line in enumerate(lines):
        if line.lstrip().startswith(PIPES) and header_map(_pipe_cells(line)) is not None:
            return i, PIPES
        for delimiter in _DELIMITERS:
            if line.count(delimiter) < 2:
                continue
            cells = next(csv.reader([line], delimiter=delimiter))
            if header_map(cells) is not None:
                return i, delimiter
        cells = _SPACE_RUN.split(line.strip())
        if len(cells) >= 3 and header_map(cells) is not None:
            return i, SPACES
    return None


def _pipe_cells(line: str) -> list[str]:
    """The cells of a Markdown table row (a line without pipes is one cell)."""
    line = line.strip()
    if line.startswith(PIPES):
        line = line[1:]
    if line.endswith(PIPES):
        line = line[:-1]
    return [cell.strip() for cell in line.split(PIPES)]


def _rows(text: str, delimiter: str) -> list[list[str]]:
    """The rows; a row of one cell (a section title typed across the sheet) spans every column."""
    if delimiter == SPACES:
        rows = _space_rows(text)
    elif delimiter == PIPES:
        rows = [_pipe_cells(line) for line in text.splitlines()
                if line.strip() and not _PIPE_RULE.fullmatch(line.strip())]
    else:
        rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in row)]
    width = max((len(r) for r in rows), default=0)
    return [row * width if len(row) == 1 else row for row in rows]


def _rows_fill_the_header(rows: list[list[str]]) -> bool:
    """Most rows under a header split by spaces have a piece for every column."""
    width = len(rows[0])
    body = [r for r in rows[1:] if len(set(r)) > 1]  # not titles spread across the table
    return bool(body) and sum(len(r) >= width for r in body) >= 2 * len(body) / 3


def _space_rows(text: str) -> list[list[str]]:
    """Rows split by spaces, as wide as the header: a row with more pieces has spaces inside its
    task cell (the widest column), which takes the pieces the others leave; a row with fewer
    pieces than two is a title across the table."""
    lines = [_SPACE_RUN.split(line.strip()) for line in text.splitlines() if line.strip()]
    header = lines[0]
    task = task_column(header)
    return [header] + [join_task_pieces(cells, len(header), task) for cells in lines[1:]]


def render_delimited(text: str) -> str | None:
    """The text with its delimited ledger table rendered as labelled lines, or None when it
    holds no such table."""
    head = text[:HEAD_CHARS].splitlines(keepends=True)[:HEADER_WITHIN]  # no copy of a long text
    found = _find_header([line.rstrip("\r\n") for line in head])
    if found is None:
        return None
    at, delimiter = found
    start = sum(len(line) for line in head[:at])
    rows = _rows(text[start:], delimiter)
    if delimiter == SPACES and not _rows_fill_the_header(rows):
        return None  # spaces inside prose, not the cells of a table
    rendered = render_table(rows)
    if rendered is None:
        return None
    # lines above the header lose the empty cells a sheet pads them with (`标题,,,,`)
    above = "".join(line.rstrip("\r\n").rstrip(delimiter + " ") + "\n" for line in head[:at])
    return above + rendered
