"""What a store promises: three small protocols by concern, the values they exchange, and
``Store``, which combines them and is what ``open_store`` returns.

A caller that needs one concern is typed with its protocol, so it says what it touches:

- ``ArticleStore``: briefs kept, listed, searched; the further sources of an article;
- ``LedgerStore``: what ingest remembers to skip work (near-duplicate signatures, feed
  items already seen);
- ``KnowledgeStore``: the resolved knowledge (storylines, global entities and their
  links, the per-article features, snapshots and the shared log), written by ``resolve``.

Every method is I/O: deciding what the knowledge *is* belongs to ``resolve``, and what we
know about something (a resolved entity, a storyline) is read through ``newsgraph.read``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from types import TracebackType
from typing import Protocol, Self, runtime_checkable

from newsgraph.model import Brief

# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class SaveResult:
    """Which row a save wrote, and whether it was new (``created``) or an update."""

    article_id: str
    created: bool


@dataclass(frozen=True)
class ArticleSummary:
    """One line of an article listing: enough to choose an article without loading it."""

    id: str
    title: str
    url: str | None
    published: str | None
    entity_count: int
    quote_count: int


@dataclass(frozen=True)
class SearchHit:
    """One search result; ``snippet`` is plain text with matches marked « like this »,
    ``rank`` is higher for better matches (comparable within one result list only)."""

    article_id: str
    title: str
    published: str | None
    snippet: str
    rank: float


@dataclass(frozen=True)
class ArticleSource:
    """A further source of a stored article: a near-duplicate copy kept as a reference
    (its URL, or the input's label when it had none), not as an article of its own."""

    url: str
    title: str
    published: str | None


@dataclass(frozen=True)
class StorylineMember:
    """One article of a storyline: the score it joined with, and what to list it by."""

    article_id: str
    score: float
    title: str = ""
    url: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class StorylineRow:
    """A stored storyline with its articles, oldest published first (undated last)."""

    id: str
    title: str
    articles: list[StorylineMember] = field(default_factory=list)
    created_at: str = ""
    updated_at: str = ""
    about: str = ""  # JSON: who it is between (``resolve.story_titles.About``), "" unknown


@dataclass
class StorylineChanges:
    """One incremental update of the storylines: ``titles`` holds storylines that are new
    or renamed, ``assignments`` maps an article id to (storyline id, score), ``removed``
    names storylines left empty (every article of theirs must be reassigned here);
    ``about`` the new JSON ``about`` of storylines (each one in ``titles`` or stored)."""

    titles: dict[str, str] = field(default_factory=dict)
    assignments: dict[str, tuple[str, float]] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    about: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.titles or self.assignments or self.removed or self.about)


@dataclass(frozen=True)
class GlobalEntityRow:
    """A resolved entity: one real person, organisation or place across articles."""

    id: str
    name: str
    type: str
    country: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class EntityLink:
    """An article's entity (``local_id`` in its brief) resolved to a global entity, and why."""

    article_id: str
    local_id: str
    global_id: str
    reason: str
    score: float


KEEP_SNAPSHOTS = 2  # knowledge snapshots kept: the latest, and the one before it
STEP_KINDS = ("article", "merge", "split", "reset")
# What the knowledge base keeps of one article: (article id, content hash of the text the
# features were computed from, features JSON).
FeatureRow = tuple[str, str, str]


@dataclass(frozen=True)
class KnowledgeStep:
    """One entry of the knowledge log: a change to the resolved knowledge, in the order
    writers made it (``seq``), so every process replays the same changes in the same order
    whoever made them. ``kind`` "article" places article ``key``; "merge" folds the second
    of two space-separated global ids into the first; "split" undoes merges into ``key``;
    "reset" marks a rebuild from scratch (``db check --repair``): a process that has been
    following the log reloads."""

    seq: int
    kind: str
    key: str


# --------------------------------------------------------------------------- protocols


