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

from newsgraph.model import Article, Brief
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


def brief_from_doc(article: Article, doc: Doc, nlp: Language) -> Brief:
    """Every stage over an already parsed body."""
    anchor = publication_date(article)
    index = build_entities(doc, anchor)
    add_captions(index, article.captions, nlp)
    return Brief(
        document=article,
        entities=index.entities,
        events=[],
        quotes=extract_quotes(doc, index.resolve),
        attributions=extract_attributions(doc, index.resolve),
        quantities=extract_quantities(doc),
        times=extract_times(doc, anchor),
    )


def _empty_brief(article: Article) -> Brief:
    """A non-English or empty body: the document is kept, nothing is guessed from it."""
    return Brief(document=article)


def analyse(article: Article, nlp: Language | None = None) -> Brief:
    """Understand one article."""
    if article.language not in {"en", "und"} or not article.text.strip():
        return _empty_brief(article)
    nlp = nlp or load_nlp()
    return brief_from_doc(article, nlp(article.text), nlp)


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
    docs = dict(zip((id(a) for a in english), nlp.pipe(a.text for a in english), strict=True))
    for article in articles:
        doc = docs.get(id(article))
        yield _empty_brief(article) if doc is None else brief_from_doc(article, doc, nlp)
