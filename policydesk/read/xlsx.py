"""XLSX ledgers: every sheet's rows through the ledger-table renderer; merged cells filled in."""
from __future__ import annotations

import datetime
import io
import zipfile

from .errors import ReadError
from .tables import render_table


def _cell_text(value) -> str:
    """A cell as a person reads it: a date cell as a date (`2024年6月15日`, not
    `2024-06-15 00:00:00`, whose time would run into the day once spaces are dropped)."""
    if isinstance(value, (datetime.datetime, datetime.date)):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value or "")


def decode_xlsx(data: bytes) -> str:
    from openpyxl import load_workbook
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(f"XLSX 文件已损坏，无法读取（{type(exc).__name__}）") from None
    parts = []
    for ws in wb.worksheets:
        merged = {}
        for rng in ws.merged_cells.ranges:
            value = ws.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    merged[(r, c)] = value
        rows = []
        for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
            rows.append(["" if v is None and (r, c) not in merged else _cell_text(merged.get((r, c), v))
                         for c, v in enumerate(row, start=1)])
        rendered = render_table(rows)
        if rendered is not None:
            parts.append(rendered)
        else:
            parts.append("\n".join("  ".join(c for c in row if c) for row in rows))
    text = "\n".join(parts).strip()
    if not text:
        raise ReadError("这个 XLSX 文件是空的")
    return text + "\n"
