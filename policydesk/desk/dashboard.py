"""Figures for the office dashboard, computed from the current versions of the guides."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from itertools import accumulate

from sqlalchemy import text

from .accounts import Account
from .assignments import STATUSES, list_assignments, open_urgings


def dashboard(conn, account: Account, as_of: date, guide_id: int | None = None) -> dict:
    rows = list_assignments(conn, account, guide_id=guide_id, as_of=as_of, limit=10**7)
    by_org: dict[str, Counter] = defaultdict(Counter)
    by_section: dict[str, Counter] = defaultdict(Counter)
    overdue: Counter = Counter()
    for a in rows:
        by_org[a["org"]][a["status"]] += 1
        by_section[(a["section"] or "（未分节）").split(" / ")[0]][a["status"]] += 1
        if a["overdue"]:
            overdue[a["org"]] += 1
    totals = Counter(a["status"] for a in rows)
    done_dates = conn.execute(text(
        "SELECT first_done, count(*) AS n FROM (SELECT p.assignment_id, min(p.report_date) AS first_done "
        "FROM progress_reports p WHERE p.status = '已完成' GROUP BY p.assignment_id) d "
        "JOIN assignments a ON a.id = d.assignment_id JOIN tasks t ON t.id = a.task_id "
        "JOIN guides g ON g.id = t.guide_id WHERE a.status = '已完成' "
        "AND g.version = (SELECT max(g2.version) FROM guides g2 WHERE g2.series = g.series) "
        + ("AND t.guide_id = :g " if guide_id is not None else "")
        + "GROUP BY first_done ORDER BY first_done"), {"g": guide_id}).all()
    dates = [r.first_done for r in done_dates]
    cumulative = list(zip(dates, accumulate(r.n for r in done_dates)))

    def ordered(groups: dict[str, Counter]) -> list[tuple[str, dict]]:
        return sorted(((k, dict(v)) for k, v in groups.items()), key=lambda kv: (-sum(kv[1].values()), kv[0]))

    return {
        "total": len(rows), "totals": {s: totals.get(s, 0) for s in STATUSES},
        "overdue_total": sum(overdue.values()),
        "done_share": (totals.get("已完成", 0) / len(rows)) if rows else 0.0,
        "by_org": ordered(by_org), "by_section": ordered(by_section),
        "overdue_by_org": [(org, {"逾期": n}) for org, n in overdue.most_common()],
        "completed_over_time": cumulative,
        "urgings": open_urgings(conn, account),
    }
