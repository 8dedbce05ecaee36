"""WARC archives written here with warcio: HTML responses become articles, the rest is
skipped, and a damaged record costs only itself."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.api import ingest
from newsgraph.sources.warc import is_warc, read_warc
from newsgraph.store import open_store


def page(title: str, body: str, date: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    return (
        f"<html><head><title>{title}</title>{meta}</head><body><article><h1>{title}</h1>"
        f"<p>{body}</p><p>Officials said more details would follow later in the week.</p>"
        "</article></body></html>"
    ).encode()


PORT = page(
    "Dock strike ends in Antwerp",
    "Dock workers in Antwerp returned to work on "
    "Friday after unions accepted a pay deal that ends a nine-day strike.",
    "2024-03-08",
)
FARM = page(
    "Farmers block Valladolid ring road",
    "Farmers in Castile drove hundreds of "
    "tractors into Valladolid on Tuesday to protest against falling grain prices.",
)
DATE = "2024-02-13T09:15:00Z"


def _response(
    writer: WARCWriter,
    uri: str,
    body: bytes,
    status: str = "200 OK",
    ctype: str = "text/html; charset=utf-8",
) -> None:
    http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    # A length given up front keeps warcio from buffering the payload in a temporary file.
    record = writer.create_warc_record(
        uri,
        "response",
        payload=BytesIO(body),
        length=len(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": DATE},
    )
    writer.write_record(record)


def _request(writer: WARCWriter, uri: str) -> None:
    http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
    writer.write_record(
        writer.create_warc_record(uri, "request", payload=BytesIO(b""), length=0, http_headers=http)
    )


def write_warc(path: Path, gz: bool) -> Path:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        _request(writer, "https://news.example/port")
        _response(writer, "https://news.example/port", PORT)
        _response(writer, "https://news.example/missing", FARM, status="404 Not Found")
        _response(writer, "https://news.example/logo.png", b"\x89PNG\r\n", ctype="image/png")
        _response(writer, "https://news.example/farm", FARM)
    return path


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_html_responses_become_articles(tmp_path: Path, name: str) -> None:
    path = write_warc(tmp_path / name, gz=name.endswith(".gz"))
    items = list(read_warc(path))
    assert [i.source for i in items] == [
        f"{path}#https://news.example/port",
        f"{path}#https://news.example/farm",
    ]
    port, farm = (i.article for i in items)
    assert port is not None and farm is not None
    assert port.url == "https://news.example/port" and port.published == "2024-03-08"
    assert farm.title == "Farmers block Valladolid ring road"
    assert farm.published == "2024-02-13"  # from WARC-Date: the page has no date
    assert is_warc(str(path))


def _offsets(path: Path) -> list[int]:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        return [records.get_record_offset() for _ in records]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_damaged_record_is_an_error_and_reading_goes_on(tmp_path: Path, name: str) -> None:
    path = write_warc(tmp_path / name, gz=name.endswith(".gz"))
    data = bytearray(path.read_bytes())
    second = _offsets(path)[1]  # the port response
    data[second : second + 12] = b"XXXXXXXXXXXX"  # wreck its header / gzip magic
    path.write_bytes(bytes(data))
    items = list(read_warc(path))
    errors = [i for i in items if i.error]
    assert len(errors) == 1 and "damaged WARC record" in (errors[0].error or "")
    assert [i.source for i in items if i.article] == [f"{path}#https://news.example/farm"]


def test_truncated_archive_and_missing_file(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "cut.warc", gz=False)
    path.write_bytes(path.read_bytes()[:-150])  # inside the last page
    items = list(read_warc(path))
    assert items[0].article is not None
    assert "cut short" in (items[-1].error or "")
    missing = list(read_warc(tmp_path / "none.warc"))
    assert len(missing) == 1 and "cannot read" in (missing[0].error or "")


def test_garbage_file_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not an archive\n" * 20)
    items = list(read_warc(path))
    assert len(items) == 1 and items[0].error is not None


def test_ingest_warc_twice_changes_nothing(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", gz=True)
    db = f"sqlite:///{tmp_path / 'n.db'}"
    first = ingest([str(path)], db=db)
    second = ingest([str(tmp_path)], db=db)  # found in the folder too
    assert len(first.created) == 2 and first.failed == []
    assert second.created == [] and sorted(second.updated) == sorted(first.created)
    with open_store(db) as store:
        assert store.count_articles() == 2
