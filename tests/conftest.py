"""Shared fixtures: where ../shared lives and how to run the CLI as users do."""
from __future__ import annotations

import json
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_241d8e172ebd231c.txt"
DEV = SHARED / "dev"
EXAMPLES = ROOT / "examples"


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policydesk", *args], cwd=ROOT, input=stdin,
                          capture_output=True, timeout=300)


@lru_cache(maxsize=None)
def schema() -> dict:
    return json.loads((ROOT / "policydesk" / "schema" / "guide-1.json").read_text("utf-8"))


def validate(data: dict) -> None:
    import jsonschema
    jsonschema.validate(data, schema())


@pytest.fixture(scope="session")
def seed_guide() -> dict:
    if not SEED.exists():
        pytest.fail(f"seed not found at {SEED}: tests expect ../shared beside the checkout")
    proc = run_cli("parse", str(SEED), "--json")
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


@pytest.fixture(scope="session")
def pg_server():
    from pgserver import postgres_server
    with postgres_server() as (url, base):
        yield base


_db_counter = iter(range(10**6))


def new_database(request, kind: str, directory: Path) -> str:
    """A fresh registry database: a SQLite file, or a new database on the test PostgreSQL server."""
    if kind == "sqlite":
        return str(directory / f"reg_{next(_db_counter)}.db")
    base = request.getfixturevalue("pg_server")
    import sqlalchemy
    name = f"reg_{next(_db_counter)}"
    engine = sqlalchemy.create_engine(base + "/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    engine.dispose()
    return f"{base}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    return new_database(request, request.param, tmp_path)


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """The app under uvicorn on loopback, with the seed and the examples loaded."""
    from webserver import running_server
    db = tmp_path_factory.mktemp("portal") / "portal.db"
    proc = run_cli("ingest", str(SEED), str(EXAMPLES), "--db", str(db))
    assert proc.returncode == 0, proc.stderr.decode()
    with running_server(str(db)) as url:
        yield url
