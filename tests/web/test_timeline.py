"""The storyline page's timeline toggle, without script: by default the named, dated events
and the history apart; ``?all=1`` (a plain link) shows every event; the JSON timeline takes
the same ``all`` parameter."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import ingested_client

ARTICLES = [
    {
        "url": "https://eastafrica-post.example/arusha-talks",
        "published": "2026-01-07",
        "text": "Kenya and Tanzania hold talks in Arusha\n\nKenyan Foreign Minister Daniel "
        "Otieno met Tanzanian envoy Juma Mwinyi in Arusha on Monday, the ministry said. Kenya "
        "and Tanzania signed a border agreement in 1974. Police arrested two men near the venue "
        "on Tuesday.",
    },
    {
        "url": "https://wire.example/envoys",
        "published": "2026-01-08",
        "text": "Kenyan and Tanzanian envoys meet in Arusha\n\nKenyan Foreign Minister Daniel "
        "Otieno met Tanzanian envoy Juma Mwinyi in Arusha on Monday, officials said. Kenyan and "
        "Tanzanian officials last met in 2023.",
    },
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    yield from ingested_client(tmp_path_factory.mktemp("timeline-web"), ARTICLES)


def _line(client: TestClient) -> dict[str, Any]:
    rows = client.get("/api/storylines").json()
    row: dict[str, Any] = max(rows, key=lambda r: r["article_count"])
    return row


def _section(page: str, start: str, end: str) -> str:
    at = page.index(start)
    return page[at : page.index(end, at)]


def test_page_toggles_between_named_events_and_all(client: TestClient) -> None:
    path = _line(client)["path"]
    api = client.get(f"/api{path}/timeline").json()
    every = client.get(f"/api{path}/timeline", params={"all": "1"}).json()
    assert api["left_out"] > 0 and every["show_all"] and every["left_out"] == 0
    page = client.get(path).text
    assert 'href="?all=1"' in page and "show all events" in page
    shown = _section(page, 'id="storyline-events"', "</ol>")
    assert shown.count('id="event-') == len(api["events"])
    for e in api["events"]:
        assert f'id="event-{e["id"]}"' in shown
    background = _section(page, 'id="storyline-background"', "</ol>")
    assert "1974" in background
    hidden = [e for e in every["events"] if e["id"] not in {x["id"] for x in api["events"]}]
    assert hidden and all(f'id="event-{e["id"]}"' not in page for e in hidden)
    full = client.get(path, params={"all": "1"}).text
    assert 'href="?"' in full and "only named, dated events" in full
    for e in every["events"]:
        assert f'id="event-{e["id"]}"' in _section(full, 'id="storyline-events"', "</ol>")


def test_unknown_storyline_timeline_is_404(client: TestClient) -> None:
    assert client.get("/api/storylines/S999/timeline").status_code == 404
