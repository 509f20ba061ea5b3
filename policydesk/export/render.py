"""A Guide written back in the customary layout: numbered headings and tasks, each task followed
by its responsibility lines (`第一责任单位：` / `责任单位：` / `配合单位：`, `联系电话：`, `完成时限：`).
The text renders (Markdown, HTML, DOCX) and the ledger all start from here, and parsing any of
them gives the same tasks, units and phones back."""
from __future__ import annotations

import re

from ..model import Guide, HeadingsWithoutTasks, Task, Unit

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def label_as_written(label: str) -> str:
    """Path label -> how a document writes it: 一 -> 一、, (一) -> （一）, 4 -> 4., (1) -> （1）."""
    if label.isdigit():
        return f"{label}."
    if label.startswith("("):
        return f"（{label[1:-1]}）"
    if label in _CIRCLED:
        return label
    if label.startswith("第"):
        return label + " "
    if label.startswith("附件"):
        return label + "："
    return f"{label}、"


def unit_lines(task: Task) -> list[str]:
    lines: list[str] = []
    lead_word = "第一责任单位" if task.lead else None
    for u in task.lead:
        lines.append(f"{u.scope or ''}{lead_word}：{u.name}")
        if u.phones:
            lines.append(f"联系电话：{'、'.join(u.phones)}")
    support_word = "责任单位" if task.lead else "配合单位"
    for u in task.support:
        lines.append(f"{u.scope or ''}{support_word}：{u.name}")
        if u.phones:
            lines.append(f"联系电话：{'、'.join(u.phones)}")
    return lines


def document_lines(guide: Guide) -> list[tuple[str, str]]:
    """(kind, text) lines: kind is title | meta | heading | heading_text | task | unit | deadline."""
    d = guide.document
    out: list[tuple[str, str]] = []
    if d.notice_title:
        out.append(("meta", d.notice_title))
    if d.doc_number:
        out.append(("meta", d.doc_number))
    if d.issuer:
        out.append(("meta", d.issuer))
    if d.date:
        y, m, day = d.date.split("-")
        out.append(("meta", f"{int(y)}年{int(m)}月{int(day)}日"))
    out.append(("title", d.title or guide.source.name))
    headings = {tuple(h.path): h for h in guide.outline}
    # headings with no task under them (`一、目标任务` and its words) are written where they stood
    childless = HeadingsWithoutTasks([(tuple(h.path), h.title) for h in guide.outline],
                                     [tuple(t.path) for t in guide.tasks])
    written: set[tuple] = set()

    def write_heading(key: tuple) -> None:
        if key in childless.order:
            for before in childless.before(childless.order[key]):  # (those standing before it first)
                write_heading(before)
        heading = headings.get(key)
        out.append(("heading", label_as_written(key[-1]) + (heading.title if heading else "")))
        if heading is not None and heading.text:
            out.append(("heading_text", heading.text))  # (words under it that are no task)

    for task in guide.tasks:
        prefix = ""
        for depth in range(1, len(task.path)):
            key = tuple(task.path[:depth])
            if key in written:
                continue
            written.add(key)
            label = label_as_written(key[-1])
            heading = headings.get(key)
            if (heading is not None and heading.title) or not key[-1].isdigit():
                write_heading(key)
            else:
                prefix += label  # a measure whose items carry the text: `4.（1）…`
        body = task.text if re.search(r"[。；;]$", task.text) or not task.text else task.text + "。"
        out.append(("task", prefix + label_as_written(task.path[-1]) + body))
        out.extend(("unit", line) for line in unit_lines(task))
        for dl in task.deadlines:
            if dl.text and dl.text not in task.text:
                out.append(("deadline", f"完成时限：{dl.text}"))
    for key in childless.rest():
        write_heading(key)
    return out


def as_plain_text(guide: Guide) -> str:
    return "\n".join(text for _, text in document_lines(guide)) + "\n"


def ledger_rows(guide: Guide) -> list[list[str]]:
    """序号, 任务, 牵头单位, 责任单位, 联系电话, 完成时限: one row per task; a unit per line in
    its cell (`【范围】名称` when scoped) and `名称：电话` lines in the phone cell."""
    rows = [["序号", "任务", "牵头单位", "责任单位", "联系电话", "完成时限"]]
    headings = {tuple(h.path): h.title for h in guide.outline}
    written: set[tuple] = set()
    for t in guide.tasks:
        for depth in range(1, len(t.path)):
            key = tuple(t.path[:depth])
            if key not in written and not key[-1].isdigit():
                written.add(key)
                rows.append([label_as_written(key[-1]) + headings.get(key, "")] * 6)
        rows.append([
            t.ref, t.text, _cell(t.lead), _cell(t.support),
            "\n".join(f"{u.name}：{'、'.join(u.phones)}" for u in t.lead + t.support if u.phones),
            "；".join(d.text for d in t.deadlines if d.text not in t.text),
        ])
    return rows


def _cell(units: list[Unit]) -> str:
    return "\n".join((f"【{u.scope}】" if u.scope else "") + u.name for u in units)
