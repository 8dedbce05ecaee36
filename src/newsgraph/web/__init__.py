"""The web app: server-rendered pages and their JSON twins over one Store.

::

    from newsgraph.web import create_app
    app = create_app("sqlite:///newsgraph.db")            # read-only
    app = create_app(store, write_token="s3cret")          # POST /api/ingest allowed

Errors are newsgraph's own exception classes; each carries its HTTP status, so a bad id
is a 404 page (or JSON ``{"error": ...}`` under ``/api``), never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph.errors import NewsgraphError
from newsgraph.store import Store, open_store
from newsgraph.store.engines import redact
from newsgraph.web import api, feeds, pages

STATIC_DIR = Path(__file__).parent / "static"
log = logging.getLogger(__name__)

# Pages hold no inline script or style and load nothing from elsewhere: even markup that
# slipped through escaping could not run.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(store: str | Store | None = None, *, write_token: str | None = None) -> FastAPI:
    """The app over ``store`` (a Store, or a database URL opened here and closed on
    shutdown, read-only unless there is a ``write_token``). Without ``write_token``
    nothing can write through the web."""
    owned = store is None or isinstance(store, str)
    opened: Store = (
        open_store(store, read_only=not write_token)
        if store is None or isinstance(store, str)
        else store
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            opened.close()

    app = FastAPI(
        title="newsgraph",
        summary="A sourced, queryable record of what the news reports.",
        version="0.1.0",
        lifespan=lifespan,
        # FastAPI's /docs and /redoc pages load their scripts from a CDN; the schema itself
        # is served locally at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = opened
    app.state.write_token = write_token or None
    app.include_router(api.router)
    app.include_router(feeds.router)  # before pages: /entities/{type}/{name:path} matches too
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _install_handlers(app)
    _redact_logs()
    return app


class RedactingFilter(logging.Filter):
    """Masks database URLs in a log record's message and traceback before any handler
    formats it: a driver's error text may hold the URL, password and all."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def _redact_logs() -> None:
    """Our log and uvicorn's (which logs the traceback of every 500 again), once each."""
    for name in (__name__, "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(NewsgraphError)
    async def on_error(request: Request, exc: NewsgraphError) -> Response:
        return _error(request, exc.http_status, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return _error(request, 422, f"{where}: {first.get('msg', 'invalid request')}")

    @app.exception_handler(Exception)
    async def on_bug(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        return _error(request, 500, f"internal error ({type(exc).__name__}); please report it")

    @app.middleware("http")
    async def headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def _error(request: Request, status: int, message: str) -> Response:
    message = redact(message)
    if request.url.path.startswith("/api"):
        return JSONResponse({"error": message}, status_code=status)
    return pages.error_page(request, status, message)


__all__ = ["create_app"]
