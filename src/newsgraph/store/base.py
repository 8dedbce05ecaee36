"""The Store protocol, its result types, and the rules every backend shares.

Identity (which article is "the same article"), entity grouping and the portable search
fallback live here, not in a backend, so the SQLite store and the in-memory store used by
other layers' tests cannot drift apart: the contract suite in ``tests/store`` checks both.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from types import TracebackType
from typing import Protocol, Self, get_args, runtime_checkable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsgraph.errors import InputError, NotFoundError, StoreError
from newsgraph.model import Brief, EntityType
from newsgraph.store.substring import inside_words


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
class EntityRow:
    """Entities grouped across articles by (normalised name, type)."""

    name: str
    type: str
    country: str | None
    aliases: list[str] = field(default_factory=list)
    article_count: int = 0
    mention_count: int = 0
    article_ids: list[str] = field(default_factory=list)


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


@dataclass
class StorylineChanges:
    """One incremental update of the storylines: ``titles`` holds storylines that are new
    or renamed, ``assignments`` maps an article id to (storyline id, score), ``removed``
    names storylines left empty (every article of theirs must be reassigned here)."""

    titles: dict[str, str] = field(default_factory=dict)
    assignments: dict[str, tuple[str, float]] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.titles or self.assignments or self.removed)


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


@runtime_checkable
class Store(Protocol):
    """Where briefs are kept. Every backend passes the same contract suite."""

    def save_brief(self, brief: Brief) -> SaveResult: ...

    def get_brief(self, article_id: str) -> Brief: ...

    def list_articles(self, limit: int = 50, offset: int = 0) -> list[ArticleSummary]: ...

    def entities(self, type: str | None = None, limit: int = 100) -> list[EntityRow]: ...

    def search(self, query: str, limit: int = 20) -> list[SearchHit]: ...

    def count_articles(self) -> int: ...

    def add_source(
        self, article_id: str, url: str, title: str = "", published: str | None = None
    ) -> bool: ...

    def sources(self, article_id: str) -> list[ArticleSource]: ...

    def save_fingerprint(self, article_id: str, signature: str) -> None: ...

    def fingerprints(self) -> list[tuple[str, str]]: ...

    def mark_seen(self, feed: str, items: Iterable[str]) -> None: ...

    def seen_items(self, feed: str) -> set[str]: ...

    def article_ids(self) -> list[str]: ...

    def save_storylines(self, changes: StorylineChanges) -> None: ...

    def storylines(self) -> list[StorylineRow]: ...

    def storyline(self, storyline_id: str) -> StorylineRow: ...

    def storylines_of(self, article_ids: Iterable[str]) -> list[StorylineRow]: ...

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

    def save_knowledge_features(self, article_id: str, content_hash: str, features: str
                                ) -> None: ...

    def knowledge_features(self, article_ids: Iterable[str] | None = None
                           ) -> dict[str, str]: ...

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

    def storyline_titles(self, storyline_ids: Iterable[str]) -> dict[str, str]:
        """id -> title of those of ``storyline_ids`` that exist."""
        ...

    def clear_knowledge(self) -> None:
        """Forget every storyline, resolved entity, link, snapshot and log entry (the
        articles and their feature rows stay): a rebuild starts from here."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


