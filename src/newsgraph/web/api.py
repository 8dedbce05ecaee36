"""The JSON API: every page's twin under ``/api``, documented by the OpenAPI schema at
``/openapi.json`` (served locally; FastAPI's CDN-backed ``/docs`` page is switched off).

Read-only unless the app was started with a write token: ``POST /api/ingest`` then takes
an article (plain text, HTML, or a JSON record as in a JSON Lines corpus) when the request
carries ``Authorization: Bearer TOKEN``.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from newsgraph import config
from newsgraph.api import ingest_items
from newsgraph.errors import InputError, NewsgraphError
from newsgraph.model import Article
from newsgraph.sources import article_from_text, decode_bytes, validate_published
from newsgraph.sources.html import looks_like_html
from newsgraph.sources.items import SourceItem
from newsgraph.sources.jsonl import parse_record
from newsgraph.store.base import ArticleSource, ArticleSummary, EntityRow, Store
from newsgraph.web import storylines, views

router = APIRouter(prefix="/api", tags=["api"])


class ForbiddenError(NewsgraphError):
    """A write was asked of a read-only server, or with the wrong token."""

    http_status = 403


class TooLargeError(InputError):
    http_status = 413


@dataclass(frozen=True)
class ArticleList:
    total: int
    limit: int
    offset: int
    articles: list[ArticleSummary]


@dataclass(frozen=True)
class ArticleDetail:
    """An article page's twin: the contract brief plus what the store knows around it."""

    id: str
    brief: dict[str, Any]
    sources: list[ArticleSource]
    entity_links: dict[str, views.EntityRef]
    storylines: list[storylines.StorylineRef] = field(default_factory=list)


@dataclass(frozen=True)
class IngestResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


# Every number a request carries is bounded, so none reaches the database as a value it
# cannot take (an OFFSET past 2**63 - 1 was an internal error).
MAX_OFFSET = 10_000_000
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


@router.get("/home", summary="Article count, latest articles and most reported entities")
def get_home(request: Request, limit: Limit = 20) -> views.Home:
    return views.home(store_of(request), limit=limit)


@router.get("/articles", summary="Stored articles, newest first")
def list_articles(request: Request, limit: Limit = 50, offset: Offset = 0) -> ArticleList:
    store = store_of(request)
    rows = store.list_articles(limit=limit, offset=offset)
    return ArticleList(store.count_articles(), limit, offset, rows)


@router.get("/articles/{article_id}", summary="One article: brief, sources, entity links")
def get_article(request: Request, article_id: str) -> ArticleDetail:
    view = views.article(store_of(request), article_id)
    return ArticleDetail(view.id, view.brief.to_dict(), view.sources, view.entity_links,
                         view.storylines)


@router.get(
    "/articles/{article_id}/brief",
    summary="The article's brief in the contract's JSON shape (download with ?download=1)",
    response_model=None,
)
def get_brief(request: Request, article_id: str, download: bool = False) -> JSONResponse:
    view = views.article(store_of(request), article_id)
    headers = (
        {"Content-Disposition": f'attachment; filename="brief-{view.id}.json"'}
        if download else {}
    )
    return JSONResponse(view.brief.to_dict(), headers=headers)


@router.get("/search", summary="Full text over articles and names over entities")
def search(request: Request, q: Annotated[str, Query(max_length=500)], limit: Limit = 20
           ) -> views.SearchResult:
    return views.search(store_of(request), q, limit=limit)


@router.get("/entities", summary="Entity groups (name + type), most reported first")
def list_entities(request: Request, type: str | None = None, limit: Limit = 100
                  ) -> list[EntityRow]:
    return store_of(request).entities(type=type, limit=limit)


@router.get(
    "/entities/{type}/{name:path}",
    summary="One entity: aliases, roles, quotes, events as actor/target, co-occurring",
)
def get_entity(request: Request, type: str, name: str) -> views.EntityView:
    return views.entity(store_of(request), type, name)


@router.get("/storylines", summary="Stored storylines, largest first")
def list_storylines(request: Request, limit: Limit = 100) -> list[storylines.StorylineRef]:
    return storylines.storyline_refs(store_of(request), limit=limit)


@router.get(
    "/storylines/{storyline_id}",
    summary="One storyline: articles by source, events merged across sources in date order, "
            "actor network, disagreements between sources",
)
def get_storyline(request: Request, storyline_id: str) -> storylines.StorylineView:
    return storylines.storyline(store_of(request), storyline_id)


@router.post(
    "/ingest",
    summary="Analyse and store one article sent as the body (text/plain, text/html, or "
            'application/json: {"url", "html" or "text", "published"})',
    responses={403: {"description": "server is read-only, or the token is missing/wrong"},
               413: {"description": "the body is larger than the input limit"}},
)
async def post_ingest(
    request: Request,
    published: str | None = None,
    url: str | None = None,
    authorization: Annotated[str | None, Header()] = None,
) -> IngestResult:
    _check_token(request.app.state.write_token, authorization)
    body = await read_body(request, config.MAX_INPUT_BYTES)
    return await run_in_threadpool(
        _ingest_body, store_of(request), body, request.headers.get("content-type"), published, url
    )


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused (413) as soon as it passes ``limit`` bytes: a Content-Length over
    it unread, and a chunked body, or one longer than its Content-Length said, while it
    streams in, so a request never holds more than ``limit`` and one chunk in memory."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and (
            len(declared) > 18 or int(declared) > limit):
        raise TooLargeError(f"article is larger than {limit} bytes")
    received = bytearray()
    async for chunk in request.stream():
        received += chunk
        if len(received) > limit:
            raise TooLargeError(f"article is larger than {limit} bytes")
    return bytes(received)


def _check_token(expected: str | None, authorization: str | None) -> None:
    if not expected:
        raise ForbiddenError("this server is read-only; start it with --write-token to ingest")
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip(), expected):
        raise ForbiddenError("ingest needs the header 'Authorization: Bearer <write token>'")


def _ingest_body(
    store: Store, body: bytes, content_type: str | None, published: str | None, url: str | None
) -> IngestResult:
    """Read the body as the file ingest reads a file, then store it (one writer at a time
    is the store's business: SQLite queues writers on its busy timeout)."""
    date = validate_published(published) if published else None
    article = article_of(body, content_type, url)
    if date is not None:
        article.published = date
    report = ingest_items([SourceItem(url or "request body", article=article)], store)
    if report.failed:
        raise InputError(report.failed[0][1])
    return IngestResult(report.created, report.updated, [k for _, k in report.duplicates])


def article_of(body: bytes, content_type: str | None, url: str | None) -> Article:
    """The body as an article: a JSON record (``{"url", "html"|"text", "published"}``, as
    in a JSON Lines corpus) when sent as JSON, else text or HTML read as ingest reads a
    file. A JSON body that does not parse is refused, never stored as text."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type == "application/json" or media_type.endswith("+json"):
        check_json(body)
        article = parse_record(body)
        article.url = article.url or url
        return article
    text = decode_bytes(body)
    html = looks_like_html(text) or media_type == "text/html"
    return article_from_text(text, url=url, html=html)


def check_json(body: bytes) -> None:
    """InputError (400) in one line for a body that is not JSON."""
    try:
        json.loads(body)
    except UnicodeDecodeError as exc:
        raise InputError("request body is not UTF-8 JSON") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"request body is not valid JSON ({exc.msg} at line {exc.lineno} "
                         f"column {exc.colno})") from exc
    except RecursionError as exc:
        raise InputError("request body nests JSON too deeply to read") from exc
