"""Follow a storyline or an entity without polling the API: an Atom 1.0 feed of its events,
newest first (``/storylines/{id}/feed.atom``, ``/entities/{id}/feed.atom``).

Each entry is one event merged across sources: its sentence, every report's outlet,
sentence and link, ``updated`` when the store first stored a report of it, and an id
made from that first report (``read.changes.NewEvent.key``), so a feed reader does not
see an event again when later sources join it. The XML is built as a tree and serialised
by ElementTree, which escapes every text and attribute; characters XML 1.0 cannot carry at
all (NUL, other C0 controls, lone surrogates) are dropped first, so no article text can
break the document or add elements to it.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from fastapi import APIRouter, Request
from fastapi.responses import Response

from newsgraph.read.changes import NewEvent, reported_events
from newsgraph.read.entities import entity_view
from newsgraph.read.events import EventView
from newsgraph.read.refs import safe_href
from newsgraph.read.storylines import storyline_view
from newsgraph.web.api import store_of

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
FEED_ENTRIES = 50
EPOCH = "1970-01-01T00:00:00Z"  # ``updated`` of a feed with no entry yet
# Everything but what XML 1.0 allows: tab, newline, return, and the planes minus the
# surrogates and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

router = APIRouter(include_in_schema=False)


def xml_text(text: str | None) -> str:
    """``text`` with the characters XML 1.0 cannot hold removed (escaping is ET's)."""
    return _NOT_XML.sub("", text or "")


def entry_id(key: str) -> str:
    """A stable, valid IRI for an event first known by report ``key``."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"newsgraph:event:{key}").urn


def feed_id(kind: str, key: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"newsgraph:{kind}:{key}").urn


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        node.text = xml_text(text)
    return node


def atom_feed(
    *, ident: str, title: str, page: str, self_url: str, entries: Sequence[NewEvent]
) -> bytes:
    """The Atom document: the feed's id, title, links and author, then one entry per
    event (the newest ``FEED_ENTRIES``)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", ident)
    _add(feed, "title", title)
    _add(feed, "updated", entries[0].first_reported if entries else EPOCH)
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="alternate", type="text/html", href=page)
    _add(_add(feed, "author"), "name", "newsgraph")
    _add(feed, "generator", "newsgraph")
    for found in entries[:FEED_ENTRIES]:
        _entry(feed, found, page)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body


def _entry(feed: ET.Element, found: NewEvent, page: str) -> None:
    ev = found.event
    entry = _add(feed, "entry")
    _add(entry, "id", entry_id(found.key))
    _add(entry, "title", ev.label)
    _add(entry, "updated", found.first_reported)
    _add(entry, "published", found.first_reported)
    _add(entry, "link", rel="alternate", type="text/html", href=page)
    for r in ev.reports:
        href = safe_href(r.url)
        if href:
            _add(entry, "link", rel="related", href=href, title=r.outlet)
    _add(entry, "category", term=ev.type)
    _add(entry, "summary", " ".join(ev.evidence.split()), type="text")
    lines = [" ".join(ev.evidence.split()), "", f"Sources ({ev.source_count}):"]
    for r in ev.reports:
        when = f" {r.published}" if r.published else ""
        lines.append(
            f"- {r.outlet}{when}: {' '.join(r.sentence.split())} ({r.url or r.article_id})"
        )
    _add(entry, "content", "\n".join(lines), type="text")


def _respond(body: bytes) -> Response:
    return Response(body, media_type=MEDIA_TYPE)


def _absolute(request: Request, path: str) -> str:
    return str(request.base_url).rstrip("/") + path


def _page_feed(
    request: Request, kind: str, key: str, title: str, path: str, events: Sequence[EventView]
) -> Response:
    """The Atom feed of one page's events (a storyline's or an entity's): the entries are
    the events as first reported, linked to the page and to every source."""
    page = _absolute(request, path)
    return _respond(
        atom_feed(
            ident=feed_id(kind, key),
            title=f"newsgraph: {title}",
            page=page,
            self_url=page + "/feed.atom",
            entries=reported_events(store_of(request), events),
        )
    )


@router.get("/storylines/{storyline_id}/feed.atom")
def storyline_feed(request: Request, storyline_id: str) -> Response:
    """A storyline's events as Atom, newest first reported first."""
    view = storyline_view(store_of(request), storyline_id)
    return _page_feed(request, "storyline", view.id, view.title or view.id, view.path, view.events)


@router.get("/entities/{entity_id}/feed.atom")
def entity_feed(request: Request, entity_id: str) -> Response:
    """A resolved entity's events as Atom, newest first reported first."""
    view = entity_view(store_of(request), entity_id)
    return _page_feed(request, "entity", view.id, view.name, view.path, view.events)
