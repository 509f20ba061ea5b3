"""The append-only audit log: who changed what, when, before and after. The database refuses
updates and deletes of these rows (triggers in migration 0002)."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from sqlalchemy import insert, select

from ..store.tables import audit_log
from .clock import stamp


@lru_cache(maxsize=1)
def labels() -> dict:
    return json.loads(resources.files("policydesk.data").joinpath("audit_labels.json").read_text("utf-8"))


def describe(state: dict | None) -> str:
    """A state as people read it: 状态：推进中；完成时限：2022-06-30."""
    if not state:
        return ""
    names = labels()["fields"]
    return "；".join(f"{names.get(k, k)}：{'—' if v is None else v}" for k, v in state.items())


def action_label(action: str) -> str:
    return labels()["actions"].get(action, action)


def record(conn, account: str | None, entity: str, entity_id: int | None, action: str,
           before: dict | None = None, after: dict | None = None) -> None:
    conn.execute(insert(audit_log).values(
        at=stamp(), account=account, entity=entity, entity_id=entity_id, action=action,
        before_json=json.dumps(before, ensure_ascii=False) if before is not None else None,
        after_json=json.dumps(after, ensure_ascii=False) if after is not None else None))


def entries(conn, entity: str | None = None, entity_id: int | None = None, limit: int = 200) -> list[dict]:
    q = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if entity:
        q = q.where(audit_log.c.entity == entity)
    if entity_id is not None:
        q = q.where(audit_log.c.entity_id == entity_id)
    out = []
    for r in conn.execute(q):
        row = dict(r._mapping)
        row["before"] = json.loads(row.pop("before_json")) if r.before_json else None
        row["after"] = json.loads(row.pop("after_json")) if r.after_json else None
        out.append(row)
    return out
