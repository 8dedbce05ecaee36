"""analyse(article) -> Brief: the whole single-article understanding, pure and without I/O.

Runs spaCy once over the body, then the stages in dependency order: entities (with roles,
captions and title mentions) first, because quotes and attributions resolve their speakers
against them; times and quantities are independent of the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.model import Article, Brief, Quantity, TimeValue
from newsgraph.nlp.attribution import extract_attributions
from newsgraph.nlp.convert import load_nlp
from newsgraph.nlp.people import add_captions, build_entities
from newsgraph.nlp.quantities import extract_quantities
from newsgraph.nlp.quotes import extract_quotes
from newsgraph.nlp.times import extract_times

PIPE_BATCH = 16


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
    return Brief(
        document=article,
        entities=index.entities,
        events=[],
        quotes=extract_quotes(doc, index.resolve),
        attributions=extract_attributions(doc, index.resolve),
        quantities=head_quantities + extract_quantities(doc),
        times=head_times + extract_times(doc, anchor),
    )


def _empty_brief(article: Article) -> Brief:
    """A non-English or empty body: the document is kept, nothing is guessed from it."""
    return Brief(document=article)


def analyse(article: Article, nlp: Language | None = None) -> Brief:
    """Understand one article."""
    if article.language not in {"en", "und"} or not article.text.strip():
        return _empty_brief(article)
    nlp = nlp or load_nlp()
    fields = headline_texts(article)
    headlines = [(f, d) for (f, _), d in zip(fields, nlp.pipe(t for _, t in fields), strict=True)]
    return brief_from_doc(article, nlp(article.text), nlp, headlines)


def analyse_many(articles: Iterable[Article], nlp: Language | None = None) -> Iterator[Brief]:
    """Understand many articles, parsing their bodies in batches (much faster than one by one)."""
    nlp = nlp or load_nlp()
    pending: list[Article] = []
    for article in articles:
        pending.append(article)
        if len(pending) >= PIPE_BATCH:
            yield from _flush(pending, nlp)
            pending = []
    yield from _flush(pending, nlp)


def _flush(articles: list[Article], nlp: Language) -> Iterator[Brief]:
    english = [a for a in articles if a.language in {"en", "und"} and a.text.strip()]
    texts: list[str] = []
    for a in english:
        texts += [a.text, *(t for _, t in headline_texts(a))]
    parsed = iter(nlp.pipe(texts, batch_size=PIPE_BATCH))
    briefs: dict[int, Brief] = {}
    for a in english:
        doc = next(parsed)
        headlines = [(f, next(parsed)) for f, _ in headline_texts(a)]
        briefs[id(a)] = brief_from_doc(a, doc, nlp, headlines)
    for article in articles:
        yield briefs.get(id(article)) or _empty_brief(article)
