"""The HTML pages: home and search, article, entity, storyline. Each renders the same view
object its JSON twin in ``web/api.py`` returns; Jinja autoescapes everything, and the
article body is built only by ``highlight.py``, which escapes every segment."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from newsgraph.render import role_label
from newsgraph.store import Store
from newsgraph.web import highlight, storylines, views

TEMPLATES_DIR = Path(__file__).parent / "templates"
_env = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.globals["entity_path"] = views.entity_path
_env.globals["role_label"] = role_label
_SNIPPET_MARK = re.compile(r"«([^«»]*)»")


def mark_snippet(snippet: str) -> Markup:
    """A search snippet's «matches» as <mark>, every piece of article text escaped."""
    parts: list[Markup] = []
    last = 0
    for found in _SNIPPET_MARK.finditer(snippet):
        parts.append(escape(snippet[last:found.start()]))
        parts.append(Markup("<mark>{}</mark>").format(found.group(1)))
        last = found.end()
    parts.append(escape(snippet[last:]))
    return Markup("").join(parts)


_env.filters["mark_snippet"] = mark_snippet
templates = Jinja2Templates(env=_env)

router = APIRouter(include_in_schema=False)


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, q: Annotated[str | None, Query(max_length=500)] = None) -> Response:
    """The latest articles and, with ``q``, matching articles and entities."""
    store = _store(request)
    result = views.search(store, q) if q and q.strip() else None
    return _page(request, "home.html", {"home": views.home(store), "result": result, "q": q})


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str) -> Response:
    view = views.article(_store(request), article_id)
    brief = view.brief

    def href(entity_id: str) -> str | None:
        ref = view.entity_links.get(entity_id)
        return ref.path if ref else None

    context = {
        "view": view,
        "doc": brief.document,
        "body": highlight.highlight(brief, href),
        "facts": highlight.fact_table(brief),
        "people": views.people(brief),
        "others": [e for e in brief.entities if e.type != "PERSON"],
        "names": {e.id: e.name for e in brief.entities},
    }
    return _page(request, "article.html", context)


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, type: str | None = None) -> Response:
    rows = _store(request).entities(type=type, limit=200)
    return _page(request, "entities.html", {"rows": rows, "type": type})


@router.get("/entities/{type}/{name:path}", response_class=HTMLResponse)
def entity(request: Request, type: str, name: str) -> Response:
    view = views.entity(_store(request), type, name)
    api_path = "/api" + views.entity_path(view.type, view.name)
    return _page(request, "entity.html", {"e": view, "api_path": api_path})


@router.get("/storylines/{storyline_id}", response_class=HTMLResponse)
def storyline(request: Request, storyline_id: str) -> Response:
    """A storyline: its timeline, its articles by source and its actor network."""
    view = storylines.storyline(_store(request), storyline_id)
    context = {
        "s": view,
        "timeline": storylines.timeline_layout(view.events),
        "circle": storylines.circle_layout(view.network),
        "api_path": "/api" + storylines.storyline_path(view.id),
    }
    return _page(request, "storyline.html", context)


def error_page(request: Request, status: int, message: str) -> Response:
    return _page(request, "error.html", {"status": status, "message": message}, status)
