"""Bytes → text: BOMs, declared charsets, fallback, and binary refusal."""

from __future__ import annotations

import codecs

import pytest

from newsgraph.errors import InputError
from newsgraph.sources.decode import binary_signatures, decode_bytes, normalize_charset

TEXT = "Zürich café talks resume — officials say “progress”"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
    ],
)
def test_unicode_encodings(data: bytes) -> None:
    assert decode_bytes(data) == TEXT


def test_declared_charset_is_used_when_not_utf8() -> None:
    data = "Москва заявила".encode("cp1251")
    assert decode_bytes(data, declared="windows-1251") == "Москва заявила"


def test_declared_utf16_without_bom() -> None:
    assert decode_bytes(TEXT.encode("utf-16-le"), declared="utf-16-le") == TEXT


def test_meta_charset_is_sniffed() -> None:
    html = '<html><head><meta charset="koi8-r"></head><body>Новости</body></html>'
    assert "Новости" in decode_bytes(html.encode("koi8-r"))


def test_valid_utf8_beats_a_wrong_latin1_declaration() -> None:
    assert decode_bytes("café".encode(), declared="iso-8859-1") == "café"


def test_invalid_utf8_falls_back_to_cp1252() -> None:
    assert decode_bytes(b"Caf\xe9 owner says \x93yes\x94") == "Café owner says “yes”"


def test_unknown_declared_charset_is_ignored() -> None:
    assert normalize_charset("no-such-charset") is None
    assert normalize_charset("rot13") is None
    assert decode_bytes(b"plain", declared="no-such-charset") == "plain"


@pytest.mark.parametrize("magic", binary_signatures(), ids=lambda m: m.name)
def test_every_magic_number_is_refused(magic: object) -> None:
    from newsgraph.sources.decode import Magic

    assert isinstance(magic, Magic)
    data = b"\x00" * magic.offset + magic.signature + b" some trailing words here"
    with pytest.raises(InputError, match="binary data"):
        decode_bytes(data)


def test_nul_bytes_and_control_characters_are_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"hello\x00world")
    with pytest.raises(InputError, match="binary"):
        decode_bytes(bytes(range(1, 32)) * 10)


ZURICH = "Zürich café talks resume — officials say “progress” after a week in Genève. " * 30


def test_one_bad_byte_does_not_turn_a_utf8_file_into_cp1252() -> None:
    data = ZURICH.encode("utf-8")
    middle = len(data) // 2
    middle = data.index(b" ", middle)  # a character boundary
    text = decode_bytes(data[:middle] + b"\xe9" + data[middle:])
    assert text == ZURICH[: len(data[:middle].decode())] + "\ufffd" + data[middle:].decode()
    assert "Ã" not in text


def test_mostly_ascii_cp1252_with_a_few_smart_quotes_stays_cp1252() -> None:
    data = b"The mayor said \x93yes\x94 to the plan. " + b"The council met on Monday. " * 200
    assert decode_bytes(data).startswith("The mayor said “yes” to the plan.")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_decoded_not_refused(codec: str) -> None:
    assert decode_bytes(ZURICH.encode(codec)) == ZURICH
    assert decode_bytes(("Plain English news. " * 20).encode(codec)) == "Plain English news. " * 20


def test_small_integers_in_utf16_clothing_are_still_binary() -> None:
    data = bytes(x for n in range(2000) for x in (n % 32, 0))  # little-endian 16-bit numbers
    with pytest.raises(InputError, match="binary"):
        decode_bytes(data)
