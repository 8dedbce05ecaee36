"""Sources → :class:`~newsgraph.model.Article`: files, URLs and stdin, text or HTML.

``load_article`` is the one entry point the CLI and jobs use. It enforces the input limits
(size before reading, binary refusal, empty input) so every later stage can assume a
readable article, and it tells HTML from plain text by content, extension and content type.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import BinaryIO

from newsgraph.config import FETCH_MAX_BYTES, MAX_INPUT_BYTES
from newsgraph.errors import InputError
from newsgraph.model import Article
from newsgraph.sources.decode import decode_bytes
from newsgraph.sources.fetch import Fetched, fetch_url
from newsgraph.sources.html import looks_like_html, parse_html
from newsgraph.sources.inflate import GZIP, inflate
from newsgraph.sources.language import detect_language
from newsgraph.sources.text import parse_text

__all__ = [
    "Fetched",
    "article_from_bytes",
    "article_from_text",
    "decode_bytes",
    "detect_language",
    "fetch_url",
    "is_html",
    "load_article",
    "parse_html",
    "parse_text",
]

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def validate_published(value: str) -> str:
    """Return ``value`` if it is a real YYYY-MM-DD date, else raise :class:`InputError`."""
    if _DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise InputError(f"published date must be YYYY-MM-DD, got {value!r}")


def _read_limited(stream: BinaryIO, what: str) -> bytes:
    """Read at most MAX_INPUT_BYTES, refusing the input if there is more."""
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{what} is larger than {MAX_INPUT_BYTES} bytes; refusing it")
    return data


def _gunzip(data: bytes, what: str) -> bytes:
    """Decompress a gzipped page (saved archives often are), within the size limit; a cut
    one is refused, not read in part."""
    return inflate(data, what=what, wbits=GZIP)


def read_file(path: Path) -> bytes:
    """The bytes of ``path``, checked for existence and size before reading."""
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory, not an article file")
    try:
        if path.stat().st_size > MAX_INPUT_BYTES and path.suffix != ".gz":
            raise InputError(f"{path} is larger than {MAX_INPUT_BYTES} bytes; refusing it")
        with path.open("rb") as handle:
            data = _read_limited(handle, str(path))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if data[:2] == b"\x1f\x8b" and path.suffix == ".gz":
        data = _gunzip(data, str(path))
    return data


def is_html(text: str, *, suffix: str = "", content_type: str | None = None) -> bool:
    """HTML by content first; the extension or content type decides only borderline cases."""
    if looks_like_html(text):
        return True
    hinted = suffix in _HTML_SUFFIXES or content_type in _HTML_TYPES
    return hinted and "<" in text[:4096] and ">" in text[:4096]


def article_from_text(
    text: str, *, html: bool, url: str | None = None, published: str | None = None
) -> Article:
    """An article from decoded HTML or plain text. ``url`` and ``published`` fill in only
    where the page has none (a page knows its own canonical URL and date best)."""
    if not text.strip():
        raise InputError("input is empty (no text to read)")
    article = parse_html(text, url=url) if html else parse_text(text, url=url)
    if not article.text.strip():
        raise InputError("input holds no article text")
    article.url = article.url or url
    article.published = article.published or published
    return article


def article_from_bytes(
    data: bytes,
    *,
    name: str = "",
    url: str | None = None,
    content_type: str | None = None,
    charset: str | None = None,
) -> Article:
    """Raw bytes read as every source reads them: decoded (declared charset first, binary
    refused), HTML told from text by content, with the file ``name``'s extension or the
    ``content_type`` deciding only borderline cases."""
    text = decode_bytes(data, declared=charset)
    suffixes = [s.lower() for s in Path(name).suffixes if s.lower() != ".gz"]
    html = is_html(text, suffix=(suffixes or [""])[-1], content_type=content_type)
    return article_from_text(text, html=html, url=url)


def load_article(
    source: str, *, published: str | None = None, stdin: BinaryIO | None = None
) -> Article:
    """Read an article from a file path, an http(s) URL, or "-" (stdin).

    ``published`` (YYYY-MM-DD) overrides whatever date the page carries.
    """
    override = validate_published(published) if published is not None else None
    if source == "-":
        stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise InputError("no standard input to read")
        article = article_from_bytes(_read_limited(stream, "standard input"))
    elif source.lower().startswith(("http://", "https://")):
        fetched = fetch_url(source, max_bytes=min(FETCH_MAX_BYTES, MAX_INPUT_BYTES))
        article = article_from_bytes(
            fetched.body,
            url=fetched.url,
            content_type=fetched.content_type,
            charset=fetched.charset,
        )
    else:
        article = article_from_bytes(read_file(Path(source)), name=source)
    if override is not None:
        article.published = override
    return article
