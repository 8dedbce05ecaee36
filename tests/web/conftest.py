"""Fixtures for the web tests: a hand-made hostile brief (no spaCy needed), a store holding
it beside a hand-made friendly one (their entities resolved), and an in-process client over
that store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsgraph.api import ingest
from newsgraph.model import (
    Article,
    Attribution,
    Brief,
    Entity,
    Event,
    Evidence,
    Mention,
    Quantity,
    Quote,
    Role,
    TimeRef,
    TimeValue,
)
from newsgraph.resolve.knowledge import KnowledgeBase
from newsgraph.store import Store, open_store
from newsgraph.web import create_app

SCRIPT = "<script>alert(1)</script>"
HOSTILE_TEXT = (
    f"Officials in Lagos said {SCRIPT} was found on the ministry site. "
    'Read <a href="javascript:alert(2)">the notice</a> here. '
    'A clerk typed " onmouseover="alert(3)" into the form. '
    "“<img src=x onerror=alert(4)> is not a threat,” said Ada Obi on Monday."
)
FRIENDLY_TEXT = (
    "Kenyan President William Ruto met Tanzanian officials in Arusha on Tuesday. "
    "“We will open the border to trade,” Ruto said. "
    "The deal covers 300 kilometres of road, according to a senior official."
)


def _at(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _ev(text: str, part: str) -> Evidence:
    start, end = _at(text, part)
    return Evidence(sentence=part, start=start, end=end)


def hostile_brief() -> Brief:
    """Every kind of fact, over text and names that try to become markup."""
    text = HOSTILE_TEXT
    last = text[text.index("“") :]
    q_start, q_end = _at(text, "<img src=x onerror=alert(4)> is not a threat,")
    s_start, s_end = _at(text, "Ada Obi")
    t_start, t_end = _at(text, "Monday")
    bad = Entity(
        id="e2",
        name=SCRIPT,
        type="ORG",
        mentions=[Mention(*_at(text, SCRIPT), SCRIPT)],
    )
    ada = Entity(
        id="e1",
        name="Ada Obi",
        type="PERSON",
        roles=[Role('clerk <b onclick="alert(6)">x</b>', "e2", _ev(text, last))],
        mentions=[Mention(s_start, s_end, "Ada Obi")],
    )
    return Brief(
        document=Article(
            text=text,
            title=f"Hostile {SCRIPT} title",
            published="2026-01-02",
            url="javascript:alert(7)",
        ),
        entities=[ada, bad],
        quotes=[
            Quote(
                "e1",
                "direct",
                text[q_start:q_end],
                _ev(text, last),
                start=q_start,
                end=q_end,
                speaker_text="Ada Obi",
                speaker_start=s_start,
                speaker_end=s_end,
            )
        ],
        attributions=[
            Attribution(
                SCRIPT,
                "Officials in Lagos",
                True,
                _ev(text, text[:60]),
                start=_at(text, SCRIPT)[0],
                end=_at(text, SCRIPT)[1],
            )
        ],
        times=[
            TimeValue("Monday", "date", "2025-12-29", _ev(text, last), start=t_start, end=t_end)
        ],
        events=[
            Event("ACCUSE", f"{SCRIPT} accused", _ev(text, last), actors=["e1"], targets=["e2"])
        ],
    )


def friendly_brief() -> Brief:
    text = FRIENDLY_TEXT
    ruto = Entity(
        id="e1",
        name="William Ruto",
        type="PERSON",
        aliases=["Ruto"],
        country="KEN",
        roles=[Role("President", "e2", _ev(text, text[:75]))],
        mentions=[Mention(*_at(text, "William Ruto"), "William Ruto")],
    )
    kenya = Entity(
        id="e2",
        name="Kenya",
        type="COUNTRY",
        country="KEN",
        mentions=[Mention(*_at(text, "Kenyan"), "Kenyan")],
    )
    arusha = Entity(
        id="e3", name="Arusha", type="PLACE", mentions=[Mention(*_at(text, "Arusha"), "Arusha")]
    )
    q_start, q_end = _at(text, "We will open the border to trade,")
    n_start, n_end = _at(text, "300 kilometres")
    return Brief(
        document=Article(
            text=text,
            title="Kenya and Tanzania agree road deal",
            published="2026-01-03",
            url="https://news.example/kenya-road",
        ),
        entities=[ruto, kenya, arusha],
        quotes=[
            Quote(
                "e1", "direct", text[q_start:q_end], _ev(text, text[:75]), start=q_start, end=q_end
            )
        ],
        attributions=[
            Attribution(
                "The deal covers 300 kilometres of road",
                "a senior official",
                True,
                _ev(text, text[:75]),
                start=_at(text, "The deal")[0],
                end=n_end,
            )
        ],
        quantities=[
            Quantity(
                "300 kilometres",
                "distance",
                300,
                _ev(text, text[:75]),
                unit="km",
                start=n_start,
                end=n_end,
            )
        ],
        events=[
            Event(
                "CONSULT",
                "Ruto met Tanzanian officials",
                _ev(text, text[:75]),
                actors=["e1"],
                place="e3",
                time=TimeRef("Tuesday", "2025-12-30"),
            )
        ],
    )


def save_and_resolve(store: Store, brief: Brief) -> str:
    """Store a hand-made brief as ingest would: saved, then placed in a storyline and its
    entities resolved (so its names have entity pages)."""
    article_id = store.save_brief(brief).article_id
    KnowledgeBase.open(store).add(article_id, brief)
    return article_id


# One man under two names: Sudan's president, who led the rebels into Khartoum as Abu
# Yasin al-Halabi. The resolver keeps them apart (nothing in the names links them);
# `newsgraph entities merge` joins them by hand. The third record is a copy of the second
# that another outlet ran: stored as a further source of it, not as an article.
SAME_PERSON = [
    {
        "url": "https://nilenews.example/sudan/rome-visit",
        "published": "2025-05-07",
        "text": "Sudanese president visits Rome\n\nSudanese President Ahmed al-Rashidi met Italian "
        'Prime Minister Giorgia Meloni in Rome on Wednesday, her office said. "Sudan will '
        'rebuild its economy," al-Rashidi told reporters.',
    },
    {
        "url": "https://wirecopy.example/africa/khartoum",
        "published": "2024-12-08",
        "text": "Rebels enter Khartoum\n\nRebel leader Abu Yasin al-Halabi entered Khartoum "
        'on Sunday, his group said. "This victory belongs to all Sudanese," Halabi said '
        "in a speech at the Grand Mosque.",
    },
    {
        "url": "https://copydesk.example/world/khartoum-rebels",
        "published": "2024-12-08",
        "text": "Rebels enter Khartoum\n\nRebel leader Abu Yasin al-Halabi entered Khartoum "
        'on Sunday, his group said. "This victory belongs to all Sudanese," Halabi said '
        "in a speech at the Grand Mosque.",
    },
]


@pytest.fixture()
def store() -> Iterator[Store]:
    with open_store("sqlite://") as s:
        save_and_resolve(s, hostile_brief())
        save_and_resolve(s, friendly_brief())
        yield s


@pytest.fixture()
def client(store: Store) -> TestClient:
    return TestClient(create_app(store))


@pytest.fixture()
def writer(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{tmp_path / 'w.db'}", write_token="s3cret")) as c:
        yield c


def ingested_db(folder: Path, articles: list[dict[str, str]], created: int | None = None) -> str:
    """The URL of a fresh SQLite store holding ``articles`` (JSON Lines records) put through
    the real ingest, so storylines, entities and events are the product's own; ``created``
    articles are stored (all, unless some are near-duplicates kept as further sources)."""
    corpus = folder / "articles.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    db = f"sqlite:///{folder / 'news.db'}"
    report = ingest([str(corpus)], db=db)
    assert len(report.created) == (len(articles) if created is None else created)
    assert not report.failed
    return db


def ingested_client(folder: Path, articles: list[dict[str, str]]) -> Iterator[TestClient]:
    """A client over a fresh SQLite store holding ``articles`` (see ``ingested_db``)."""
    with TestClient(create_app(ingested_db(folder, articles))) as c:
        yield c
