"""Bounded decompression: every gzip or deflate body and every chunked HTTP body that the
sources unpack goes through here.

A few kilobytes of deflate data can stand for gigabytes, so nothing is inflated whole:
output stops one byte past the limit and that input is refused with one
:class:`InputError`. A stream that ends before its end marker is refused too, rather
than read in part.
"""

from __future__ import annotations

import zlib
from contextlib import suppress

from newsgraph.config import MAX_ARCHIVE_INFLATED_BYTES, MAX_INPUT_BYTES
from newsgraph.errors import InputError

GZIP = 16 + zlib.MAX_WBITS
ZLIB = zlib.MAX_WBITS
RAW_DEFLATE = -zlib.MAX_WBITS
_GZIP_MAGIC = b"\x1f\x8b"
# A chunk-size line is a few hex digits (and maybe an extension); longer is not chunked.
_MAX_CHUNK_LINE = 64


class ArchiveTooLarge(InputError):
    """A compressed corpus file inflates past MAX_ARCHIVE_INFLATED_BYTES: reading it stops
    there (one failure for the file; what was read before it stands)."""

    def __init__(self, name: str, limit: int = MAX_ARCHIVE_INFLATED_BYTES) -> None:
        super().__init__(f"{name} inflates to more than {limit} bytes; the rest of it is not read")


def inflate(data: bytes, *, what: str, wbits: int = GZIP, limit: int = MAX_INPUT_BYTES) -> bytes:
    """``data`` decompressed, holding at most ``limit + 1`` bytes of output at any time."""
    try:
        return _inflate(data, wbits, limit, what)
    except zlib.error as exc:
        raise InputError(f"{what} is damaged compressed data ({exc})") from exc


def _inflate(data: bytes, wbits: int, limit: int, what: str) -> bytes:
    """As :func:`inflate`, but data that is not of this format raises ``zlib.error``."""
    unpacker = zlib.decompressobj(wbits)
    out = unpacker.decompress(data, limit + 1)
    if len(out) > limit:
        raise InputError(f"{what} unpacks to more than {limit} bytes; refusing it")
    if not unpacker.eof:
        raise InputError(f"{what} is cut short (its compressed data ends early)")
    return out


def decode_content(data: bytes, encoding: str | None, *, what: str) -> bytes:
    """An HTTP body with its Content-Encoding undone (gzip, deflate). A body that is not
    compressed after all is kept as it is: archives often store pages already decoded
    under the server's original header. Other encodings (br) are left to the decoder,
    which refuses what is not text."""
    name = (encoding or "").strip().lower()
    if name in {"gzip", "x-gzip"} and data.startswith(_GZIP_MAGIC):
        return inflate(data, what=what, wbits=GZIP)
    if name == "deflate":
        for wbits in (ZLIB, RAW_DEFLATE):  # servers send both under one name
            with suppress(zlib.error):
                return _inflate(data, wbits, MAX_INPUT_BYTES, what)
    return data


def dechunk(data: bytes) -> bytes:
    """An HTTP body sent with chunked transfer coding, joined up. As in warcio, a body
    that stops parsing as chunks is taken as it stands from there (servers mislabel)."""
    pieces: list[bytes] = []
    at = 0
    while True:
        end = data.find(b"\r\n", at, at + _MAX_CHUNK_LINE)
        size = _chunk_size(data[at:end]) if end >= 0 else None
        if size is None:
            return b"".join(pieces) + data[at:]
        if size == 0:
            return b"".join(pieces)
        pieces.append(data[end + 2 : end + 2 + size])
        at = end + 2 + size + 2  # past the chunk's closing CRLF


def _chunk_size(line: bytes) -> int | None:
    try:
        size = int(line.split(b";", 1)[0].strip(), 16)
    except ValueError:
        return None
    return size if size >= 0 else None
