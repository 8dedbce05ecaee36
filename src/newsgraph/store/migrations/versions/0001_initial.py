"""The schema as of the first Alembic release: every table, the schema_version row, and the
full-text index (FTS5 on SQLite, a tsvector GIN index on PostgreSQL).

Written to complete a database made before Alembic existed as well as to build an empty
one: each table (with its indexes) and the search index are created only where missing.
This file is frozen: a later schema change gets a revision of its own.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from newsgraph.store import search_postgres, search_sqlite

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

SCHEMA_VERSION = 1


def _missing(tables: set[str], name: str) -> bool:
    return name not in tables


def upgrade() -> None:
    tables = set(sa.inspect(op.get_bind()).get_table_names())
    _create_tables(tables)
    if _missing(tables, "schema_version"):
        op.execute(sa.text(f"INSERT INTO schema_version (version) VALUES ({SCHEMA_VERSION})"))
    _create_search(tables)


def _create_search(tables: set[str]) -> None:
    """The search index, filled from the articles already stored."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and "articles_fts" not in tables:
        search_sqlite.create_search(bind)
        op.execute(
            sa.text(
                "INSERT INTO articles_fts (article_id, title, text) "
                "SELECT id, title, text FROM articles"
            )
        )
    elif bind.dialect.name == "postgresql" and not search_postgres.installed(bind):
        search_postgres.create_search(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        search_postgres.drop_search(bind)
    elif bind.dialect.name == "sqlite":
        op.execute(sa.text("DROP TABLE IF EXISTS articles_fts"))
    for name in _TABLES_CHILD_FIRST:
        op.drop_table(name)


_TABLES_CHILD_FIRST = (
    "times",
    "storyline_articles",
    "quotes",
    "quantities",
    "fingerprints",
    "events",
    "entity_links",
    "entities",
    "attributions",
    "article_sources",
    "storylines",
    "seen_items",
    "schema_version",
    "global_entities",
    "articles",
)


def _create_tables(tables: set[str]) -> None:
    """One statement per table: long, but it reads as the schema it freezes."""
    if _missing(tables, "articles"):
        op.create_table(
            "articles",
            sa.Column("id", sa.String(length=16), nullable=False),
            sa.Column("url", sa.Text(), nullable=True),
            sa.Column("content_hash", sa.String(length=64), nullable=False),
            sa.Column("title", sa.Text(), nullable=False),
            sa.Column("subtitle", sa.Text(), nullable=True),
            sa.Column("section", sa.Text(), nullable=True),
            sa.Column("byline", sa.Text(), nullable=True),
            sa.Column("published", sa.String(length=10), nullable=True),
            sa.Column("language", sa.String(length=16), nullable=False),
            sa.Column("text", sa.Text(), nullable=False),
            sa.Column("brief_json", sa.Text(), nullable=False),
            sa.Column("created_at", sa.String(length=32), nullable=False),
            sa.Column("updated_at", sa.String(length=32), nullable=False),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("content_hash"),
            sa.UniqueConstraint("url"),
        )
    if _missing(tables, "global_entities"):
        op.create_table(
            "global_entities",
            sa.Column("id", sa.String(length=32), nullable=False),
            sa.Column("name", sa.Text(), nullable=False),
            sa.Column("type", sa.String(length=16), nullable=False),
            sa.Column("country", sa.String(length=3), nullable=True),
            sa.Column("aliases_json", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
    if _missing(tables, "schema_version"):
        op.create_table(
            "schema_version",
            sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
            sa.PrimaryKeyConstraint("version"),
        )
    if _missing(tables, "seen_items"):
        op.create_table(
            "seen_items",
            sa.Column("feed", sa.Text(), nullable=False),
            sa.Column("item", sa.Text(), nullable=False),
            sa.Column("seen_at", sa.String(length=32), nullable=False),
            sa.PrimaryKeyConstraint("feed", "item"),
        )
    if _missing(tables, "storylines"):
        op.create_table(
            "storylines",
            sa.Column("id", sa.String(length=32), nullable=False),
            sa.Column("title", sa.Text(), nullable=False),
            sa.Column("created_at", sa.String(length=32), nullable=False),
            sa.Column("updated_at", sa.String(length=32), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
    if _missing(tables, "article_sources"):
        op.create_table(
            "article_sources",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("article_id", sa.String(length=16), nullable=False),
            sa.Column("url", sa.Text(), nullable=False),
            sa.Column("title", sa.Text(), nullable=False),
            sa.Column("published", sa.String(length=10), nullable=True),
            sa.Column("added_at", sa.String(length=32), nullable=False),
            sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("article_id", "url", name="uq_article_sources_article_url"),
        )
    if _missing(tables, "attributions"):
        op.create_table(
            "attributions",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("article_id", sa.String(length=16), nullable=False),
            sa.Column("claim", sa.Text(), nullable=False),
            sa.Column("source", sa.Text(), nullable=False),
            sa.Column("anonymous", sa.Boolean(), nullable=False),
            sa.Column("source_entity", sa.Text(), nullable=True),
            sa.Column("sentence", sa.Text(), nullable=True),
            sa.Column("start", sa.Integer(), nullable=True),
            sa.Column("end", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_attributions_article_id", "attributions", ["article_id"])
    if _missing(tables, "entities"):
        op.create_table(
            "entities",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("article_id", sa.String(length=16), nullable=False),
            sa.Column("local_id", sa.Text(), nullable=False),
            sa.Column("name", sa.Text(), nullable=False),
            sa.Column("norm_name", sa.Text(), nullable=False),
            sa.Column("type", sa.String(length=16), nullable=False),
            sa.Column("country", sa.String(length=3), nullable=True),
            sa.Column("aliases_json", sa.Text(), nullable=False),
            sa.Column("mention_count", sa.Integer(), nullable=False),
            sa.Column("roles_json", sa.Text(), nullable=False),
            sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_entities_article_id", "entities", ["article_id"])
        op.create_index("ix_entities_norm_name_type", "entities", ["norm_name", "type"])
    if _missing(tables, "entity_links"):
        op.create_table(
            "entity_links",
            sa.Column("article_id", sa.String(length=16), nullable=False),
            sa.Column("local_id", sa.Text(), nullable=False),
            sa.Column("global_id", sa.String(length=32), nullable=False),
            sa.Column("reason", sa.Text(), nullable=False),
            sa.Column("score", sa.Float(), nullable=False),
            sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
            sa.ForeignKeyConstraint(["global_id"], ["global_entities.id"]),
            sa.PrimaryKeyConstraint("article_id", "local_id"),
        )
        op.create_index("ix_entity_links_global_id", "entity_links", ["global_id"])
    if _missing(tables, "events"):
        op.create_table(
            "events",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("article_id", sa.String(length=16), nullable=False),
            sa.Column("type", sa.String(length=32), nullable=False),
            sa.Column("status", sa.String(length=16), nullable=False),
            sa.Column("summary", sa.Text(), nullable=False),
            sa.Column("confidence", sa.Float(), nullable=True),
            sa.Column("sentence", sa.Text(), nullable=True),
            sa.Column("start", sa.Integer(), nullable=True),
            sa.Column("end", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_events_article_id", "events", ["article_id"])
    if _missing(tables, "fingerprints"):
        op.create_table(
            "fingerprints",
            sa.Column("article_id", sa.String(length=16), nullable=False),
            sa.Column("signature", sa.Text(), nullable=False),
            sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("article_id"),
        )
    if _missing(tables, "quantities"):
        op.create_table(
            "quantities",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("article_id", sa.String(length=16), nullable=False),
            sa.Column("text", sa.Text(), nullable=False),
            sa.Column("kind", sa.String(length=32), nullable=False),
            sa.Column("value", sa.Float(), nullable=True),
            sa.Column("unit", sa.Text(), nullable=True),
            sa.Column("norm_value", sa.Float(), nullable=True),
            sa.Column("norm_unit", sa.Text(), nullable=True),
            sa.Column("approximate", sa.Boolean(), nullable=False),
            sa.Column("warning", sa.Text(), nullable=True),
            sa.Column("sentence", sa.Text(), nullable=True),
            sa.Column("start", sa.Integer(), nullable=True),
            sa.Column("end", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_quantities_article_id", "quantities", ["article_id"])
    if _missing(tables, "quotes"):
        op.create_table(
            "quotes",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("article_id", sa.String(length=16), nullable=False),
            sa.Column("speaker_id", sa.Text(), nullable=True),
            sa.Column("speaker_name", sa.Text(), nullable=True),
            sa.Column("kind", sa.String(length=16), nullable=False),
            sa.Column("text", sa.Text(), nullable=False),
            sa.Column("sentence", sa.Text(), nullable=True),
            sa.Column("start", sa.Integer(), nullable=True),
            sa.Column("end", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_quotes_article_id", "quotes", ["article_id"])
    if _missing(tables, "storyline_articles"):
        op.create_table(
            "storyline_articles",
            sa.Column("article_id", sa.String(length=16), nullable=False),
            sa.Column("storyline_id", sa.String(length=32), nullable=False),
            sa.Column("score", sa.Float(), nullable=False),
            sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
            sa.ForeignKeyConstraint(["storyline_id"], ["storylines.id"]),
            sa.PrimaryKeyConstraint("article_id"),
        )
        op.create_index(
            "ix_storyline_articles_storyline_id", "storyline_articles", ["storyline_id"]
        )
    if _missing(tables, "times"):
        op.create_table(
            "times",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("article_id", sa.String(length=16), nullable=False),
            sa.Column("text", sa.Text(), nullable=False),
            sa.Column("kind", sa.String(length=16), nullable=False),
            sa.Column("value", sa.Text(), nullable=True),
            sa.Column("approximate", sa.Boolean(), nullable=False),
            sa.Column("sentence", sa.Text(), nullable=True),
            sa.Column("start", sa.Integer(), nullable=True),
            sa.Column("end", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_times_article_id", "times", ["article_id"])
