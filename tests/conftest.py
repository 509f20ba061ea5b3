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
