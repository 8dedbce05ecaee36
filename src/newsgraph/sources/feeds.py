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
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from email.message import Message
from functools import partial
from typing import IO, Any

import feedparser

from newsgraph.config import FETCH_MAX_BYTES, FETCH_TIMEOUT_S, FETCH_USER_AGENT
from newsgraph.errors import FetchError, InputError
from newsgraph.model import Article
from newsgraph.sources import load_article
from newsgraph.sources.fetch import Fetched, check_url
from newsgraph.sources.items import SourceItem, item_of

FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
     "application/rdf+xml", "application/feed+xml"}
)
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b",
                         re.DOTALL)
_CHUNK = 64 * 1024


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


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s), as fetch_url does."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise FetchError(f"refusing redirect from {req.full_url} to {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_SafeRedirects())


def fetch_bytes(
    url: str,
    *,
    accept: Iterable[str] = FEED_TYPES | PAGE_TYPES,
    timeout: float = FETCH_TIMEOUT_S,
    max_bytes: int = FETCH_MAX_BYTES,
) -> Fetched:
    """GET ``url`` like ``fetch_url`` (same limits and errors), accepting ``accept`` types."""
    check_url(url)
    accepted = frozenset(accept)
    request = urllib.request.Request(url, headers={
        "User-Agent": FETCH_USER_AGENT,
        "Accept": ",".join(sorted(accepted)) + ";q=0.9,*/*;q=0.1",
        "Accept-Encoding": "identity",
    })
    deadline = time.monotonic() + timeout
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            final = response.geturl()
            content_type = _check_type(final, response.headers, accepted, max_bytes)
            body = _read_capped(response, final, max_bytes, deadline)
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as exc:
        exc.close()
        raise FetchError(f"{url} answered HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise FetchError(f"could not fetch {url}: {exc.reason}") from exc
    except TimeoutError as exc:
        raise FetchError(f"fetching {url} timed out after {timeout:g} s") from exc
    except (OSError, ValueError) as exc:
        raise FetchError(f"could not fetch {url}: {exc}") from exc
    return Fetched(url=final, content_type=content_type, body=body, charset=charset)


def _check_type(url: str, headers: Message, accepted: frozenset[str], max_bytes: int) -> str | None:
    content_type = headers.get_content_type() if headers.get("Content-Type") else None
    if content_type is not None and content_type not in accepted:
        raise FetchError(f"{url} is {content_type}, not one of {', '.join(sorted(accepted))}")
    length = headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"{url} is larger than {max_bytes} bytes; not fetched")
    return content_type


def _read_capped(response: IO[bytes], url: str, max_bytes: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url} is larger than {max_bytes} bytes; not fetched")
        if time.monotonic() > deadline:
            raise FetchError(f"{url} took too long to download")
        chunks.append(chunk)
    return b"".join(chunks)


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
