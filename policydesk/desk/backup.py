"""Backup and restore of a whole registry as one portable file (gzip JSON): a SQLite backup can
be restored into PostgreSQL and back. Restore replaces everything in one transaction, so a failed
restore leaves the database as it was."""
from __future__ import annotations

import gzip
import json

from sqlalchemy import func, insert, select, text

from ..store.db import write_term_counts
from ..store.tables import metadata

FORMAT = "policydesk-backup/1"
# parents before children, so foreign keys hold while rows go in
TABLE_ORDER = ["guides", "tasks", "organs", "units", "task_units", "outline", "contacts", "accounts", "sessions", "login_failures",
               "settings", "assignments", "progress_reports", "urgings", "audit_log"]


class BackupError(ValueError):
    pass


def _search_rows(conn, is_sqlite: bool) -> list[list]:
    sql = "SELECT rowid, body FROM task_fts" if is_sqlite else "SELECT task_id, body FROM task_search"
    return [list(r) for r in conn.execute(text(sql))]


def backup(engine, path: str) -> dict[str, int]:
    """Write every table (and the search bodies) to PATH; return row counts per table."""
    is_sqlite = engine.dialect.name == "sqlite"
    data: dict = {"format": FORMAT, "tables": {}}
    with engine.connect() as conn:
        with conn.begin():  # one snapshot of all tables
            data["revision"] = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            for name in TABLE_ORDER:
                table = metadata.tables[name]
                rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
                data["tables"][name] = {"columns": list(table.columns.keys()), "rows": [list(r) for r in rows]}
            data["search"] = _search_rows(conn, is_sqlite)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
    return {name: len(t["rows"]) for name, t in data["tables"].items()}


def read_backup(path: str) -> dict:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError):
        raise BackupError("不是 PolicyDesk 备份文件（应为 backup 命令生成的 .json.gz）") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError("不是 PolicyDesk 备份文件，或版本不受支持")
    return data


def restore(engine, path: str) -> dict[str, int]:
    """Replace the database contents with the backup at PATH, all or nothing."""
    data = read_backup(path)
    is_sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as conn:
        current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if data.get("revision") != current:
            raise BackupError(f"备份的数据库版本 {data.get('revision')} 与当前 {current} 不一致")
        if is_sqlite:
            conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
            for name in reversed(TABLE_ORDER):
                conn.execute(text(f"DELETE FROM {name}"))
            conn.execute(text("DELETE FROM task_fts"))
        else:
            conn.execute(text("TRUNCATE " + ", ".join(TABLE_ORDER + ["task_search"])
                              + " RESTART IDENTITY CASCADE"))
        counts = {}
        for name in TABLE_ORDER:
            table = metadata.tables[name]
            block = data["tables"].get(name, {"columns": [], "rows": []})
            rows = [dict(zip(block["columns"], r)) for r in block["rows"]]
            if rows:
                conn.execute(insert(table), rows)
            counts[name] = len(rows)
        search = data.get("search", [])
        if is_sqlite:
            conn.execute(text("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                              "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"))
            if search:
                conn.execute(text("INSERT INTO task_fts(rowid, body) VALUES (:id, :body)"),
                             [{"id": i, "body": b} for i, b in search])
        elif search:
            conn.execute(text("INSERT INTO task_search(task_id, body) VALUES (:id, :body)"),
                         [{"id": i, "body": b} for i, b in search])
        write_term_counts(conn, [b for _, b in search])
        if not is_sqlite:
            for name in TABLE_ORDER:  # identities continue after the restored ids
                table = metadata.tables[name]
                pk = list(table.primary_key.columns)
                if len(pk) == 1 and pk[0].name == "id":
                    top = conn.execute(select(func.max(table.c.id))).scalar()
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), :v, :called)"),
                                 {"v": top or 1, "called": top is not None})
    return counts
