"""A throwaway PostgreSQL server on loopback for the tests: initdb into a temporary directory,
start, yield a URL, stop. As root (CI) the server runs as a system user made for it, since
PostgreSQL refuses to run as root."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager

from webserver import free_port

USER = "pdtest"


def _bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for path in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        return path
    raise RuntimeError(f"{name} not found: `make test` installs PostgreSQL (scripts/ensure_system_packages.sh)")


def _as_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    try:
        pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER], check=True)
    return ["runuser", "-u", USER, "--", *cmd]


@contextmanager
def postgres_server():
    tmp = tempfile.mkdtemp(prefix="pd-pg-")
    data = os.path.join(tmp, "data")
    if os.geteuid() == 0:
        _as_user(["true"])  # make sure the user exists
        shutil.chown(tmp, USER, USER)
        os.chmod(tmp, 0o700)
    port = free_port()
    user = USER if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    subprocess.run(_as_user([_bin("initdb"), "-D", data, "-A", "trust", "-U", user, "-E", "UTF8", "--locale=C"]),
                   check=True, capture_output=True)
    log = os.path.join(tmp, "server.log")
    subprocess.run(_as_user([_bin("pg_ctl"), "-D", data, "-l", log, "-w", "-t", "60", "-o",
                             f"-p {port} -c listen_addresses=127.0.0.1 -k {tmp} -c fsync=off", "start"]),
                   check=True, capture_output=True)
    try:
        base = f"postgresql+psycopg://{user}@127.0.0.1:{port}"
        import sqlalchemy
        engine = sqlalchemy.create_engine(base + "/postgres", isolation_level="AUTOCOMMIT")
        for _ in range(100):
            try:
                with engine.connect() as conn:
                    conn.exec_driver_sql("CREATE DATABASE policydesk")
                break
            except sqlalchemy.exc.OperationalError:
                time.sleep(0.1)
        engine.dispose()
        yield base + "/policydesk", base
    finally:
        subprocess.run(_as_user([_bin("pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"]), capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
