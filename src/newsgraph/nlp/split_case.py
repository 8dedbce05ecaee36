"""A large pattern, half of it case-insensitive, searched faster with the same matches.

``re`` tries the alternatives of ``(?i:A|B|...)`` at every word with case-folding
comparisons that skip none of its fast paths; on lowered text the same alternatives,
lowered and compiled without the flag, run about three times faster. :class:`SplitCase`
finds exactly what ``re.compile(prefix + "(?:(?i:" + CI + ")|" + CASED + ")" +
suffix).finditer(text)`` finds, by searching the lowered text for the case-insensitive
half and the text itself for the cased half and merging the two as the one pattern would:
the leftmost match first, the case-insensitive half first at one place, the search going on
after each match.

Lowering a text is only the same as comparing without case where every character lowers to
one character of the same kind (word, digit, space) that no ASCII letter folds to: true of
news text but for a handful of characters (the Kelvin sign, dotted capital I, long s ...).
A text holding one of those is searched with the one pattern, as before.
"""

from __future__ import annotations

import re
from functools import lru_cache

_ASCII_LETTER = re.compile(r"[a-z]", re.IGNORECASE)
_KINDS = (re.compile(r"\w"), re.compile(r"\d"), re.compile(r"\s"))


@lru_cache(maxsize=4096)
def lowers_safely(char: str) -> bool:
    """Whether case-insensitive matching of ``char`` is plain comparison of its lowered
    form (for the ASCII patterns :class:`SplitCase` takes)."""
    if char.isascii():
        return True
    low = char.lower()
    if len(low) != 1 or low.isascii() or _ASCII_LETTER.match(char):
        return False
    return all(bool(kind.match(char)) == bool(kind.match(low)) for kind in _KINDS)


class SplitCase:
    """``prefix (?: (?i: ci ) | cased ) suffix``, searched as two patterns (see module)."""

    def __init__(self, ci: str, cased: str, prefix: str = "", suffix: str = "") -> None:
        self.whole = re.compile(f"{prefix}(?:(?i:{ci})|{cased}){suffix}")
        # Lowering the pattern must change only its letters: an escape such as \W or \S
        # would turn into another. Without one, searching lowered text is the same.
        plain = f"{prefix}{ci}{suffix}"
        lowerable = plain.isascii() and not re.search(r"\\[A-Z]|\(\?P", plain)
        self.lowered = re.compile(f"{prefix}(?:{ci}){suffix}".lower()) if lowerable else None
        self.cased = re.compile(f"{prefix}(?:{cased}){suffix}")

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every match, as ``self.whole.finditer(text)`` gives them."""
        if self.lowered is None or not all(lowers_safely(c) for c in set(text)):
            return [m.span() for m in self.whole.finditer(text)]
        lowered = text.lower()
        found: list[tuple[int, int]] = []
        ci, cased = self.lowered.search(lowered), self.cased.search(text)
        while ci is not None or cased is not None:
            use_ci = ci is not None and (cased is None or ci.start() <= cased.start())
            match = ci if use_ci else cased
            assert match is not None
            start, end = match.span()
            if end == start:  # an empty match: finditer's own rules for going on apply
                return [m.span() for m in self.whole.finditer(text)]
            found.append((start, end))
            if ci is not None and ci.start() < end:
                ci = self.lowered.search(lowered, end)
            if cased is not None and cased.start() < end:
                cased = self.cased.search(text, end)
        return found
