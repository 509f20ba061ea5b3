"""What goes into the full-text index for a task: its text, section titles, units, beneficiaries."""
from __future__ import annotations

from ..model import Task
from .segment import tokens


def index_body(task: Task, section: str) -> str:
    parts = [task.text, section, " ".join(task.beneficiaries)]
    for u in task.lead + task.support:
        parts.append(u.name)
        if u.scope:
            parts.append(u.scope)
    return " ".join(tokens(" ".join(parts)))
