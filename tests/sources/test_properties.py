"""Property tests: decoding and text parsing never crash and never invent body text."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.errors import InputError
from newsgraph.sources.decode import decode_bytes
from newsgraph.sources.language import detect_language
from newsgraph.sources.text import credit_text, parse_text

CREDITS = json.loads(
    resources.files("newsgraph.data").joinpath("ingest_credits.json").read_text("utf-8")
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([None, "utf-8", "latin-1", "utf-16", "bogus"]))
def test_decode_bytes_only_raises_input_error(data: bytes, declared: str | None) -> None:
    try:
        text = decode_bytes(data, declared=declared)
    except InputError:
        return
    assert isinstance(text, str)


LINE = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120
) | st.sampled_from(
    [
        "World News",
        "Talks Resume in Geneva",
        "Jane Roe (Reuters/John Smith)Officials met on Monday.",
        "By Jane Doe",
        "עברית",
        "Français | Deutsch",
        "ABSTRACT.",
        "",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=12))
def test_parse_text_body_is_made_of_input_lines(lines: list[str]) -> None:
    raw = "\n".join(lines)
    article = parse_text(raw)
    inputs = [piece.strip() for piece in raw.lstrip("\ufeff").splitlines()]
    position = 0
    for body_line in article.text.split("\n") if article.text else []:
        # each body line is (a tail of) an input line, in input order
        while position < len(inputs) and body_line not in inputs[position]:
            position += 1
        assert position < len(inputs), body_line
        position += 1
    assert article.title not in ("\n",)
    assert len(detect_language(raw)) in (2, 3)


@pytest.mark.parametrize("label", CREDITS["labels"])
def test_every_credit_label(label: str) -> None:
    assert credit_text(f"{label.capitalize()}: Jane Doe/Reuters") == "Jane Doe/Reuters"
    assert credit_text(f"{label} by Jane Doe") == "Jane Doe"


@pytest.mark.parametrize("agency", CREDITS["agencies"])
def test_every_agency(agency: str) -> None:
    assert credit_text(agency) == agency
    assert credit_text(f"Jane Doe via {agency}") == f"Jane Doe via {agency}"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.booleans())
def test_decode_bytes_of_utf16_shape_only_raises_input_error(data: bytes, big: bool) -> None:
    """Bytes interleaved with NULs take the UTF-16 sniffing path."""
    wide = bytes(x for byte in data for x in ((0, byte) if big else (byte, 0)))
    try:
        text = decode_bytes(wide)
    except InputError:
        return
    assert isinstance(text, str)


WORDS = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]),
    min_size=300,
    max_size=1500,
)


@settings(max_examples=200, deadline=None)
@given(WORDS, st.lists(st.tuples(st.floats(0, 1), st.integers(0x80, 0xFF)), min_size=1, max_size=3))
def test_utf8_with_a_few_bad_bytes_decodes_as_utf8_around_them(
    words: str, bad: list[tuple[float, int]]
) -> None:
    """A byte 0x80-0xFF put between two characters is never valid UTF-8 there (and no two
    are put side by side): each becomes one U+FFFD, every other character reads as written."""
    text = "Zürich café Genève " + words
    cuts = sorted({int(at * len(text)) for at, _ in bad})
    pieces = [text[start:end] for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    data = pieces[0].encode() + b"".join(
        bytes([byte]) + piece.encode() for (_, byte), piece in zip(bad, pieces[1:], strict=False)
    )
    assert decode_bytes(data) == "\ufffd".join(pieces)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([b"\n", b" ", b"\r\n", b"{}", b"ab", b"x" * 7, b"\t"]), max_size=60),
    st.lists(st.integers(1, 40), max_size=8),
)
def test_jsonl_lines_read_in_blocks_are_the_lines_of_the_file(
    pieces: list[bytes], cuts: list[int]
) -> None:
    """However the file falls into blocks, the reader finds the lines with text in them,
    numbered as in the file, and only those longer than the limit are left out."""
    from unittest import mock

    from newsgraph.sources import jsonl

    data = b"".join(pieces)
    marks = sorted({min(c * 3, len(data)) for c in cuts})
    blocks = [data[a:b] for a, b in zip([0, *marks], [*marks, len(data)], strict=True)]
    limit = 10
    expected = [
        (n, line if len(line) <= limit else None)
        for n, line in enumerate(data.split(b"\n"), 1)
        if line.strip()
    ]
    with mock.patch.object(jsonl, "MAX_INPUT_BYTES", limit):
        assert list(jsonl._lines(b for b in blocks if b)) == expected
