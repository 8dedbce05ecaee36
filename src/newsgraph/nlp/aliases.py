"""Aliases an article states for a person: 'Mahmoud Abbas, also known as Abu Mazen', 'known
by his nom de guerre Abu Ibrahim', 'Ilich Ramírez Sánchez (born ...)', 'Isaac "Bougie"
Herzog'.

The press introduces a second name once and then may use either; another article may use
only the second. Joined to the entity as aliases, such names let cross-article resolution
(``resolve/entities.py``) file the person under both. The phrases are data
(``data/aliases.json``); the functions here are pure text functions, so the resolver and
the evaluation can call them without spaCy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources

from newsgraph.model import Entity

# A name as the press writes it: capitalised words, with the joining words Arabic and
# European names use ('al-Badri', 'bin Salman', 'Carlos the Jackal').
_WORD = r"[A-Z][\w'\u2019\u2010\u2011-]*"
_JOIN = r"(?:(?:al|el|bin|ibn|abu|de|da|del|van|von|the)\s+|(?:al|el|ad|as|ash)[-\u2010\u2011])?"
ALIAS_NAME = rf"{_WORD}(?:[ \u00a0]{_JOIN}{_WORD}){{0,5}}"


@lru_cache(maxsize=1)
def _phrases() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(after the name, in parentheses after the name) patterns from ``aliases.json``."""
    raw = json.loads(resources.files("newsgraph.data").joinpath("aliases.json").read_text("utf-8"))
    after = "|".join(p.replace(" ", r"\s+") for p in raw["after_name"])
    inside = "|".join(p.replace(" ", r"\s+") for p in raw["in_parentheses"])
    quote = "[\"\u201c\u2018']?"
    return (
        re.compile(
            rf"\s*,?\s*(?:who\s+is\s+|who\s+was\s+)?(?:{after})\s+{quote}(?P<alias>{ALIAS_NAME})"
        ),
        re.compile(
            rf"\s*\(\s*(?:{inside})\s+{quote}(?P<alias>{ALIAS_NAME})[\"\u201d\u2019']?\s*\)"
        ),
    )


def _is_word_char(text: str, at: int) -> bool:
    """Whether ``text[at]`` is what ``[\\w-]`` matches (False off either end)."""
    if at < 0 or at >= len(text):
        return False
    ch = text[at]
    return ch.isalnum() or ch in "_-"


def whole_occurrences(text: str, phrase: str) -> list[int]:
    """Where ``phrase`` stands in ``text`` as a whole word or words: what
    ``re.finditer(r"(?<![\\w-])" + re.escape(phrase) + r"(?![\\w-])", text)`` finds, by
    ``str.find`` (a pattern per name missed the regex cache on every article)."""
    if not phrase:
        return [m.start() for m in re.finditer(r"(?<![\w-])(?![\w-])", text)]
    found, at = [], text.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        if not _is_word_char(text, at - 1) and not _is_word_char(text, end):
            found.append(at)
            at = text.find(phrase, end)
        else:
            at = text.find(phrase, at + 1)
    return found


def stated_after(text: str, name: str) -> list[str]:
    """Aliases the text states right after each occurrence of ``name``."""
    found: list[str] = []
    after, inside = _phrases()
    for start in whole_occurrences(text, name):
        for pattern in (after, inside):
            hit = pattern.match(text, start + len(name))
            if hit:
                found.append(hit.group("alias"))
    return found


# What every quoted nickname inside a name contains: a quoted capitalised word between spaces.
_NICKNAME_SLOT = re.compile(rf"\s[\"\u201c\u2018']{_WORD}[\"\u201d\u2019']\s")


@lru_cache(maxsize=4)
def _may_quote_nicknames(text: str) -> bool:
    """False when no name in ``text`` can hold a quoted nickname: most articles, asked
    once rather than with a pattern per name."""
    return _NICKNAME_SLOT.search(text) is not None


def quoted_nicknames(text: str, name: str) -> list[str]:
    """Nicknames quoted inside the name ('Isaac "Bougie" Herzog')."""
    words = name.split()
    if len(words) < 2 or not _may_quote_nicknames(text):
        return []
    first, rest = re.escape(words[0]), r"\s+".join(re.escape(w) for w in words[1:])
    nick = rf"[\"\u201c\u2018'](?P<nick>{_WORD})[\"\u201d\u2019']"
    pattern = rf"(?<![\w-]){first}\s+{nick}\s+{rest}(?![\w-])"
    return [m.group("nick") for m in re.finditer(pattern, text)]


def find_aliases(text: str, names: Sequence[str]) -> list[str]:
    """Every alias the text states for a person known here by any of ``names``, in the order
    found, without repeats and without the names themselves."""
    found: list[str] = []
    for name in names:
        found += stated_after(text, name) + quoted_nicknames(text, name)
    known = set(names)
    return [a for a in dict.fromkeys(found) if a not in known]


def add_stated_aliases(text: str, entities: Iterable[Entity]) -> None:
    """Join to each person the aliases the article states for it (called where one
    article's entities are built, ``nlp/people.py``)."""
    for ent in entities:
        if ent.type != "PERSON":
            continue
        names = [ent.name, *(a for a in ent.aliases if len(a.split()) > 1)]
        for alias in find_aliases(text, names):
            if alias not in ent.aliases:
                ent.aliases.append(alias)
