"""RSS and Atom feeds, served by a local HTTP server (never the internet)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.api import ingest
from newsgraph.errors import FetchError, InputError
from newsgraph.sources.feeds import (
    feed_articles,
    fetch_bytes,
    fetch_feed,
    is_feed,
    parse_feed,
)
from newsgraph.sources.fetch import Fetched
from newsgraph.store import open_store

PORT_BODY = (
    "Dock workers in Antwerp returned to work on Friday after unions accepted a pay deal "
    "that ends a strike which had idled the port for nine days. The agreement raises wages "
    "by four percent this year and three percent next year, the port authority said. "
    "Shipping lines had diverted dozens of vessels to Rotterdam and Hamburg during the "
    "stoppage, and freight forwarders warned that clearing the backlog could take weeks."
)
FARM_BODY = (
    "Farmers in Castile drove hundreds of tractors into Valladolid on Tuesday to protest "
    "against falling grain prices and rising fuel costs. Regional officials said the march "
    "blocked the city's ring road for most of the morning, and the farmers' association "
    "asked the government in Madrid for emergency aid and a cut in diesel taxes."
)


def html_page(title: str, body: str, date: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    paras = "".join(f"<p>{s}.</p>" for s in body.rstrip(".").split(". "))
    return (
        f"<html><head><title>{title}</title>{meta}</head><body><article><h1>{title}</h1>"
        f"{paras}</article></body></html>"
    ).encode()


RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>http://example.test/</link>
<item><title>Dock strike ends</title><link>/port</link><guid>wire-1</guid>
<pubDate>Fri, 08 Mar 2024 10:00:00 GMT</pubDate><description>Workers return.</description></item>
<item><title>Farmers block ring road</title><link>/farm</link>
<pubDate>Tue, 13 Feb 2024 23:30:00 -0200</pubDate></item>
<item><title>No link here</title><description>Skipped.</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom</title>
<id>urn:example</id><updated>2024-03-08T10:00:00Z</updated>
<entry><title>Dock strike ends</title><link href="http://example.test/port"/>
<id>urn:port</id><updated>2024-03-08T10:00:00Z</updated><summary>Workers return.</summary></entry>
</feed>"""

ROUTES: dict[str, tuple[str, bytes]] = {
    "/rss": ("application/rss+xml", RSS),
    "/atom": ("application/atom+xml", ATOM),
    "/xmlfeed": ("text/xml", RSS),
    "/port": (
        "text/html; charset=utf-8",
        html_page("Dock strike ends in Antwerp", PORT_BODY, "2024-03-08"),
    ),
    "/farm": ("text/html", html_page("Farmers block Valladolid ring road", FARM_BODY)),
    "/farm-copy": (
        "text/html",
        html_page("Tractors jam Valladolid", "VALLADOLID (Wire) - " + FARM_BODY),
    ),
    "/image": ("image/png", b"\x89PNG\r\n\x1a\n"),
}


