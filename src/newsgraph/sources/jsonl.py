"""JSON Lines corpora → articles: one ``{"url", "html"|"text", "published"}`` object a line.

This is how scraped corpora are usually exchanged. The file is streamed a line at a time
(it may be gigabytes, and ``.jsonl.gz`` too), each line bounded by the input size limit;
a line that is not such an object becomes an error item and reading goes on.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import IO, Any, cast

from newsgraph.config import MAX_INPUT_BYTES
from newsgraph.errors import InputError
from newsgraph.model import Article
from newsgraph.sources import article_from_text
from newsgraph.sources.items import SourceItem, iso_date, item_of

SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
_FIELDS = "{\"url\", \"html\" or \"text\", \"published\"}"


def is_jsonl(path: str) -> bool:
    return path.lower().endswith(SUFFIXES)


def read_jsonl(path: str | Path) -> Iterator[SourceItem]:
    """Every line of ``path`` as an item labelled "path:line" (blank lines are skipped).
    A file that cannot be opened at all is one error item."""
    name = str(path)
    try:
        handle = _open(name)
    except OSError as exc:
        yield SourceItem(name, error=f"cannot read {name}: {exc.strerror or exc}")
        return
    with handle:
        try:
            yield from _read_lines(handle, name)
        except (OSError, EOFError) as exc:  # truncated or damaged gzip stream
            yield SourceItem(name, error=f"{name} is damaged ({exc}); reading stopped")


def _open(name: str) -> IO[bytes]:
    if name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.GzipFile(name, "rb"))
    return open(name, "rb")


def _read_lines(handle: IO[bytes], name: str) -> Iterator[SourceItem]:
    number = 0
    while line := handle.readline(MAX_INPUT_BYTES + 1):
        number += 1
        label = f"{name}:{number}"
        if len(line) > MAX_INPUT_BYTES and not line.endswith(b"\n"):
            _skip_rest_of_line(handle)
            yield SourceItem(label, error=f"line is larger than {MAX_INPUT_BYTES} bytes")
            continue
        if line.strip():
            yield item_of(label, partial(parse_record, line))


def _skip_rest_of_line(handle: IO[bytes]) -> None:
    while (chunk := handle.readline(1 << 20)) and not chunk.endswith(b"\n"):
        pass


def parse_record(raw: bytes | str) -> Article:
    """One JSON Lines record to an article. ``published`` (YYYY-MM-DD or an ISO-8601
    timestamp) is the corpus's statement of the date and so overrides the page's."""
    record = _load_object(raw)
    url = _optional_str(record, "url")
    html, text = _optional_str(record, "html"), _optional_str(record, "text")
    if (html is None) == (text is None):
        raise InputError(f"record needs exactly one of \"html\" and \"text\"; expected {_FIELDS}")
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
