"""Plain-text shapes: section/title/subtitle/caption/links, BBC and PolNeAR layouts."""

from __future__ import annotations

import time

import pytest

from newsgraph.config import MAX_TEXT_CHARS
from newsgraph.model import Caption
from newsgraph.sources.text import (
    byline_of,
    clean_title,
    credit_text,
    parse_text,
    split_caption_credit,
    split_glued_caption,
    split_lines,
    take_language_links,
    truncate_body,
)

SCRAPED = (
    "World News\n"
    "Spain, Morocco Agree New Migration Pact in Rabat\n"
    "EU-backed accord sets joint patrols after a summer of crossings, as Madrid seeks to cut "
    "arrivals\n"
    "Ana Ruiz (Carlos Vega/EFE)Spanish and Moroccan ministers signed a migration agreement on "
    "Monday in Rabat, officials said.\n"
    "The deal covers joint coastal patrols and a return scheme for rejected asylum seekers.\n"
    "Critics said the pact lacked safeguards.\n"
    "Español\n"
)

BBC = """Minister backs rail plan

The transport secretary has backed plans for a new rail link between Leeds and Hull.

Speaking on Monday, she said the line would "transform" the region. Labour welcomed the move.

The scheme is expected to cost pounds 2bn.
"""


def test_scraped_page_header_caption_and_language_link() -> None:
    article = parse_text(SCRAPED)
    assert article.section == "World News"
    assert article.title == "Spain, Morocco Agree New Migration Pact in Rabat"
    assert article.subtitle is not None and article.subtitle.startswith("EU-backed accord")
    assert article.captions == [Caption(text="Ana Ruiz", credit="Carlos Vega/EFE")]
    assert article.text.startswith("Spanish and Moroccan ministers signed")
    assert article.text.endswith("Critics said the pact lacked safeguards.")
    assert article.other_languages == ["es"]
    assert "Español" not in article.text and "(Carlos Vega/EFE)" not in article.text
    assert article.language == "en"
    assert article.text.count("\n") == 2  # paragraph breaks kept


def test_bbc_layout_first_paragraph_is_not_a_subtitle() -> None:
    article = parse_text(BBC)
    assert article.title == "Minister backs rail plan"
    assert article.subtitle is None and article.section is None
    assert article.text.startswith("The transport secretary has backed plans")
    assert article.text.split("\n") == [
        "The transport secretary has backed plans for a new rail link between Leeds and Hull.",
        'Speaking on Monday, she said the line would "transform" the region. Labour welcomed '
        "the move.",
        "The scheme is expected to cost pounds 2bn.",
    ]


def test_archive_headline_with_final_period_is_a_title() -> None:
    raw = "Poll: Senate race tightens in Ohio.\n\nA new survey shows the two candidates tied.\n"
    article = parse_text(raw)
    assert article.title == "Poll: Senate race tightens in Ohio"
    assert article.text == "A new survey shows the two candidates tied."


def test_headline_with_semicolon_deck_and_kicker_labels() -> None:
    raw = (
        "Mayor wins second term;\n\nTurnout rose in every ward.\n\nABSTRACT.\n\n"
        "The mayor was re-elected on Tuesday with 58 percent of the vote.\n\nFULL TEXT.\n\n"
        "Officials said counting ended before midnight.\n"
    )
    article = parse_text(raw)
    assert article.title == "Mayor wins second term"
    assert article.subtitle == "Turnout rose in every ward."
    assert "ABSTRACT" not in article.text and "FULL TEXT" not in article.text
    assert article.text.endswith("Officials said counting ended before midnight.")


def test_column_name_under_headline_is_the_section() -> None:
    raw = (
        "Banks brace for rate cut\n\nMarket Watch.\n\n"
        "Lenders cut forecasts on Friday as a rate cut loomed.\n"
    )
    article = parse_text(raw)
    assert article.section == "Market Watch"
    assert article.text.startswith("Lenders cut forecasts")


def test_plain_paragraph_without_title() -> None:
    raw = "The minister resigned on Tuesday after a row over spending. She denied wrongdoing."
    article = parse_text(raw)
    assert article.title == ""
    assert article.text == raw


def test_byline_goes_to_byline_not_body() -> None:
    raw = (
        "Floods Close Roads Across Wales\nBy Rhys Morgan and Jane Doe\n"
        "Heavy rain closed dozens of roads across Wales on Sunday, police said.\n"
        "More rain is forecast.\n"
    )
    article = parse_text(raw)
    assert article.byline == "Rhys Morgan and Jane Doe"
    assert article.text.startswith("Heavy rain closed")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("By Jane Doe, Reuters", "Jane Doe, Reuters"),
        ("Jane Doe, Reuters", "Jane Doe, Reuters"),
        ("By the way, the vote is today.", None),
        ("The council met on Monday.", None),
    ],
)
def test_byline_shapes(line: str, expected: str | None) -> None:
    assert byline_of(line) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Clinton Plan for Taxes Is Complex.", "Clinton Plan for Taxes Is Complex"),
        ("A Talk With ‘the Voice.’", "A Talk With ‘the Voice’"),
        ("Talks resume in the U.S.", "Talks resume in the U.S."),
        ("Wait for it...", "Wait for it..."),
        ("Is the deal dead?", "Is the deal dead?"),
    ],
)
def test_clean_title(raw: str, expected: str) -> None:
    assert clean_title(raw) == expected