REQUESTED: list[str] = []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        REQUESTED.append(self.path)
        ctype, body = ROUTES.get(self.path, ("text/plain", b"not found"))
        self.send_response(200 if self.path in ROUTES else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_rss_items_resolve_links_dates_and_drop_linkless() -> None:
    items = parse_feed(RSS, base_url="http://example.test/rss")
    assert [i.url for i in items] == ["http://example.test/port", "http://example.test/farm"]
    assert [i.id for i in items] == ["wire-1", "http://example.test/farm"]
    assert [i.published for i in items] == ["2024-03-08", "2024-02-14"]  # UTC
    assert items[0].title == "Dock strike ends" and items[0].summary == "Workers return."


def test_atom_items() -> None:
    [item] = parse_feed(ATOM)
    assert (item.url, item.id, item.published) == (
        "http://example.test/port",
        "urn:port",
        "2024-03-08",
    )


def test_not_a_feed_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        parse_feed(b"<html><body><p>Hello</p></body></html>")
    assert not is_feed(Fetched("http://x.test", "text/html", b"<html><body></body></html>"))
    assert is_feed(Fetched("http://x.test", "text/html", b"  <!-- hi --><rss version='2.0'>"))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_are_items_or_an_input_error(data: bytes) -> None:
    try:
        items = parse_feed(data)
    except InputError:
        return
    assert all(i.url.startswith(("http://", "https://")) for i in items)


def test_fetch_bytes_accepts_feed_types_and_refuses_others(site: str) -> None:
    fetched = fetch_bytes(f"{site}/rss")
    assert fetched.content_type == "application/rss+xml" and is_feed(fetched)
    with pytest.raises(FetchError, match="image/png"):
        fetch_bytes(f"{site}/image")
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_bytes(f"{site}/gone")
    with pytest.raises(FetchError, match="larger than"):
        fetch_bytes(f"{site}/rss", max_bytes=100)
    with pytest.raises(InputError, match="only http"):
        fetch_bytes("file:///etc/passwd")


@pytest.mark.parametrize("path", ["/rss", "/xmlfeed"])
def test_fetch_feed_then_pages_with_feed_date_as_fallback(site: str, path: str) -> None:
    items = fetch_feed(f"{site}{path}")
    out = list(feed_articles(items))
    assert [o.source for o in out] == [f"{site}/port", f"{site}/farm"]
    port, farm = (o.article for o in out)
    assert port is not None and farm is not None
    assert port.published == "2024-03-08" and port.title == "Dock strike ends in Antwerp"
    assert farm.published == "2024-02-14"  # the page has none: the feed's date


def test_fetch_feed_refuses_a_page_and_a_dead_item_is_an_error(site: str) -> None:
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        fetch_feed(f"{site}/port")
    dead = parse_feed(RSS.replace(b"/farm", b"/gone"), base_url=site)
    out = list(feed_articles(dead))
    assert out[0].article is not None and "HTTP 404" in (out[1].error or "")


def test_ingest_a_feed_url_stores_its_items_and_copies_as_sources(site: str) -> None:
    rss = RSS.replace(
        b"<item><title>No link",
        b"<item><title>Copy</title><link>/farm-copy</link></item><item><title>No link",
    )
    ROUTES["/rss-copies"] = ("application/rss+xml", rss)
    store = open_store("memory://")
    report = ingest([f"{site}/rss-copies", f"{site}/port"], db=store)
    assert len(report.created) == 2 and report.failed == []
    farm_id = next(a.id for a in store.list_articles() if "Valladolid" in a.title)
    assert report.duplicates == [(f"{site}/farm-copy", farm_id)]
    [source] = store.sources(farm_id)
    assert source.url == f"{site}/farm-copy" and source.title == "Tractors jam Valladolid"
    again = ingest([f"{site}/rss-copies"], db=store)
    assert again.created == [] and again.duplicates == report.duplicates
    assert store.count_articles() == 2 and len(store.sources(farm_id)) == 1


# --------------------------------------------------------------------------- feed files


def absolute(feed: bytes, site: str) -> bytes:
    return feed.replace(b"<link>/", f"<link>{site}/".encode()).replace(
        b"http://example.test/port", f"{site}/port".encode()
    )


def stored_titles(store: object) -> set[str]:
    return {a.title for a in store.list_articles()}  # type: ignore[attr-defined]


@pytest.mark.parametrize("feed", [RSS, ATOM], ids=["rss", "atom"])
def test_a_local_feed_file_is_read_as_a_feed(site: str, tmp_path: Path, feed: bytes) -> None:
    path = tmp_path / "wire.xml"
    path.write_bytes(absolute(feed, site))
    store = open_store("memory://")
    report = ingest([str(path)], db=store)
    assert report.failed == [] and len(report.created) == (2 if feed is RSS else 1)
    assert "Dock strike ends in Antwerp" in stored_titles(store)  # the page, not the XML


RSS_091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "SITE/rss-0.91.dtd">
<rss version="0.91"><channel><title>Example Wire</title><link>SITE/</link>
<description>News</description><language>en-us</language>
<item><title>Dock strike ends</title><link>SITE/port</link>
<description>Workers return.</description></item>
</channel></rss>"""


def test_an_rss_091_file_with_its_doctype_is_a_feed_and_its_dtd_is_never_fetched(
    site: str, tmp_path: Path
) -> None:
    feed = RSS_091.replace(b"SITE", site.encode())
    assert is_feed(Fetched(f"{site}/wire", "text/xml", feed))
    path = tmp_path / "wire.rss"
    path.write_bytes(feed)
    store = open_store("memory://")
    report = ingest([str(path)], db=store)
    assert report.failed == [] and stored_titles(store) == {"Dock strike ends in Antwerp"}
    assert "/rss-0.91.dtd" not in REQUESTED


@pytest.mark.parametrize("keep", [60, 120, 300, -30])
def test_a_malformed_feed_file_is_one_failure_naming_it(
    site: str, tmp_path: Path, keep: int
) -> None:
    path = tmp_path / "wire.xml"
    path.write_bytes(absolute(RSS, site)[:keep])
    store = open_store("memory://")
    report = ingest([str(path)], db=store)
    [error] = [e for s, e in report.failed if s == str(path)]
    assert "malformed" in error and "\n" not in error
    assert stored_titles(store) <= {
        "Dock strike ends in Antwerp",
        "Farmers block Valladolid ring road",
    }


def test_a_malformed_feed_url_is_one_failure_naming_it(site: str) -> None:
    ROUTES["/cut-feed"] = ("application/rss+xml", RSS[:-30])
    store = open_store("memory://")
    report = ingest([f"{site}/cut-feed"], db=store)
    assert [s for s, e in report.failed if "malformed" in e] == [f"{site}/cut-feed"]


def test_a_feed_file_without_items_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_bytes(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        b"<item><title>No link here</title></item></channel></rss>"
    )
    report = ingest([str(path)], db="memory://")
    assert report.created == [] and [s for s, _ in report.failed] == [str(path)]
    assert "no item" in report.failed[0][1]
