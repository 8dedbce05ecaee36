"""One item of a multi-article source (a feed, a WARC archive, a JSON Lines file).

A corpus file holds thousands of articles and some of them are always broken; each reader
yields a :class:`SourceItem` per article, holding either the article or the one-line
reason it could not be read, so the batch ingest records the failure and goes on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from newsgraph.errors import InputError, NewsgraphError
from newsgraph.model import Article
from newsgraph.sources import decode_bytes, parse_html, parse_text
from newsgraph.sources.html import looks_like_html

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass(frozen=True)
class SourceItem:
    """Where one article came from (``source``: a URL, or "file:line", "file#uri"), and
    either the article read from it or the error that stopped it."""

    source: str
    article: Article | None = None
    error: str | None = None

    def __post_init__(self) -> None:
        if (self.article is None) == (self.error is None):
            raise ValueError("a SourceItem holds exactly one of article and error")


def item_of(source: str, read: Callable[[], Article]) -> SourceItem:
    """Run ``read``; newsgraph's own errors become an error item, never an exception."""
    try:
        return SourceItem(source, article=read())
    except NewsgraphError as exc:
        return SourceItem(source, error=str(exc))


def article_from_markup(
    body: str, *, url: str | None, html: bool, published: str | None = None
) -> Article:
    """An article from an HTML page or plain text held in a corpus record; ``published``
    fills in the date only where the page has none (the page knows its own date best)."""
    if not body.strip():
        raise InputError("record is empty (no text to read)")
    article = parse_html(body, url=url) if html else parse_text(body, url=url)
    if not article.text.strip():
        raise InputError("record holds no article text")
    article.url = article.url or url
    article.published = article.published or published
    return article


def article_from_bytes(
    body: bytes, *, url: str, content_type: str | None = None, charset: str | None = None
) -> Article:
    """An article from fetched bytes, read as ``load_article`` reads a URL: charset from the
    header or page, binary refused, HTML by content (the type decides borderline cases)."""
    text = decode_bytes(body, declared=charset)
    html = looks_like_html(text) or (
        content_type in _HTML_TYPES and "<" in text[:4096] and ">" in text[:4096]
    )
    return article_from_markup(text, url=url, html=html)


def iso_date(value: str | None) -> str | None:
    """YYYY-MM-DD from an ISO-8601 date or timestamp ("2024-03-05T10:00:00Z"), else None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None
