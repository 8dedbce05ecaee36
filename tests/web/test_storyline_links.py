"""The way from an article or an entity to its storyline: the article page and the entity
page link the storylines their articles belong to, and their JSON twins carry the same refs.
Three short articles (two about one flood, one about a rail deal) go through the real
ingest, so the storylines are the knowledge base's own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import ingested_client

ARTICLES = [
    {
        "url": "https://rivernews.example/floods/valencia",
        "published": "2026-05-04",
        "text": "Floods cut off roads in Valencia\n\nFloods cut off roads in Valencia on Sunday, "
        "the civil defence agency said. Regional president Carlos Mazon asked the army "
        "to evacuate riverside districts of Valencia.",
    },
    {
        "url": "https://southwire.example/spain/floods",
        "published": "2026-05-05",
        "text": "Army evacuates flooded Valencia districts\n\nSoldiers evacuated riverside "
        "districts of Valencia on Monday after floods, Regional president Carlos Mazon said.",
    },
    {
        "published": "2026-02-10",
        "text": "Kenya signs rail deal\n\nKenyan President William Ruto signed a rail agreement "
        "with Uganda in Nairobi on Monday, officials said.",
    },
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    yield from ingested_client(tmp_path_factory.mktemp("links"), ARTICLES)


def _article_id(client: TestClient, title_start: str) -> str:
    rows = client.get("/api/articles").json()["articles"]
    return str(next(r["id"] for r in rows if r["title"].startswith(title_start)))


def _flood_line(client: TestClient) -> dict[str, Any]:
    lines: list[dict[str, Any]] = client.get("/api/storylines").json()
    return next(r for r in lines if r["article_count"] == 2)


def test_article_twin_and_page_link_its_storyline(client: TestClient) -> None:
    line = _flood_line(client)
    article_id = _article_id(client, "Floods cut off")
    detail = client.get(f"/api/articles/{article_id}").json()
    assert [s["id"] for s in detail["storylines"]] == [line["id"]]
    page = client.get(f"/articles/{article_id}").text
    assert f'href="{line["path"]}"' in page and 'id="article-storylines"' in page


def test_entity_twin_and_page_list_its_storylines(client: TestClient) -> None:
    line = _flood_line(client)
    data = client.get("/api/entities/PLACE/Valencia").json()
    assert line["id"] in [s["id"] for s in data["storylines"]]
    page = client.get("/entities/PLACE/Valencia").text
    assert f'href="{line["path"]}"' in page


def test_entity_outside_every_flood_article_does_not_list_the_flood(client: TestClient) -> None:
    line = _flood_line(client)
    data = client.get("/api/entities/PERSON/William%20Ruto").json()
    assert data["storylines"] and line["id"] not in [s["id"] for s in data["storylines"]]
