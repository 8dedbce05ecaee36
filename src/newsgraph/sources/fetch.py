"""Fetch one article URL with the standard library: bounded in time, size and type.

A news page is a few hundred kilobytes of HTML; anything slower, larger or of another type
is refused with a :class:`FetchError` rather than read into memory or handed to the parser.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPMessage
from typing import IO

from newsgraph.config import FETCH_MAX_BYTES, FETCH_TIMEOUT_S, FETCH_USER_AGENT
from newsgraph.errors import FetchError, InputError

ACCEPTED_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_SCHEMES = frozenset({"http", "https"})
_CHUNK = 64 * 1024


@dataclass
class Fetched:
    """A fetched page: where it ended up (after redirects), its type, bytes and charset."""

    url: str
    content_type: str | None
    body: bytes
    charset: str | None = None


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s), never to file:// or ftp:// targets."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme.lower() not in _SCHEMES:
            raise FetchError(f"refusing redirect from {req.full_url} to {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_SafeRedirects())


def check_url(url: str) -> None:
    """Refuse anything but an http(s) URL with a host."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES or not parts.netloc:
        raise InputError(f"only http:// and https:// URLs can be fetched, not {url!r}")


def _read_capped(response: IO[bytes], url: str, max_bytes: int, deadline: float) -> bytes:
    """Read in chunks, stopping past ``max_bytes`` or the overall deadline (slow drips)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url} is larger than {max_bytes} bytes; not fetched")
        if time.monotonic() > deadline:
            raise FetchError(f"{url} took too long to download")
        chunks.append(chunk)
    return b"".join(chunks)


def _check_headers(
    url: str, headers: Message, max_bytes: int, accept: frozenset[str]
) -> tuple[str | None, str | None]:
    """The content type and charset, refusing unreadable types and announced oversize."""
    content_type = headers.get_content_type() if headers.get("Content-Type") else None
    if content_type is not None and content_type not in accept:
        wanted = "an HTML or text page" if accept == ACCEPTED_TYPES else ", ".join(sorted(accept))
        raise FetchError(f"{url} is {content_type}, not {wanted}")
    length = headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"{url} is larger than {max_bytes} bytes; not fetched")
    charset = headers.get_content_charset()
    return content_type, charset


def fetch_url(
    url: str,
    *,
    timeout: float = FETCH_TIMEOUT_S,
    max_bytes: int = FETCH_MAX_BYTES,
    accept: frozenset[str] = ACCEPTED_TYPES,
) -> Fetched:
    """GET ``url`` (following redirects) and return its body, or raise :class:`FetchError`.
    ``accept`` lists the content types read (pages by default; feeds pass theirs)."""
    check_url(url)
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": FETCH_USER_AGENT,
            "Accept": ",".join(sorted(accept)) + ";q=0.9",
            "Accept-Encoding": "identity",
        },
    )
    deadline = time.monotonic() + timeout
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            final_url = response.geturl()
            content_type, charset = _check_headers(final_url, response.headers, max_bytes, accept)
            body = _read_capped(response, final_url, max_bytes, deadline)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise FetchError(f"{url} answered HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise FetchError(f"could not fetch {url}: {exc.reason}") from exc
    except TimeoutError as exc:
        raise FetchError(f"fetching {url} timed out after {timeout:g} s") from exc
    except (OSError, ValueError) as exc:  # connection reset, bad status line, bad URL
        raise FetchError(f"could not fetch {url}: {exc}") from exc
    return Fetched(url=final_url, content_type=content_type, body=body, charset=charset)
