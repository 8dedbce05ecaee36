"""The rules every store backend shares, as pure functions: article identity, entity
grouping, query parsing and the portable search fallback, ordering, and the checks a write
must pass before it touches the database.

The protocols and the values they exchange live in ``store.protocols``; they are imported
here too, so ``from newsgraph.store.base import Store, StorylineRow`` keeps working.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import get_args
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsgraph.errors import InputError, NotFoundError, StoreError
from newsgraph.model import Brief, EntityType
from newsgraph.store.protocols import KEEP_SNAPSHOTS as KEEP_SNAPSHOTS
from newsgraph.store.protocols import STEP_KINDS as STEP_KINDS
from newsgraph.store.protocols import ArticleSource as ArticleSource
from newsgraph.store.protocols import ArticleStore as ArticleStore
from newsgraph.store.protocols import ArticleSummary as ArticleSummary
from newsgraph.store.protocols import EntityLink as EntityLink
from newsgraph.store.protocols import FeatureRow as FeatureRow
from newsgraph.store.protocols import GlobalEntityRow as GlobalEntityRow
from newsgraph.store.protocols import KnowledgeStep as KnowledgeStep
from newsgraph.store.protocols import KnowledgeStore as KnowledgeStore
from newsgraph.store.protocols import LedgerStore as LedgerStore
from newsgraph.store.protocols import SaveResult as SaveResult
from newsgraph.store.protocols import SearchHit as SearchHit
from newsgraph.store.protocols import Store as Store
from newsgraph.store.protocols import StorylineChanges as StorylineChanges
from newsgraph.store.protocols import StorylineMember as StorylineMember
from newsgraph.store.protocols import StorylineRow as StorylineRow
from newsgraph.store.substring import inside_words

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
    other punctuation treated as a space ("U.S." = "US", "Al-Rashidi" = "al rashidi")."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = _DROPPED.sub("", plain.casefold())
    return " ".join(_NON_WORD.sub(" ", plain).replace("_", " ").split())


# --------------------------------------------------------------------------- entities


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
    alts = [
        ("" if words and inside_words(words[0]) else r"(?<!\w)")
        + r"\W+".join(re.escape(w) for w in words)
        for words in phrases
    ]
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
    Used by SqlStore on databases without FTS5 (and on other dialects without an index)."""
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
    entities: Sequence[GlobalEntityRow],
    links: Sequence[EntityLink],
    removed: set[str],
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