# --------------------------------------------------------------------------- identity

ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)
# Query parameters that only track the click, never select the article.
_TRACKING_PARAM = re.compile(r"^(utm_\w+|fbclid|gclid)$", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ID_CHARS = re.compile(r"^[0-9a-f]{1,16}$")


def canonical_url(url: str) -> str:
    """The URL with the variations that never change the page removed, so the same article
    reached twice (different case of host, ``#section``, ``utm_*`` tags, trailing slash)
    gets the same id."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    path = (parts.path.rstrip("/") or "/") if host else parts.path
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING_PARAM.match(k)
        ]
    )
    return urlunsplit((scheme, host, path, query, ""))


def normalise_text(text: str) -> str:
    """Body text as compared for identity: whitespace collapsed, casefolded."""
    return " ".join(text.split()).casefold()


def content_hash(text: str) -> str:
    """The full sha256 of the normalised body: same words, same hash."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def article_id_for(brief: Brief) -> str:
    """A stable id: 16 hex chars of sha256 of the canonical URL, else of the normalised body."""
    doc = brief.document
    if doc.url:
        return hashlib.sha256(canonical_url(doc.url).encode("utf-8")).hexdigest()[:16]
    return content_hash(doc.text)[:16]


def check_article_id(article_id: str) -> str:
    """Validate a full id or id prefix; anything that cannot be an id is simply not found."""
    key = article_id.strip().lower()
    if not key:
        raise InputError("article id is empty")
    if not _ID_CHARS.match(key):
        raise NotFoundError(f"no article with id {article_id!r}")
    return key


def check_brief(brief: Brief) -> None:
    """Refuse what cannot be identified: a brief with neither URL nor body text."""
    if not brief.document.url and not brief.document.text.strip():
        raise InputError("cannot store an article with neither a URL nor body text")


def source_key(url: str) -> str:
    """A further source's URL in canonical form (a label that is no URL, such as a file
    path, is kept as given), so the same copy seen twice is recorded once."""
    if not url.strip():
        raise InputError("a source needs a URL or label")
    return canonical_url(url) if "://" in url else url.strip()


def check_page(limit: int, offset: int = 0) -> None:
    if limit < 1:
        raise InputError(f"limit must be at least 1, got {limit}")
    if offset < 0:
        raise InputError(f"offset must not be negative, got {offset}")


def check_entity_type(type_: str | None) -> str | None:
    """Upper-case a type filter, refusing unknown types with the list of valid ones."""
    if type_ is None:
        return None
    wanted = type_.strip().upper()
    if wanted not in ENTITY_TYPES:
        raise InputError(
            f"unknown entity type {type_!r}; expected one of {', '.join(ENTITY_TYPES)}"
        )
    return wanted


_NON_WORD = re.compile(r"[^\w]+")
_DROPPED = re.compile(r"[.'’]")


def norm_name(name: str) -> str:
    """Name as grouped across articles: accents, case, dots and apostrophes dropped,
    other punctuation treated as a space ("U.S." = "US", "Al-Sharaa" = "al sharaa")."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = _DROPPED.sub("", plain.casefold())
    return " ".join(_NON_WORD.sub(" ", plain).replace("_", " ").split())


# --------------------------------------------------------------------------- entities


@dataclass(frozen=True)
class EntityMember:
    """One article's entity inside a cross-article group."""

    article_id: str
    name: str
    aliases: tuple[str, ...]
    country: str | None
    mention_count: int


def summarise_group(type_: str, members: Sequence[EntityMember]) -> EntityRow:
    """Fold one (norm_name, type) group: the name most mentioned (then longest) wins,
    every other surface form becomes an alias, the most frequent country is kept."""
    weight: Counter[str] = Counter()
    for m in members:
        weight[m.name] += max(m.mention_count, 1)
    name = min(weight, key=lambda n: (-weight[n], -len(n), n))
    forms = {m.name for m in members} | {a for m in members for a in m.aliases}
    countries = Counter(m.country for m in members if m.country)
    country = min(countries, key=lambda c: (-countries[c], c)) if countries else None
    article_ids = sorted({m.article_id for m in members})
    return EntityRow(
        name=name,
        type=type_,
        country=country,
        aliases=sorted(forms - {name}),
        article_count=len(article_ids),
        mention_count=sum(m.mention_count for m in members),
        article_ids=article_ids,
    )


def entity_order(row: EntityRow) -> tuple[int, int, str, str]:
    """Most widely reported first; the same order every backend uses."""
    return (-row.article_count, -row.mention_count, norm_name(row.name), row.type)


# --------------------------------------------------------------------------- search

_PHRASE_OR_WORD = re.compile(r'"([^"]*)"?|([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")  # letters and digits: what the FTS tokenizer keeps
MAX_QUERY_TERMS = 32
SNIPPET_CONTEXT = 60  # characters of context either side of the first match


def parse_query(query: str) -> list[list[str]]:
    """User text to a list of phrases (each a list of word tokens). Operators and
    punctuation are dropped, so any string is safe; "double quotes" keep a phrase."""
    if not query.strip():
        raise InputError("search query is empty")
    phrases: list[list[str]] = []
    for m in _PHRASE_OR_WORD.finditer(query):
        words = _WORD.findall(m.group(1) if m.group(1) is not None else m.group(2))
        if m.group(1) is not None:
            if words:
                phrases.append(words)
        else:
            phrases.extend([w] for w in words)
    return phrases[:MAX_QUERY_TERMS]


def phrase_pattern(phrases: Sequence[Sequence[str]]) -> re.Pattern[str]:
    """A case-insensitive regex matching any phrase at a word start (a word prefix, so
    "talk" finds "talks", loosely like the stemming full-text search does), or anywhere
    for the scripts searched by substring ("北京" in "在北京会见", see ``store.substring``)."""
    alts = [("" if words and inside_words(words[0]) else r"(?<!\w)")
            + r"\W+".join(re.escape(w) for w in words) for words in phrases]
    return re.compile("(?:" + "|".join(alts) + ")", re.IGNORECASE)


def match_all(phrases: Sequence[Sequence[str]], *texts: str) -> bool:
    """Every phrase appears in at least one of ``texts`` (the AND that FTS applies)."""
    return all(any(phrase_pattern([p]).search(t) for t in texts) for p in phrases)


def fallback_rank(phrases: Sequence[Sequence[str]], title: str, text: str) -> float:
    """Matches counted, a title match worth three body matches (as FTS weights the title)."""
    pattern = phrase_pattern(phrases)
    return 3.0 * len(pattern.findall(title)) + len(pattern.findall(text))


def make_snippet(phrases: Sequence[Sequence[str]], title: str, text: str) -> str:
    """Plain-text window around the first match in the body (else the title), every
    match inside it marked with « and », cut ends shown as "…"."""
    pattern = phrase_pattern(phrases)
    source = text if pattern.search(text) else title
    first = pattern.search(source)
    if first is None:
        return source[: 2 * SNIPPET_CONTEXT]
    start = _word_boundary_left(source, max(first.start() - SNIPPET_CONTEXT, 0))
    end = _word_boundary_right(source, min(first.end() + SNIPPET_CONTEXT, len(source)))
    window = pattern.sub(lambda m: f"«{m.group(0)}»", source[start:end]).strip()
    return ("…" if start > 0 else "") + window + ("…" if end < len(source) else "")


def _word_boundary_left(text: str, pos: int) -> int:
    while 0 < pos < len(text) and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _word_boundary_right(text: str, pos: int) -> int:
    while pos < len(text) and not text[pos].isspace():
        pos += 1
    return pos


@dataclass(frozen=True)
class SearchCandidate:
    """What the portable search needs of one article."""

    article_id: str
    title: str
    published: str | None
    text: str


def fallback_hits(
    phrases: Sequence[Sequence[str]], candidates: Iterable[SearchCandidate], limit: int
) -> list[SearchHit]:
    """Portable search (no full-text index): keep articles holding every phrase, best first.
    Used by MemoryStore and by SqlStore on databases without FTS5."""
    hits = [
        SearchHit(
            article_id=c.article_id,
            title=c.title,
            published=c.published,
            snippet=make_snippet(phrases, c.title, c.text),
            rank=fallback_rank(phrases, c.title, c.text),
        )
        for c in candidates
        if match_all(phrases, c.title, c.text)
    ]
    hits.sort(key=lambda h: h.article_id)
    hits.sort(key=lambda h: newest_first(h.published), reverse=True)
    hits.sort(key=lambda h: h.rank, reverse=True)
    return hits[:limit]


def newest_first(published: str | None) -> tuple[bool, str]:
    """Key for a *reverse* stable sort: later YYYY-MM-DD dates first, undated last."""
    return (published is not None, published or "")


# --------------------------------------------------------------------------- across articles


def member_order(m: StorylineMember) -> tuple[bool, str, str]:
    """Storyline articles: oldest published first, undated last, then by id."""
    return (m.published is None, m.published or "", m.article_id)


def storyline_order(row: StorylineRow) -> tuple[int, int, str]:
    """Largest storylines first, then by id in number order ("S2" before "S10")."""
    return (-len(row.articles), len(row.id), row.id)


def global_order(row: GlobalEntityRow) -> tuple[int, str]:
    """Global entities in id number order ("G2" before "G10")."""
    return (len(row.id), row.id)


def check_storyline_changes(changes: StorylineChanges, known: set[str]) -> None:
    """Refuse changes that would leave an article in a storyline that does not exist, or
    a removed storyline that is still assigned to (``known``: the stored storyline ids)."""
    exists = (known | set(changes.titles)) - changes.removed
    for article_id, (storyline_id, _score) in changes.assignments.items():
        if storyline_id not in exists:
            raise StoreError(f"article {article_id} assigned to unknown storyline {storyline_id}")


def check_steps(steps: Sequence[tuple[str, str]]) -> None:
    if not steps:
        raise StoreError("no knowledge steps to log")
    for kind, key in steps:
        if kind not in STEP_KINDS or not key.strip():
            raise StoreError(f"not a knowledge step: {kind!r} {key!r}")


def check_entity_changes(
    entities: Sequence[GlobalEntityRow], links: Sequence[EntityLink], removed: set[str],
    known: set[str],
) -> None:
    """Refuse links to a global entity that is neither stored nor saved with them."""
    exists = (known | {e.id for e in entities}) - removed
    for link in links:
        if link.global_id not in exists:
            raise StoreError(
                f"entity {link.local_id} of article {link.article_id} linked to unknown "
                f"global entity {link.global_id}"
            )
