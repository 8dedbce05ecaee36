"""The JSON API: every page's twin under ``/api``, documented by the OpenAPI schema at
``/openapi.json`` (served locally; FastAPI's CDN-backed ``/docs`` page is switched off).

Each read route returns a ``newsgraph.read`` view as it is, so ``/api/entities/{id}`` is
the JSON ``newsgraph entity ID --format json`` prints, field for field.

Read-only unless the app was started with a write token: ``POST /api/ingest`` then takes
an article (plain text, HTML, or a JSON record as in a JSON Lines corpus) when the request
carries ``Authorization: Bearer TOKEN``.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from newsgraph import config, read
from newsgraph.api import ingest_items
from newsgraph.errors import InputError, NewsgraphError
from newsgraph.model import Article
from newsgraph.read.changes import ChangesView, changes
from newsgraph.read.refs import entity_path
from newsgraph.read.timeline import TimelineView, storyline_timeline
from newsgraph.sources import article_from_text, decode_bytes, validate_published
from newsgraph.sources.html import looks_like_html
from newsgraph.sources.items import SourceItem
from newsgraph.sources.jsonl import parse_record
from newsgraph.store import Store

router = APIRouter(prefix="/api", tags=["api"])


class ForbiddenError(NewsgraphError):
    """A write was asked of a read-only server, or with the wrong token."""

    http_status = 403


class TooLargeError(InputError):
    http_status = 413


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


def entity_redirect(store: Store, type_: str, name: str, prefix: str = "") -> RedirectResponse:
    """An old name URL (``/entities/{type}/{name}``) sent on, for good (308), to the page of
    the resolved entity best matching it: a link made before entities were resolved still
    leads somewhere. NotFoundError (404) when none matches, InputError (400) for a bad type."""
    target = prefix + entity_path(read.best_entity(store, name, type_))
    return RedirectResponse(target, status_code=308)


@router.get("/home", summary="Article count, latest articles, most reported resolved entities")
def get_home(request: Request, limit: Limit = 20) -> read.Home:
    return read.home(store_of(request), limit=limit)


@router.get("/articles", summary="Stored articles, newest first")
def list_articles(request: Request, limit: Limit = 50, offset: Offset = 0) -> read.ArticleList:
    return read.article_list(store_of(request), limit=limit, offset=offset)


@router.get(
    "/articles/{article_id}",
    summary="One article: brief, further sources, resolved entity of each entity",
)
def get_article(request: Request, article_id: str) -> read.ArticleView:
    return read.article_view(store_of(request), article_id)


@router.get(
    "/articles/{article_id}/brief",
    summary="The article's brief in the contract's JSON shape (download with ?download=1)",
    response_model=None,
)
def get_brief(request: Request, article_id: str, download: bool = False) -> JSONResponse:
    view = read.article_view(store_of(request), article_id)
    headers = (
        {"Content-Disposition": f'attachment; filename="brief-{view.id}.json"'} if download else {}
    )
    return JSONResponse(view.brief.to_dict(), headers=headers)


@router.get("/search", summary="Full text over articles, names over resolved entities")
def search(
    request: Request, q: Annotated[str, Query(max_length=500)], limit: Limit = 20
) -> read.SearchHits:
    return read.search(store_of(request), q, limit=limit)


@router.get("/entities", summary="Resolved entities, those named in most articles first")
def list_entities(
    request: Request, type: str | None = None, limit: Limit = 100
) -> list[read.EntityListItem]:
    return read.entity_list(store_of(request), type, limit)


@router.get(
    "/entities/{entity_id}",
    summary="One resolved entity: names in use, roles over time, quotes, events, "
    "co-occurring entities, storylines, how its links came to be",
)
def get_entity(
    request: Request,
    entity_id: str,
    as_of: Annotated[str | None, Query(max_length=40, description="YYYY-MM-DD")] = None,
) -> read.EntityView:
    """With ``as_of``, each role says whether the entity held it that day and who did."""
    return read.entity_view(store_of(request), entity_id, as_of)


@router.get(
    "/entities/{type}/{name:path}",
    summary="Redirect (308) to the resolved entity best matching a name and type",
    response_class=RedirectResponse,
    status_code=308,
    responses={
        404: {"description": "no resolved entity matches"},
        400: {"description": "unknown entity type"},
    },
)
def get_entity_by_name(request: Request, type: str, name: str) -> RedirectResponse:
    return entity_redirect(store_of(request), type, name, prefix="/api")


@router.get(
    "/changes",
    summary="What changed since a moment (first stored at or after it): new events, people, "
    "roles and disagreements between sources, each with its evidence; in one storyline or "
    "about one entity if asked",
)
def get_changes(
    request: Request,
    since: Annotated[
        str, Query(max_length=40, description="2026-01-05, 2026-01-05T10:30Z, or 36h / 7d / 2w")
    ],
    storyline: Annotated[str | None, Query(max_length=64)] = None,
    entity: Annotated[str | None, Query(max_length=64)] = None,
) -> ChangesView:
    return changes(store_of(request), since, storyline=storyline, entity=entity)


@router.get(
    "/storylines",
    summary="Stored storylines, largest first; only those with a party or mediator (actor) "
    "or between two parties (dyad=Israel,Syria) when asked",
)
def list_storylines(
    request: Request,
    limit: Limit = 100,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    dyad: Annotated[str | None, Query(max_length=400)] = None,
) -> list[read.StorylineRef]:
    return read.storyline_refs(store_of(request), limit=limit, actor=actor, dyad=dyad)


@router.get(
    "/storylines/{storyline_id}",
    summary="One storyline: articles with their further sources, by outlet; events merged "
    "across sources in date order; actor network; disagreements between sources",
)
def get_storyline(request: Request, storyline_id: str) -> read.StorylineView:
    return read.storyline_view(store_of(request), storyline_id)


@router.get(
    "/storylines/{storyline_id}/timeline",
    summary="A storyline's timeline: events a named participant did on a known date (every "
    "event of its span with all=true), the history its articles recall as background",
)
def get_storyline_timeline(request: Request, storyline_id: str, all: bool = False) -> TimelineView:
    return storyline_timeline(read.storyline_view(store_of(request), storyline_id), all)


@router.post(
    "/ingest",
    summary="Analyse and store one article sent as the body (text/plain, text/html, or "
    'application/json: {"url", "html" or "text", "published"})',
    responses={
        403: {"description": "server is read-only, or the token is missing/wrong"},
        413: {"description": "the body is larger than the input limit"},
    },
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
    if declared.isascii() and declared.isdigit() and (len(declared) > 18 or int(declared) > limit):
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
        raise InputError(
            f"request body is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from exc
    except RecursionError as exc:
        raise InputError("request body nests JSON too deeply to read") from exc