@pytest.mark.parametrize(
    ("line", "caption", "credit", "rest"),
    [
        (
            "Jane Roe (Reuters/John Smith)Officials met on Monday.",
            "Jane Roe",
            "Reuters/John Smith",
            "Officials met on Monday.",
        ),
        (
            "Rescue teams in Izmir (AP Photo/Jane Doe)“We are exhausted,” one said.",
            "Rescue teams in Izmir",
            "AP Photo/Jane Doe",
            "“We are exhausted,” one said.",
        ),
        (
            "Voters queue in Lagos. (Photo: John Doe/Getty Images) Turnout was high.",
            "Voters queue in Lagos.",
            "John Doe/Getty Images",
            "Turnout was high.",
        ),
        (
            "Protesters in Paris (John Doe/AFP via Getty Images)",
            "Protesters in Paris",
            "John Doe/AFP via Getty Images",
            "",
        ),
    ],
)
def test_glued_caption_shapes(line: str, caption: str, credit: str, rest: str) -> None:
    assert split_glued_caption(line) == (Caption(caption, credit), rest)


@pytest.mark.parametrize(
    "line",
    [
        "LONDON (Reuters) - Shares fell on Monday.",
        "WASHINGTON (AP) — The Senate voted on Tuesday.",
        "Support fell in a poll (Reuters/Ipsos) Thursday, analysts said.",
        "The company (which is based in Oslo) said profits rose.",
        "Trump extends his lead in the race. [IBD/TIPP]",
    ],
)
def test_not_captions(line: str) -> None:
    assert split_glued_caption(line) is None


def test_split_caption_credit_for_figcaptions() -> None:
    assert split_caption_credit("Flooded streets in Dhaka. Photo: Rina Das/AFP") == Caption(
        "Flooded streets in Dhaka.", "Rina Das/AFP"
    )
    assert split_caption_credit("Fans celebrate (Jane Doe/EPA)") == Caption(
        "Fans celebrate", "Jane Doe/EPA"
    )
    assert split_caption_credit("Fans celebrate in Rome") == Caption("Fans celebrate in Rome")


def test_truncate_body_at_paragraph_boundary() -> None:
    text = "\n".join(["A" * 40 + "."] * 10)
    cut = truncate_body(text, limit=100)
    assert len(cut) <= 100 and cut.endswith(".") and cut.count("\n") == 1
    assert truncate_body("short", limit=100) == "short"


def test_multiple_language_links_on_one_line() -> None:
    raw = (
        "Port Strike Ends in Rotterdam\n"
        "Dockers returned to work on Friday after a pay deal.\nFrançais | Deutsch\n"
    )
    article = parse_text(raw)
    assert article.other_languages == ["fr", "de"]
    assert article.text == "Dockers returned to work on Friday after a pay deal."


def test_credit_text_rejects_prose() -> None:
    assert credit_text("which is based in Oslo") is None
    assert credit_text("AP Photo/Jane Doe") == "AP Photo/Jane Doe"


def test_thousands_of_language_link_lines_in_linear_time() -> None:
    """220,000 link lines: over two minutes when each line's codes were prepended to a
    copy of all the codes found so far."""
    lines = split_lines("A body line.\n" + "Français | Español\n" * 220_000)
    started = time.perf_counter()
    rest, codes = take_language_links(lines, "en")
    assert time.perf_counter() - started < 5
    assert [line.text for line in rest] == ["A body line."] and codes == ["fr", "es"]


def test_only_the_start_of_an_over_long_text_is_laid_out() -> None:
    """5 MB of one-line paragraphs: every line was read for captions and labels, though all
    but the first MAX_TEXT_CHARS of body are cut; the cut is kept for the brief to say."""
    paragraph = "Another paragraph of the same long report follows here, with more detail.\n"
    raw = "Port Strike Ends in Rotterdam\n\n" + paragraph * (5 * 2**20 // len(paragraph))
    raw += "Français | Deutsch\n"
    article = parse_text(raw)
    assert article.title == "Port Strike Ends in Rotterdam"
    assert len(article.text) <= MAX_TEXT_CHARS and article.text.endswith("more detail.")
    assert article.cut_from is not None and article.cut_from > 5 * 10**6
    assert article.other_languages == ["fr", "de"]


def test_an_article_within_the_limit_is_not_marked_cut() -> None:
    assert parse_text(SCRAPED).cut_from is None
