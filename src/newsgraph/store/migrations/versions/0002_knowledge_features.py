"""The knowledge base's per-article features (``knowledge_features``), so opening it need
not re-read every brief.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    if "knowledge_features" in sa.inspect(op.get_bind()).get_table_names():
        return  # made by a development build that created missing tables on open
    op.create_table(
        "knowledge_features",
        sa.Column("article_id", sa.String(length=16), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("features_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id"),
    )


def downgrade() -> None:
    op.drop_table("knowledge_features")
