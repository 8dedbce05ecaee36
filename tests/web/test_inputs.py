"""Hostile requests: numbers past any sane bound, malformed or endless ingest bodies, and
error messages that would carry a database password."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from newsgraph import config
from newsgraph.errors import StoreError
from newsgraph.store import SqlStore, Store
from newsgraph.store.base import ArticleSummary
from newsgraph.web import create_app

SECRET = "S3cr3t-pw"
TOKEN = {"Authorization": "Bearer s3cret"}
CHUNK = 64 * 1024


@pytest.mark.parametrize(
    "query",
    [
        {"offset": "9223372036854775808"},
        {"offset": "99999999999999999999"},
        {"limit": "99999999999999999999"},
        {"offset": "-1"},
    ],
)
def test_out_of_range_numbers_are_422(client: TestClient, query: dict[str, str]) -> None:
    response = client.get("/api/articles", params=query)
    assert response.status_code == 422, response.text
    assert list(response.json()) == ["error"]


class LeakyStore(SqlStore):
    """A store whose driver errors name the database URL, password and all."""

    def __init__(self) -> None:
        super().__init__("sqlite://")

    def list_articles(self, limit: int = 50, offset: int = 0) -> list[ArticleSummary]:
        raise StoreError(f"cannot connect to postgresql://reader:{SECRET}@db.example/news")

    def count_articles(self) -> int:
        raise RuntimeError(f"driver said: postgresql://reader@db.example/news?password={SECRET}")


def test_error_responses_and_logs_never_show_a_password(caplog: pytest.LogCaptureFixture) -> None:
    client = TestClient(create_app(LeakyStore()), raise_server_exceptions=False)
    api = client.get("/api/articles")
    assert api.status_code == 500 and SECRET not in api.text and "***" in api.text
    page = client.get("/")
    assert page.status_code == 500 and SECRET not in page.text
    with caplog.at_level(logging.ERROR):
        bug = client.get("/api/home")
    assert bug.status_code == 500 and SECRET not in bug.text
    assert "RuntimeError" in caplog.text and SECRET not in caplog.text


# ------------------------------------------------------------------ POST /api/ingest bodies


def _count(store: Store) -> int:
    return store.count_articles()


def test_malformed_json_body_is_400(writer: TestClient) -> None:
    store = writer.app.state.store  # type: ignore[attr-defined]
    before = _count(store)
    for body in (b'{"text": "Chile opens lithium talks', b"[1, 2", b"\xff\xfe{}"):
        response = writer.post(
            "/api/ingest", content=body, headers={**TOKEN, "Content-Type": "application/json"}
        )
        assert response.status_code == 400, response.text
        assert list(response.json()) == ["error"]
        assert "\n" not in response.json()["error"] and "JSON" in response.json()["error"]
    assert _count(store) == before


def test_json_body_is_read_as_a_record(writer: TestClient) -> None:
    record = {
        "url": "https://news.example/lithium",
        "published": "2026-01-05",
        "text": "Chile opens lithium talks\n\nChilean President Gabriel Boric said on "
        "Monday that the government would open talks over lithium.",
    }
    response = writer.post(
        "/api/ingest",
        content=json.dumps(record).encode(),
        headers={**TOKEN, "Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 200, response.text
    [created] = response.json()["created"]
    document = writer.get(f"/api/articles/{created}/brief").json()["document"]
    assert (document["url"], document["published"]) == (record["url"], "2026-01-05")
    assert not document["text"].startswith("{")
    not_an_object = writer.post(
        "/api/ingest", content=b'["text"]', headers={**TOKEN, "Content-Type": "application/json"}
    )
    assert not_an_object.status_code == 400


def _chunks(total: int, counter: list[int]) -> Iterator[bytes]:
    """``total`` bytes of article text in 64 KiB chunks, counting what is pulled."""
    sent = 0
    while sent < total:
        chunk = b"Words of a long article. " * (CHUNK // 25)
        counter[0] += len(chunk)
        sent += len(chunk)
        yield chunk


def test_oversized_chunked_body_is_413(writer: TestClient) -> None:
    counter = [0]
    response = writer.post(
        "/api/ingest", content=_chunks(3 * config.MAX_INPUT_BYTES, counter), headers=TOKEN
    )
    assert response.status_code == 413, response.text
    assert list(response.json()) == ["error"]


def _post_streamed(
    app: FastAPI, chunks: Iterator[bytes], headers: dict[str, str]
) -> tuple[int, int]:
    """POST ``chunks`` to /api/ingest over raw ASGI, one chunk per receive(), as a server
    streams a body: (status, bytes the app pulled)."""
    pulled = 0
    status = 0

    async def receive() -> dict[str, object]:
        nonlocal pulled
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, object]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])  # type: ignore[call-overload]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/ingest",
        "raw_path": b"/api/ingest",
        "root_path": "",
        "query_string": b"",
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
        "headers": [
            (k.lower().encode(), v.encode())
            for k, v in {"host": "testserver", **TOKEN, **headers}.items()
        ],
    }
    anyio.run(app, scope, receive, send)  # type: ignore[arg-type]
    return status, pulled


@pytest.mark.parametrize(
    "headers",
    [
        {},  # chunked: no Content-Length
        {"Content-Length": "100"},  # a Content-Length that lies
    ],
)
def test_body_limit_is_enforced_while_streaming(tmp_path: Path, headers: dict[str, str]) -> None:
    app = create_app(SqlStore("sqlite://"), write_token="s3cret")
    counter = [0]
    status, pulled = _post_streamed(app, _chunks(4 * config.MAX_INPUT_BYTES, counter), headers)
    assert status == 413
    assert pulled <= config.MAX_INPUT_BYTES + CHUNK


def test_declared_oversized_body_is_refused_unread(tmp_path: Path) -> None:
    app = create_app(SqlStore("sqlite://"), write_token="s3cret")
    counter = [0]
    size = str(config.MAX_INPUT_BYTES + 1)
    status, pulled = _post_streamed(app, _chunks(CHUNK, counter), {"Content-Length": size})
    assert (status, pulled) == (413, 0)
