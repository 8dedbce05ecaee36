"""One bad record, or one bad file, costs only itself: whatever reading it raises becomes
that item's one-line failure (labelled path, path@offset or path:line) and the rest of the
archive, and the files named beside it, are still read and stored."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph import api
from newsgraph.api import ingest, iter_items
from newsgraph.model import Article
from newsgraph.sources.items import SourceItem, item_of
from newsgraph.sources.warc import read_warc


def page(title: str) -> bytes:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{title}: dock workers in Antwerp returned to work on Friday after unions "
        "accepted a pay deal that ends a nine-day strike.</p><p>Officials said more "
        "details would follow later in the week.</p></article></body></html>"
    ).encode()


TEXT = (
    "Farmers block Valladolid ring road\n\nFarmers in Castile drove hundreds of tractors "
    "into Valladolid on Tuesday to protest against falling grain prices.\n"
)


def response(writer: WARCWriter, uri: str | None, title: str) -> None:
    body = page(title)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri or "", "response", payload=BytesIO(body), length=len(body), http_headers=http
    )
    if uri is None:
        record.rec_headers.remove_header("WARC-Target-URI")
    writer.write_record(record)


def archive(path: Path, uris: list[str | None]) -> Path:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        for n, uri in enumerate(uris):
            response(writer, uri, f"Story {n}")
    return path


def offsets(path: Path) -> list[int]:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as handle:
        records = ArchiveIterator(handle, no_record_parse=True)
        return [records.get_record_offset() for _ in records]


# --------------------------------------------------------------------- one record


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_response_without_target_uri_costs_only_itself(tmp_path: Path, name: str) -> None:
    path = archive(tmp_path / name, ["https://news.example/a", None, "https://news.example/c"])
    bad = offsets(path)[1]
    items = list(read_warc(path))
    assert [(i.source, i.article is not None) for i in items] == [
        (f"{path}#https://news.example/a", True),
        (f"{path}@{bad}", False),
        (f"{path}#https://news.example/c", True),
    ]
    assert "WARC-Target-URI" in (items[1].error or "")


def test_ingest_stores_the_good_files_beside_a_bad_archive(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    crawl = archive(folder / "b.warc.gz", [None, "https://news.example/b"])
    (folder / "c.txt").write_text(TEXT.replace("Valladolid", "Burgos"), encoding="utf-8")
    report = ingest([str(folder)], db="memory://", n_process=1, resolve=False)
    assert len(report.created) == 3
    assert [s for s, _ in report.failed] == [f"{crawl}@0"]


def test_an_unexpected_error_reading_a_record_fails_only_that_record() -> None:
    def broken() -> Article:
        raise KeyError("surprise")

    item = item_of("corpus.jsonl:7", broken)
    assert item.source == "corpus.jsonl:7" and item.article is None
    assert "KeyError" in (item.error or "") and "surprise" in (item.error or "")


def test_an_unexpected_error_in_a_reader_fails_that_source_and_the_next_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")

    def exploding(path: str) -> Iterator[SourceItem]:
        yield item_of(f"{path}:1", lambda: api.load_article(str(good)))
        raise MemoryError("reader gave up")

    monkeypatch.setattr(api, "read_jsonl", exploding)
    corpus = str(tmp_path / "corpus.jsonl")
    items = list(iter_items([corpus, str(good)]))
    assert [(i.source, i.article is not None) for i in items] == [
        (f"{corpus}:1", True),
        (corpus, False),
        (str(good), True),
    ]
    assert "MemoryError" in (items[1].error or "")


# --------------------------------------------------------------------- truncation


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_an_archive_cut_anywhere_never_drops_a_record_silently(tmp_path: Path, name: str) -> None:
    full = archive(tmp_path / f"full-{name}", ["https://news.example/a", "https://news.example/b"])
    data = full.read_bytes()
    second = offsets(full)[1]
    path = tmp_path / name
    for cut in range(1, len(data)):
        path.write_bytes(data[:cut])
        items = list(read_warc(path))
        stored = {i.source.rsplit("#", 1)[-1] for i in items if i.article is not None}
        errors = [i for i in items if i.error is not None]
        if cut >= second + 8:  # the first record is whole
            assert "https://news.example/a" in stored, cut
        for uri, start in (("https://news.example/a", 0), ("https://news.example/b", second)):
            if cut > start and uri not in stored:  # the record began before the cut
                assert errors, f"cut at {cut} of {len(data)} dropped {uri} silently"
        assert all("@" in e.source or "#" in e.source for e in errors), errors


def test_damaged_deflate_data_in_jsonl_gz_is_one_error(tmp_path: Path) -> None:
    lines = "".join(
        json.dumps({"text": TEXT.replace("Tuesday", f"day {n}")}) + "\n" for n in range(2000)
    ).encode()
    deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    good = deflate.compress(lines) + deflate.flush(zlib.Z_FULL_FLUSH)
    data = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + good + b"\x07"  # reserved block type
    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(data)
    with pytest.raises(zlib.error):  # what the gzip module raises here, not an OSError
        gzip.decompress(data)
    items = list(api.read_jsonl(str(path)))
    assert items[0].source == f"{path}:1" and items[0].article is not None
    assert items[-1].source == str(path) and "damaged" in (items[-1].error or "")
    assert all(i.article is not None for i in items[:-1])
