"""``newsgraph watch``: a local HTTP server serves a feed that changes between polls."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.api import poll_feeds
from newsgraph.cli import app, parse_interval
from newsgraph.errors import InputError
from newsgraph.store import open_store

STORIES = {
    "port": (
        "Dock strike ends in Antwerp",
        "Dock workers in Antwerp returned to work on Friday after unions accepted a pay "
        "deal that ends a strike which had idled the port for nine days. The agreement "
        "raises wages by four percent this year, the port authority said.",
    ),
    "farm": (
        "Farmers block Valladolid ring road",
        "Farmers in Castile drove hundreds of tractors into Valladolid on Tuesday to "
        "protest against falling grain prices. Regional officials said the march blocked "
        "the ring road for most of the morning.",
    ),
    "rail": (
        "Rail strike halts trains in Lyon",
        "Commuter trains around Lyon stopped on Wednesday as rail staff walked out over "
        "staffing levels. The regional operator said only one train in four would run, "
        "and union officials warned the strike could last until the weekend.",
    ),
}


def page(name: str) -> bytes:
    title, body = STORIES[name]
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{body}</p></article></body></html>"
    ).encode()


class Site:
    """What the server serves; tests change ``items`` between polls."""

    def __init__(self) -> None:
        self.items: list[str] = ["port", "farm"]
        self.broken: set[str] = set()
        self.hits: Counter[str] = Counter()

    def feed(self) -> bytes:
        entries = "".join(
            f"<item><title>{STORIES[n][0]}</title><link>/{n}</link><guid>id-{n}</guid>"
            "<pubDate>Fri, 08 Mar 2024 10:00:00 GMT</pubDate></item>"
            for n in self.items
        )
        return f'<rss version="2.0"><channel><title>Wire</title>{entries}</channel></rss>'.encode()


SITE = Site()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        name = self.path.strip("/")
        SITE.hits[name] += 1
        if name == "feed":
            status, ctype, body = 200, "application/rss+xml", SITE.feed()
        elif name in STORIES and name not in SITE.broken:
            status, ctype, body = 200, "text/html", page(name)
        else:
            status, ctype, body = 404, "text/plain", b"not found"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def feed_url() -> Iterator[str]:
    SITE.__init__()  # type: ignore[misc]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/feed"
    httpd.shutdown()
    httpd.server_close()


def watch_once(feed: str, db: str) -> dict[str, list[object]]:
    result = CliRunner().invoke(app, ["watch", feed, "--once", "--db", db, "-f", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, list[object]] = json.loads(result.stdout)
    return data


def test_polls_ingest_only_new_items_across_restarts(feed_url: str, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    first = watch_once(feed_url, db)
    assert len(first["created"]) == 2 and first["failed"] == []
    SITE.items = ["rail", "port", "farm"]
    second = watch_once(feed_url, db)  # a fresh process-level start: state is in the store
    assert len(second["created"]) == 1 and second["updated"] == []
    assert SITE.hits["port"] == 1 and SITE.hits["rail"] == 1
    third = watch_once(feed_url, db)
    assert third == {"created": [], "updated": [], "duplicates": [], "failed": []}
    with open_store(db) as store:
        assert store.count_articles() == 3
        assert store.seen_items(feed_url) == {"id-port", "id-farm", "id-rail"}


def test_failed_page_is_tried_again_next_poll(feed_url: str) -> None:
    store = open_store("memory://")
    SITE.broken = {"farm"}
    report = poll_feeds([feed_url], store)
    assert len(report.created) == 1 and [s for s, _ in report.failed] == [
        feed_url.replace("feed", "farm")
    ]
    SITE.broken = set()
    report = poll_feeds([feed_url], store)
    assert len(report.created) == 1 and SITE.hits["farm"] == 2 and SITE.hits["port"] == 1


def test_stop_ends_a_poll_early(feed_url: str) -> None:
    store = open_store("memory://")
    report = poll_feeds([feed_url], store, stop=lambda: True)
    assert report.total == 0 and SITE.hits["feed"] == 0
    calls = iter([False, False, True])  # the feed, the first item, then stop
    report = poll_feeds([feed_url], store, stop=lambda: next(calls, True))
    assert len(report.created) == 1 and store.seen_items(feed_url) == {"id-port"}


def test_unreachable_feed_is_reported_not_raised(tmp_path: Path) -> None:
    store = open_store("memory://")
    report = poll_feeds(["http://127.0.0.1:9/feed"], store)
    assert [s for s, _ in report.failed] == ["http://127.0.0.1:9/feed"]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90", 90), ("30s", 30), ("15m", 900), ("2h", 7200), ("1d", 86400), ("1.5m", 90)],
)
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "-5m", "15 minutes", "m", "1w"])
def test_bad_interval_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError, match="--every"):
        parse_interval(text)


def test_bad_interval_on_the_command_line_is_one_line() -> None:
    result = CliRunner().invoke(app, ["watch", "http://127.0.0.1:9/f", "--every", "soon"])
    assert result.exit_code == 1 and "--every must be" in result.output


def test_sigint_stops_watch_cleanly(feed_url: str, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    command = [
        sys.executable,
        "-c",
        "from newsgraph.cli import main; main()",
        "watch",
        feed_url,
        "--every",
        "1h",
        "--db",
        db,
        "-f",
        "json",
    ]
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    first = json.loads(proc.stdout.readline())  # the first poll has finished
    assert len(first["created"]) == 2
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert time.monotonic() - started < 10 and b"Traceback" not in err
