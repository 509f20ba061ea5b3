"""Start the real app under uvicorn on a free loopback port, for HTTP and browser tests."""
from __future__ import annotations

import socket
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager

import httpx

from conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, *extra: str, env: dict | None = None, stdout=subprocess.DEVNULL) -> tuple[subprocess.Popen, str]:
    """Start `policydesk serve` on a free port and wait until it answers; (process, base URL)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "policydesk", "serve", "--db", db, "--port", str(port), *extra],
                            cwd=ROOT, stdout=stdout, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(base + "/login", timeout=1)
            return proc, base
        except httpx.HTTPError:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}")
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("server did not answer within 30 s")


@contextmanager
def running_server(db: str, env: dict | None = None, log_path: str | None = None):
    log = open(log_path, "wb") if log_path else tempfile.NamedTemporaryFile(prefix="pd-server-", suffix=".log", delete=False)
    try:
        proc, base = start_server(db, env=env, stdout=log)
    except RuntimeError:
        log.close()
        raise RuntimeError(open(log.name, encoding="utf-8", errors="replace").read()) from None
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        if not log_path:
            os.unlink(log.name)
