"""Table definitions: portable SQLAlchemy Core types only (JSON kept as TEXT, timestamps as
ISO-8601 TEXT) so the same tables create on SQLite and PostgreSQL.

The whole brief is kept in ``articles.brief_json``: it is the source of truth that
``get_brief`` returns. The child tables copy just the columns worth querying across
articles, and are rewritten on every save of their article.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 1  # the pre-Alembic version row, still written so older code refuses newer
# Alembic revisions in ``store/migrations/versions``, oldest first (a test checks they match).
# A schema change here needs a new revision there, and its id appended.
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006")
HEAD_REVISION = REVISIONS[-1]
LEGACY_REVISION = "0001"  # what a database made before Alembic counts as

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("url", Text, unique=True, nullable=True),  # canonical form, see base.canonical_url
    Column("content_hash", String(64), unique=True, nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("subtitle", Text),
    Column("section", Text),
    Column("byline", Text),
    Column("published", String(10)),  # YYYY-MM-DD sorts as text
    Column("language", String(16), nullable=False, default="en"),
    Column("text", Text, nullable=False),
    Column("brief_json", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)


def _article_fk() -> Column[str]:
    return Column(
        "article_id",
        String(16),
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    )


def _evidence_columns() -> list[Column[object]]:
    return [Column("sentence", Text), Column("start", Integer), Column("end", Integer)]


entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("local_id", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("norm_name", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("country", String(3)),
    Column("aliases_json", Text, nullable=False, default="[]"),
    Column("mention_count", Integer, nullable=False, default=0),
    Column("roles_json", Text, nullable=False, default="[]"),
    Index("ix_entities_norm_name_type", "norm_name", "type"),
    Index("ix_entities_article_id", "article_id"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("speaker_id", Text),  # entity local id
    Column("speaker_name", Text),
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=False),
    *_evidence_columns(),
    Index("ix_quotes_article_id", "article_id"),
)

attributions = Table(
    "attributions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("claim", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("anonymous", Boolean, nullable=False),
    Column("source_entity", Text),
    *_evidence_columns(),
    Index("ix_attributions_article_id", "article_id"),
)

times = Table(
    "times",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("text", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("value", Text),
    Column("approximate", Boolean, nullable=False),
    *_evidence_columns(),
    Index("ix_times_article_id", "article_id"),
)

quantities = Table(
    "quantities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("text", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("value", Float),
    Column("unit", Text),
    Column("norm_value", Float),
    Column("norm_unit", Text),
    Column("approximate", Boolean, nullable=False),
    Column("warning", Text),
    *_evidence_columns(),
    Index("ix_quantities_article_id", "article_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("type", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("summary", Text, nullable=False),
    Column("confidence", Float),
    *_evidence_columns(),
    Index("ix_events_article_id", "article_id"),
)

# Further sources of a kept article: near-duplicate copies (wire stories republished
# elsewhere) that were not stored as articles of their own. Not rewritten on save.
article_sources = Table(
    "article_sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("url", Text, nullable=False),  # canonical URL, or the input's label if it had none
    Column("title", Text, nullable=False, default=""),
    Column("published", String(10)),
    Column("added_at", String(32), nullable=False),
    UniqueConstraint("article_id", "url", name="uq_article_sources_article_url"),
)

# The near-duplicate signature of each article body (see newsgraph.dedupe), as one text row.
fingerprints = Table(
    "fingerprints",
    metadata,
    Column(
        "article_id",
        String(16),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("signature", Text, nullable=False),
)

# Feed items already ingested by ``newsgraph watch``, so a restart does not fetch them again.
seen_items = Table(
    "seen_items",
    metadata,
    Column("feed", Text, primary_key=True),
    Column("item", Text, primary_key=True),
    Column("seen_at", String(32), nullable=False),
)

# Across articles (newsgraph.resolve.knowledge): which storyline each article belongs to,
# and which resolved (global) entity each article entity is. Rewritten incrementally as
# articles arrive; created on open for databases made before they existed.
storylines = Table(
    "storylines",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text, nullable=False, default=""),
    # who it is between (dyads, mediators, kind of event) as JSON, "" when not known
    Column("about", Text, nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)

storyline_articles = Table(
    "storyline_articles",
    metadata,
    Column(
        "article_id",
        String(16),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("storyline_id", String(32), ForeignKey("storylines.id"), nullable=False),
    Column("score", Float, nullable=False),  # similarity when the article joined
    Index("ix_storyline_articles_storyline_id", "storyline_id"),
)

global_entities = Table(
    "global_entities",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("country", String(3)),
    Column("aliases_json", Text, nullable=False, default="[]"),
)

entity_links = Table(
    "entity_links",
    metadata,
    Column(
        "article_id",
        String(16),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("local_id", Text, primary_key=True),  # the entity's id inside its brief
    Column("global_id", String(32), ForeignKey("global_entities.id"), nullable=False),
    Column("reason", Text, nullable=False),
    Column("score", Float, nullable=False),
    Index("ix_entity_links_global_id", "global_id"),
)

# What the knowledge base needs of each article to rebuild its indexes without reading the
# brief (newsgraph.resolve.knowledge): its storyline features and its entities, as JSON.
# ``content_hash`` is the article's when the row was written: a row whose article text has
# changed since is stale, and not returned.
knowledge_features = Table(
    "knowledge_features",
    metadata,
    Column(
        "article_id",
        String(16),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("content_hash", String(64), nullable=False),
    Column("features_json", Text, nullable=False),
)

# The knowledge base's whole in-memory state as JSON (newsgraph.resolve.knowledge), so an
# open loads it and replays only the articles stored since, instead of every article. Only
# the latest ``base.KEEP_SNAPSHOTS`` rows are kept; ``article_count`` is for people reading.
knowledge_snapshots = Table(
    "knowledge_snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", String(32), nullable=False),
    Column("article_count", Integer, nullable=False),
    Column("state_json", Text, nullable=False),
)

# Every change to the resolved knowledge, in the order writers made it under the knowledge
# lock (newsgraph.resolve.knowledge): a process catches up with the others by replaying the
# entries after the last one it saw. ``kind``: article (``key`` its id), merge, split.
knowledge_log = Table(
    "knowledge_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("key", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    sqlite_autoincrement=True,  # numbers never reused, even after a rebuild empties it
)

# Child tables in the order they are written (and deleted in reverse).
CHILD_TABLES = (entities, quotes, attributions, times, quantities, events)

FTS_TABLE = "articles_fts"
# A plain (self-contained) FTS5 table keyed by article_id, not an external-content one:
# external content joins on the articles table's implicit rowid, which VACUUM may renumber
# for a table whose primary key is TEXT, silently corrupting the index. Keeping a copy of
# title + text costs disk, but sync is a plain DELETE + INSERT inside the save transaction,
# and snippet() reads from the index itself. Porter stemming lets "talk" find "talks".
FTS_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "article_id UNINDEXED, title, text, "
    "tokenize = 'porter unicode61 remove_diacritics 2')"
)
# Beside it, the same copy indexed by every three characters, for substring search of the
# scripts a word index cannot split (see ``store.substring``): Chinese, Japanese, Hebrew,
# Arabic... It costs about three times the text on disk; kept in step by the same sync.
TRIGRAM_TABLE = "articles_fts_trigram"
TRIGRAM_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TRIGRAM_TABLE} USING fts5("
    "article_id UNINDEXED, title, text, tokenize = 'trigram')"
)
