"""Compare the parse of a clean guide with the parse of its shredded copy."""
from __future__ import annotations

import re

from policydesk.model import Guide


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def units_of(guide: Guide) -> dict[str, tuple]:
    def key(units):
        return sorted((u.name, tuple(u.phones), u.scope or "") for u in units)
    return {t.ref: (key(t.lead), key(t.support)) for t in guide.tasks}


def text_without(text: str, deleted: list[str]) -> str:
    out = _norm(text)
    for d in deleted:
        out = out.replace(_norm(d), "", 1)
    return out


def compare(clean: Guide, shredded: Guide, deleted: list[str]) -> list[str]:
    problems = []
    a, b = units_of(clean), units_of(shredded)
    if set(a) != set(b):
        problems.append(f"refs differ: missing {sorted(set(a) - set(b))}, extra {sorted(set(b) - set(a))}")
    for ref in sorted(set(a) & set(b)):
        if a[ref] != b[ref]:
            problems.append(f"units of {ref} differ: {a[ref]} != {b[ref]}")
    texts_b = {t.ref: _norm(t.text) for t in shredded.tasks}
    for t in clean.tasks:
        if t.ref in texts_b:
            expected = text_without(t.text, [d for d in deleted if _norm(d) in _norm(t.text)])
            if texts_b[t.ref] != expected:
                problems.append(f"text of {t.ref} differs: {texts_b[t.ref][:60]} != {expected[:60]}")
    return problems


def _label(path_label: str) -> str:
    if path_label.isdigit():
        return f"{path_label}."
    if path_label.startswith("("):
        return f"（{path_label[1:-1]}）"
    return f"{path_label}、"


def render_clean(guide: Guide) -> str:
    """Write a parsed guide back as a clean guide in the seed's layout (headings, numbered items,
    `第一责任单位：` / `责任单位：` lines with phones), so that real sentences can be shredded and
    read again: what the parser makes of it must not change."""
    d = guide.document
    lines = [v for v in (d.notice_title, d.doc_number) if v]
    if d.recipients:
        lines.append("、".join(d.recipients) + "：")
    lines += [v for v in (d.issuer, d.date, d.title) if v]
    titles = {tuple(h.path): h.title for h in guide.outline}
    written: set[tuple] = set()
    for t in guide.tasks:
        for depth in range(1, len(t.path)):
            head = tuple(t.path[:depth])
            if head not in written:
                written.add(head)
                lines.append(_label(head[-1]) + titles.get(head, ""))
        lines.append(_label(t.path[-1]) + t.text)
        for role, units in (("第一责任单位", t.lead), ("责任单位", t.support)):
            for u in units:
                phones = f"\n联系电话：{'、'.join(u.phones)}" if u.phones else ""
                lines.append(f"{u.scope or ''}{role}：{u.name}{phones}")
    return "\n".join(lines) + "\n"
