"""The registry: guides with versions, tasks, organs, units, their links, and the search index.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "guides",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("series", sa.String(300), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("source_name", sa.String(300), nullable=False),
        sa.Column("title", sa.Text), sa.Column("notice_title", sa.Text),
        sa.Column("doc_number", sa.String(200)), sa.Column("issuer", sa.String(300)),
        sa.Column("date", sa.String(10)),
        sa.Column("guide_json", sa.Text, nullable=False),
        sa.Column("source_text", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("guide_id", sa.Integer, sa.ForeignKey("guides.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("ref", sa.String(50), nullable=False),
        sa.Column("path_json", sa.Text, nullable=False),
        sa.Column("section", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("lead_json", sa.Text, nullable=False),
        sa.Column("support_json", sa.Text, nullable=False),
        sa.Column("deadlines_json", sa.Text, nullable=False),
        sa.Column("beneficiaries_json", sa.Text, nullable=False),
        sa.UniqueConstraint("guide_id", "ref"),
    )
    op.create_table(
        "organs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(300), nullable=False, unique=True),
    )
    op.create_table(
        "units",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(300), nullable=False, unique=True),
        sa.Column("organ_id", sa.Integer, sa.ForeignKey("organs.id"), nullable=False, index=True),
        sa.Column("office", sa.String(300)),
    )
    op.create_table(
        "task_units",
        sa.Column("task_id", sa.Integer, sa.ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), primary_key=True),
        sa.Column("role", sa.String(10), primary_key=True),
        sa.Column("scope", sa.String(100)),
        sa.Column("phones", sa.String(300), nullable=False),
    )
    op.create_index("task_units_unit", "task_units", ["unit_id", "role"])
    if op.get_bind().dialect.name == "sqlite":
        # segmented words of each task, ranked with bm25(); rowid = tasks.id
        op.execute("CREATE VIRTUAL TABLE task_fts USING fts5(body, tokenize='unicode61')")
        # per-word document counts, read by the search to weigh query words without a scan
        op.execute("CREATE VIRTUAL TABLE task_fts_vocab USING fts5vocab(task_fts, 'row')")
    else:
        # the same segmented words in a tsvector ('simple': no stemming, words as segmented)
        op.create_table(
            "task_search",
            sa.Column("task_id", sa.Integer, sa.ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
            sa.Column("body", sa.Text, nullable=False),
        )
        op.execute("ALTER TABLE task_search ADD COLUMN tsv tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED")
        op.execute("CREATE INDEX task_search_tsv ON task_search USING gin (tsv)")
        # per-word document counts kept at ingest, so weighing query words needs no scan
        op.create_table(
            "search_terms",
            sa.Column("term", sa.String(100), primary_key=True),
            sa.Column("docs", sa.Integer, nullable=False),
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS task_fts_vocab")
        op.execute("DROP TABLE IF EXISTS task_fts")
    else:
        op.drop_table("search_terms")
        op.drop_table("task_search")
    for name in ("task_units", "units", "organs", "tasks", "guides"):
        op.drop_table(name)
