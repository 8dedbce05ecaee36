"""A small corpus for the batch engines: six articles in a folder (text and HTML), one
empty file, and a JSON Lines file with two good records and one broken line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from newsgraph.api import ingest
from newsgraph.store import open_store

ARTICLES = {
    "harbour.txt": (
        "Port workers end strike in Rotterdam\n\n"
        "Dock workers in Rotterdam returned to work on Tuesday after a three-day strike "
        'over pay. The union said its members had accepted a 4.5% rise. "We got what we '
        'came for," said Anke de Vries, a union spokeswoman.'
    ),
    "budget.txt": (
        "Canada unveils spending plan\n\n"
        "Canada's finance minister, Chrystia Freeland, presented a budget of C$490 billion "
        "on Monday. She told parliament the plan would cut the deficit by 2027. "
        "Opposition leader Pierre Poilievre called it reckless."
    ),
    "drought.txt": (
        "Drought cuts Kenyan maize harvest\n\n"
        "Kenya's maize harvest will fall by a third this year, the agriculture ministry "
        "said on Friday, after the driest season in four decades. Farmers in Machakos "
        "county said they had lost most of their crops."
    ),
    "election.html": (
        "<html><head><title>Chile votes in runoff</title></head><body><article>"
        "<h1>Chile votes in runoff</h1><p>Voters in Chile chose a new president on Sunday "
        "in a runoff between Gabriel Boric and Jose Antonio Kast.</p><p>Turnout reached "
        "55%, the electoral service said. Boric thanked supporters in Santiago.</p>"
        "</article></body></html>"
    ),
    "rail.html": (
        "<html><head><title>Rail link opens in Lagos</title></head><body><article>"
        "<h1>Rail link opens in Lagos</h1><p>A new rail line between Lagos and Ibadan "
        "opened on Thursday, cutting the journey to two hours.</p><p>President Muhammadu "
        "Buhari said the $1.5 billion project would create thousands of jobs.</p>"
        "</article></body></html>"
    ),
    "floods.txt": (
        "Floods force evacuations in Queensland\n\n"
        "Thousands of residents in Brisbane were told to leave their homes on Wednesday "
        "as the Brisbane River rose above six metres. Premier Annastacia Palaszczuk said "
        "the army would help with the evacuation."
    ),
}
JSONL = [
    {
        "url": "https://news.example.org/2024/05/chip-plant",
        "text": "Chip plant approved in Dresden\n\nThe German government approved a "
        "10 billion euro chip factory in Dresden on Monday, economy minister Robert "
        "Habeck said. Construction will begin next year.",
        "published": "2024-05-06",
    },
    {
        "url": "https://news.example.org/2024/05/whale",
        "html": "<html><head><title>Whale freed off Cape Cod</title></head><body><article>"
        "<h1>Whale freed off Cape Cod</h1><p>Rescuers freed a humpback whale tangled in "
        "fishing rope off Cape Cod on Saturday, the Center for Coastal Studies said.</p>"
        "<p>The whale swam away after four hours.</p></article></body></html>",
        "published": "2024-05-04",
    },
]
N_GOOD = len(ARTICLES) + len(JSONL)


@pytest.fixture
def corpus(tmp_path: Path) -> list[str]:
    """The inputs: the folder (with one empty file) and the JSON Lines file."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "broken.txt").write_text("   \n", encoding="utf-8")
    lines = [json.dumps(r) for r in JSONL[:1]] + ["{not json"] + [json.dumps(JSONL[1])]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(folder), str(tmp_path / "feed.jsonl")]


@pytest.fixture
def n_good() -> int:
    return N_GOOD


@pytest.fixture
def read_store() -> Callable[[str], dict[str, dict[str, object]]]:
    return stored_briefs


def stored_briefs(db: str) -> dict[str, dict[str, object]]:
    """Every stored article's brief, by id."""
    with open_store(db) as store:
        ids = [a.id for a in store.list_articles(limit=1000)]
        return {i: store.get_brief(i).to_dict() for i in ids}


@pytest.fixture
def ingested(corpus: list[str], tmp_path: Path) -> dict[str, dict[str, object]]:
    """What plain ``ingest`` stores for the corpus: the reference for every engine."""
    db = f"sqlite:///{tmp_path / 'ingest.db'}"
    report = ingest(corpus, db=db)
    assert len(report.created) == N_GOOD and len(report.failed) == 2
    return stored_briefs(db)
