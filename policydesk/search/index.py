"""What goes into the full-text index for a task: its text, section titles, units, beneficiaries,
as segmented tokens, plus the concept token of every synonym group the task holds."""
from __future__ import annotations

from ..model import Task
from .concepts import concept_tokens
from .segment import tokens


def body_of(text: str, section: str, beneficiaries: list[str], units: list[dict]) -> str:
    parts = [text, section or "", " ".join(beneficiaries)]
    for u in units:
        parts.append(u["name"])
        if u.get("scope"):
            parts.append(u["scope"])
    words = tokens(" ".join(parts))
    return " ".join(words + concept_tokens(words))


def index_body(task: Task, section: str) -> str:
    return body_of(task.text, section, task.beneficiaries,
                   [{"name": u.name, "scope": u.scope} for u in task.lead + task.support])
