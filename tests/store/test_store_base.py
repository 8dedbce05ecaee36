"""The shared rules: URL canonicalisation, name normalisation, query parsing, snippets."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from newsgraph.errors import InputError
from newsgraph.store.base import (
    canonical_url,
    content_hash,
    make_snippet,
    norm_name,
    normalise_text,
    parse_query,
)

BASE = "https://example.com/world/story"


@pytest.mark.parametrize(
    "variant",
    [
        "HTTPS://EXAMPLE.COM/world/story",  # scheme and host case
        "https://example.com/world/story/",  # trailing slash
        "https://example.com/world/story#comments",  # fragment
        "https://example.com:443/world/story",  # default port
        "https://example.com/world/story?utm_source=rss&utm_campaign=x",  # utm_* tags
        "https://example.com/world/story?fbclid=abc",
        "https://example.com/world/story?gclid=abc",
        "  https://example.com/world/story  ",
    ],
)
def test_canonical_url_drops_what_never_changes_the_page(variant: str) -> None:
    assert canonical_url(variant) == BASE


def test_canonical_url_keeps_what_selects_the_page() -> None:
    assert canonical_url("https://example.com/story?id=7&utm_medium=x") == (
        "https://example.com/story?id=7"
    )
    assert canonical_url("http://example.com:8080/a") == "http://example.com:8080/a"
    assert canonical_url("https://example.com/World/Story") != BASE  # paths are case-sensitive
    assert canonical_url("https://example.com") == "https://example.com/"


@given(st.text())
def test_normalise_text_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    # Case is ignored where upper-casing is reversible: 'ı' upper-cases to 'I', which
    # folds back to 'i', a different letter, so such text rightly hashes differently.
    assume(text.upper().casefold() == text.casefold())
    assert content_hash(text) == content_hash(" " + text.upper() + "\n")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("U.S.", "US"),
        ("Al-Rashidi", "al Rashidi"),
        ("São Paulo", "Sao Paulo"),
        ("O’Brien", "OBrien"),
        ("  Red   Cross ", "red cross"),
    ],
)
def test_norm_name_groups_spelling_variants(a: str, b: str) -> None:
    assert norm_name(a) == norm_name(b)


def test_parse_query_words_and_phrases() -> None:
    assert parse_query('fuel "levy cut" AND (') == [["fuel"], ["levy", "cut"], ["AND"]]
    assert parse_query('"unclosed phrase') == [["unclosed", "phrase"]]
    assert parse_query("NEAR/2 x_y") == [["NEAR"], ["2"], ["x"], ["y"]]
    assert parse_query("((( ***") == []


def test_parse_query_caps_terms() -> None:
    assert len(parse_query(" ".join(f"w{n}" for n in range(100)))) == 32


@given(st.text(min_size=1).filter(lambda q: q.strip() != ""))
def test_parse_query_gives_only_letters_and_digits(query: str) -> None:
    for phrase in parse_query(query):
        assert phrase
        for word in phrase:
            assert re.fullmatch(r"[^\W_]+", word)


@pytest.mark.parametrize("query", ["", " ", "\t\n"])
def test_parse_query_refuses_empty(query: str) -> None:
    with pytest.raises(InputError, match="empty"):
        parse_query(query)


def test_snippet_window_and_marks() -> None:
    text = ("Filler words come first. " * 10) + "The Harbour board met. " + ("More. " * 20)
    snip = make_snippet([["harbour"]], "Title", text)
    assert "«Harbour»" in snip
    assert snip.startswith("…") and snip.endswith("…")
    assert len(snip) < 200
    assert make_snippet([["title"]], "A title", "body") == "A «title»"
