"""analyse(article) -> Brief: the whole single-article understanding, pure and without I/O.

Runs spaCy once over the body, then the stages in dependency order: entities (with roles,
captions and title mentions) first, because quotes and attributions resolve their speakers
against them; times and quantities are independent of the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.collection import settle_worker
from newsgraph.config import MAX_HEADLINE_CHARS, MAX_TEXT_CHARS
from newsgraph.model import Article, Brief, Quantity, TimeValue
from newsgraph.nlp.attribution import extract_attributions, headline_attributions
from newsgraph.nlp.bounds import doc_warnings
from newsgraph.nlp.convert import doc_text, load_nlp
from newsgraph.nlp.events import extract_events
from newsgraph.nlp.people import add_captions, build_entities
from newsgraph.nlp.quantities import doc_quantities, extract_quantities
from newsgraph.nlp.quotes import extract_quotes
from newsgraph.nlp.times import date_bound, extract_times, with_open_years_filled
from newsgraph.workers import can_fork, chunked, ordered_map

PIPE_BATCH = 16
WORKER_CHUNK = 4  # articles per worker task: small, so both workers stay busy to the end
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
    """Understand many articles as one stream through ``nlp.pipe`` (batched), yielding
    briefs in input order. With ``n_process`` > 1 each worker process parses and reads
    whole articles (:func:`newsgraph.workers.ordered_map`), so the caller's process only
    receives briefs."""
    nlp = nlp or load_nlp()
    if n_process > 1 and can_fork():
        chunks = chunked(articles, WORKER_CHUNK)
        for briefs in ordered_map(_analyse_chunk, chunks, n_process, _adopt, (nlp,)):
            yield from briefs
        return
    seen: dict[int, Article] = {}
    stream = nlp.pipe(_texts(articles, seen), as_tuples=True, batch_size=PIPE_BATCH)
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


_WORKER_NLP: list[Language] = []  # the pipeline a worker process was forked with


def _adopt(nlp: Language) -> None:
    """Runs once in each worker: keep the parent's loaded pipeline (inherited by fork),
    and leave the heap it inherited out of the cycle collector's walks."""
    _WORKER_NLP[:] = [nlp]
    settle_worker()


def _analyse_chunk(articles: list[Article]) -> list[Brief]:
    """One worker task: a few whole articles, parsed and read."""
    return list(analyse_many(articles, _WORKER_NLP[0] if _WORKER_NLP else None))


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
