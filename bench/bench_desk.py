"""200 unit users updating their assignments at once, against PostgreSQL on loopback, for 60 s.

Each user logs in through the API, then loops: read one of its assignments (for the version),
post a progress report with a fresh submission id. A 409 (someone else updated that assignment
first) is the optimistic lock at work: the user re-reads and tries again. Afterwards the reports
in the database are counted against the 201 answers: none lost, none stored twice.

    .venv/bin/python bench/bench_desk.py [--users 200] [--seconds 60] [--workers 2]
"""
from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
import uuid
from pathlib import Path

import httpx
import sqlalchemy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
PASSWORD = "bench-password-1"


def prepare(db: str, users: int) -> list[str]:
    from policydesk.api import parse_file
    from policydesk.desk.accounts import add_user
    from policydesk.read import read_document
    from policydesk.store import open_registry
    registry = open_registry(db)
    for f in sorted((ROOT / "examples").glob("*.txt")):
        registry.ingest(parse_file(f), read_document(f.read_bytes()).text)
    with registry.engine.begin() as conn:
        organs = conn.execute(sqlalchemy.text(
            "SELECT DISTINCT o.name FROM assignments a JOIN units u ON u.id = a.unit_id "
            "JOIN organs o ON o.id = u.organ_id ORDER BY o.name")).scalars().all()
        names = []
        for i in range(users):
            name = f"bench_{i:03d}"
            add_user(conn, name, PASSWORD, "unit", organs[i % len(organs)])
            names.append(name)
    registry.engine.dispose()
    return names


async def log_in(base: str, name: str, stats: dict):
    client = httpx.AsyncClient(base_url=base, timeout=60,
                               limits=httpx.Limits(max_connections=2, max_keepalive_connections=2))
    try:
        r = await client.post("/api/v1/desk/login", json={"name": name, "password": PASSWORD})
        mine = (await client.get("/api/v1/desk/assignments")).json() if r.status_code == 200 else None
    except httpx.HTTPError:
        r, mine = None, None
    if not mine:
        stats["login_failed"] += 1
        await client.aclose()
        return None
    return name, client, r.json()["csrf_token"], mine


async def work(session, stop_at: float, stats: dict) -> None:
    name, client, csrf, mine = session
    while time.monotonic() < stop_at:
        a = random.choice(mine)
        t0 = time.perf_counter()
        try:
            current = await client.get(f"/api/v1/desk/assignments/{a['id']}")
        except httpx.HTTPError:
            stats["transport"] += 1   # e.g. an idle keep-alive connection closed by the server
            continue
        stats["read_ms"].append((time.perf_counter() - t0) * 1000)
        if current.status_code != 200:
            stats["errors"] += 1
            continue
        t0 = time.perf_counter()
        submission = uuid.uuid4().hex
        try:
            r = await client.post(f"/api/v1/desk/assignments/{a['id']}/reports", headers={"X-CSRF-Token": csrf},
                                  json={"version": current.json()["version"], "status": "推进中",
                                        "text": f"{name} 的进展", "submission_id": submission})
        except httpx.HTTPError:
            stats["transport"] += 1
            stats["unknown"].add(submission)  # no answer: checked against the database afterwards
            continue
        stats["write_ms"].append((time.perf_counter() - t0) * 1000)
        if r.status_code == 201:
            stats["created"] += 1
            stats["acked"].add(submission)
        elif r.status_code == 409:
            stats["conflicts"] += 1
        else:
            stats["errors"] += 1
    await client.aclose()


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] if values else float("nan")


async def run(base: str, names: list[str], seconds: float) -> dict:
    """Log everybody in first (argon2 is slow on purpose), then start all users at once."""
    stats = {"created": 0, "conflicts": 0, "errors": 0, "transport": 0, "login_failed": 0, "read_ms": [],
             "write_ms": [], "acked": set(), "unknown": set()}
    sessions = [s for s in await asyncio.gather(*(log_in(base, n, stats) for n in names)) if s]
    started = time.monotonic()
    await asyncio.gather(*(work(s, started + seconds, stats) for s in sessions))
    stats["elapsed"] = time.monotonic() - started
    return stats


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    from pgserver import postgres_server
    from webserver import start_server
    with postgres_server() as (url, base_url):
        engine = sqlalchemy.create_engine(base_url + "/postgres", isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql("CREATE DATABASE deskbench")
        engine.dispose()
        db = base_url + "/deskbench"
        names = prepare(db, args.users)
        server, base = start_server(db, "--workers", str(args.workers))
        try:
            stats = asyncio.run(run(base, names, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=30)
        engine = sqlalchemy.create_engine(db)
        with engine.connect() as conn:
            stored_ids = conn.execute(sqlalchemy.text("SELECT submission_id FROM progress_reports")).scalars().all()
            stored, distinct = len(stored_ids), len(set(stored_ids))
            audited = conn.execute(sqlalchemy.text("SELECT count(*) FROM audit_log WHERE action = 'report'")).scalar()
        engine.dispose()
    from calibrate import calibration_line
    print(calibration_line())
    writes = stats["created"] + stats["conflicts"] + stats["errors"]
    print(f"users {args.users}, {stats['elapsed']:.0f} s, server workers {args.workers}")
    print(f"reports acknowledged (201) {stats['created']}, stored {stored}, distinct submissions {distinct}, "
          f"audit lines {audited}")
    stored_set = set(stored_ids)
    print(f"lost (acknowledged, not stored) {len(stats['acked'] - stored_set)}, duplicated {stored - distinct}, "
          f"stored without an answer {len(stored_set - stats['acked'])} "
          f"(of {len(stats['unknown'])} writes whose connection dropped)")
    print(f"conflicts (409, re-read and retried) {stats['conflicts']}, HTTP errors {stats['errors']} "
          f"({stats['errors'] / max(writes, 1):.2%}), dropped connections {stats['transport']}, "
          f"failed logins {stats['login_failed']}")
    print(f"write p50 {percentile(stats['write_ms'], .5):.0f} ms, p95 {percentile(stats['write_ms'], .95):.0f} ms; "
          f"read p50 {percentile(stats['read_ms'], .5):.0f} ms, p95 {percentile(stats['read_ms'], .95):.0f} ms; "
          f"{writes / stats['elapsed']:.0f} writes/s")


if __name__ == "__main__":
    main()
