"""analyse(article) -> Brief: the whole single-article understanding, pure and without I/O.

Runs spaCy once over the body, then the stages in dependency order: entities (with roles,
captions and title mentions) first, because quotes and attributions resolve their speakers
against them; times and quantities are independent of the rest.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import multiprocessing.queues
import os
import signal
import threading
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any
from warnings import catch_warnings, filterwarnings

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.config import MAX_HEADLINE_CHARS, MAX_TEXT_CHARS
from newsgraph.model import Article, Brief, Quantity, TimeValue
from newsgraph.nlp.attribution import extract_attributions, headline_attributions
from newsgraph.nlp.bounds import doc_warnings
from newsgraph.nlp.convert import load_nlp
from newsgraph.nlp.events import extract_events
from newsgraph.nlp.people import add_captions, build_entities
from newsgraph.nlp.quantities import doc_quantities, extract_quantities
from newsgraph.nlp.quotes import extract_quotes
from newsgraph.nlp.speech import doc_text
from newsgraph.nlp.times import date_bound, extract_times, with_open_years_filled

PIPE_BATCH = 16
LOG = logging.getLogger("newsgraph.pipeline")


def publication_date(article: Article) -> date | None:
    """The anchor for relative times; None when the article carries no usable date."""
    if not article.published:
        return None
    try:
        return date.fromisoformat(article.published[:10])
    except ValueError:
        return None


HEADLINE_FIELDS = ("title", "subtitle")


def headline_texts(article: Article) -> list[tuple[str, str]]:
    """(field, text) of the title and subtitle: numbers and dates there count too."""
    return [(f, getattr(article, f)) for f in HEADLINE_FIELDS if getattr(article, f)]


def _headline_facts(
    docs: list[tuple[str, Doc]],
    anchor: date | None,
) -> tuple[list[Quantity], list[TimeValue]]:
    quantities: list[Quantity] = []
    times: list[TimeValue] = []
    for field_name, doc in docs:
        found_q, found_t = extract_quantities(doc), extract_times(doc, anchor)
        for evidence in [q.evidence for q in found_q] + [t.evidence for t in found_t]:
            evidence.field = field_name
        quantities += found_q
        times += found_t
    return quantities, times


def brief_from_doc(
    article: Article, doc: Doc, nlp: Language, headlines: list[tuple[str, Doc]] | None = None
) -> Brief:
    """Every stage over an already parsed body (and, if given, parsed headlines)."""
    anchor = publication_date(article)
    index = build_entities(doc, anchor)
    add_captions(index, article.captions, nlp)
    head_quantities, head_times = _headline_facts(headlines or [], anchor)
    times = extract_times(doc, anchor)
    bound = date_bound(doc, times) if anchor is None else None
    if bound is not None:  # an undated page: its written dates give the years it leaves out
        head_times = with_open_years_filled(head_times, bound)
        times = with_open_years_filled(times, bound)
    attributions = extract_attributions(doc, index.resolve)
    return Brief(
        document=article,
        entities=index.entities,
        events=extract_events(doc, index, times, attributions, anchor),
        quotes=extract_quotes(doc, index.resolve),
        attributions=attributions + headline_attributions(headlines or [], index.entities),
        quantities=head_quantities + doc_quantities(doc),
        times=head_times + times,
    )


def _empty_brief(article: Article) -> Brief:
    """A non-English or empty body: the document is kept, nothing is guessed from it."""
    return Brief(document=article)


def _is_analysable(article: Article) -> bool:
    return article.language in {"en", "und"} and bool(article.text.strip())


def bounded(article: Article) -> Article:
    """The article with its body cut to MAX_TEXT_CHARS as the sources cut it (an article
    built in code or read from JSON rows has met no source)."""
    if len(article.text) <= MAX_TEXT_CHARS:
        return article
    from newsgraph.sources.text import truncate_body  # the sources' cut (their imports are heavy)

    cut_from = article.cut_from or len(article.text)
    return replace(article, text=truncate_body(article.text, MAX_TEXT_CHARS), cut_from=cut_from)


def parsed_article(article: Article, body: Doc) -> Article:
    """The article as far as its body was parsed: the tokenizer's bounds may have cut the
    doc to a prefix of the text, and the brief's offsets index what was parsed."""
    parsed = len(doc_text(body))  # read once: every stage after this reuses it
    if parsed >= len(article.text):
        return article
    cut_from = article.cut_from or len(article.text)
    return replace(article, text=article.text[:parsed], cut_from=cut_from)


def bound_warnings(article: Article, body: Doc, headlines: list[tuple[str, Doc]]) -> list[str]:
    """What the input bounds cut, or tokenized differently, or a stage skipped, said in
    the brief's warnings (``article`` as it was before the doc's own cut, if any)."""
    notes = []
    if article.cut_from is not None:
        notes.append(
            f"body cut from {article.cut_from:,} to {len(article.text):,} characters before "
            f"analysis (MAX_TEXT_CHARS={MAX_TEXT_CHARS:,}): the rest was not analysed"
        )
    notes += doc_warnings(body)
    for field_name, doc in headlines:
        if len(getattr(article, field_name)) > MAX_HEADLINE_CHARS:
            notes.append(
                f"{field_name} longer than {MAX_HEADLINE_CHARS:,} characters: "
                "only its start was analysed"
            )
        notes += [f"{field_name}: {note}" for note in doc_warnings(doc)]
    return notes


def analyse(article: Article, nlp: Language | None = None) -> Brief:
    """Understand one article."""
    return next(analyse_many([article], nlp))


