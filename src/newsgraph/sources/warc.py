"""WARC archives → articles: the HTML pages of ``response`` records, read with warcio.

News crawls (Common Crawl News, Internet Archive collections) are distributed as WARC or
per-record gzipped ``.warc.gz`` files. Only successful (HTTP 200) HTML responses are
articles; everything else (requests, metadata, images, redirects) is skipped silently.
A damaged record is reported as an error item, and reading resumes at the next record
start found after it, so one bad byte range does not cost the rest of the archive; an
archive that ends inside a record reports that record.

warcio trusts what it reads: it inflates and joins lines without bound and raises
whatever the bytes provoke. So it reads through :class:`_BoundedReader` (MAX_RECORD_BYTES,
MAX_HEADER_BYTES, MAX_ARCHIVE_INFLATED_BYTES) and anything it raises on one record is
that record's damage; a page's payload is decoded here, within MAX_INPUT_BYTES.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecordLoader

from newsgraph.config import (
    MAX_ARCHIVE_INFLATED_BYTES,
    MAX_HEADER_BYTES,
    MAX_INPUT_BYTES,
    MAX_RECORD_BYTES,
)
from newsgraph.errors import InputError
from newsgraph.model import Article
from newsgraph.sources import article_from_text, decode_bytes
from newsgraph.sources.html import looks_like_html
from newsgraph.sources.inflate import GZIP, ArchiveTooLarge, dechunk, decode_content
from newsgraph.sources.items import SourceItem, iso_date, item_of

SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"\nWARC/1."
_SCAN_CHUNK = 1 << 20
_MAX_MESSAGE = 200


class RecordTooLarge(InputError):
    """One record inflates past MAX_RECORD_BYTES, or its headers past MAX_HEADER_BYTES:
    it is skipped, and reading resumes at the next record."""


def is_warc(path: str) -> bool:
    return path.lower().endswith(SUFFIXES)


def read_warc(path: str | Path) -> Iterator[SourceItem]:
    """Every HTML response in the archive at ``path``, labelled "path#target-uri"; a
    failure that has no URI to name is labelled "path@offset"."""
    name = str(path)
    try:
        handle = open(name, "rb")  # noqa: SIM115 (closed below; opening may itself fail)
    except OSError as exc:
        yield SourceItem(name, error=f"cannot read {name}: {exc.strerror or exc}")
        return
    with handle:
        marker = _GZIP_MAGIC if handle.read(2) == _GZIP_MAGIC[:2] else _WARC_MAGIC
        budget = _Budget(name)
        start: int | None = 0
        while start is not None:
            start = yield from _read_from(handle, name, start, marker, budget)


def _read_from(
    handle: IO[bytes], name: str, start: int, marker: bytes, budget: _Budget
) -> Generator[SourceItem, None, int | None]:
    """Read records from ``start``; on damage, yield the error and return where the next
    record seems to begin (None at the end of the file)."""
    handle.seek(start)
    records = _Records(handle, budget)
    while True:
        try:
            record = next(records, None)
            if record is None:
                yield from _cut_at_end(handle, name, records.offset)
                return None
            item = _item(record, name, records.offset)
        except ArchiveTooLarge as exc:
            yield SourceItem(name, error=str(exc))
            return None
        except Exception as exc:  # warcio reading hostile bytes: anything is this record's
            at = records.offset
            yield SourceItem(f"{name}@{at}", error=_damage(exc, at))
            return _next_record_start(handle, max(at, start) + 1, marker)
        if item is not None:
            yield item


def _damage(exc: Exception, at: int) -> str:
    """One line saying why the record at ``at`` was skipped (warcio's messages run long)."""
    if isinstance(exc, RecordTooLarge):
        return f"WARC record at byte {at} skipped: {exc}"
    reason = " ".join(str(exc).split())[:_MAX_MESSAGE] or type(exc).__name__
    return f"damaged WARC record at byte {at}: {reason}"


def _item(record: Any, name: str, at: int) -> SourceItem | None:
    """:func:`record_item`, after checking the record is whole: a record skipped as no
    article but cut short is reported too (it is what an archive cut there lost)."""
    _check(record)
    item = record_item(record, name, at)
    if item is None and not _whole(record.raw_stream):
        return SourceItem(f"{name}@{at}", error=_cut_short(at))
    return item


def _cut_short(at: int) -> str:
    return f"WARC record at byte {at} is cut short (the archive ends inside it)"


def _whole(raw: Any) -> bool:
    """Drain the rest of a record in bounded pieces: whether it was all there (warcio's
    limit reader has bytes left to give when the archive ended before Content-Length)."""
    while raw.read(_SCAN_CHUNK):
        pass
    return int(getattr(raw, "limit", 0)) <= 0


def _check(record: Any) -> None:
    """Refuse a record warcio accepted that cannot be a whole one: not WARC (warcio falls
    back to reading junk as old ARC), or without a usable Content-Length (an archive cut
    inside the headers, or a length warcio would read to the end of the file)."""
    if record.format != "warc":
        raise ArchiveLoadFailed("not a WARC record")
    length = record.rec_headers.get_header("Content-Length") or ""
    if not length.strip().isdigit():
        raise ArchiveLoadFailed(f"no valid Content-Length ({length[:40]!r}); cut short?")


def _cut_at_end(handle: IO[bytes], name: str, offset: int) -> Iterator[SourceItem]:
    """The reading stopped before the end of the file: the archive ends inside a record
    whose start could not even be parsed (a cut gzip header, a cut WARC header)."""
    if offset < os.fstat(handle.fileno()).st_size:
        yield SourceItem(f"{name}@{offset}", error=_cut_short(offset))


def _next_record_start(handle: IO[bytes], offset: int, marker: bytes) -> int | None:
    """The offset of the next record start at or after ``offset``: a ``marker`` that
    really starts a record (inside compressed data the gzip magic turns up by chance)."""
    while (found := _find(handle, offset, marker)) is not None:
        if marker == _WARC_MAGIC or _starts_warc_member(handle, found):
            return found
        offset = found + 1
    return None


def _find(handle: IO[bytes], offset: int, marker: bytes) -> int | None:
    """The offset of the next ``marker`` at or after ``offset``, scanned in bounded chunks."""
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


def _starts_warc_member(handle: IO[bytes], offset: int) -> bool:
    """Whether a gzip member starting at ``offset`` opens with a WARC header line."""
    handle.seek(offset)
    try:
        return zlib.decompressobj(GZIP).decompress(handle.read(4096), 8).startswith(b"WARC/")
    except zlib.error:
        return False


def record_item(record: Any, name: str, at: int = 0) -> SourceItem | None:
    """The item for one WARC record (at byte ``at``), or None when it is not an HTML page
    answered 200. A response without a target URI is malformed: its failure."""
    uri = record.rec_headers.get_header("WARC-Target-URI") or None
    if record.rec_type == "response" and uri is None:
        return SourceItem(
            f"{name}@{at}",
            error=f"WARC response record at byte {at} has no WARC-Target-URI; skipped",
        )
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type and media_type not in HTML_TYPES:
        return None
    date = iso_date(record.rec_headers.get_header("WARC-Date"))
    label = f"{name}#{uri}"
    try:
        payload = _payload(record)
    except RecordTooLarge:
        raise
    except InputError as exc:
        return SourceItem(label, error=str(exc))
    return item_of(label, lambda: _article(payload, uri, date, _charset(content_type)))


def _payload(record: Any) -> bytes:
    """The page's bytes: the HTTP body read within MAX_INPUT_BYTES, the record drained to
    check it is whole, then de-chunked and decoded here within MAX_INPUT_BYTES again
    (warcio's content_stream() would inflate a chunk or an encoded body whole)."""
    body = record.raw_stream.read(MAX_INPUT_BYTES + 1)
    if not _whole(record.raw_stream):
        raise InputError("record is cut short (the archive ends inside it)")
    if len(body) > MAX_INPUT_BYTES:
        raise InputError(f"record payload is larger than {MAX_INPUT_BYTES} bytes; skipped")
    headers = record.http_headers
    if (headers.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        body = dechunk(body)
    return decode_content(body, headers.get_header("Content-Encoding"), what="record payload")


def _article(payload: bytes, uri: str | None, date: str | None, charset: str | None) -> Article:
    """Parse the payload; WARC-Date (the capture time) is used only if the page has no date."""
    text = decode_bytes(payload, declared=charset)
    if not looks_like_html(text) and "<" not in text[:4096]:
        raise InputError("record is labelled HTML but holds no markup")
    return article_from_text(text, url=uri, html=True, published=date)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


# ---------------------------------------------------------------------------- warcio, bounded


class _Budget:
    """What one archive has inflated to so far, against MAX_ARCHIVE_INFLATED_BYTES."""

    def __init__(self, name: str) -> None:
        self.name, self.used = name, 0

    def spend(self, inflated: int) -> None:
        self.used += inflated
        if self.used > MAX_ARCHIVE_INFLATED_BYTES:
            raise ArchiveTooLarge(self.name, MAX_ARCHIVE_INFLATED_BYTES)


class _BoundedReader(DecompressingBufferedReader):  # type: ignore[misc]  # warcio is untyped
    """warcio's archive reader with the bounds it lacks: bytes per record, header bytes
    per record (a line is never joined past them), inflated bytes per archive. A gzip
    member damaged part-way raises instead of being written to stderr and dropped."""

    decompressor: Any  # set by warcio: a zlib decompressor, or None for plain archives

    def __init__(self, stream: IO[bytes], budget: _Budget) -> None:
        super().__init__(stream)
        self.budget = budget
        self.record_bytes = self.header_bytes = 0

    def new_record(self) -> None:
        self.record_bytes = self.header_bytes = 0

    def _decompress(self, data: bytes) -> bytes:
        if not self.decompressor or not data:
            return data
        try:
            out: bytes = self.decompressor.decompress(data)
        except zlib.error as exc:
            if self.num_block_read == 0:  # not gzip at all: read as it is (warcio's rule)
                self.decompressor = None
                return data
            raise ArchiveLoadFailed(f"damaged gzip data ({exc})") from exc
        self.budget.spend(len(out))
        return out

    def _process_read(self, data: bytes) -> None:
        super()._process_read(data)
        self.record_bytes += len(data) and self.buff_size
        if self.record_bytes > MAX_RECORD_BYTES:
            raise RecordTooLarge(f"it inflates to more than {MAX_RECORD_BYTES} bytes")

    def readline(self, length: int | None = None) -> bytes:
        room = MAX_HEADER_BYTES - self.header_bytes + 1
        line: bytes = super().readline(room if length is None else min(length, room))
        self.header_bytes += len(line)
        if self.header_bytes > MAX_HEADER_BYTES:
            raise RecordTooLarge(f"its header lines run past {MAX_HEADER_BYTES} bytes")
        return line


class _Loader(ArcWarcRecordLoader):  # type: ignore[misc]  # warcio is untyped
    """warcio's record loader; a record without WARC-Target-URI has no HTTP headers to
    parse (warcio would raise AttributeError on it), and ``record_item`` reports it."""

    def load_http_headers(
        self, rec_type: str, uri: str | None, stream: Any, length: int | None
    ) -> Any:
        if uri is None:
            return None
        return super().load_http_headers(rec_type, uri, stream, length)


class _Records(ArchiveIterator):  # type: ignore[misc]  # warcio is untyped
    """warcio's record iterator over a :class:`_BoundedReader`, counting each record from
    its start, and without warcio's own warnings on stderr (damage is reported as items)."""

    def __init__(self, handle: IO[bytes], budget: _Budget) -> None:
        super().__init__(handle)
        self.reader = _BoundedReader(self.fh, budget)
        self.loader = _Loader()

    def _next_record(self, next_line: bytes | None) -> Any:
        self.reader.new_record()
        return super()._next_record(next_line)

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        """Skip the blank lines after a record; the next line starts the next record.
        (warcio also skips one stray line there, saying so on stderr: it would swallow the
        start of a record cut short. Here a stray line fails as a record and is reported.)"""
        empty_size = 0
        while line := self.reader.readline():
            if line.strip():
                return line, empty_size
            empty_size += len(line)
        return None, empty_size
