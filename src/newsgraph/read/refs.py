"""The small records every view links with: an article, a further source, a resolved
entity, a storyline; and the paths of their pages. Plain frozen dataclasses: the CLI prints
them, the web renders them and serialises them as they are, so every surface names a thing
the same way."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

UNKNOWN_OUTLET = "unknown"


def outlet_of(url: str | None) -> str:
    """The outlet an article came from: its URL's host without "www.", else "unknown"."""
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:
        host = ""
    return host.removeprefix("www.") or UNKNOWN_OUTLET


def safe_href(url: str | None) -> str | None:
    """``url`` if a page may link it (http or https), else None: a stored URL is input,
    and autoescaping does not stop a ``javascript:`` link."""
    scheme = url.split(":", 1)[0].strip().casefold() if url else ""
    return url if scheme in {"http", "https"} else None


def entity_path(entity_id: str) -> str:
    """The page of a resolved entity (ids are plain, but quoted all the same)."""
    return f"/entities/{quote(entity_id, safe='')}"


def storyline_path(storyline_id: str) -> str:
    return f"/storylines/{quote(storyline_id, safe='')}"


def article_path(article_id: str) -> str:
    return f"/articles/{quote(article_id, safe='')}"


@dataclass(frozen=True)
class ArticleRef:
    """A stored article as a link: where it came from and when."""

    id: str
    title: str
    url: str | None
    published: str | None
    outlet: str
    path: str


def article_ref(
    article_id: str, title: str | None, url: str | None, published: str | None
) -> ArticleRef:
    return ArticleRef(
        article_id, title or "", url, published, outlet_of(url), article_path(article_id)
    )


@dataclass(frozen=True)
class SourceRef:
    """A further source of a stored article: a near-duplicate copy another outlet ran."""

    url: str
    outlet: str
    title: str | None
    published: str | None


@dataclass(frozen=True)
class EntityRef:
    """A resolved entity as a link."""

    id: str
    name: str
    type: str
    path: str


def entity_ref(entity_id: str, name: str, type_: str) -> EntityRef:
    return EntityRef(entity_id, name, type_, entity_path(entity_id))


@dataclass(frozen=True)
class StorylineRef:
    """A storyline as a link, with its size."""

    id: str
    title: str
    article_count: int
    path: str
