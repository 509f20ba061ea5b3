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


@contextmanager
def running_server(db: str, env: dict | None = None, log_path: str | None = None):
    port = free_port()
    log = open(log_path, "wb") if log_path else tempfile.NamedTemporaryFile(prefix="pd-server-", suffix=".log", delete=False)
    proc = subprocess.Popen([sys.executable, "-m", "policydesk", "serve", "--db", db, "--port", str(port)],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.HTTPError:
                if proc.poll() is not None:
                    raise RuntimeError(open(log.name, encoding="utf-8", errors="replace").read())
                time.sleep(0.05)
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
