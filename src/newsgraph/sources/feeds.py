"""RSS and Atom feeds → feed items → articles (each item's page is fetched and read).

A feed lists an outlet's latest stories: the link, headline, date and a summary of each.
The summary is not the article, so each item's page is fetched with ``load_article``;
the feed's date fills in only where the page carries none. feedparser reads every RSS
and Atom dialect; it is only ever handed bytes, so it never opens a URL itself.

The feed itself is fetched by ``fetch_bytes``, which applies ``fetch_url``'s limits
(timeout, size, http(s) only, safe redirects) but accepts feed content types too.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

import feedparser

from newsgraph.config import FETCH_MAX_BYTES, FETCH_TIMEOUT_S
from newsgraph.errors import InputError
from newsgraph.model import Article
from newsgraph.sources import load_article
from newsgraph.sources.fetch import Fetched, fetch_url
from newsgraph.sources.items import SourceItem, item_of

FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
     "application/rdf+xml", "application/feed+xml"}
)
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b",
                         re.DOTALL)


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: its page URL, stable id (guid, else the URL) and what the feed
    says of it. ``published`` is YYYY-MM-DD (UTC) or None."""

    url: str
    id: str
    title: str = ""
    published: str | None = None
    summary: str = ""


# ---------------------------------------------------------------------------- fetching


def fetch_bytes(
    url: str,
    *,
    accept: Iterable[str] = FEED_TYPES | PAGE_TYPES,
    timeout: float = FETCH_TIMEOUT_S,
    max_bytes: int = FETCH_MAX_BYTES,
) -> Fetched:
    """GET ``url`` with ``fetch_url``'s limits and errors, accepting ``accept`` types."""
    return fetch_url(url, timeout=timeout, max_bytes=max_bytes, accept=frozenset(accept))


# ---------------------------------------------------------------------------- parsing


def is_feed(fetched: Fetched) -> bool:
    """A feed by its content (an <rss>, <feed> or <rdf:RDF> root), whatever the type says:
    servers label feeds text/html and text/xml alike."""
    return bool(_FEED_START.match(fetched.body[:4096]))


def parse_feed(data: bytes, *, base_url: str | None = None) -> list[FeedItem]:
    """The items of an RSS or Atom document, in feed order; items without a link are
    dropped (there is no page to read). Not a feed at all is an :class:`InputError`."""
    # No base URL goes to feedparser: it would resolve guids too, and an id must stay
    # as the feed wrote it; links are resolved here instead.
    parsed = feedparser.parse(data, sanitize_html=True)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise InputError(f"not an RSS or Atom feed{f' ({reason})' if reason else ''}")
    items: list[FeedItem] = []
    for entry in parsed.entries:
        item = _item(entry, base_url)
        if item is not None:
            items.append(item)
    return items


def _item(entry: Any, base_url: str | None) -> FeedItem | None:
    link = str(entry.get("link") or "").strip()
    if base_url and link:
        link = urllib.parse.urljoin(base_url, link)
    if not link.lower().startswith(("http://", "https://")):
        return None
    return FeedItem(
        url=link,
        id=str(entry.get("id") or link),
        title=str(entry.get("title") or ""),
        published=_entry_date(entry),
        summary=str(entry.get("summary") or ""),
    )


def _entry_date(entry: Any) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.UTC).date().isoformat()
    except (OverflowError, ValueError, OSError):
        return None


def fetch_feed(url: str) -> list[FeedItem]:
    """Fetch the feed at ``url`` and return its items."""
    fetched = fetch_bytes(url, accept=FEED_TYPES | {"text/html", "text/plain"})
    if not is_feed(fetched):
        raise InputError(f"{url} is not an RSS or Atom feed")
    return parse_feed(fetched.body, base_url=fetched.url)


def feed_articles(items: Iterable[FeedItem]) -> Iterator[SourceItem]:
    """Fetch and read each item's page (labelled by its URL); the feed's date is used
    where the page has none."""
    for item in items:
        yield item_of(item.url, partial(_page, item))


def _page(item: FeedItem) -> Article:
    article = load_article(item.url)
    article.published = article.published or item.published
    article.title = article.title or item.title
    return article
