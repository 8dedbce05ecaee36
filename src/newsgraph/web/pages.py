"""The HTML pages: home and search, article, entity list and entity, storyline. Each
renders the ``newsgraph.read`` view its JSON twin in ``web/api.py`` returns, so a page and
its twin cannot disagree; Jinja autoescapes everything, and the article body is built only
by ``highlight.py``, which escapes every segment."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from newsgraph import read
from newsgraph.model import Brief, Entity
from newsgraph.read.refs import entity_path, safe_href
from newsgraph.read.timeline import storyline_timeline
from newsgraph.render import role_label
from newsgraph.web import highlight, layout
from newsgraph.web.api import entity_redirect, store_of

TEMPLATES_DIR = Path(__file__).parent / "templates"
_env = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.globals["role_label"] = role_label
_env.globals["entity_path"] = entity_path
_env.globals["safe_href"] = safe_href
_SNIPPET_MARK = re.compile(r"«([^«»]*)»")


def mark_snippet(snippet: str) -> Markup:
    """A search snippet's «matches» as <mark>, every piece of article text escaped."""
    parts: list[Markup] = []
    last = 0
    for found in _SNIPPET_MARK.finditer(snippet):
        parts.append(escape(snippet[last : found.start()]))
        parts.append(Markup("<mark>{}</mark>").format(found.group(1)))
        last = found.end()
    parts.append(escape(snippet[last:]))
    return Markup("").join(parts)


_env.filters["mark_snippet"] = mark_snippet
templates = Jinja2Templates(env=_env)

router = APIRouter(include_in_schema=False)


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, q: Annotated[str | None, Query(max_length=500)] = None) -> Response:
    """The latest articles and, with ``q``, matching articles and resolved entities."""
    store = store_of(request)
    result = read.search(store, q) if q and q.strip() else None
    return _page(request, "home.html", {"home": read.home(store), "result": result, "q": q})


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str) -> Response:
    """The body with its facts marked; each name links the resolved entity it belongs to
    (a name not resolved yet links nowhere)."""
    view = read.article_view(store_of(request), article_id)
    brief = view.brief

    def href(entity_id: str) -> str | None:
        ref = view.entity_links.get(entity_id)
        return ref.path if ref else None

    context = {
        "view": view,
        "doc": brief.document,
        "body": highlight.highlight(brief, href),
        "facts": highlight.fact_table(brief),
        "people": people(brief),
        "others": [e for e in brief.entities if e.type != "PERSON"],
        "names": {e.id: e.name for e in brief.entities},
    }
    return _page(request, "article.html", context)


def people(brief: Brief) -> list[Entity]:
    """The article's people, those with roles first, for the brief beside the text."""
    found = [e for e in brief.entities if e.type == "PERSON"]
    return sorted(found, key=lambda e: (not e.roles, -len(e.mentions), e.name))


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, type: str | None = None) -> Response:
    rows = read.entity_list(store_of(request), type, limit=200)
    return _page(request, "entities.html", {"rows": rows, "type": type})


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity(
    request: Request, entity_id: str, as_of: Annotated[str | None, Query(max_length=40)] = None
) -> Response:
    view = read.entity_view(store_of(request), entity_id, as_of or None)
    as_actor, as_target, as_other = events_by_part(view)
    context = {
        "e": view,
        "api_path": "/api" + view.path,
        "feed_path": view.path + "/feed.atom",
        "as_actor": as_actor,
        "as_target": as_target,
        "as_other": as_other,
    }
    return _page(request, "entity.html", context)


def events_by_part(
    view: read.EntityView,
) -> tuple[list[read.EventView], list[read.EventView], list[read.EventView]]:
    """The entity's events by its part in them, for the page's three lists: as actor, as
    target, and the rest (mediator or place). One it both does and suffers is an actor's."""
    actor = [ev for ev in view.events if view.id in ev.actor_ids]
    rest = [ev for ev in view.events if view.id not in ev.actor_ids]
    target = [ev for ev in rest if view.id in ev.target_ids]
    return actor, target, [ev for ev in rest if view.id not in ev.target_ids]


@router.get("/entities/{type}/{name:path}", response_class=RedirectResponse)
def entity_by_name(request: Request, type: str, name: str) -> RedirectResponse:
    """A name URL from before entities were resolved: on to the resolved entity."""
    return entity_redirect(store_of(request), type, name)


@router.get("/storylines/{storyline_id}", response_class=HTMLResponse)
def storyline(request: Request, storyline_id: str, all: bool = False) -> Response:
    """A storyline: its timeline (named, dated events; every event with ``?all=1``), the
    history its articles recall, its articles by outlet (each with the further sources
    that ran it) and its actor network."""
    view = read.storyline_view(store_of(request), storyline_id)
    line = storyline_timeline(view, all)
    context = {
        "s": view,
        "line": line,
        "timeline": layout.timeline_layout(line.events),
        "circle": layout.circle_layout(view.network),
        "api_path": "/api" + view.path,
    }
    return _page(request, "storyline.html", context)


def error_page(request: Request, status: int, message: str) -> Response:
    return _page(request, "error.html", {"status": status, "message": message}, status)
