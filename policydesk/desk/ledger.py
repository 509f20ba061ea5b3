"""The ledger (台账) in its customary layout, and the import of the same sheet filled in by units.

An import is all or nothing: every row is checked first, every invalid row is reported with its
row number, and only a sheet without errors is applied, in one transaction. Each applied row
becomes a progress report whose submission id is derived from the file, so importing the same
file twice stores nothing the second time."""
from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field

from sqlalchemy import text

from ..export.xlsx import ledger_workbook
from .accounts import Account
from .assignments import STATUSES, DeskError, report_progress

COLUMNS = ["序号", "政策措施/任务", "第一责任单位", "责任单位", "联系电话", "完成时限", "进展情况", "状态", "更新时间"]
IDENTIFIER = "policydesk-ledger:guide={}"


@dataclass
class LedgerRow:
    task_id: int
    ref: str
    assignments: list[dict] = field(default_factory=list)   # the ones the account may update


def _units(people: list[dict]) -> str:
    return "\n".join((f"【{u['scope']}】" if u.get("scope") else "") + u["name"] for u in people)


def _ledger_tasks(conn, account: Account, guide_id: int) -> list[dict]:
    """The guide's tasks with the assignments this account answers for (all lead ones for the office)."""
    tasks = [dict(r._mapping) for r in conn.execute(text(
        "SELECT id, ref, text, lead_json, support_json, deadlines_json FROM tasks WHERE guide_id = :g "
        "ORDER BY position"), {"g": guide_id})]
    rows = conn.execute(text(
        "SELECT a.id, a.task_id, a.role, a.status, a.due_date, a.version, a.updated_at, u.name AS unit_name, "
        "u.office, o.name AS org, (SELECT p.text FROM progress_reports p WHERE p.assignment_id = a.id "
        " ORDER BY p.id DESC LIMIT 1) AS latest FROM assignments a JOIN tasks t ON t.id = a.task_id "
        "JOIN units u ON u.id = a.unit_id JOIN organs o ON o.id = u.organ_id WHERE t.guide_id = :g "
        "ORDER BY a.id"), {"g": guide_id}).all()
    by_task: dict[int, list[dict]] = {}
    for r in rows:
        a = dict(r._mapping)
        if account.is_office:
            mine = a["role"] == "lead"
        else:
            mine = a["org"] == account.org and (not account.office or account.office in (a["office"], a["unit_name"]))
        if mine:
            by_task.setdefault(a["task_id"], []).append(a)
    out = []
    for t in tasks:
        mine = by_task.get(t["id"], [])
        if not account.is_office and not mine:
            continue
        t["mine"] = mine
        out.append(t)
    return out


def _progress_cell(mine: list[dict]) -> str:
    texts = [a["latest"] for a in mine if a["latest"]]
    return texts[0] if len(set(texts)) == 1 and len(texts) == len(mine) else "\n".join(
        f"{a['unit_name']}：{a['latest']}" for a in mine if a["latest"])


def _status_cell(mine: list[dict]) -> str:
    from .assignments import overall_status
    return overall_status([a["status"] for a in mine]) if mine else ""


def ledger_rows(conn, account: Account, guide_id: int) -> list[list[str]]:
    rows = [COLUMNS]
    for t in _ledger_tasks(conn, account, guide_id):
        lead, support = json.loads(t["lead_json"]), json.loads(t["support_json"])
        deadlines = json.loads(t["deadlines_json"])
        dues = sorted({a["due_date"] for a in t["mine"] if a["due_date"]})
        rows.append([
            t["ref"], t["text"], _units(lead), _units(support),
            "\n".join(f"{u['name']}：{'、'.join(u['phones'])}" for u in lead + support if u["phones"]),
            "、".join(dues) or "；".join(d["text"] for d in deadlines),
            _progress_cell(t["mine"]), _status_cell(t["mine"]),
            max((a["updated_at"] for a in t["mine"]), default="")[:16].replace("T", " "),
        ])
    return rows


