"""Bytes → text, never crashing: BOMs, declared charsets, a cp1252 fallback, binary refusal.

Everything that reaches the parsers goes through :func:`decode_bytes`, so a PDF, a PNG or a
file of random bytes stops here with one clear :class:`InputError` instead of becoming
garbage "text" that the NLP stages would chew on for seconds.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsgraph.errors import InputError

# (BOM, codec) — longest first so UTF-32-LE is not read as UTF-16-LE.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE
)
# C0 controls other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SNIFF_CHARS = 8192
_MAX_CONTROL_SHARE = 0.05
# "Nearly all valid UTF-8": at most this share of the decoded characters are invalid
# sequences (each becomes U+FFFD), and the valid multi-byte characters are at least as
# many as the invalid sequences. One bad byte in a UTF-8 file is then one U+FFFD, not
# the whole file read as cp1252 ("ZÃ¼rich"); an ASCII text with a few cp1252 quotes
# has no valid multi-byte character to show, so it stays cp1252.
UTF8_MAX_INVALID_SHARE = 0.01
# UTF-16 without a BOM, told by its NUL bytes: most characters of Latin-script text
# (and all its markup) are below U+0100, so one byte of each pair is NUL. At least this
# share of the sniffed pairs have NUL on one side, and at most _UTF16_OTHER_SIDE on the
# other. Binary data of that shape still decodes to control characters and is refused.
_UTF16_NUL_SIDE = 0.4
_UTF16_OTHER_SIDE = 0.05


@dataclass(frozen=True)
class Magic:
    """A byte signature of a binary file format."""

    name: str
    offset: int
    signature: bytes


@lru_cache(maxsize=1)
def binary_signatures() -> tuple[Magic, ...]:
    """The magic numbers from ``data/ingest_binary.json`` (loaded once)."""
    raw = resources.files("newsgraph.data").joinpath("ingest_binary.json").read_text("utf-8")
    return tuple(
        Magic(m["name"], int(m["offset"]), bytes.fromhex(m["hex"]))
        for m in json.loads(raw)["magic"]
    )


def binary_format(data: bytes) -> str | None:
    """The name of the binary format ``data`` starts with, or None."""
    for magic in binary_signatures():
        if data[magic.offset : magic.offset + len(magic.signature)] == magic.signature:
            return magic.name
    return None


def normalize_charset(name: str | None) -> str | None:
    """Python's codec name for a declared charset, or None when it is unknown or unusable."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'"))
    except (LookupError, ValueError):
        return None
    # Text codecs only: a page cannot usefully declare "rot13" or "zlib".
    if not getattr(codec, "_is_text_encoding", True):
        return None
    return codec.name


def sniff_meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in ``<meta charset>`` / http-equiv (first 4 KB)."""
    match = _META_CHARSET.search(data[:4096])
    return normalize_charset(match.group(1).decode("ascii")) if match else None


def _try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode(data: bytes, declared: str | None) -> str:
    """Pick the encoding: BOM, then a declared or sniffed wide encoding, then UTF-8 (with
    a few bad bytes replaced), then declarations.

    Valid UTF-8 beats a declared single-byte charset because servers and templates often
    declare ISO-8859-1 for pages that are really UTF-8; the reverse mistake cannot decode.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            with_bom = _try_decode(data, codec)
            if with_bom is not None:
                return with_bom
    candidates: list[str] = []
    declared_codec = normalize_charset(declared)
    if declared_codec and declared_codec.startswith(("utf-16", "utf-32")):
        candidates.append(declared_codec)
    wide = sniff_utf16(data) if not candidates else None
    if wide is not None:
        return data[: len(data) // 2 * 2].decode(wide, errors="replace")
    candidates.append("utf-8")
    for candidate in candidates:
        decoded = _try_decode(data, candidate)
        if decoded is not None:
            return decoded
    mostly = mostly_utf8(data)
    if mostly is not None:
        return mostly
    for fallback in (declared_codec, sniff_meta_charset(data)):
        decoded = _try_decode(data, fallback) if fallback else None
        if decoded is not None:
            return decoded
    return data.decode("cp1252", errors="replace")


def mostly_utf8(data: bytes) -> str | None:
    """``data`` as UTF-8 with its few invalid sequences replaced, when it is nearly all
    valid UTF-8 (see UTF8_MAX_INVALID_SHARE); else None."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")  # less those written so
    multibyte = len(text) - len(text.encode("ascii", errors="ignore")) - text.count("\ufffd")
    if invalid <= UTF8_MAX_INVALID_SHARE * len(text) and multibyte >= invalid:
        return text
    return None


def sniff_utf16(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for UTF-16 text without a BOM, by where its NUL bytes
    fall (see _UTF16_NUL_SIDE); else None."""
    sample = data[: _SNIFF_CHARS * 2]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0 : pairs * 2 : 2].count(0) / pairs
    odd = sample[1 : pairs * 2 : 2].count(0) / pairs
    if odd >= _UTF16_NUL_SIDE and even <= _UTF16_OTHER_SIDE:
        return "utf-16-le"
    if even >= _UTF16_NUL_SIDE and odd <= _UTF16_OTHER_SIDE:
        return "utf-16-be"
    return None


def check_not_binary(text: str, *, what: str = "input") -> None:
    """Refuse text that is really binary data: NUL bytes or many control characters."""
    sample = text[:_SNIFF_CHARS]
    if not sample:
        return
    if "\x00" in sample:
        raise InputError(f"{what} looks like binary data, not an article (it holds NUL bytes)")
    controls = len(_CONTROL.findall(sample))
    if controls / len(sample) > _MAX_CONTROL_SHARE:
        raise InputError(f"{what} looks like binary data, not an article (control characters)")


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode an article's bytes to text, raising only :class:`InputError` (for binary data).

    ``declared`` is a charset from an HTTP header; a ``<meta charset>`` in the first 4 KB is
    honoured when the bytes are not valid UTF-8. Invalid input falls back to cp1252 with
    replacement characters rather than failing: a few odd glyphs beat no article.
    """
    fmt = binary_format(data)
    if fmt is not None:
        raise InputError(f"input looks like binary data, not an article ({fmt} file)")
    text = _decode(data, declared)
    check_not_binary(text)
    return text
