"""The Python API: what the CLI (and later the web app) call, and what users import.

from newsgraph import brief, ingest, open_store
b = brief("article.html", published="2026-01-05")
report = ingest(["articles/"], db="sqlite:///newsgraph.db")
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from newsgraph.errors import InputError, NewsgraphError
from newsgraph.model import Article, Brief
from newsgraph.pipeline import analyse, analyse_many
from newsgraph.sources import load_article, validate_published
from newsgraph.store import Store, open_store

# Parsing in two processes pays for its start-up (~3 s) only on larger batches.
PARALLEL_FROM = 64
PARALLEL_WORKERS = min(2, os.cpu_count() or 1)
ARTICLE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".md"}


def brief(source: str, *, published: str | None = None, stdin: BinaryIO | None = None) -> Brief:
    """Read one article (file path, http(s) URL or "-" for stdin) and understand it."""
    return analyse(load_article(source, published=published, stdin=stdin))


@dataclass
class IngestReport:
    """What one ingest run did: ids created and updated, and each input that failed."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.failed)


def expand_inputs(paths: Iterable[str]) -> list[str]:
    """Files as given; folders walked for article files, in a stable order."""
    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if raw.startswith(("http://", "https://")) or raw == "-" or not path.is_dir():
            out.append(raw)
            continue
        out += sorted(
            str(p) for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
        )
    return out


def _load_all(sources: list[str], published: str | None, report: IngestReport) -> Iterator[Article]:
    for source in sources:
        try:
            yield load_article(source, published=published)
        except NewsgraphError as exc:
            report.failed.append((source, str(exc)))


def ingest(
    paths: Iterable[str],
    *,
    db: str | Store | None = None,
    published: str | None = None,
    progress: Callable[[int], None] | None = None,
    n_process: int | None = None,
) -> IngestReport:
    """Analyse every article under ``paths`` and store the briefs.

    One bad input is recorded in the report and the run goes on; an article already in
    the store (same canonical URL or same text) is updated, not duplicated.
    """
    if published is not None:  # one bad option is one error, not one failure per file
        published = validate_published(published)
    sources = expand_inputs(paths)
    if not sources:
        raise InputError("no article files found in the given paths")
    report = IngestReport()
    store = open_store(db) if db is None or isinstance(db, str) else db
    try:
        workers = n_process or (PARALLEL_WORKERS if len(sources) >= PARALLEL_FROM else 1)
        for item in analyse_many(_load_all(sources, published, report), n_process=workers):
            result = store.save_brief(item)
            (report.created if result.created else report.updated).append(result.article_id)
            if progress is not None:
                progress(report.total)
    finally:
        if store is not db:
            store.close()
    return report


__all__ = ["IngestReport", "brief", "expand_inputs", "ingest", "open_store"]
