"""WARC archives → articles: the HTML pages of ``response`` records, read with warcio.

News crawls (Common Crawl News, Internet Archive collections) are distributed as WARC or
per-record gzipped ``.warc.gz`` files. Only successful (HTTP 200) HTML responses are
articles; everything else (requests, metadata, images, redirects) is skipped silently.
A damaged record is reported as an error item, and reading resumes at the next record
start found after it, so one bad byte range does not cost the rest of the archive.
"""

from __future__ import annotations

import zlib
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from newsgraph.config import MAX_INPUT_BYTES
from newsgraph.errors import InputError
from newsgraph.model import Article
from newsgraph.sources import article_from_text, decode_bytes
from newsgraph.sources.html import looks_like_html
from newsgraph.sources.items import SourceItem, iso_date, item_of

SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"\nWARC/1."
_SCAN_CHUNK = 1 << 20
# What a damaged archive raises inside warcio: bad headers, bad gzip, cut-off streams.
_DAMAGE = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
)


def is_warc(path: str) -> bool:
    return path.lower().endswith(SUFFIXES)


def read_warc(path: str | Path) -> Iterator[SourceItem]:
    """Every HTML response in the archive at ``path``, labelled "path#target-uri"."""
    name = str(path)
    try:
        handle = open(name, "rb")  # noqa: SIM115 (closed below; opening may itself fail)
    except OSError as exc:
        yield SourceItem(name, error=f"cannot read {name}: {exc.strerror or exc}")
        return
    with handle:
        marker = _GZIP_MAGIC if handle.read(2) == _GZIP_MAGIC[:2] else _WARC_MAGIC
        start: int | None = 0
        while start is not None:
            start = yield from _read_from(handle, name, start, marker)


def _read_from(
    handle: IO[bytes], name: str, start: int, marker: bytes
) -> Generator[SourceItem, None, int | None]:
    """Read records from ``start``; on damage, yield the error and return where the next
    record seems to begin (None at the end of the file)."""
    handle.seek(start)
    records = ArchiveIterator(handle)
    try:
        for record in records:
            if record.format != "warc":  # warcio falls back to reading junk as old ARC
                raise ArchiveLoadFailed("not a WARC record")
            item = record_item(record, name)
            if item is not None:
                yield item
    except _DAMAGE as exc:
        at = records.offset
        yield SourceItem(f"{name}@{at}", error=f"damaged WARC record at byte {at}: {exc}")
        return _next_record_start(handle, max(at, start) + 1, marker)
    return None


def _next_record_start(handle: IO[bytes], offset: int, marker: bytes) -> int | None:
    """The offset of the next record start (``marker``) at or after ``offset``."""
    skip = 1 if marker == _WARC_MAGIC else 0  # the marker starts with the preceding newline
    handle.seek(max(offset - skip, 0))
    position = handle.tell()
    tail = b""
    while chunk := handle.read(_SCAN_CHUNK):
        data = tail + chunk
        found = data.find(marker)
        if found >= 0:
            return position - len(tail) + found + skip
        tail = data[-(len(marker) - 1) :]
        position += len(chunk)
    return None


def record_item(record: Any, name: str) -> SourceItem | None:
    """The item for one WARC record, or None when it is not an HTML page answered 200."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type and media_type not in HTML_TYPES:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or None
    date = iso_date(record.rec_headers.get_header("WARC-Date"))
    label = f"{name}#{uri}" if uri else name
    return item_of(label, lambda: _article(record, uri, date, _charset(content_type)))


def _article(record: Any, uri: str | None, date: str | None, charset: str | None) -> Article:
    """Parse the payload; WARC-Date (the capture time) is used only if the page has no date."""
    try:
        payload = record.content_stream().read(MAX_INPUT_BYTES + 1)
        if len(payload) > MAX_INPUT_BYTES:
            raise InputError(f"record payload is larger than {MAX_INPUT_BYTES} bytes; skipped")
        if _cut_short(record.raw_stream):
            raise InputError("record is cut short (the archive ends inside it)")
    except _DAMAGE as exc:
        raise InputError(f"record payload is damaged ({exc})") from exc
    text = decode_bytes(payload, declared=charset)
    if not looks_like_html(text) and "<" not in text[:4096]:
        raise InputError("record is labelled HTML but holds no markup")
    return article_from_text(text, url=uri, html=True, published=date)


def _cut_short(raw: Any) -> bool:
    """Whether the archive ended before the record's declared length: warcio's limit
    reader then has bytes left to give after the stream is drained."""
    while raw.read(_SCAN_CHUNK):
        pass
    return int(getattr(raw, "limit", 0)) > 0


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
