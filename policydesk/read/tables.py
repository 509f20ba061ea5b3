"""Ledger tables (序号 / 工作任务 / 牵头单位 / 责任单位 / 完成时限 …) -> the labelled-lines layout the
parser reads, so that HTML, DOCX and PDF tables all go through one parser.

Rows come in with merged cells already filled in (a unit cell spanning three task rows is
repeated on each); a row whose cells are all one text is a section heading.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

_ROLE_LINE = {"lead": "牵头单位", "responsible": "责任单位", "support": "配合单位",
              "deadline": "完成时限", "phone": "联系电话"}


@lru_cache(maxsize=1)
def _columns() -> dict[str, list[str]]:
    data = json.loads(resources.files("policydesk.data").joinpath("table_columns.json").read_text("utf-8"))
    data.pop("_doc", None)
    return data


def _clean(cell: str) -> str:
    return re.sub(r"\s+", "", cell or "")


def header_map(row: list[str]) -> dict[int, str] | None:
    """Column index -> kind, when the row is a ledger header (a task column and a unit column)."""
    found: dict[int, str] = {}
    for i, cell in enumerate(row):
        text = _clean(cell)
        if not text or len(text) > 12:
            continue
        for kind, words in _columns().items():
            if any(text == w or text.startswith(w) or text.endswith(w) for w in words):
                if kind not in found.values():
                    found[i] = kind
                break
    kinds = set(found.values())
    if "task" in kinds and kinds & {"lead", "responsible", "support"}:
        return found
    return None


def render_table(rows: list[list[str]]) -> str | None:
    """The table as labelled lines, or None when it is not a ledger table."""
    for h, row in enumerate(rows[:5]):
        columns = header_map(row)
        if columns:
            break
    else:
        return None
    lines: list[str] = []
    counter = 0
    for row in rows[h + 1:]:
        cells = [_clean(c) for c in row]
        filled = [c for c in cells if c]
        if not filled:
            continue
        if len(set(filled)) == 1 and len(cells) > 1:
            lines.append(filled[0])  # a section row spanning the table
            continue
        values = {kind: cells[i] for i, kind in columns.items() if i < len(cells)}
        task = values.get("task", "")
        if not task:
            continue
        counter += 1
        number = values.get("number", "")
        label = f"{number}." if re.fullmatch(r"\d{1,3}", number) else ("" if re.match(r"^[(（]?\d", task) else f"{counter}.")
        if not task.endswith(("。", "；", ";")):
            task += "。"
        lines.append(label + task)
        for kind in ("lead", "responsible", "support"):
            if values.get(kind):
                lines.append(f"{_ROLE_LINE[kind]}：{values[kind]}")
                if kind == "lead" and values.get("phone"):
                    lines.append(f"联系电话：{values['phone']}")
        if values.get("phone") and not values.get("lead"):
            lines.append(f"联系电话：{values['phone']}")
        if values.get("deadline"):
            lines.append(f"完成时限：{values['deadline']}")
        lines.append("")
    return "\n".join(lines) + "\n"
