"""Search by substring, for writing systems a word index cannot split.

Chinese and Japanese put no spaces between words, so a word index holds whole clauses as
single "words" and ``习近平`` matches none of them. Hebrew and Arabic attach prepositions
and the article to the word ("בירושלים", in Jerusalem; "السلام", the peace), so the word a
reader types is rarely the word stored. A query holding a letter of such a script is
looked up as substrings of the text (an FTS5 trigram table on SQLite, ``ILIKE`` with a
``pg_trgm`` index where there is one on PostgreSQL); every other query keeps the stemmed
word index, and falls back to substrings only when it found nothing and the query is not
plain ASCII ("Bundestag" inside "Bundestagswahl"). English search is unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from newsgraph.store.base import SearchHit

# The first word of the Unicode character names of scripts searched by substring.
SUBSTRING_SCRIPTS = frozenset(
    {
        "CJK",
        "HIRAGANA",
        "KATAKANA",
        "KATAKANA-HIRAGANA",
        "HALFWIDTH",
        "BOPOMOFO",
        "HANGUL",
        "YI",
        "THAI",
        "LAO",
        "KHMER",
        "MYANMAR",
        "TIBETAN",
        "HEBREW",
        "ARABIC",
        "SYRIAC",
    }
)
SNIPPET_CONTEXT = 30  # characters kept on each side of the first match
WORD_SLACK = 12  # characters a window may grow to end at a space rather than inside a word
MARK_OPEN, MARK_CLOSE, CUT = "«", "»", "…"


@lru_cache(maxsize=4096)
def _substring_letter(char: str) -> bool:
    return unicodedata.name(char, "").split(" ", 1)[0] in SUBSTRING_SCRIPTS


def inside_words(word: str) -> bool:
    """Whether ``word`` is written in a script whose words are found inside longer runs
    of letters (see the module), not only at a word start."""
    return any(_substring_letter(char) for char in word if not char.isascii())


def wanted(phrases: Sequence[Sequence[str]]) -> bool:
    """Search ``phrases`` by substring straight away (some word is of such a script)."""
    return any(inside_words(word) for words in phrases for word in words)


def retry(phrases: Sequence[Sequence[str]]) -> bool:
    """Retry by substring a query the word index found nothing for: one that is not plain
    ASCII (an English query keeps whole-word matching: "inister" never finds "minister")."""
    return any(not word.isascii() for words in phrases for word in words)


def needles(phrases: Sequence[Sequence[str]]) -> list[str]:
    """The strings that must each occur: a phrase's words joined by one space."""
    return list(dict.fromkeys(" ".join(words) for words in phrases if words))


def snippet(found: Sequence[str], title: str, text: str) -> str:
    """A plain-text window around the first needle in the body (else the title), each
    needle in it marked with « and », cut ends shown as "…". The window is counted in
    characters, as text without spaces has no words to count."""
    pattern = re.compile(
        "|".join(re.escape(n) for n in sorted(found, key=len, reverse=True)), re.IGNORECASE
    )
    source = text if pattern.search(text) else title
    first = pattern.search(source)
    if first is None:
        return source[: 2 * SNIPPET_CONTEXT]
    start = _to_space(source, max(first.start() - SNIPPET_CONTEXT, 0), -1)
    end = _to_space(source, min(first.end() + SNIPPET_CONTEXT, len(source)), 1)
    window = pattern.sub(lambda m: MARK_OPEN + m.group(0) + MARK_CLOSE, source[start:end])
    return (CUT if start > 0 else "") + window.strip() + (CUT if end < len(source) else "")


def hits(found: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[SearchHit]:
    """Rows of (id, title, published, text, score) from either backend's substring query
    as search hits, each with a snippet around the first needle found."""
    return [
        SearchHit(
            article_id=r[0],
            title=r[1],
            published=r[2],
            snippet=snippet(found, r[1], r[3]),
            rank=float(r[4]),
        )
        for r in rows
    ]


def _to_space(text: str, pos: int, step: int) -> int:
    """``pos`` moved (left for -1, right for 1) to the nearest space within WORD_SLACK
    characters, so a spaced script is not cut inside a word; else ``pos`` itself."""
    for moved in range(WORD_SLACK + 1):
        at = pos + step * moved
        if at <= 0 or at >= len(text):
            return max(0, min(at, len(text)))
        if text[at - 1 if step < 0 else at].isspace():
            return at
    return pos
