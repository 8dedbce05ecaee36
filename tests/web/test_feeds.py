"""Atom feeds of a storyline's and an entity's events (``web/feeds.py``): valid Atom 1.0
that feedparser reads back, hostile article text kept as text, stable entry ids, and the
pages linking them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import feedparser
from fastapi.testclient import TestClient

from newsgraph import read
from newsgraph.read.storylines import storyline_view
from newsgraph.store import Store
from newsgraph.web import create_app
from newsgraph.web.feeds import ATOM, entry_id

from .conftest import SCRIPT, friendly_brief, hostile_brief, save_and_resolve

CONTROLS = "\x00\x0b\x1b[2J\ufffe\x7f"


def _storyline_of(store: Store, title_part: str) -> str:
    return next(r.id for r in store.storylines() if title_part in r.title)


def _feed(client: TestClient, path: str) -> tuple[Any, bytes]:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed, response.content


def test_storyline_feed_is_atom_with_one_entry_per_event(client: TestClient, store: Store) -> None:
    line = _storyline_of(store, "Kenya")
    parsed, raw = _feed(client, f"/storylines/{line}/feed.atom")
    assert parsed.version == "atom10"
    view = storyline_view(store, line)
    assert [e.title for e in parsed.entries] == [ev.label for ev in view.events]
    [entry] = parsed.entries
    assert entry.link == f"http://testserver/storylines/{line}"
    assert "https://news.example/kenya-road" in [x.href for x in entry.links]
    assert "Ruto met Tanzanian officials in Arusha" in entry.content[0].value
    assert parsed.feed.links[0].href.endswith(f"/storylines/{line}/feed.atom")
    ET.fromstring(raw)  # well-formed for a strict parser too


def test_a_hostile_article_stays_text(client: TestClient, store: Store) -> None:
    line = _storyline_of(store, "Hostile")  # no political dyad: named by its headline
    parsed, raw = _feed(client, f"/storylines/{line}/feed.atom")
    assert b"<script>" not in raw and b"<img" not in raw
    [entry] = parsed.entries
    assert SCRIPT in entry.title  # shown as text, never as markup
    assert "javascript:" not in " ".join(x.href for x in entry.links)
    root = ET.fromstring(raw)
    assert {child.tag for child in root.iter()} <= {
        f"{{{ATOM}}}{tag}"
        for tag in [
            "feed",
            "id",
            "title",
            "updated",
            "link",
            "author",
            "name",
            "generator",
            "entry",
            "published",
            "category",
            "summary",
            "content",
        ]
    }


def test_characters_xml_cannot_hold_do_not_break_the_feed(store: Store) -> None:
    brief = hostile_brief()
    brief.document.url = "https://hostile.example/controls"
    brief.events[0].summary = f"{CONTROLS} ]]> &amp; </entry><entry>"
    save_and_resolve(store, brief)
    client = TestClient(create_app(store))
    for row in store.storylines():
        parsed, raw = _feed(client, f"/storylines/{row.id}/feed.atom")
        ET.fromstring(raw)
        for entry in parsed.entries:
            assert "\x1b" not in entry.title and "\x00" not in entry.title
    titles = [
        e.title
        for r in store.storylines()
        for e in _feed(client, f"/storylines/{r.id}/feed.atom")[0].entries
    ]
    assert any("]]> &amp; </entry><entry>" in t for t in titles)


def test_entry_id_and_updated_stay_when_a_later_source_joins(store: Store) -> None:
    client = TestClient(create_app(store))
    line = _storyline_of(store, "Kenya")
    [before] = _feed(client, f"/storylines/{line}/feed.atom")[0].entries
    copy = friendly_brief()
    copy.document.url = "https://other.example/ruto-road"
    copy.document.text += " Traders welcomed the deal."
    save_and_resolve(store, copy)
    [after] = _feed(client, f"/storylines/{line}/feed.atom")[0].entries
    assert "https://other.example/ruto-road" in [x.href for x in after.links]
    assert (after.id, after.updated) == (before.id, before.updated)
    [event] = storyline_view(store, line).events
    assert event.source_count == 2
    stamps = store.stored_at(r.article_id for r in event.reports)
    first = min(event.reports, key=lambda r: stamps[r.article_id])
    assert before.id == entry_id(f"{first.article_id}:{first.start}:{first.end}")
    assert before.updated == stamps[first.article_id]


def test_entity_feed_lists_its_events(client: TestClient, store: Store) -> None:
    gid = read.best_entity(store, "William Ruto", "PERSON")
    parsed, _ = _feed(client, f"/entities/{gid}/feed.atom")
    assert [e.title for e in parsed.entries] == [
        ev.label for ev in read.entity_view(store, gid).events
    ]
    assert parsed.feed.title == "newsgraph: William Ruto"
    assert client.get("/entities/G-none/feed.atom").status_code == 404
    assert client.get("/storylines/S-none/feed.atom").status_code == 404


def test_pages_link_their_feeds(client: TestClient, store: Store) -> None:
    line = _storyline_of(store, "Kenya")
    page = client.get(f"/storylines/{line}").text
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert f'href="/storylines/{line}/feed.atom"' in page and 'id="storyline-feed"' in page
    gid = read.best_entity(store, "William Ruto", "PERSON")
    page = client.get(f"/entities/{gid}").text
    assert f'href="/entities/{gid}/feed.atom"' in page and 'id="entity-feed"' in page
    assert 'type="application/atom+xml"' in page
