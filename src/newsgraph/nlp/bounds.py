"""Bounds on what spaCy is handed, so that no shape of input costs more than linear time.

spaCy's tokenizer strips prefixes and suffixes off each space-free string one at a time,
re-slicing and re-searching the rest each time: a run of n quotation marks, brackets or
exclamation marks costs about n² or worse (20,000 "!" take minutes), and some long
space-free strings ("12:3" repeated, URL-like ones) grow the same way. So a run of over
MAX_MARK_RUN marks is cut into tokens of MAX_WORD_CHARS marks that never reach the
tokenizer, and other space-free strings over MAX_WORD_CHARS are tokenized in pieces. The
parser and every stage after it cost about the same per token, so a doc with more tokens
than ``MAX_DOC_TOKENS`` is cut at a paragraph (else sentence) end. Every cut leaves a note
in the doc (see :func:`doc_warnings`; stages add theirs with :func:`add_warning`), which
the pipeline reports in the brief's warnings. The text of the doc is always the text
given, or a prefix of it, character for character: offsets into it stay offsets into the
article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.config import MAX_DOC_TOKENS, MAX_MARK_RUN, MAX_WORD_CHARS

WARNINGS_KEY = "newsgraph.warnings"
# A run of marks longer than MAX_MARK_RUN, or a space-free string longer than
# MAX_WORD_CHARS; either keeps a single space after it, as a token's trailing space.
_HARD_RUN = re.compile(rf"(?:[^\w\s]{{{MAX_MARK_RUN + 1},}}|\S{{{MAX_WORD_CHARS + 1},}}) ?")
_MARKS = re.compile(rf"[^\w\s]{{{MAX_MARK_RUN + 1},}}")
_SENTENCE_END = frozenset({".", "!", "?"})


def doc_warnings(doc: Doc) -> list[str]:
    """The notes the bounds left on ``doc``: what was cut or tokenized differently."""
    notes = doc.user_data.get(WARNINGS_KEY)
    return [str(n) for n in notes] if isinstance(notes, list) else []


def add_warning(doc: Doc, note: str) -> None:
    """Note on ``doc`` that a bound cut or skipped something (the brief will say so)."""
    notes = doc.user_data.setdefault(WARNINGS_KEY, [])
    if note not in notes:
        notes.append(note)


def _pieces(run: str) -> Iterator[tuple[bool, str]]:
    """A hard run as (is_marks, piece): runs of marks apart from the rest, every piece
    at most MAX_WORD_CHARS long."""
    at = 0
    for marks in _MARKS.finditer(run):
        yield from _fixed(False, run[at : marks.start()], MAX_WORD_CHARS)
        yield from _fixed(True, marks.group(), MAX_WORD_CHARS)
        at = marks.end()
    yield from _fixed(False, run[at:], MAX_WORD_CHARS)


def _fixed(is_marks: bool, text: str, size: int) -> Iterator[tuple[bool, str]]:
    for start in range(0, len(text), size):
        yield is_marks, text[start : start + size]


def _run_docs(tokenize: Callable[[str], Doc], vocab: Vocab, run: str) -> list[Doc]:
    """Docs for one hard run: marks as tokens of their own, never seen by the tokenizer;
    other pieces tokenized one by one. A space after the run trails its last token."""
    body = run.removesuffix(" ")
    pieces = list(_pieces(body))
    docs: list[Doc] = []
    marks: list[str] = []
    for n, (is_marks, piece) in enumerate(pieces):
        space = " " if n == len(pieces) - 1 and body != run else ""
        if is_marks:
            marks.append(piece)
            if space or n == len(pieces) - 1 or not pieces[n + 1][0]:
                spaces = [False] * (len(marks) - 1) + [bool(space)]
                docs.append(Doc(vocab, words=marks, spaces=spaces))
                marks = []
        else:
            docs.append(tokenize(piece + space))
    return docs


def bounded_tokens(tokenize: Callable[[str], Doc], vocab: Vocab, text: str) -> Doc:
    """``tokenize(text)``, except that no run of marks longer than MAX_MARK_RUN and no
    space-free string longer than MAX_WORD_CHARS reaches ``tokenize`` whole."""
    runs = list(_HARD_RUN.finditer(text))
    if not runs:
        return tokenize(text)
    docs: list[Doc] = []
    at = 0
    for run in runs:
        if run.start() > at:
            docs.append(tokenize(text[at : run.start()]))
        docs += _run_docs(tokenize, vocab, run.group())
        at = run.end()
    if at < len(text):
        docs.append(tokenize(text[at:]))
    doc = Doc.from_docs([d for d in docs if len(d)], ensure_whitespace=False)
    longest = max(len(run.group().rstrip(" ")) for run in runs)
    add_warning(
        doc,
        f"text without spaces up to {longest:,} characters long was tokenized in pieces "
        f"(runs of marks over {MAX_MARK_RUN}, other strings over {MAX_WORD_CHARS} characters)",
    )
    return doc


def cut_point(doc: Doc, limit: int) -> int:
    """Where to end a doc of more than ``limit`` tokens: after the last paragraph break in
    the second half of the limit, else after the last sentence-final mark there, else at
    the limit itself."""
    floor = limit // 2
    for i in range(limit - 1, floor, -1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            return i + 1
    for i in range(limit - 1, floor, -1):
        if doc[i].text in _SENTENCE_END:
            return i + 1
    return limit


def cut_tokens(doc: Doc, limit: int | None = None) -> Doc:
    """``doc`` itself, or its first tokens up to a paragraph end when it has over ``limit``
    (default: MAX_DOC_TOKENS)."""
    limit = MAX_DOC_TOKENS if limit is None else limit
    if len(doc) <= limit:
        return doc
    kept = doc[: cut_point(doc, limit)].as_doc()
    for note in doc_warnings(doc):
        add_warning(kept, note)
    add_warning(
        kept,
        f"text cut after {len(kept):,} of {len(doc):,} tokens (MAX_DOC_TOKENS={limit:,}): "
        f"the last {len(doc.text) - len(kept.text):,} characters were not analysed",
    )
    return kept


class BoundedTokenizer:
    """A spaCy tokenizer wrapped in the bounds above (``nlp.tokenizer = BoundedTokenizer(
    nlp.tokenizer, nlp.vocab)``); every other attribute is the wrapped tokenizer's."""

    def __init__(self, tokenizer: Callable[[str], Doc], vocab: Vocab) -> None:
        self.tokenizer = tokenizer
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        return cut_tokens(bounded_tokens(self.tokenizer, self.vocab, text))

    def __getattr__(self, name: str) -> Any:
        if name == "tokenizer":  # not set yet (while unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.tokenizer, name)
