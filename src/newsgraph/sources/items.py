"""One item of a multi-article source (a feed, a WARC archive, a JSON Lines file).

A corpus file holds thousands of articles and some of them are always broken; each reader
yields a :class:`SourceItem` per article, holding either the article or the one-line
reason it could not be read, so the batch ingest records the failure and goes on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from newsgraph.errors import NewsgraphError
from newsgraph.model import Article


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
    """Run ``read``; any error becomes an error item, never an exception: newsgraph's own
    as its message, anything else (a bug a hostile input found) named by its type too."""
    try:
        return SourceItem(source, article=read())
    except NewsgraphError as exc:
        return SourceItem(source, error=str(exc))
    except Exception as exc:  # one article's failure must never stop a batch
        return SourceItem(source, error=unexpected(exc))


def unexpected(exc: BaseException) -> str:
    """One line for an error newsgraph did not expect while reading an input."""
    detail = " ".join(str(exc).split())[:200]
    return f"could not be read ({type(exc).__name__}{': ' + detail if detail else ''})"


def iso_date(value: str | None) -> str | None:
    """YYYY-MM-DD from an ISO-8601 date or timestamp ("2024-03-05T10:00:00Z"), else None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None
