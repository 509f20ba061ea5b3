"""Outline and contacts of each guide as tables (until now only inside guide_json), filled for
the guides already stored.

Revision ID: 0003
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outline",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("guide_id", sa.Integer, sa.ForeignKey("guides.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("path_json", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
    )
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("guide_id", sa.Integer, sa.ForeignKey("guides.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), index=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("phones", sa.String(300), nullable=False),
        sa.Column("refs_json", sa.Text, nullable=False),
    )
    bind = op.get_bind()
    units = dict(bind.execute(sa.text("SELECT name, id FROM units")).all())
    for guide_id, guide_json in bind.execute(sa.text("SELECT id, guide_json FROM guides")).all():
        guide = json.loads(guide_json)
        heads = [{"g": guide_id, "p": i, "path": json.dumps(h["path"], ensure_ascii=False), "t": h["title"]}
                 for i, h in enumerate(guide.get("outline", []))]
        if heads:
            bind.execute(sa.text("INSERT INTO outline(guide_id, position, path_json, title) "
                                 "VALUES (:g, :p, :path, :t)"), heads)
        people = [{"g": guide_id, "u": units.get(c["name"]), "n": c["name"], "ph": "、".join(c["phones"]),
                   "r": json.dumps(c["refs"], ensure_ascii=False)} for c in guide.get("contacts", [])]
        if people:
            bind.execute(sa.text("INSERT INTO contacts(guide_id, unit_id, name, phones, refs_json) "
                                 "VALUES (:g, :u, :n, :ph, :r)"), people)


def downgrade() -> None:
    op.drop_table("contacts")
    op.drop_table("outline")
