"""Page furniture left in extracted bodies: every rule in ingest_boilerplate.json has a line."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from newsgraph.sources.html import drop_boilerplate, is_boilerplate

RULES = json.loads(
    resources.files("newsgraph.data").joinpath("ingest_boilerplate.json").read_text("utf-8")
)

# one furniture line per "calls" entry, in the file's order
CALL_LINES = [
    "Sign up for our daily briefing on the regional economy.",
    "Subscribe now to the digital edition.",
    "To keep reading, please subscribe to the Valley Courier.",
    "If you are already a subscriber, log in here.",
    "To read the full story, log in or buy a day pass.",
    "Buy the print edition for the full story.",
    "Never miss a story from the Harbour Times.",
    "Follow the Coastal Herald on Twitter and Instagram.",
    "Download our free news app for iOS and Android.",
    "All rights reserved.",
    "Copyright 2024 Metro Broadcasting Corp.",
    "Written permission must be obtained before any reprint.",
    "This story is the copyrighted property of the Island Post.",
    "Submit a letter to the editor using this form.",
    "This post contains affiliate links to products we like.",
    "Morning Markets Newsletter",
    "View comments",
    "Read our advertiser disclosure for more info.",
    "We may receive compensation if you visit partners we recommend.",
    "Get the latest news from the Harbour Times in your inbox.",
    "You may edit your settings or unsubscribe at any time.",
    "The Harbour Times is now on Telegram!",
    "Click this link or scan the QR code to receive breaking news.",
    "Want to join the conversation? Please log in.",
    "Do you have a story tip? Email the newsroom.",
    "Subscribe to Harbour Times newsletters.",
    "I have read the Privacy Notice. Do not show this message again.",
]


def test_every_call_has_a_line() -> None:
    assert len(CALL_LINES) == len(RULES["calls"])
    for pattern, line in zip(RULES["calls"], CALL_LINES, strict=True):
        assert re.search(pattern, line, re.IGNORECASE), (pattern, line)
        assert is_boilerplate(line), line


@pytest.mark.parametrize("label", RULES["labels"])
def test_every_label_starts_a_furniture_line(label: str) -> None:
    line = f"{label.title()}: Harbour dredging plan delayed again"
    assert is_boilerplate(line)
    assert is_boilerplate(f"{label.upper()} : Budget vote set for May")


@pytest.mark.parametrize(
    "line",
    [
        "The council said 4,000 residents had signed up for the new recycling scheme.",
        "Copyright holders in the music industry welcomed the ruling on Tuesday.",
        "Related charges were dropped after the hearing, prosecutors said.",
        "Analysts expect subscribers to the streaming service to top 10 million this year.",
        "“Subscribe now or lose access,” the letter told readers, according to the lawsuit.",
        "The singer has released a new video. Follow him on Instagram to watch.",
        "Sign up for our newsletter " + "and more words " * 15,  # too long for furniture
        "Shoppers can scan the QR code at the till to pay, the chain said.",
        "Get ready for delays: the bridge closes on Monday for repairs.",
        "",
    ],
)
def test_article_sentences_are_kept(line: str) -> None:
    assert not is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Want more stories like this? Subscribe to get unlimited access.",
        "All rights of the publication are reserved by the Harbour Times.",
    ],
)
def test_wider_forms_of_a_call_are_furniture(line: str) -> None:
    assert is_boilerplate(line)


def test_drop_boilerplate_keeps_the_story_lines() -> None:
    body = (
        "Dock workers in Rotterdam ended a two-day strike on Friday.\n"
        "Read more: Port traffic falls for third month\n"
        "The union said talks would resume next week.\n"
        "© 2024 Harbour Media Group"
    )
    assert drop_boilerplate(body) == (
        "Dock workers in Rotterdam ended a two-day strike on Friday.\n"
        "The union said talks would resume next week."
    )
