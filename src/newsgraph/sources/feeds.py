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
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/xml",
        "text/xml",
        "application/rdf+xml",
        "application/feed+xml",
    }
)
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
# The root element, after an optional BOM, XML declaration, comments and DOCTYPE (RSS 0.91
# files carry Netscape's; it is only matched here, never fetched, and feedparser drops it).
_FEED_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"(?:<!DOCTYPE[^>\[]*(?:\[[^\]]*\])?\s*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b",
    re.DOTALL | re.IGNORECASE,
)
_SNIFF_BYTES = 4096


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
    return looks_like_feed(fetched.body)


def looks_like_feed(data: bytes) -> bool:
    """Whether ``data`` (a fetched body or a local file) is an RSS or Atom document."""
    return bool(_FEED_START.match(data[:_SNIFF_BYTES]))


def parse_feed(data: bytes, *, base_url: str | None = None) -> list[FeedItem]:
    """The items of an RSS or Atom document, in feed order; items without a link are
    dropped (there is no page to read). Not a feed at all is an :class:`InputError`."""
    return _items(_parse(data), base_url)


def _parse(data: bytes) -> Any:
    # No base URL goes to feedparser: it would resolve guids too, and an id must stay
    # as the feed wrote it; links are resolved here instead.
    parsed = feedparser.parse(data, sanitize_html=True)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise InputError(f"not an RSS or Atom feed{f' ({reason})' if reason else ''}")
    return parsed


def _items(parsed: Any, base_url: str | None) -> list[FeedItem]:
    items: list[FeedItem] = []
    for entry in parsed.entries:
        item = _item(entry, base_url)
        if item is not None:
            items.append(item)
    return items


def malformed(parsed: Any) -> str | None:
    """Why a parsed feed is not well-formed XML (feedparser reads on past the fault, so
    the items before it are still there), or None. Encoding and content-type notes that
    feedparser also raises are not faults of the feed."""
    fault = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if fault is None or isinstance(fault, feedparser.ThingsNobodyCaresAboutButMe):
        return None
    message = fault.getMessage() if hasattr(fault, "getMessage") else str(fault)
    line = fault.getLineNumber() if hasattr(fault, "getLineNumber") else None
    where = f" at line {line}" if line else ""
    return f"malformed feed ({' '.join(str(message).split())[:200]}{where})"


def read_feed(data: bytes, source: str, *, base_url: str | None = None) -> Iterator[SourceItem]:
    """The pages a feed lists (fetched in turn), as items. A feed that is not well-formed
    is also one failure for ``source`` (the items read before the fault still count), and
    one that lists no page at all is one failure rather than a silent nothing."""
    try:
        parsed = _parse(data)
    except InputError as exc:
        yield SourceItem(source, error=str(exc))
        return
    problem, items = malformed(parsed), _items(parsed, base_url)
    if problem is not None:
        yield SourceItem(source, error=problem + "; the items before the fault are read")
    elif not items:
        yield SourceItem(source, error="the feed lists no item with an http(s) link")
    yield from feed_articles(items)


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