@runtime_checkable
class ArticleStore(Protocol):
    """Briefs and what is read off them: one row per article, found by id, page or words."""

    def save_brief(self, brief: Brief, fingerprint: str | None = None) -> SaveResult: ...

    def get_brief(self, article_id: str) -> Brief: ...

    def list_articles(self, limit: int = 50, offset: int = 0) -> list[ArticleSummary]: ...

    def count_articles(self) -> int: ...

    def article_ids(self) -> list[str]:
        """Every article id in the order first stored (the order a replay must follow)."""
        ...

    def stored_since(self, since: str) -> list[tuple[str, str]]:
        """(id, first stored at) of the articles first stored at or after ``since`` (UTC,
        ISO 8601), oldest first: what ``newsgraph changes`` starts from."""
        ...

    def stored_at(self, article_ids: Iterable[str]) -> dict[str, str]:
        """id -> when first stored (UTC, ISO 8601), for those of ``article_ids`` stored."""
        ...

    def search(self, query: str, limit: int = 20) -> list[SearchHit]: ...

    def add_source(
        self, article_id: str, url: str, title: str = "", published: str | None = None
    ) -> bool: ...

    def sources(self, article_id: str) -> list[ArticleSource]: ...


@runtime_checkable
class LedgerStore(Protocol):
    """What ingest remembers so that it never does the same work twice."""

    def save_fingerprint(self, article_id: str, signature: str) -> None: ...

    def fingerprints(self) -> list[tuple[str, str]]: ...

    def mark_seen(self, feed: str, items: Iterable[str]) -> None: ...

    def seen_items(self, feed: str) -> set[str]: ...


@runtime_checkable
class KnowledgeStore(Protocol):
    """The resolved knowledge, kept as ``resolve`` decided it (no deciding here)."""

    # storylines
    def save_storylines(self, changes: StorylineChanges) -> None: ...

    def storylines(self) -> list[StorylineRow]: ...

    def storyline(self, storyline_id: str) -> StorylineRow: ...

    def storylines_of(self, article_ids: Iterable[str]) -> list[StorylineRow]: ...

    def storyline_titles(self, storyline_ids: Iterable[str]) -> dict[str, str]:
        """id -> title of those of ``storyline_ids`` that exist."""
        ...

    # resolved entities and their links to article entities
    def save_entity_links(
        self,
        entities: Sequence[GlobalEntityRow],
        links: Sequence[EntityLink],
        removed: Iterable[str] = (),
    ) -> None: ...

    def global_entities(self, type: str | None = None) -> list[GlobalEntityRow]: ...

    def global_entity(self, global_id: str) -> GlobalEntityRow: ...

    def links_of_global(self, global_id: str) -> list[EntityLink]: ...

    def entity_links(self) -> list[EntityLink]: ...

    def links_of_articles(self, article_ids: Iterable[str]) -> list[EntityLink]: ...

    def entity_article_counts(self) -> dict[str, int]: ...

    # what resolving needs to resume: per-article features, snapshots, the shared log
    def save_knowledge_features(self, rows: Sequence[FeatureRow]) -> None: ...

    def knowledge_features(self, article_ids: Iterable[str] | None = None) -> dict[str, str]: ...

    def save_knowledge_snapshot(self, article_count: int, state: str) -> None: ...

    def knowledge_snapshot(self) -> str | None: ...

    def knowledge_lock(self) -> AbstractContextManager[None]:
        """Held while a process changes the resolved knowledge (see ``store.locks``)."""
        ...

    def append_knowledge_steps(self, steps: Sequence[tuple[str, str]]) -> int:
        """Log (kind, key) knowledge changes in order, in one transaction; the sequence
        number of the last (call under the knowledge lock)."""
        ...

    def knowledge_steps(self, after: int = 0) -> list[KnowledgeStep]:
        """The logged knowledge changes after sequence number ``after``, in order."""
        ...

    def clear_knowledge(self) -> None:
        """Forget every storyline, resolved entity, link, snapshot and log entry (the
        articles and their feature rows stay): a rebuild starts from here."""
        ...


@runtime_checkable
class Store(ArticleStore, LedgerStore, KnowledgeStore, Protocol):
    """All three concerns over one database, opened and closed as one: what ``open_store``
    returns. Every backend passes the same contract suite (``tests/store``)."""

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
