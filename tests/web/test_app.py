"""The web app in-process over ASGI: every page and its JSON twin, errors mapped to HTTP
status, the write token, and hostile article text rendered inert on every page. Entity
pages are the resolved entities' (``/entities/{id}``); a name URL redirects to one."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsgraph.read.refs import entity_path
from newsgraph.store import Store

from .conftest import SCRIPT, friendly_brief, hostile_brief

UNSAFE = re.compile(
    r"<script(?![^>]*(src=\"/static/app\.js\"|type=\"application/json\"))", re.IGNORECASE
)


def _ids(client: TestClient) -> dict[str, str]:
    rows = client.get("/api/articles").json()["articles"]
    return {r["title"]: r["id"] for r in rows}


def entity_id(client: TestClient, name: str) -> str:
    """The resolved id of the entity listed under ``name``."""
    rows: list[dict[str, Any]] = client.get("/api/entities").json()
    return str(next(r["id"] for r in rows if r["name"] == name))


def _pages(client: TestClient) -> list[str]:
    ids = list(_ids(client).values())
    entities = client.get("/api/entities").json()
    return (
        ["/", "/?q=alert", "/?q=script", "/entities"]
        + [f"/articles/{i}" for i in ids]
        + [e["path"] for e in entities]
    )


def test_hostile_text_renders_inert_on_every_page(client: TestClient) -> None:
    pages = _pages(client)
    assert entity_path(entity_id(client, SCRIPT)) in pages
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not UNSAFE.search(response.text), path
        assert "<img" not in response.text and 'href="javascript:' not in response.text, path
        assert ' onmouseover="alert' not in response.text, path


def test_article_page_marks_facts_and_shows_the_brief(client: TestClient) -> None:
    article_id = _ids(client)["Kenya and Tanzania agree road deal"]
    page = client.get(f"/articles/{article_id}").text
    assert 'class="fact f-entity"' in page and "f-quantity" in page and "f-quote" in page
    assert f'href="{entity_path(entity_id(client, "William Ruto"))}"' in page
    assert "President" in page and "of Kenya" in page  # role with its "of" resolved
    assert "anonymous" in page and "CONSULT" in page
    assert f"/api/articles/{article_id}/brief?download=1" in page
    assert '<script type="application/json" id="fact-table">' in page


def test_brief_json_is_the_contract(client: TestClient) -> None:
    article_id = _ids(client)["Kenya and Tanzania agree road deal"]
    got = client.get(f"/api/articles/{article_id}/brief")
    assert got.json() == friendly_brief().to_dict()
    download = client.get(f"/api/articles/{article_id}/brief?download=1")
    assert download.headers["content-disposition"] == (
        f'attachment; filename="brief-{article_id}.json"'
    )
    detail = client.get(f"/api/articles/{article_id[:6]}").json()
    assert detail["id"] == article_id
    assert detail["entity_links"]["e1"]["path"] == entity_path(entity_id(client, "William Ruto"))


def test_search_finds_articles_and_entity_names(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "ruto"}).json()
    assert [a["title"] for a in found["articles"]] == ["Kenya and Tanzania agree road deal"]
    assert [e["name"] for e in found["entities"]] == ["William Ruto"]
    page = client.get("/", params={"q": "ruto"}).text
    assert 'id="entity-results"' in page and "William Ruto" in page


def test_entity_page_and_twin_show_roles_quotes_events(client: TestClient) -> None:
    data = client.get("/api/entities/PERSON/william%20ruto").json()  # by way of the redirect
    assert data["id"] == entity_id(client, "William Ruto")
    assert "Ruto" in data["aliases"] and "Ruto" in [a["name"] for a in data["alias_uses"]]
    assert [r["title"] for r in data["roles"]] == ["President (Kenya)"]
    assert data["quotes"][0]["text"] == "We will open the border to trade,"
    as_actor = [e for e in data["events"] if data["id"] in e["actor_ids"]]
    assert as_actor[0]["type"] == "CONSULT"
    assert {c["entity"]["name"] for c in data["co_occurring"]} == {"Kenya", "Arusha"}
    page = client.get(data["path"]).text
    assert "We will open the border to trade," in page and "President" in page


def test_entity_named_with_markup_and_slash_is_reachable(client: TestClient) -> None:
    response = client.get(f"/entities/ORG/{SCRIPT}")  # the old name URL, redirected
    assert response.status_code == 200
    assert response.url.path == entity_path(entity_id(client, SCRIPT))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    ada = client.get("/api/entities/PERSON/Ada%20Obi").json()
    assert [e for e in ada["events"] if ada["id"] in e["actor_ids"]]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/articles/ffffffffffffffff", 404),
        ("/api/articles/not-an-id", 404),
        ("/api/entities/PERSON/Nobody%20Here", 404),
        ("/api/entities/ROBOT/x", 400),
        ("/api/entities/G000000000000", 404),
        ("/api/entities?type=ROBOT", 400),
        ("/api/articles?limit=0", 422),
        ("/api/search?q=", 400),
    ],
)
def test_errors_map_to_status_as_json(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert set(response.json()) == {"error"}


def test_errors_on_pages_are_html(client: TestClient) -> None:
    response = client.get("/articles/ffffffffffffffff")
    assert response.status_code == 404
    assert "no article with id" in response.text and "<h1>Error 404</h1>" in response.text


def test_security_headers_and_local_assets(client: TestClient) -> None:
    response = client.get("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert not re.search(r'(src|href)="(https?:)?//', response.text)
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/style.css").status_code == 200


def test_openapi_documents_every_json_route(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert paths == {
        "/api/home",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/articles/{article_id}/brief",
        "/api/search",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/entities/{type}/{name}",
        "/api/ingest",
        "/api/changes",
        "/api/storylines",
        "/api/storylines/{storyline_id}",
        "/api/storylines/{storyline_id}/timeline",
    }


def test_ingest_is_refused_without_a_write_token(client: TestClient, store: Store) -> None:
    before = store.count_articles()
    response = client.post(
        "/api/ingest", content=b"Some text", headers={"Authorization": "Bearer anything"}
    )
    assert response.status_code == 403
    assert store.count_articles() == before


@pytest.mark.parametrize("header", [None, "Bearer wrong", "s3cret", "Basic s3cret"])
def test_ingest_needs_the_right_token(writer: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    assert writer.post("/api/ingest", content=b"x", headers=headers).status_code == 403


def test_ingest_with_token_stores_the_article(writer: TestClient) -> None:
    body = (
        "Chile opens lithium talks\n\n"
        "Chilean President Gabriel Boric said on Monday that the government would open "
        "talks with mining companies over lithium."
    )
    response = writer.post(
        "/api/ingest",
        params={"published": "2026-01-05"},
        content=body.encode(),
        headers={"Authorization": "Bearer s3cret", "Content-Type": "text/plain"},
    )
    assert response.status_code == 200, response.text
    created = response.json()["created"]
    assert len(created) == 1
    brief = writer.get(f"/api/articles/{created[0]}/brief").json()
    assert brief["document"]["published"] == "2026-01-05"
    bad = writer.post(
        "/api/ingest",
        params={"published": "yesterday"},
        content=b"Text here.",
        headers={"Authorization": "Bearer s3cret"},
    )
    assert bad.status_code == 400


def test_hostile_brief_round_trips_unchanged(client: TestClient) -> None:
    article_id = _ids(client)[f"Hostile {SCRIPT} title"]
    assert client.get(f"/api/articles/{article_id}/brief").json() == hostile_brief().to_dict()


def test_no_page_loads_assets_from_a_cdn(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404  # FastAPI's docs page pulls a CDN script
    assert 'href="/openapi.json"' in client.get("/").text
