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

from ..parse.numerals import int_to_cn

HEADER_ROWS = 10  # rows looked at for the header (titles and notes may stand above it)
_ROLE_LINE = {"lead": "牵头单位", "responsible": "责任单位", "support": "配合单位",
              "deadline": "完成时限", "phone": "联系电话"}


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    data = json.loads(resources.files("policydesk.data").joinpath("table_columns.json").read_text("utf-8"))
    data.pop("_doc", None)
    return data


def _columns() -> dict[str, list[str]]:
    return {kind: words for kind, words in _vocabulary().items() if kind != "sub_roles"}


def _sub_roles() -> dict[str, str]:
    return {word: kind for word, kind in _vocabulary()["sub_roles"].items() if word != "_doc"}


def _clean(cell: str) -> str:
    return re.sub(r"\s+", "", cell or "")


def column_kind(cell: str) -> str | None:
    """The kind of column a header cell names (`牵头单位` -> lead), or None."""
    text = _clean(cell)
    if not text or len(text) > 12:
        return None
    for kind, words in _columns().items():
        if any(text == w or text.startswith(w) or text.endswith(w) for w in words):
            return kind
    return None


def header_map(row: list[str], sub: dict[int, str] | None = None) -> dict[int, str] | None:
    """Column index -> kind, when the row is a ledger header (a task column and a unit column);
    `sub`: the kinds a second header row gives the columns under a merged cell (sub_header)."""
    found: dict[int, str] = {}
    for i, cell in enumerate(row):
        kind = column_kind(cell)
        if kind is not None and kind != "other" and (kind == "task" or kind not in found.values()):
            found[i] = kind  # (several task columns: `重点任务` / `具体措施`, joined in order)
    found.update(sub or {})
    kinds = set(found.values())
    if "task" in kinds and kinds & {"lead", "responsible", "support"}:
        return found
    return None


def sub_header(top: list[str], below: list[str]) -> dict[int, str] | None:
    """Column index -> kind for a second header row: short role words (`牵头` / `配合`) under a
    merged cell that names units or nothing (`责任单位` spanning two columns), the other cells
    empty or filled down from the row above (merged over both rows)."""
    found = {}
    for i, cell in enumerate(below):
        kind = _sub_roles().get(_clean(cell))
        if kind is None:
            continue
        above = _clean(top[i]) if i < len(top) else ""
        if above and column_kind(above) not in ("lead", "responsible", "support") and above != _clean(cell):
            return None
        found[i] = kind
    if not found:
        return None
    for i, cell in enumerate(below):
        if i not in found and _clean(cell) and _clean(cell) != (_clean(top[i]) if i < len(top) else ""):
            return None
    return found


def task_column(header: list[str]) -> int:
    """The index of a ledger header's task column."""
    return next((i for i, kind in (header_map(header) or {}).items() if kind == "task"), 0)


def join_task_pieces(cells: list[str], width: int, task: int) -> list[str]:
    """A row cut into more pieces than the table has columns (spaces or line breaks inside its
    task cell): the task cell takes the pieces the other cells leave."""
    extra = len(cells) - width
    if extra <= 0:
        return cells
    return cells[:task] + ["".join(cells[task:task + extra + 1])] + cells[task + extra + 1:]


_NUMBER = re.compile(r"^(\d{1,3})(?:[.、．])?(?:[(（](\d{1,2})[)）])?$")
_DECIMAL_NUMBER = re.compile(r"^(\d{1,2})[.．](\d{1,2})$")
# a section's own number: `一、`, `（一）`, `第一`
HEADING_LABEL = re.compile(r"[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+")
_SCOPED = re.compile(r"^【([^】]{1,30})】(.+)$")


# a line of a unit cell that says its own role: `牵头：区发改局` / `配合单位：区财政局`
_CELL_ROLE = re.compile(r"^(牵头|配合|协办|协助|参与|责任|主责|负责)(?:单位|部门)?[:：]\s*")


def _heading_line(text: str, n: int) -> str:
    """A section of the table as a heading the parser reads: numbered as written, else the
    n-th `一、` (a bare phrase would run on as the text of the task before it)."""
    return text if HEADING_LABEL.match(text) else f"{int_to_cn(n)}、{text}"


def _join_cells(before: str, cell: str) -> str:
    """Two task cells of one row as one text, a full stop between them."""
    if not before.strip() or not cell.strip():
        return before + cell
    return before.rstrip() + ("" if before.rstrip().endswith(("。", "；", ";")) else "。") + cell


def _looks_like_title(text: str) -> bool:
    """A section row's text: a numbered heading, or a short phrase without clause punctuation."""
    return bool(HEADING_LABEL.match(text)) or (len(text) <= 15 and not re.search(r"[，。；,;]", text))


