"""Substring search for the scripts a word index cannot split (Chinese, Japanese, Hebrew,
Arabic...; see ``store.substring``).

SQLite: an FTS5 trigram table beside the stemmed one, filled from the articles already
stored. PostgreSQL: a ``pg_trgm`` GIN index where this role may create the extension;
where it may not, substring search still works, reading every row.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from newsgraph.store import search_postgres

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

TRIGRAM_TABLE = "articles_fts_trigram"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        search_postgres.create_trigram(bind)
        return
    tables = set(sa.inspect(bind).get_table_names())
    if bind.dialect.name != "sqlite" or "articles_fts" not in tables or TRIGRAM_TABLE in tables:
        return  # no word index (a test database made without one), or already built
    op.execute(
        sa.text(
            f"CREATE VIRTUAL TABLE {TRIGRAM_TABLE} USING fts5("
            "article_id UNINDEXED, title, text, tokenize = 'trigram')"
        )
    )
    op.execute(
        sa.text(
            f"INSERT INTO {TRIGRAM_TABLE} (article_id, title, text) "
            "SELECT id, title, text FROM articles"
        )
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(sa.text(f"DROP INDEX IF EXISTS {search_postgres.TRIGRAM_INDEX}"))
    elif bind.dialect.name == "sqlite":
        op.execute(sa.text(f"DROP TABLE IF EXISTS {TRIGRAM_TABLE}"))