def ledger_xlsx(conn, account: Account, guide_id: int) -> bytes:
    title = conn.execute(text("SELECT coalesce(title, doc_number, source_name) FROM guides WHERE id = :g"),
                         {"g": guide_id}).scalar()
    if title is None:
        raise DeskError(f"没有编号为 {guide_id} 的指引")
    return ledger_workbook(ledger_rows(conn, account, guide_id), title=title,
                           identifier=IDENTIFIER.format(guide_id))


# ---- import ---------------------------------------------------------------------------

class LedgerErrors(DeskError):
    def __init__(self, errors: list[str]):
        super().__init__("台账有错误，未导入任何内容：\n" + "\n".join(errors))
        self.errors = errors


def read_sheet(data: bytes) -> tuple[str | None, list[tuple[int, dict]]]:
    """(identifier, [(row number, {column: value})]) of the first sheet; header on row 1."""
    from openpyxl import load_workbook
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a file that is not a workbook
        raise DeskError("无法读取：请上传从本系统导出的 xlsx 台账") from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows, [])]
    missing = [c for c in ("序号", "进展情况", "状态") if c not in header]
    if missing:
        raise DeskError(f"台账缺少列：{'、'.join(missing)}")
    out = []
    for number, values in enumerate(rows, start=2):
        cells = {h: ("" if v is None else str(v).strip()) for h, v in zip(header, values) if h}
        if any(cells.values()):
            out.append((number, cells))
    return wb.properties.identifier, out


def import_ledger(conn, account: Account, guide_id: int, data: bytes) -> int:
    """Apply a filled-in ledger in the caller's transaction; return the number of reports stored.
    Raises LedgerErrors listing every invalid row; then nothing has been written."""
    identifier, rows = read_sheet(data)
    if identifier and identifier.startswith("policydesk-ledger:") and identifier != IDENTIFIER.format(guide_id):
        raise DeskError("这份台账属于另一份指引")
    file_key = hashlib.sha256(data).hexdigest()[:24]
    tasks = {t["ref"]: t for t in _ledger_tasks(conn, account, guide_id)}
    errors: list[str] = []
    plan: list[tuple[int, dict, str, str]] = []
    seen: set[str] = set()
    for number, cells in rows:
        ref, progress, status = cells.get("序号", ""), cells.get("进展情况", ""), cells.get("状态", "")
        if ref in seen:
            errors.append(f"第 {number} 行：序号 {ref} 重复")
            continue
        seen.add(ref)
        task = tasks.get(ref)
        if task is None:
            errors.append(f"第 {number} 行：序号「{ref}」不是本单位在这份指引中的任务")
            continue
        mine = task["mine"]
        if not mine:
            errors.append(f"第 {number} 行：任务 {ref} 没有可更新的牵头单位")
            continue
        if status and status not in STATUSES:
            errors.append(f"第 {number} 行：状态「{status}」应为 {'、'.join(STATUSES)} 之一")
            continue
        unchanged = progress == _progress_cell(mine) and (not status or status == _status_cell(mine))
        if unchanged:
            continue
        if not progress:
            errors.append(f"第 {number} 行：修改状态时请填写进展情况")
            continue
        if len(progress) > 5000:
            errors.append(f"第 {number} 行：进展情况过长（不超过 5000 字）")
            continue
        plan.append((number, task, progress, status))
    if errors:
        raise LedgerErrors(errors)
    stored = 0
    for number, task, progress, status in plan:
        for a in task["mine"]:
            new_status = status or ("推进中" if a["status"] == "未开始" else a["status"])
            report_progress(conn, account, a["id"], version=a["version"], status=new_status, text_=progress,
                            hold_reason=progress if new_status == "暂缓" else "",
                            submission_id=f"ledger-{file_key}-{number}-{a['id']}")
            stored += 1
    return stored
