"""A readable plain-text outline of a Guide, for people at a terminal."""
from __future__ import annotations

from .model import Guide, Unit


def _unit_line(role: str, u: Unit) -> str:
    scope = f"[{u.scope}] " if u.scope else ""
    phones = f"  ☎ {'、'.join(u.phones)}" if u.phones else ""
    return f"      {role}：{scope}{u.name}{phones}"


def render_outline(guide: Guide) -> str:
    d = guide.document
    lines = [f"《{d.title or guide.source.name}》"]
    facts = [x for x in (d.doc_number, d.issuer, d.date) if x]
    if facts:
        lines.append("  " + " · ".join(facts))
    lines.append("")
    headings = {tuple(h.path): h.title for h in guide.outline}
    shown: set[tuple] = set()
    for task in guide.tasks:
        for depth in range(1, len(task.path)):
            key = tuple(task.path[:depth])
            if key in headings and key not in shown:
                shown.add(key)
                lines.append("  " * (depth - 1) + f"{key[-1]} {headings[key]}")
        text = task.text if len(task.text) <= 80 else task.text[:78] + "…"
        lines.append("  " * (len(task.path) - 1) + f"[{task.ref}] {text}")
        for u in task.lead:
            lines.append(_unit_line("牵头", u))
        for u in task.support:
            lines.append(_unit_line("配合", u))
        for dl in task.deadlines:
            lines.append(f"      时限：{dl.text}" + (f"（{dl.date}）" if dl.date else ""))
    r = guide.report
    lines.append("")
    lines.append(f"解析报告：{len(guide.tasks)} 项任务，{len(guide.contacts)} 个单位，"
                 f"删除重复 {r.duplicates_removed} 处")
    if r.gaps:
        lines.append(f"  缺失编号：{'、'.join(map(str, r.gaps))}")
    if r.displaced:
        lines.append(f"  位置错乱已复位：{'、'.join(r.displaced)}")
    for w in r.warnings:
        lines.append(f"  注意［{w.code}］：{w.message}")
    for u in r.unattached:
        lines.append(f"  未能归属：{u[:60]}")
    return "\n".join(lines)