def _split_units(cell: str, role_line: str) -> list[tuple[str | None, str, str]]:
    """A unit cell: one unit per line (`【范围】名称` when scoped), or a `、` list on one line;
    (scope, name, role line word), a line that names its role (`配合：…`) keeping it."""
    out = []
    for line in (cell or "").replace("；", "\n").splitlines():
        line = line.strip()
        if not line:
            continue
        role = _CELL_ROLE.match(line)
        word = f"{role.group(1)}单位" if role else role_line
        line = line[role.end():] if role else line
        m = _SCOPED.match(line)
        out.append((m.group(1), m.group(2), word) if m else (None, line, word))
    return out


def _phone_map(cell: str) -> dict[str, str]:
    """`名称：电话` lines of a phone cell; a bare number list belongs to the first lead unit."""
    mapping = {}
    for line in (cell or "").replace("；", "\n").splitlines():
        name, sep, phones = line.strip().rpartition("：")
        if sep and name:
            mapping[re.sub(r"\s+", "", name)] = phones.strip()
        elif line.strip():
            mapping[""] = line.strip()
    return mapping


def render_table(rows: list[list[str]]) -> str | None:
    """The table as labelled lines, or None when it is not a ledger table."""
    for h, row in enumerate(rows[:HEADER_ROWS]):
        sub = sub_header(row, rows[h + 1]) if h + 1 < len(rows) else None
        columns = header_map(row, sub)
        if columns:
            h += bool(sub)  # (the data starts under the second header row)
            break
    else:
        return None
    lines: list[str] = []
    counter = sections = 0
    current_n = current_category = None
    last_task = None  # (index in lines, whether its `。` was added here)
    for row in rows[h + 1:]:
        raw: dict[str, str] = {}
        for i, kind in columns.items():
            raw[kind] = _join_cells(raw.get(kind, ""), (row[i] if i < len(row) else "") or "")
        cells = [_clean(c) for c in row]
        filled = [c for c in cells if c]
        if not filled or header_map(row) is not None:
            continue  # an empty row, or the header repeated (a PDF repeats it on every page)
        task = _clean(raw.get("task", ""))
        if last_task is not None and task and "number" in columns.values() and not _looks_like_title(task) \
                and not any(_clean(v) for kind, v in raw.items() if kind != "task"):
            # only text in the task column, no number: the task's cell went on over a page break
            at, added = last_task
            lines[at] = (lines[at][:-1] if added else lines[at]) + task
            last_task = (at, not task.endswith(("。", "；", ";")))
            if last_task[1]:
                lines[at] += "。"
            continue
        if len(set(filled)) == 1 and len(cells) > 1:
            sections += 1
            lines.append(_heading_line(filled[0], sections))  # a section row spanning the table
            last_task = None
            continue
        category = _clean(raw.get("category", ""))
        if category and category != current_category:  # a category column (merged down its rows)
            sections += 1
            lines.append(_heading_line(category, sections))
            current_category = category
        if not task and not any(_clean(raw.get(k, "")) for k in ("lead", "responsible", "support")):
            continue  # a task whose text was lost still has its units
        counter += 1
        number = _clean(raw.get("number", ""))
        m, decimal = _NUMBER.match(number), _DECIMAL_NUMBER.match(number)
        if decimal:  # `1.1`: read on the line by parse.decimal_items
            label = f"{decimal.group(1)}.{decimal.group(2)} "
        elif m:
            n, k = m.group(1), m.group(2)
            label = ("" if n == current_n else f"{n}.") + (f"（{k}）" if k else "")
            current_n = n
        elif re.match(r"^[(（]?\d", task):
            label = ""
        else:
            label = f"{counter}."
        added = bool(task) and not task.endswith(("。", "；", ";"))
        if added:
            task += "。"
        last_task = (len(lines), added)
        lines.append(label + task)
        phones = _phone_map(raw.get("phone", ""))
        bare_phone = phones.pop("", None)
        leads = _split_units(raw.get("lead", ""), _ROLE_LINE["lead"])
        for i, (scope, name, word) in enumerate(leads):
            lines.append(f"{scope or ''}{word}：{name}")
            phone = phones.get(re.sub(r"\s+", "", name)) or (bare_phone if i == 0 else None)
            if phone:
                lines.append(f"联系电话：{phone}")
        for kind in ("responsible", "support"):
            for scope, name, word in _split_units(raw.get(kind, ""), _ROLE_LINE[kind]):
                lines.append(f"{scope or ''}{word}：{name}")
                phone = phones.get(re.sub(r"\s+", "", name)) or (bare_phone if not leads else None)
                if phone:
                    lines.append(f"联系电话：{phone}")
        if _clean(raw.get("deadline", "")):
            lines.append(f"完成时限：{_clean(raw['deadline'])}")
        lines.append("")
    return "\n".join(lines) + "\n"