def _texts(
    articles: Iterable[Article], seen: dict[int, Article]
) -> Iterator[tuple[str, tuple[int, str]]]:
    """What to parse, tagged with its article's number and field: body first, then headlines.
    Tags are plain data because worker processes send them back pickled."""
    for n, given in enumerate(articles):
        article = seen[n] = bounded(given)
        if not _is_analysable(article):
            yield "", (n, "skip")
            continue
        yield article.text, (n, "text")
        for field_name, text in headline_texts(article):
            yield text[:MAX_HEADLINE_CHARS], (n, field_name)


def analyse_many(
    articles: Iterable[Article], nlp: Language | None = None, n_process: int = 1
) -> Iterator[Brief]:
    """Understand many articles as one stream through ``nlp.pipe`` (batched, and spread over
    ``n_process`` processes when asked), yielding briefs in input order."""
    nlp = nlp or load_nlp()
    seen: dict[int, Article] = {}
    stream = _interruptible(
        nlp.pipe(
            _texts(articles, seen), as_tuples=True, batch_size=PIPE_BATCH, n_process=n_process
        ),
        n_process,
    )
    current = -1
    body: Doc | None = None
    headlines: list[tuple[str, Doc]] = []
    for doc, (n, field_name) in stream:
        if n != current:
            if current >= 0:
                yield _finish(seen.pop(current), body, headlines, nlp)
            current, body, headlines = n, None, []
        if field_name == "text":
            body = doc
        elif field_name != "skip":
            headlines.append((field_name, doc))
    if current >= 0:
        yield _finish(seen.pop(current), body, headlines, nlp)


def _interruptible(stream: Iterator[Any], n_process: int) -> Iterator[Any]:
    """spaCy's stream of parsed docs, safe to leave early (Ctrl-C, a store error, a caller
    that stops reading) while worker processes run: see :class:`_Workers`."""
    if n_process <= 1:
        yield from stream
        return
    workers = _Workers()
    with workers.on_interrupt():
        finished = False
        try:
            # Not ``yield from``: closing this generator would close spaCy's first, and its
            # clean-up would wait on workers that have not been stopped yet.
            for doc in stream:  # noqa: UP028
                yield doc
            finished = True
        finally:
            if not finished:
                workers.stop()
                with catch_warnings():  # spaCy's W127 "not all workers completed": we stopped them
                    filterwarnings("ignore", message=r"\[W127\]")
                    stream.close()  # type: ignore[attr-defined]


class _Workers:
    """The worker processes (and their task queues) that spaCy's ``nlp.pipe`` starts during
    one parallel run. Left early, spaCy's own clean-up joins its workers, and they can
    block for ever on a full pipe that nobody reads; at exit the parent then waits for ever
    on the queue threads that feed them. So the parent stops them first."""

    def __init__(self) -> None:
        self.parent = os.getpid()
        self.before = set(multiprocessing.active_children())
        self.queues_before = weakref.WeakSet(_queues())

    def started(self) -> list[BaseProcess]:
        return [p for p in multiprocessing.active_children() if p not in self.before]

    def stop(self) -> None:
        """End the workers, and let the interpreter exit without flushing their queues
        (the texts in them are no longer wanted)."""
        for process in self.started():
            process.terminate()
            process.join(timeout=5)
        for queue in _queues():
            if queue not in self.queues_before:
                queue.cancel_join_thread()

    @contextmanager
    def on_interrupt(self) -> Iterator[None]:
        """Ctrl-C goes to every process of the job, and each worker would print its own
        KeyboardInterrupt traceback. Forked workers inherit this handler: there it exits
        at once and quietly; in the parent it passes the signal on to its workers and
        raises KeyboardInterrupt for the caller to report. A program with its own SIGINT
        handler keeps it (and its workers ignore the signal)."""
        previous = signal.getsignal(signal.SIGINT)
        main = threading.current_thread() is threading.main_thread()
        if previous in (signal.SIG_IGN, None) or not main:  # nothing to guard, or no right to
            yield
            return
        stops = previous in (signal.default_int_handler, signal.SIG_DFL)

        def handler(signum: int, frame: FrameType | None) -> None:
            if os.getpid() != self.parent:
                if stops:
                    os._exit(0)
            elif not stops and callable(previous):
                previous(signum, frame)
            else:
                for process in self.started():
                    if process.pid is not None:
                        os.kill(process.pid, signal.SIGINT)
                raise KeyboardInterrupt

        signal.signal(signal.SIGINT, handler)
        try:
            yield
        finally:
            if threading.current_thread() is threading.main_thread():
                signal.signal(signal.SIGINT, previous)


def _queues() -> list[multiprocessing.queues.Queue[Any]]:
    """Every multiprocessing queue alive in this process (spaCy keeps its own to itself)."""
    return [o for o in gc.get_objects() if isinstance(o, multiprocessing.queues.Queue)]


def _finish(
    article: Article, body: Doc | None, headlines: list[tuple[str, Doc]], nlp: Language
) -> Brief:
    if body is None:
        return _empty_brief(article)
    parsed = parsed_article(article, body)
    try:
        brief = brief_from_doc(parsed, body, nlp, headlines)
    except Exception as exc:  # one article's failure must never stop a batch
        LOG.warning("analysis failed for %r: %s", article.title or article.url, exc)
        brief = _empty_brief(parsed)
        brief.warnings.append(f"analysis failed ({type(exc).__name__}: {exc}); facts omitted")
    brief.warnings[:0] = bound_warnings(article, body, headlines)  # stages note bounds too
    return brief
