"""Years for an article without a publication date, read from the dates it writes out.

A page that gives no date still says when things happened: "on 3 August 2025" tells us the
article was written on or after 3 August 2025. The latest such date (a full date with its
year written out, in a clause that does not speak of the future) bounds the article's own
date from below, and a date the text gives without a year ("August 12") is taken in the
year that puts it nearest that bound. Relative times ("yesterday") stay unresolved: the
bound is not the publication day, only the earliest it can be. With no bound the year
stays open ("XXXX-08-12"); neither today's date nor the ingest date is ever a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

_FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_OPEN_YEAR = re.compile(r"^XXXX-(\d{2})(?:-(\d{2}))?$")
_WRITTEN_YEAR = re.compile(r"(?<!\d)(?:1[89]|2\d)\d\d(?!\d)")


def latest_written_date(found: Iterable[tuple[str, str | None, bool]]) -> date | None:
    """The latest full date among (text, value, future) times whose text writes the year
    out and whose clause is not about the future ("expires on 31 December 2030")."""
    latest: date | None = None
    for text, value, future in found:
        m = _FULL_DATE.match(value or "")
        if m is None or future or not _WRITTEN_YEAR.search(text):
            continue
        try:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        if latest is None or day > latest:
            latest = day
    return latest


def fill_open_year(value: str | None, bound: date) -> str | None:
    """``XXXX-MM[-DD]`` with the year that puts it nearest ``bound``; any other value as
    it is. The article may be written months after its latest written date, so a date
    a little after the bound is as plausible as one a little before."""
    m = _OPEN_YEAR.match(value or "")
    if m is None:
        return value
    month, day = int(m.group(1)), int(m.group(2) or 15)
    best: tuple[int, int] | None = None
    for year in (bound.year - 1, bound.year, bound.year + 1):
        when = _safe(year, month, day)
        if when is None:
            continue
        gap = abs((when - bound).days)
        if best is None or gap < best[0]:
            best = (gap, year)
    if best is None:
        return value
    return f"{best[1]:04d}{value[4:]}" if value else value


def _safe(year: int, month: int, day: int) -> date | None:
    """The day, if that year has it (29 February only in a leap year)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None
