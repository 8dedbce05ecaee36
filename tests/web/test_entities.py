"""Entity pages over the resolved entities: ``/entities/{id}`` and its JSON twin (the very
view ``newsgraph entity ID --format json`` prints), name URLs redirected to the entity they
mean, lists, search and article names linking resolved ids, and merges and splits made by
hand showing on the next request. The articles (one man under two names, and a copy of one
article that another outlet ran) go through the real ingest."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsgraph.api import merge_entities, split_entity
from newsgraph.cli import app as cli
from newsgraph.read.refs import entity_path
from newsgraph.store import Store, open_store
from newsgraph.web import create_app

from .conftest import SAME_PERSON, friendly_brief, ingested_db

RASHIDI, HALABI = "Ahmed al-Rashidi", "Abu Yasin al-Halabi"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return ingested_db(tmp_path_factory.mktemp("entities"), SAME_PERSON, created=2)


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


@pytest.fixture()
def copy(db: str, tmp_path: Path) -> str:
    """A copy of the ingested database, for a test that merges and splits."""
    target = tmp_path / "copy.db"
    target.write_bytes(Path(db.removeprefix("sqlite:///")).read_bytes())
    return f"sqlite:///{target}"


def ids(client: TestClient) -> dict[str, str]:
    """Resolved id by name, from the entity list."""
    return {r["name"]: r["id"] for r in client.get("/api/entities").json()}


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --------------------------------------------------------------------------- finding


def test_name_urls_redirect_to_the_resolved_entity(client: TestClient) -> None:
    rashidi = ids(client)[RASHIDI]
    for url, target in [
        ("/entities/PERSON/Ahmed%20al-Rashidi", entity_path(rashidi)),
        ("/entities/person/al-Rashidi", entity_path(rashidi)),
        ("/api/entities/PERSON/Ahmed%20al-Rashidy", "/api" + entity_path(rashidi)),
    ]:
        response = client.get(url, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (308, target), url
    followed = client.get("/api/entities/PERSON/Ahmed%20al-Rashidi")
    assert followed.json()["id"] == rashidi


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/entities/PERSON/Zanzibar%20Quokka", 404),
        ("/entities/ROBOT/x", 400),
        ("/entities/G000000000000", 404),
        ("/entities/ORG/Ahmed%20al-Rashidi", 404),
    ],
)
def test_name_or_id_that_is_no_entity_is_an_error_page(
    client: TestClient, path: str, status: int
) -> None:
    page = client.get(path, follow_redirects=False)
    assert page.status_code == status and "<h1>Error" in page.text
    twin = client.get("/api" + path, follow_redirects=False)
    assert twin.status_code == status and set(twin.json()) == {"error"}


def test_list_links_resolved_ids(client: TestClient) -> None:
    rows = client.get("/api/entities").json()
    assert {RASHIDI, HALABI, "Sudan"} <= {r["name"] for r in rows}
    page = client.get("/entities").text
    for r in rows:
        assert r["path"] == entity_path(r["id"]) and f'href="{r["path"]}"' in page
    people = client.get("/api/entities", params={"type": "person"}).json()
    assert people and {r["type"] for r in people} == {"PERSON"}
    assert f'href="{entity_path(ids(client)[RASHIDI])}"' in client.get("/").text


def test_search_links_resolved_ids(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "halabi"}).json()
    assert [e["id"] for e in found["entities"]] == [ids(client)[HALABI]]
    page = client.get("/", params={"q": "halabi"}).text
    results = page[page.index('id="entity-results"') : page.index('id="article-results"')]
    assert f'href="{entity_path(ids(client)[HALABI])}"' in results


def test_article_names_link_their_resolved_entities(client: TestClient) -> None:
    rows = client.get("/api/articles").json()["articles"]
    article_id = next(r["id"] for r in rows if r["title"] == "Sudanese president visits Rome")
    detail = client.get(f"/api/articles/{article_id}").json()
    by_name = {e["name"]: e["id"] for e in detail["brief"]["entities"]}
    rashidi = ids(client)[RASHIDI]
    assert detail["entity_links"][by_name[RASHIDI]] == {
        "id": rashidi,
        "name": RASHIDI,
        "type": "PERSON",
        "path": entity_path(rashidi),
    }
    page = client.get(f"/articles/{article_id}").text
    body = page[page.index('id="article-body"') : page.index('id="brief"')]
    assert f'<a class="entity-link" href="{entity_path(rashidi)}">' in body
    assert "/entities/PERSON/" not in page


def test_a_name_not_resolved_yet_links_nowhere() -> None:
    with open_store("sqlite://") as store:
        article_id = store.save_brief(friendly_brief()).article_id  # saved, not resolved
        client = TestClient(create_app(store))
        assert client.get(f"/api/articles/{article_id}").json()["entity_links"] == {}
        page = client.get(f"/articles/{article_id}").text
    assert "William Ruto" in page
    assert 'class="entity-link"' not in page and 'href="/entities/' not in page


# --------------------------------------------------------------------------- the page


def test_entity_page_shows_names_roles_quotes_events(client: TestClient) -> None:
    data = client.get("/api" + entity_path(ids(client)[RASHIDI])).json()
    assert {a["name"]: a["article_count"] for a in data["alias_uses"]} == {
        RASHIDI: 1,
        "al-Rashidi": 1,
    }
    assert data["quotes"][0]["text"].startswith("Sudan will rebuild")
    assert data["history"][0] == {
        "kind": "linked",
        "reason": "new entity",
        "other": None,
        "link_count": 1,
        "article_ids": [data["articles"][0]["id"]],
    }
    page = client.get(data["path"]).text
    names = page[page.index('id="entity-aliases"') : page.index('id="entity-roles"')]
    assert RASHIDI in names and "al-Rashidi" in names and "1 article" in names
    for role in data["roles"]:
        assert role["title"] in page and role["evidence"][0]["sentence"] in page
    for other in data["co_occurring"]:
        assert f'href="{other["entity"]["path"]}"' in page
    assert data["quotes"][0]["text"] in page and 'id="entity-history"' in page


def test_api_is_what_the_cli_prints(client: TestClient, db: str) -> None:
    for entity_id in ids(client).values():
        assert client.get(f"/api/entities/{entity_id}").json() == cli_json(
            "entity", entity_id, "--db", db
        )
    assert client.get("/api/search", params={"q": "Khartoum"}).json() == cli_json(
        "search", "Khartoum", "--db", db
    )
    lines = cli_json("storylines", "--db", db)
    assert [client.get(f"/api/storylines/{line['id']}").json() for line in lines] == lines


def test_storyline_json_and_page_carry_each_articles_sources(client: TestClient) -> None:
    (line,) = [
        r for r in client.get("/api/storylines").json() if r["title"] == "Rebels enter Khartoum"
    ]
    data = client.get(f"/api{line['path']}").json()
    (article,) = data["articles"]
    assert article["sources"] == [
        {
            "url": "https://copydesk.example/world/khartoum-rebels",
            "outlet": "copydesk.example",
            "title": "Rebels enter Khartoum",
            "published": "2024-12-08",
        }
    ]
    assert data["outlets"] == ["copydesk.example", "wirecopy.example"]
    page = client.get(line["path"]).text
    outlets = page[page.index('id="storyline-outlets"') :]
    assert "copydesk.example · wirecopy.example" in outlets
    sources = page[page.index('id="storyline-sources"') :]
    assert 'href="https://copydesk.example/world/khartoum-rebels"' in sources


# --------------------------------------------------------------------------- by hand


def _merge_and_split(client: TestClient, merge: Any, split: Any) -> None:
    """Merge Halabi into al-Rashidi, then split them: each shows on the next request."""
    rashidi, halabi = ids(client)[RASHIDI], ids(client)[HALABI]
    merge(rashidi, halabi)
    assert client.get(f"/api/entities/{halabi}").status_code == 404
    assert client.get(entity_path(halabi)).status_code == 404
    data = client.get(f"/api/entities/{rashidi}").json()
    assert {a["name"] for a in data["alias_uses"]} >= {RASHIDI, HALABI, "Halabi"}
    assert data["article_count"] == 2
    merged = data["history"][0]
    assert (merged["kind"], merged["reason"], merged["other"]) == (
        "merged",
        "merged by hand",
        halabi,
    )
    page = client.get(entity_path(rashidi)).text
    assert HALABI in page and "merged by hand" in page
    assert HALABI not in ids(client)

    split(rashidi)
    after = ids(client)
    assert after[RASHIDI] == rashidi and after[HALABI] not in {rashidi, halabi}
    assert HALABI not in {
        a["name"] for a in client.get(f"/api/entities/{rashidi}").json()["alias_uses"]
    }
    part = client.get(entity_path(after[HALABI])).text
    assert "split by hand" in part and f'href="{entity_path(rashidi)}"' in part


def test_merge_and_split_show_on_the_next_request(copy: str) -> None:
    with open_store(copy) as store, TestClient(create_app(store)) as client:
        _merge_and_split(
            client,
            lambda keep, other: merge_entities(store, keep, other),
            lambda gid: split_entity(store, gid),
        )


def test_cli_merge_and_split_show_on_the_next_request(copy: str) -> None:
    """The CLI writes the file the (read-only) server reads; no restart is needed."""
    with TestClient(create_app(copy)) as client:
        _merge_and_split(
            client,
            lambda keep, other: cli_json("entities", "merge", keep, other, "--db", copy),
            lambda gid: cli_json("entities", "split", gid, "--db", copy),
        )


def test_store_fixture_merge_keeps_every_article(store: Store) -> None:
    """Over the hand-made briefs too: after a merge, both articles are the kept entity's."""
    client = TestClient(create_app(store))
    people = {r["name"]: r["id"] for r in client.get("/api/entities?type=PERSON").json()}
    merge_entities(store, people["William Ruto"], people["Ada Obi"])
    data = client.get(f"/api/entities/{people['William Ruto']}").json()
    assert data["article_count"] == 2 and len(data["articles"]) == 2
