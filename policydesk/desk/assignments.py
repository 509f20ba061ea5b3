"""Assignments: one per (task, unit, role), created when a guide is stored. Progress reports,
due dates and urgings change them; each change is one transaction with an audit line.

Concurrent edits use optimistic locking: a change names the version it was made against, and a
change against an older version is refused with a clear message instead of overwriting."""
from __future__ import annotations

import json
import re
from datetime import date, timedelta

from sqlalchemy import insert, select, text, update

from ..store.tables import assignments, progress_reports, urgings
from . import audit
from .accounts import Account
from .clock import stamp, today

STATUSES = ("未开始", "推进中", "已完成", "暂缓")
CLOSED = ("已完成", "暂缓")           # neither overdue nor due soon
DUE_SOON = timedelta(days=14)
MAX_TEXT = 5000
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DeskError(ValueError):
    """Invalid input: a message for the person at the keyboard (simplified Chinese)."""


class Forbidden(DeskError):
    pass


class Conflict(DeskError):
    pass


class NotFound(DeskError):
    pass


def due_from_deadlines(deadlines: list[dict]) -> str | None:
    """A task is due on the last date its deadlines name."""
    return max((d["date"] for d in deadlines if d.get("date")), default=None)


def parse_date(value: str | None, what: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not _ISO_DATE.match(value):
        raise DeskError(f"{what}格式应为 YYYY-MM-DD：{value}")
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise DeskError(f"{what}不是有效日期：{value}") from None


def create_for_task(conn, task_id: int, links: list[tuple[int, str]], deadlines: list[dict],
                    carried: dict[tuple[int, str], dict] | None = None) -> None:
    """Open the assignments of a freshly stored task. `carried` holds the state of the same
    (unit, role) on the same task in the previous version of the guide, so a new version of a
    guide does not reset the work already reported."""
    due = due_from_deadlines(deadlines)
    rows = []
    for unit_id, role in links:
        before = (carried or {}).get((unit_id, role), {})
        rows.append({"task_id": task_id, "unit_id": unit_id, "role": role, "version": 1, "updated_at": stamp(),
                     "status": before.get("status", "未开始"), "hold_reason": before.get("hold_reason"),
                     "public_summary": before.get("public_summary"), "due_date": before.get("due_date") or due})
    if rows:
        conn.execute(insert(assignments), rows)


def previous_state(conn, guide_id: int, series: str, version: int) -> dict[tuple[str, int, str], dict]:
    """(ref, unit, role) → status of the previous version of a guide, for create_for_task."""
    if version <= 1:
        return {}
    rows = conn.execute(text(
        "SELECT t.ref, a.unit_id, a.role, a.status, a.hold_reason, a.public_summary, a.due_date "
        "FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN guides g ON g.id = t.guide_id "
        "WHERE g.series = :s AND g.version = :v"), {"s": series, "v": version - 1}).all()
    return {(r.ref, r.unit_id, r.role): dict(r._mapping) for r in rows}


# ---- reading ----------------------------------------------------------------------------

_LIST_SQL = (
    "SELECT a.id, a.task_id, a.role, a.status, a.hold_reason, a.due_date, a.public_summary, a.version, "
    "a.updated_at, t.ref, t.guide_id, t.text, t.section, u.name AS unit_name, u.office, o.name AS org, "
    "g.title AS guide_title, "
    "(SELECT count(*) FROM urgings x WHERE x.assignment_id = a.id AND x.answered_at IS NULL) AS open_urgings "
    "FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id "
    "JOIN organs o ON o.id = u.organ_id JOIN guides g ON g.id = t.guide_id "
    "WHERE g.version = (SELECT max(g2.version) FROM guides g2 WHERE g2.series = g.series) ")


def _scope_sql(account: Account) -> tuple[str, dict]:
    """The rows an account may see: all for the office, its organ (and office) for a unit."""
    if account.is_office:
        return "", {}
    sql = "AND o.name = :scope_org "
    params = {"scope_org": account.org}
    if account.office:
        sql += "AND (u.office = :scope_office OR u.name = :scope_office) "
        params["scope_office"] = account.office
    return sql, params


def _flags(row: dict, as_of: date) -> dict:
    due = row.get("due_date")
    open_ = row["status"] not in CLOSED
    row["overdue"] = bool(open_ and due and due < as_of.isoformat())
    row["due_soon"] = bool(open_ and due and as_of.isoformat() <= due <= (as_of + DUE_SOON).isoformat())
    return row


def list_assignments(conn, account: Account, *, guide_id: int | None = None, org: str | None = None,
                     status: str | None = None, when: str | None = None, as_of: date | None = None,
                     limit: int = 2000) -> list[dict]:
    """`when` is 'overdue' or 'due_soon'; dates are compared as ISO strings."""
    as_of = as_of or today()
    sql, params = _scope_sql(account)
    sql = _LIST_SQL + sql
    if guide_id is not None:
        sql += "AND t.guide_id = :guide_id "
        params["guide_id"] = guide_id
    if org:
        sql += "AND o.name = :org "
        params["org"] = org
    if status:
        sql += "AND a.status = :status "
        params["status"] = status
    if when in ("overdue", "due_soon"):
        sql += "AND a.status NOT IN ('已完成', '暂缓') AND a.due_date IS NOT NULL "
        params["as_of"] = as_of.isoformat()
        if when == "overdue":
            sql += "AND a.due_date < :as_of "
        else:
            sql += "AND a.due_date >= :as_of AND a.due_date <= :soon "
            params["soon"] = (as_of + DUE_SOON).isoformat()
    sql += "ORDER BY t.guide_id, t.position, a.role, u.name LIMIT :limit"
    params["limit"] = limit
    return [_flags(dict(r._mapping), as_of) for r in conn.execute(text(sql), params)]


def get_assignment(conn, assignment_id: int, account: Account | None = None, as_of: date | None = None) -> dict:
    """One assignment with its reports and urgings. With an account, refuse what it may not see."""
    row = conn.execute(text(_LIST_SQL + "AND a.id = :id"), {"id": assignment_id}).first()
    if row is None:
        row = conn.execute(text(_LIST_SQL.replace(
            "WHERE g.version = (SELECT max(g2.version) FROM guides g2 WHERE g2.series = g.series) ", "WHERE 1=1 ")
            + "AND a.id = :id"), {"id": assignment_id}).first()
    if row is None:
        raise NotFound("没有这项任务分工")
    a = _flags(dict(row._mapping), as_of or today())
    if account is not None and not may_touch(account, a):
        raise Forbidden("无权查看或更新其他单位的任务")
    a["reports"] = [dict(r._mapping) for r in conn.execute(text(
        "SELECT p.id, p.report_date, p.text, p.public_summary, p.status, p.created_at, ac.name AS author "
        "FROM progress_reports p LEFT JOIN accounts ac ON ac.id = p.account_id "
        "WHERE p.assignment_id = :id ORDER BY p.id DESC"), {"id": assignment_id})]
    a["urgings"] = [dict(r._mapping) for r in conn.execute(text(
        "SELECT x.id, x.message, x.created_at, x.answered_at, x.email_status, ac.name AS author "
        "FROM urgings x LEFT JOIN accounts ac ON ac.id = x.account_id "
        "WHERE x.assignment_id = :id ORDER BY x.id DESC"), {"id": assignment_id})]
    return a


def may_touch(account: Account, a: dict) -> bool:
    if account.is_office:
        return True
    if a["org"] != account.org:
        return False
    return not account.office or account.office in (a["office"], a["unit_name"])


def _state(a: dict) -> dict:
    return {k: a[k] for k in ("status", "hold_reason", "due_date", "public_summary", "version")}


# ---- writing (callers hold one transaction: `with engine.begin() as conn`) --------------

def report_progress(conn, account: Account, assignment_id: int, *, version: int, status: str, text_: str,
                    public_summary: str = "", hold_reason: str = "", report_date: str = "",
                    submission_id: str) -> int:
    """File a progress report and set the status. Returns the report id; the same submission
    sent twice returns the first report instead of storing a second one."""
    seen = conn.execute(select(progress_reports.c.id).where(progress_reports.c.submission_id == submission_id)).first()
    if seen:
        return seen.id
    a = get_assignment(conn, assignment_id, account)
    status, text_ = status.strip(), text_.strip()
    public_summary, hold_reason = public_summary.strip(), hold_reason.strip()
    if status not in STATUSES:
        raise DeskError(f"状态只能是：{'、'.join(STATUSES)}")
    if not text_:
        raise DeskError("请填写进展情况")
    if max(len(text_), len(public_summary), len(hold_reason)) > MAX_TEXT:
        raise DeskError(f"内容过长（不超过 {MAX_TEXT} 字）")
    if status == "暂缓" and not hold_reason:
        raise DeskError("暂缓须说明原因")
    day = parse_date(report_date, "填报日期") or today().isoformat()
    if day > today().isoformat():
        raise DeskError("填报日期不能晚于今天")
    if not submission_id or len(submission_id) > 64:
        raise DeskError("表单已失效，请刷新后重试")
    after = {"status": status, "hold_reason": hold_reason or None if status == "暂缓" else None,
             "public_summary": public_summary or a["public_summary"], "version": version + 1}
    changed = conn.execute(update(assignments).where(assignments.c.id == assignment_id,
                                                     assignments.c.version == version)
                           .values(updated_at=stamp(), **after)).rowcount
    if changed != 1:
        raise Conflict("这项任务刚被其他人更新过，您的内容未保存，请查看最新进展后再提交")
    report_id = conn.execute(insert(progress_reports).values(
        assignment_id=assignment_id, report_date=day, text=text_, public_summary=public_summary or None,
        status=status, account_id=account.id, submission_id=submission_id, created_at=stamp())).inserted_primary_key[0]
    conn.execute(update(urgings).where(urgings.c.assignment_id == assignment_id, urgings.c.answered_at.is_(None))
                 .values(answered_at=stamp()))
    audit.record(conn, account.name, "assignment", assignment_id, "report",
                 before=_state(a), after={**after, "due_date": a["due_date"], "report_id": report_id})
    return report_id


def set_due_date(conn, account: Account, assignment_id: int, *, version: int, due_date: str) -> None:
    if not account.is_office:
        raise Forbidden("只有督查室可以调整完成时限")
    a = get_assignment(conn, assignment_id, account)
    due = parse_date(due_date, "完成时限")
    changed = conn.execute(update(assignments).where(assignments.c.id == assignment_id,
                                                     assignments.c.version == version)
                           .values(due_date=due, version=version + 1, updated_at=stamp())).rowcount
    if changed != 1:
        raise Conflict("这项任务刚被其他人更新过，请刷新后再调整")
    audit.record(conn, account.name, "assignment", assignment_id, "due_date",
                 before=_state(a), after={**_state(a), "due_date": due, "version": version + 1})


def urge(conn, account: Account, assignment_id: int, message: str) -> tuple[int, dict]:
    """催办: the office asks a unit to act. Returns the urging id and the assignment."""
    if not account.is_office:
        raise Forbidden("只有督查室可以催办")
    message = message.strip()
    if not message:
        raise DeskError("请填写催办内容")
    if len(message) > MAX_TEXT:
        raise DeskError(f"内容过长（不超过 {MAX_TEXT} 字）")
    a = get_assignment(conn, assignment_id, account)
    urging_id = conn.execute(insert(urgings).values(assignment_id=assignment_id, message=message,
                                                    account_id=account.id, created_at=stamp())).inserted_primary_key[0]
    audit.record(conn, account.name, "urging", urging_id, "urge",
                 after={"assignment_id": assignment_id, "message": message})
    return urging_id, a


def open_urgings(conn, account: Account) -> list[dict]:
    sql, params = _scope_sql(account)
    rows = conn.execute(text(
        "SELECT x.id, x.message, x.created_at, x.assignment_id, t.ref, t.id AS task_id, u.name AS unit_name, "
        "o.name AS org FROM urgings x JOIN assignments a ON a.id = x.assignment_id "
        "JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id JOIN organs o ON o.id = u.organ_id "
        "WHERE x.answered_at IS NULL " + sql + "ORDER BY x.id"), params)
    return [dict(r._mapping) for r in rows]


# ---- what the public sees --------------------------------------------------------------

def public_progress(conn, task_ids: list[int]) -> dict[int, dict]:
    """task id → {status, summaries}: the status of the lead units' work and the summaries
    marked public. Internal report text and urgings never leave the desk."""
    if not task_ids:
        return {}
    out: dict[int, dict] = {}
    params = {f"t{i}": t for i, t in enumerate(task_ids)}
    names = ", ".join(f":t{i}" for i in range(len(task_ids)))
    for r in conn.execute(text(f"SELECT task_id, role, status FROM assignments WHERE task_id IN ({names})"), params):
        out.setdefault(r.task_id, {"statuses": [], "summaries": []})
        if r.role == "lead":
            out[r.task_id]["statuses"].append(r.status)
    for r in conn.execute(text(
            "SELECT a.task_id, p.report_date, p.public_summary FROM progress_reports p "
            f"JOIN assignments a ON a.id = p.assignment_id WHERE a.task_id IN ({names}) "
            "AND p.public_summary IS NOT NULL ORDER BY p.id DESC"), params):
        out[r.task_id]["summaries"].append({"date": r.report_date, "text": r.public_summary})
    for item in out.values():
        item["status"] = overall_status(item.pop("statuses"))
    return out


def overall_status(statuses: list[str]) -> str:
    """A task is done when every lead unit is done; started when any has moved."""
    if not statuses:
        return "未开始"
    if all(s == "已完成" for s in statuses):
        return "已完成"
    if all(s == "暂缓" for s in statuses):
        return "暂缓"
    if any(s in ("推进中", "已完成") for s in statuses):
        return "推进中"
    return "未开始"


def as_json(a: dict) -> str:
    return json.dumps(a, ensure_ascii=False, default=str)
