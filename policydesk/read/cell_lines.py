"""A table copied out of a web page or PDF one cell a line: the header cells (序号 / 项目名称 /
牵头单位 / 配合单位 / 完成时限) each on a line of their own, then each row's cells the same way.
Rows are found by their numbers (1, 2, 3 … in the number column), so an empty cell that was left
out or a cell broken over two lines shifts nothing but its own row; the rows then go through the
ledger renderer every other table goes through.
"""
from __future__ import annotations

from .tables import column_kind, header_map, join_task_pieces, render_table, task_column

HEADER_WITHIN = 60  # lines looked at for the header
MIN_ROWS = 2


def _header(lines: list[str]) -> tuple[int, int] | None:
    """(first line, number of cells) of a run of header cells that opens with the number
    column and reads as a ledger header."""
    for i, line in enumerate(lines[:HEADER_WITHIN]):
        if column_kind(line) != "number":
            continue
        j = i + 1
        while j < len(lines) and column_kind(lines[j]) not in (None, "number"):
            j += 1
        if j - i >= 3 and header_map(lines[i:j]) is not None:
            return i, j - i
    return None


def _rows(cells: list[str], width: int, task: int) -> list[list[str]] | None:
    """The rows, each starting at the line with the next number; a row with more lines than
    columns has its task cell broken over them, one with fewer left its last cells empty."""
    starts, expected = [], 1
    for i, cell in enumerate(cells):
        if cell == str(expected):
            starts.append(i)
            expected += 1
    if len(starts) < MIN_ROWS or starts[0] != 0:
        return None
    rows = []
    for a, b in zip(starts, starts[1:] + [len(cells)]):
        row = join_task_pieces(cells[a:b], width, task)
        rows.append(row + [""] * (width - len(row)))
    return rows


def render_cell_lines(text: str) -> str | None:
    """The text with its one-cell-a-line table rendered as a ledger, or None when it has none."""
    lines = [line.strip() for line in text.splitlines()]
    found = _header(lines)
    if found is None:
        return None
    at, width = found
    header = lines[at:at + width]
    rows = _rows([line for line in lines[at + width:] if line], width, task_column(header))
    if rows is None:
        return None
    rendered = render_table([header] + rows)
    if rendered is None:
        return None
    return "".join(line + "\n" for line in lines[:at]) + rendered
