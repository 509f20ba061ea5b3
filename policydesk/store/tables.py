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
