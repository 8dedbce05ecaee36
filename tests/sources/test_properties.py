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
