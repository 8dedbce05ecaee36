"""fetch_url against a local HTTP server in a thread (never the internet)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsgraph.errors import FetchError, InputError
from newsgraph.sources.fetch import fetch_url

ARTICLE = (
    b"<html><head><title>Dock strike ends</title></head><body><article>"
    b"<p>Dock workers in Antwerp returned to work on Friday after a pay deal.</p>"
    b"</article></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    """Canned routes: an article, a redirect, oversize, wrong type, slow, 404."""

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, ctype: str, body: bytes, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/article":
            self._send(200, "text/html; charset=utf-8", ARTICLE)
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path in ("/to-file", "/to-ftp"):
            target = "file:///etc/passwd" if self.path == "/to-file" else "ftp://127.0.0.1/a"
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/big":
            self._send(200, "text/html", b"<p>" + b"x" * 5000 + b"</p>")
        elif self.path == "/big-unannounced":
            self._send(200, "text/html", b"<p>" + b"x" * 5000 + b"</p>", length=False)
            self.close_connection = True
        elif self.path == "/image":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n")
        elif self.path == "/slow":
            time.sleep(1.0)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._send(200, "text/html", ARTICLE)  # the client may have given up
        else:
            self._send(404, "text/plain", b"not found")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_fetches_an_article(server: str) -> None:
    fetched = fetch_url(f"{server}/article")
    assert fetched.body == ARTICLE
    assert fetched.content_type == "text/html"
    assert fetched.charset == "utf-8"
    assert fetched.url == f"{server}/article"


def test_follows_redirects(server: str) -> None:
    assert fetch_url(f"{server}/moved").url == f"{server}/article"


@pytest.mark.parametrize("path", ["/to-file", "/to-ftp"])
def test_refuses_redirect_to_other_scheme(server: str, path: str) -> None:
    with pytest.raises(FetchError, match=r"(?i)redirect"):
        fetch_url(f"{server}{path}")


@pytest.mark.parametrize("path", ["/big", "/big-unannounced"])
def test_size_cap(server: str, path: str) -> None:
    with pytest.raises(FetchError, match="larger than 1000 bytes"):
        fetch_url(f"{server}{path}", max_bytes=1000)


def test_wrong_content_type(server: str) -> None:
    with pytest.raises(FetchError, match="image/png"):
        fetch_url(f"{server}/image")


def test_timeout(server: str) -> None:
    with pytest.raises(FetchError, match="timed out"):
        fetch_url(f"{server}/slow", timeout=0.2)


def test_404(server: str) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(f"{server}/missing")


@pytest.mark.parametrize("url", ["ftp://example.org/a.txt", "file:///etc/passwd", "http://"])
def test_only_http_urls(url: str) -> None:
    with pytest.raises(InputError, match="only http"):
        fetch_url(url)


def test_connection_refused() -> None:
    with pytest.raises(FetchError, match="could not fetch"):
        fetch_url("http://127.0.0.1:9/article", timeout=2)
