"""The tracking desk: accounts, sessions, assignments, progress reports, urgings, audit log.
Assignments are created for every task already stored, so an existing registry gains a desk.

Revision ID: 0002
"""
import json
import secrets
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

APPEND_ONLY_SQLITE = [
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
]
APPEND_ONLY_POSTGRESQL = [
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
]


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("org", sa.String(300)),
        sa.Column("office", sa.String(300)),
        sa.Column("email", sa.String(300)),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(300), nullable=False, index=True),
        sa.Column("at", sa.String(32), nullable=False),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("task_id", sa.Integer, sa.ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("hold_reason", sa.Text),
        sa.Column("due_date", sa.String(10)),
        sa.Column("public_summary", sa.Text),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("task_id", "unit_id", "role"),
    )
    op.create_table(
        "progress_reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("report_date", sa.String(10), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("public_summary", sa.Text),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id")),
        sa.Column("submission_id", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "urgings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id")),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("answered_at", sa.String(32)),
        sa.Column("email_status", sa.String(200)),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("account", sa.String(100)),
        sa.Column("entity", sa.String(30), nullable=False),
        sa.Column("entity_id", sa.Integer),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("before_json", sa.Text),
        sa.Column("after_json", sa.Text),
    )
    bind = op.get_bind()
    for statement in APPEND_ONLY_SQLITE if bind.dialect.name == "sqlite" else APPEND_ONLY_POSTGRESQL:
        op.execute(statement)
    bind.execute(sa.text("INSERT INTO settings(key, value) VALUES ('session_secret', :v)"),
                 {"v": secrets.token_hex(32)})
    # a desk for the guides stored before it existed
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    rows = bind.execute(sa.text("SELECT tu.task_id, tu.unit_id, tu.role, t.deadlines_json FROM task_units tu "
                                "JOIN tasks t ON t.id = tu.task_id")).all()
    if rows:
        bind.execute(sa.text(
            "INSERT INTO assignments(task_id, unit_id, role, status, due_date, version, updated_at) "
            "VALUES (:t, :u, :r, '未开始', :due, 1, :now)"),
            [{"t": r.task_id, "u": r.unit_id, "r": r.role, "now": now,
              "due": max((d["date"] for d in json.loads(r.deadlines_json) if d.get("date")), default=None)}
             for r in rows])


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    for name in ("audit_log", "urgings", "progress_reports", "assignments", "settings", "login_failures",
                 "sessions", "accounts"):
        op.drop_table(name)
