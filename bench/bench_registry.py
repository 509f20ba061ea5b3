"""Registry and portal benchmarks on a generated registry (default 100,000 tasks from shredded
and varied example guides): ingest rate, search latency (p50/p95), task page latency over
real HTTP, and wrk throughput of the task page on SQLite and PostgreSQL.
Run: .venv/bin/python bench/bench_registry.py [--tasks 100000] [--pg-tasks 20000]"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from policydesk.guidegen import generate_guide  # noqa: E402
from policydesk.model import Source  # noqa: E402
from policydesk.parse import parse_text  # noqa: E402
from policydesk.search import search  # noqa: E402
from policydesk.shred import shred  # noqa: E402
from policydesk.store import open_registry  # noqa: E402

QUESTIONS = ROOT / "bench" / "questions" / "seed_questions.json"


SEED = ROOT.parent / "shared" / "seeds" / "000_241d8e172ebd231c.txt"


def build(db: str, n_tasks: int) -> tuple[float, int]:
    """The seed (so that the questions have answers), then generated guides up to n_tasks."""
    from policydesk.api import parse_bytes
    reg = open_registry(db)
    t0 = time.perf_counter()
    seed = parse_bytes(SEED.read_bytes(), SEED.name)
    total, i = reg.ingest(seed, SEED.read_text("utf-8")).tasks, 0
    while total < n_tasks:
        g = generate_guide(50_000 + i, n_measures=random.Random(i).randint(15, 40))
        text = g.text if i % 3 else shred(g.text, random.Random(i), copies=0, moves=0, drop_headings=0).text
        import hashlib
        guide = parse_text(text, Source(name=f"g{i}.txt", sha256=hashlib.sha256(f"{i}{text}".encode()).hexdigest()))
        total += reg.ingest(guide, text).tasks
        i += 1
    return time.perf_counter() - t0, total


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def search_latency(db: str) -> tuple[float, float]:
    reg = open_registry(db)
    queries = [q["query"] for q in json.loads(QUESTIONS.read_text("utf-8"))]
    for q in queries[:5]:
        search(reg, q, limit=10)
    times = []
    for q in queries * 3:
        t0 = time.perf_counter()
        search(reg, q, limit=10)
        times.append((time.perf_counter() - t0) * 1000)
    return percentile(times, 50), percentile(times, 95)


def page_latency(db: str) -> tuple[float, float, float | None]:
    import httpx
    from webserver import running_server
    from sqlalchemy import text
    reg = open_registry(db)
    with reg.engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM tasks ORDER BY random() LIMIT 300"))]
    with running_server(db) as base:
        with httpx.Client() as client:
            for i in ids[:10]:
                client.get(f"{base}/tasks/{i}")
            times = []
            for i in ids:
                t0 = time.perf_counter()
                r = client.get(f"{base}/tasks/{i}")
                times.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200
        rps = wrk(f"{base}/tasks/{ids[0]}")
    return percentile(times, 50), percentile(times, 95), rps


def wrk(url: str) -> float | None:
    if not shutil.which("wrk"):
        return None
    out = subprocess.run(["wrk", "-t2", "-c16", "-d10s", url], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--pg-tasks", type=int, default=20_000)
    args = ap.parse_args()
    from calibrate import calibration_line
    print(f"{time.strftime('%Y-%m-%d')}; {calibration_line()}")
    with tempfile.TemporaryDirectory() as td:
        measure("SQLite", str(Path(td) / "bench.db"), args.tasks)
    if args.pg_tasks:
        from pgserver import postgres_server
        with postgres_server() as (url, _):
            measure("PostgreSQL", url, args.pg_tasks)


def measure(label: str, db: str, n_tasks: int) -> None:
    secs, n = build(db, n_tasks)
    print(f"| {label}: ingest {n} tasks | {secs:.0f} s ({n / secs:.0f} tasks/s) |")
    p50, p95 = search_latency(db)
    print(f"| {label}: search, {n} tasks | p50 {p50:.1f} ms, p95 {p95:.1f} ms |")
    p50, p95, rps = page_latency(db)
    print(f"| {label}: task page over HTTP, {n} tasks | p50 {p50:.1f} ms, p95 {p95:.1f} ms |")
    print(f"| {label}: task page throughput (wrk -t2 -c16 10 s) | {rps if rps else 'wrk not installed'} req/s |")


if __name__ == "__main__":
    main()
