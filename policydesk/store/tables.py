"""Table definitions (SQLAlchemy Core). The migrations in store/migrations create them."""
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, Text, UniqueConstraint

metadata = MetaData()

guides = Table(
    "guides", metadata,
    Column("id", Integer, primary_key=True),
    Column("series", String(300), nullable=False, index=True),  # 发文字号, else the title
    Column("version", Integer, nullable=False, default=1),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("source_name", String(300), nullable=False),
    Column("title", Text), Column("notice_title", Text), Column("doc_number", String(200)),
    Column("issuer", String(300)), Column("date", String(10)),
    Column("guide_json", Text, nullable=False),
    Column("source_text", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
)

tasks = Table(
    "tasks", metadata,
    Column("id", Integer, primary_key=True),
    Column("guide_id", Integer, ForeignKey("guides.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("ref", String(50), nullable=False),
    Column("path_json", Text, nullable=False),
    Column("section", Text),
    Column("text", Text, nullable=False),
    Column("lead_json", Text, nullable=False),
    Column("support_json", Text, nullable=False),
    Column("deadlines_json", Text, nullable=False),
    Column("beneficiaries_json", Text, nullable=False),
    UniqueConstraint("guide_id", "ref"),
)

organs = Table(
    "organs", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False, unique=True),
)

units = Table(
    "units", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False, unique=True),
    Column("organ_id", Integer, ForeignKey("organs.id"), nullable=False, index=True),
    Column("office", String(300)),
)

task_units = Table(
    "task_units", metadata,
    Column("task_id", Integer, ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id"), primary_key=True, index=True),
    Column("role", String(10), primary_key=True),  # lead | support
    Column("scope", String(100)),
    Column("phones", String(300), nullable=False, default=""),
)

# ---- the tracking desk (督查督办) ---------------------------------------------------------

accounts = Table(
    "accounts", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(10), nullable=False),            # office | unit
    Column("org", String(300)),                            # the organ a unit account is bound to
    Column("office", String(300)),                         # optionally one office inside it
    Column("email", String(300)),
    Column("password_hash", String(300), nullable=False),
    Column("created_at", String(32), nullable=False),
)

sessions = Table(
    "sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("expires_at", String(32), nullable=False),
)

login_failures = Table(
    "login_failures", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(300), nullable=False, index=True),  # "name:…" or "ip:…"
    Column("at", String(32), nullable=False),
)

settings = Table(
    "settings", metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

assignments = Table(
    "assignments", metadata,
    Column("id", Integer, primary_key=True),
    Column("task_id", Integer, ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=False, index=True),
    Column("role", String(10), nullable=False),            # lead | support
    Column("status", String(10), nullable=False),          # 未开始 | 推进中 | 已完成 | 暂缓
    Column("hold_reason", Text),
    Column("due_date", String(10)),
    Column("public_summary", Text),
    Column("version", Integer, nullable=False, default=1),  # optimistic locking
    Column("updated_at", String(32), nullable=False),
    UniqueConstraint("task_id", "unit_id", "role"),
)

progress_reports = Table(
    "progress_reports", metadata,
    Column("id", Integer, primary_key=True),
    Column("assignment_id", Integer, ForeignKey("assignments.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("report_date", String(10), nullable=False),
    Column("text", Text, nullable=False),
    Column("public_summary", Text),
    Column("status", String(10), nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id")),
    Column("submission_id", String(64), nullable=False, unique=True),  # a form sent twice is one report
    Column("created_at", String(32), nullable=False),
)

urgings = Table(
    "urgings", metadata,
    Column("id", Integer, primary_key=True),
    Column("assignment_id", Integer, ForeignKey("assignments.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("message", Text, nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id")),
    Column("created_at", String(32), nullable=False),
    Column("answered_at", String(32)),
    Column("email_status", String(200)),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(32), nullable=False),
    Column("account", String(100)),
    Column("entity", String(30), nullable=False),
    Column("entity_id", Integer),
    Column("action", String(30), nullable=False),
    Column("before_json", Text),
    Column("after_json", Text),
)

# ---- outline and contacts of each guide, as the Guide JSON lists them ---------------------

outline = Table(
    "outline", metadata,
    Column("id", Integer, primary_key=True),
    Column("guide_id", Integer, ForeignKey("guides.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("path_json", Text, nullable=False),
    Column("title", Text, nullable=False),
)

contacts = Table(
    "contacts", metadata,
    Column("id", Integer, primary_key=True),
    Column("guide_id", Integer, ForeignKey("guides.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("unit_id", Integer, ForeignKey("units.id"), index=True),
    Column("name", String(300), nullable=False),
    Column("phones", String(300), nullable=False),
    Column("refs_json", Text, nullable=False),
)
