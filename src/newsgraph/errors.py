"""One exception tree for newsgraph.

::

    NewsgraphError            (exit 1, HTTP 400)  anything the user can fix
    ├── InputError            (exit 1, HTTP 400)  unreadable, empty, binary or oversized input
    │   └── FetchError        (exit 1, HTTP 502)  a URL could not be fetched
    ├── NotFoundError         (exit 1, HTTP 404)  an id or name that is not in the store
    └── StoreError            (exit 1, HTTP 500)  the database refused or is unreadable

Lower-layer errors (OSError, UnicodeDecodeError, SQLAlchemyError, httpx...) are translated
into these at the boundary where they happen, so the CLI can print one line and exit 1.
"""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base of every error newsgraph raises on purpose."""

    http_status = 400
    exit_code = 1


class InputError(NewsgraphError):
    """The input cannot be read as an article (empty, binary, too large, bad encoding)."""


class FetchError(InputError):
    """A URL could not be fetched (network error, timeout, wrong content type, too large)."""

    http_status = 502


class NotFoundError(NewsgraphError):
    """An article id or entity name that the store does not hold."""

    http_status = 404


class StoreError(NewsgraphError):
    """The database could not be opened, read or written."""

    http_status = 500
