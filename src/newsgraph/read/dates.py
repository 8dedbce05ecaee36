"""The dates a reader asks about: the day of ``--as-of`` and the moment of ``--since``.

Both are input (a command-line option, a query parameter), so both are parsed by one
bounded, validated parser: a string longer than ``MAX_DATE_CHARS`` or not a real calendar
date is an :class:`InputError` in one line, never a traceback or a silent guess.

- a day: ``2026-01-05``;
- a moment: a day (its first instant, UTC), an ISO-8601 time (``2026-01-05T10:30``,
  ``2026-01-05T10:30:00Z``, ``...+02:00``; no offset means UTC), or a span back from now
  (``90m``, ``36h``, ``7d``, ``2w``): "what changed in the last week" is ``--since 7d``.

A moment comes back as the store's own stamp format (UTC, ISO 8601 to the microsecond,
``store.sql_io.now``), so it compares as text with ``articles.created_at``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from newsgraph.errors import InputError

MAX_DATE_CHARS = 40
MAX_SPAN_DAYS = 36_500  # a span back from now of at most a hundred years
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?", re.ASCII
)
_SPAN = re.compile(r"(\d{1,6})([mhdw])", re.ASCII)
_SPAN_UNIT = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_day(text: str, option: str = "date") -> str:
    """``text`` as a YYYY-MM-DD day, checked against the calendar (InputError if not)."""
    value = _bounded(text, option)
    if _DAY.fullmatch(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise InputError(f"{option} must be a date like 2026-01-05, not {_shown(text)}")


def parse_moment(text: str, option: str = "since", now: datetime | None = None) -> str:
    """``text`` (a day, an ISO-8601 time or a span back from ``now``) as a UTC stamp."""
    value = _bounded(text, option)
    moment = _span_back(value, now) or _iso_moment(value)
    if moment is None:
        raise InputError(
            f"{option} must be a date (2026-01-05), a time (2026-01-05T10:30Z) or a span "
            f"back from now (36h, 7d, 2w), not {_shown(text)}"
        )
    try:
        return moment.astimezone(UTC).isoformat(timespec="microseconds")
    except OverflowError:  # year 1 with a positive offset, year 9999 with a negative one
        raise InputError(f"{option} is out of range: {_shown(text)}") from None


def _bounded(text: str, option: str) -> str:
    if len(text) > MAX_DATE_CHARS:
        raise InputError(f"{option} is too long to be a date ({len(text)} characters)")
    return text.strip()


def _shown(text: str) -> str:
    return repr(text[:MAX_DATE_CHARS])


def _span_back(value: str, now: datetime | None) -> datetime | None:
    found = _SPAN.fullmatch(value.lower())
    if found is None:
        return None
    span = timedelta(**{_SPAN_UNIT[found.group(2)]: int(found.group(1))})
    if span > timedelta(days=MAX_SPAN_DAYS):
        raise InputError(f"a span back from now may be at most {MAX_SPAN_DAYS} days, not {value}")
    return (now or datetime.now(UTC)) - span


def _iso_moment(value: str) -> datetime | None:
    if not (_DAY.fullmatch(value) or _MOMENT.fullmatch(value)):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
