"""What the rule stages read of every token, read once per doc.

spaCy builds a new ``Token`` object on every ``doc[i]`` and decodes its strings again on
every attribute access. The rule stages walk an article several times over (known
organisations, places, given names, acronyms, sports words, source phrases, predicates),
so they read these lists instead: one pass over the doc, kept in ``doc.user_data`` as
``convert.doc_text`` keeps the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from newsgraph.nlp.convert import doc_text

_KEY = "newsgraph.token_table"


@dataclass(frozen=True)
class TokenTable:
    """Per token, by position: its text, lower-cased form, coarse part of speech, entity
    label (``ent_type_``), character offset and shape."""

    text: list[str]
    lower: list[str]
    pos: list[str]
    ent_type: list[str]
    start: list[int]
    title: list[bool]
    upper: list[bool]
    alpha: list[bool]
    space: list[bool]

    def joined(self, i: int) -> bool:
        """Whether token ``i`` touches the next one (there must be one): ``not
        doc[i].whitespace_``, as a token's trailing space is all that lies between them."""
        return self.start[i + 1] == self.start[i] + len(self.text[i])

    def span_text(self, doc: Doc, i: int, j: int) -> str:
        """``doc[i:j].text`` (``j > i``) without building the span: the doc's text from the
        first token's offset to the end of the last token's text."""
        return doc_text(doc)[self.start[i] : self.start[j - 1] + len(self.text[j - 1])]


def lower_words(span: Span) -> list[str]:
    """``[t.lower_ for t in span]``, from the doc's table."""
    return token_table(span.doc).lower[span.start : span.end]


def token_table(doc: Doc) -> TokenTable:
    """The doc's table, read on first use."""
    kept = doc.user_data.get(_KEY)
    if isinstance(kept, TokenTable):
        return kept
    tokens = list(doc)
    table = TokenTable(
        text=[t.text for t in tokens],
        lower=[t.lower_ for t in tokens],
        pos=[t.pos_ for t in tokens],
        ent_type=[t.ent_type_ for t in tokens],
        start=[t.idx for t in tokens],
        title=[t.is_title for t in tokens],
        upper=[t.is_upper for t in tokens],
        alpha=[t.is_alpha for t in tokens],
        space=[t.is_space for t in tokens],
    )
    doc.user_data[_KEY] = table
    return table
