"""JSON Lines corpora → articles: one ``{"url", "html"|"text", "published"}`` object a line.

This is how scraped corpora are usually exchanged. The file is streamed a line at a time
(it may be gigabytes, and ``.jsonl.gz`` too), each line bounded by the input size limit;
a line that is not such an object becomes an error item and reading goes on.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import IO, Any, cast

from newsgraph.config import MAX_ARCHIVE_INFLATED_BYTES, MAX_INPUT_BYTES
from newsgraph.errors import InputError
from newsgraph.model import Article
from newsgraph.sources import article_from_text
from newsgraph.sources.inflate import ArchiveTooLarge
from newsgraph.sources.items import SourceItem, iso_date, item_of

SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
_FIELDS = '{"url", "html" or "text", "published"}'
_BLOCK = 1 << 16
_TEXT = re.compile(rb"\S")


def is_jsonl(path: str) -> bool:
    return path.lower().endswith(SUFFIXES)


def read_jsonl(path: str | Path) -> Iterator[SourceItem]:
    """Every line of ``path`` as an item labelled "path:line" (blank lines are skipped).
    A file that cannot be opened at all is one error item, and so is a damaged gzip stream
    or one that inflates past MAX_ARCHIVE_INFLATED_BYTES (reading stops there)."""
    for label, line, error in raw_lines(path):
        if line is None:
            yield SourceItem(label, error=error)
        else:
            yield item_of(label, partial(parse_record, line))


def raw_lines(path: str | Path) -> Iterator[tuple[str, bytes | None, str | None]]:
    """(label, line, None) for every line with text, or (label, None, error) for a line
    over the size limit and for a file that cannot be read on (see ``read_jsonl``): the
    one bounded reader behind ``ingest`` and ``batch``."""
    name = str(path)
    try:
        handle = _open(name)
    except OSError as exc:
        yield name, None, f"cannot read {name}: {exc.strerror or exc}"
        return
    with handle:
        try:
            for number, line in _lines(_blocks(handle, name)):
                error = (
                    None if line is not None else (f"line is larger than {MAX_INPUT_BYTES} bytes")
                )
                yield f"{name}:{number}", line, error
        except (OSError, EOFError, zlib.error) as exc:  # truncated or damaged gzip stream
            yield name, None, f"{name} is damaged ({exc}); reading stopped"
        except ArchiveTooLarge as exc:
            yield name, None, str(exc)


def _open(name: str) -> IO[bytes]:
    if name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.GzipFile(name, "rb"))
    return open(name, "rb")


def _blocks(handle: IO[bytes], name: str) -> Iterator[bytes]:
    """The file in blocks; a gzipped one held to MAX_ARCHIVE_INFLATED_BYTES, inflated."""
    limit = MAX_ARCHIVE_INFLATED_BYTES if name.lower().endswith(".gz") else None
    used = 0
    while block := handle.read(_BLOCK):
        used += len(block)
        if limit is not None and used > limit:
            raise ArchiveTooLarge(name, limit)
        yield block


def _lines(blocks: Iterable[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """(number, line) for every line with text in it, None in place of a line longer than
    MAX_INPUT_BYTES (never held whole). Blank lines are stepped over a block at a time:
    a file of a billion empty lines costs seconds, not a Python loop per line."""
    number, size = 1, 0  # the line's number and its length so far (-1: too long)
    parts: list[bytes] = []
    for block in blocks:
        at = 0
        while at < len(block):
            if size == 0:
                at, number = _past_blank(block, at, number)
            end = block.find(b"\n", at)
            stop = len(block) if end < 0 else end
            if size >= 0:
                parts.append(block[at:stop])
                size += stop - at
                if size > MAX_INPUT_BYTES:
                    parts, size = [], -1
            if end < 0:
                break
            yield from _unless_blank(number, parts, size)
            number, parts, size, at = number + 1, [], 0, end + 1
    yield from _unless_blank(number, parts, size)


def _unless_blank(number: int, parts: list[bytes], size: int) -> Iterator[tuple[int, bytes | None]]:
    if size < 0:
        yield number, None
    elif (line := b"".join(parts)).strip():
        yield number, line


def _past_blank(block: bytes, at: int, number: int) -> tuple[int, int]:
    """Past the blank lines at ``at``: where the next line with text starts (else the start
    of the block's last, unfinished line), and that line's number."""
    found = _TEXT.search(block, at)
    end = len(block) if found is None else found.start()
    start = block.rfind(b"\n", at, end) + 1 or at
    return start, number + block.count(b"\n", at, start)


def parse_record(raw: bytes | str) -> Article:
    """One JSON Lines record to an article. ``published`` (YYYY-MM-DD or an ISO-8601
    timestamp) is the corpus's statement of the date and so overrides the page's."""
    record = _load_object(raw)
    url = _optional_str(record, "url")
    html, text = _optional_str(record, "html"), _optional_str(record, "text")
    if (html is None) == (text is None):
        raise InputError(f'record needs exactly one of "html" and "text"; expected {_FIELDS}')
    published = _optional_str(record, "published")
    date = iso_date(published)
    if published is not None and date is None:
        raise InputError(f"published must be YYYY-MM-DD or an ISO-8601 time, got {published!r}")
    article = article_from_text(html or text or "", url=url, html=html is not None)
    article.published = date or article.published
    return article


def _load_object(raw: bytes | str) -> dict[str, Any]:
    try:
        record = json.loads(raw)
    except UnicodeDecodeError as exc:
        raise InputError("line is not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"line is not valid JSON ({exc.msg} at column {exc.colno})") from exc
    except RecursionError as exc:
        raise InputError("line nests JSON too deeply to read") from exc
    if not isinstance(record, dict):
        raise InputError(f"line is not a JSON object; expected {_FIELDS}")
    return record


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"field {key!r} must be a string, got {type(value).__name__}")
    return value
