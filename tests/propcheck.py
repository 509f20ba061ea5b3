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
