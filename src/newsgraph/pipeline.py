"""analyse(article) -> Brief: the whole single-article understanding, pure and without I/O.

Runs spaCy once over the body, then the stages in dependency order: entities (with roles,
captions and title mentions) first, because quotes and attributions resolve their speakers
against them; times and quantities are independent of the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.model import Article, Brief, Quantity, TimeValue
from newsgraph.nlp.attribution import extract_attributions
from newsgraph.nlp.convert import load_nlp
from newsgraph.nlp.events import extract_events
from newsgraph.nlp.people import add_captions, build_entities
from newsgraph.nlp.quantities import extract_quantities
from newsgraph.nlp.quotes import extract_quotes
from newsgraph.nlp.times import extract_times

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
    attributions = extract_attributions(doc, index.resolve)
    return Brief(
        document=article,
        entities=index.entities,
        events=extract_events(doc, index, times, attributions, anchor),
        quotes=extract_quotes(doc, index.resolve),
        attributions=attributions,
        quantities=head_quantities + extract_quantities(doc),
        times=head_times + times,
    )


def _empty_brief(article: Article) -> Brief:
    """A non-English or empty body: the document is kept, nothing is guessed from it."""
    return Brief(document=article)


def _is_analysable(article: Article) -> bool:
    return article.language in {"en", "und"} and bool(article.text.strip())


def analyse(article: Article, nlp: Language | None = None) -> Brief:
    """Understand one article."""
    return next(analyse_many([article], nlp))


def _texts(
    articles: Iterable[Article], seen: dict[int, Article]
) -> Iterator[tuple[str, tuple[int, str]]]:
    """What to parse, tagged with its article's number and field: body first, then headlines.
    Tags are plain data because worker processes send them back pickled."""
    for n, article in enumerate(articles):
        seen[n] = article
        if not _is_analysable(article):
            yield "", (n, "skip")
            continue
        yield article.text, (n, "text")
        for field_name, text in headline_texts(article):
            yield text, (n, field_name)


def analyse_many(
    articles: Iterable[Article], nlp: Language | None = None, n_process: int = 1
) -> Iterator[Brief]:
    """Understand many articles as one stream through ``nlp.pipe`` (batched, and spread over
    ``n_process`` processes when asked), yielding briefs in input order."""
    nlp = nlp or load_nlp()
    seen: dict[int, Article] = {}
    stream = nlp.pipe(
        _texts(articles, seen), as_tuples=True, batch_size=PIPE_BATCH, n_process=n_process
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


def _finish(
    article: Article, body: Doc | None, headlines: list[tuple[str, Doc]], nlp: Language
) -> Brief:
    if body is None:
        return _empty_brief(article)
    try:
        return brief_from_doc(article, body, nlp, headlines)
    except Exception as exc:  # one article's failure must never stop a batch
        LOG.warning("analysis failed for %r: %s", article.title or article.url, exc)
        brief = _empty_brief(article)
        brief.warnings.append(f"analysis failed ({type(exc).__name__}: {exc}); facts omitted")
        return brief
