"""Decompression bombs and floods: a corpus file that inflates without bound costs one
reported failure, quickly and in bounded memory, and the records beside it are read.

The bombs are built in a moment and stay small on disk: deflate blocks ended by a full
flush do not refer back, so one compressed block of 1 MiB of zeros can be repeated at will
(1,024 copies: a 1 GiB member in about 1 MB).
"""

from __future__ import annotations

import gzip
import json
import struct
import subprocess
import sys
import time
import tracemalloc
import zlib
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.api import ingest
from newsgraph.errors import InputError
from newsgraph.sources import jsonl as jsonl_module
from newsgraph.sources import load_article
from newsgraph.sources import warc as warc_module
from newsgraph.sources.jsonl import read_jsonl
from newsgraph.sources.warc import read_warc

MIB = 1 << 20
GIB_IN_MIB = 1024
# The reading subprocess may not map more than this: a bomb that gets through fails there
# with MemoryError instead of taking the machine down.
ADDRESS_SPACE = 2 << 30
PEAK_MIB = 300


def member(prefix: bytes, block: bytes, repeats: int, suffix: bytes = b"") -> bytes:
    """One gzip member holding ``prefix + block * repeats + suffix``, built without
    compressing the repeats one by one."""
    deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = deflate.compress(prefix) + deflate.flush(zlib.Z_FULL_FLUSH)
    again = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    tail = deflate.compress(suffix) + deflate.flush()
    crc = zlib.crc32(prefix)
    for _ in range(repeats):
        crc = zlib.crc32(block, crc)
    size = (len(prefix) + len(block) * repeats + len(suffix)) & 0xFFFFFFFF
    trailer = struct.pack("<II", zlib.crc32(suffix, crc), size)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + head + again * repeats + tail + trailer


STORIES = [
    "Dock workers in Antwerp returned to work on Friday after unions accepted a pay deal "
    "that ends a nine-day strike.",
    "Farmers in Castile drove hundreds of tractors into Valladolid on Tuesday to protest "
    "against falling grain prices.",
    "The city council of Leeds delayed a vote on the new bus lanes until the spring, its "
    "leader said on Monday.",
]


def good_record(uri: str, title: str, story: str = STORIES[2]) -> bytes:
    body = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>"
        f"{story}</p></article></body></html>"
    ).encode()
    out = BytesIO()
    writer = WARCWriter(out, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            uri, "response", payload=BytesIO(body), length=len(body), http_headers=http
        )
    )
    return out.getvalue()


def warc_head(length: int) -> bytes:
    return (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bomb.example/\r\n"
        b"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:bomb>\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(length).encode() + b"\r\n\r\n"
    )


HTTP = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"


def payload_bomb(mib: int) -> bytes:
    """An HTML response whose page is a gigabyte of zeros."""
    http = HTTP + b"\r\n"
    return member(warc_head(len(http) + mib * MIB) + http, bytes(MIB), mib, b"\r\n\r\n")


def header_line_bomb(mib: int) -> bytes:
    """A WARC header line that never ends."""
    return member(b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: ", bytes(MIB), mib)


def header_flood(mib: int) -> bytes:
    """Millions of short WARC header lines."""
    lines = b"X-Junk: y\r\n" * (MIB // 11)
    return member(
        b"WARC/1.0\r\nWARC-Type: response\r\n", lines, mib, b"Content-Length: 0\r\n\r\n\r\n\r\n"
    )


def encoded_bomb(mib: int) -> bytes:
    """A page sent chunked and gzip-encoded: a 1 MB chunk that inflates to a gigabyte."""
    inner = member(b"<html><body><p>", bytes(MIB), mib, b"</p></body></html>")
    http = HTTP + b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
    body = b"%x\r\n" % len(inner) + inner + b"\r\n0\r\n\r\n"
    return gzip.compress(warc_head(len(http) + len(body)) + http + body + b"\r\n\r\n")


BOMBS = {
    "payload": payload_bomb,
    "header-line": header_line_bomb,
    "header-flood": header_flood,
    "encoded": encoded_bomb,
}


def bombed_archive(path: Path, bomb: bytes) -> tuple[Path, int]:
    """good record, bomb, good record; returns the path and the bomb's offset."""
    first = good_record("https://news.example/first", "First story", STORIES[0])
    last = good_record("https://news.example/last", "Last story", STORIES[1])
    path.write_bytes(first + bomb + last)
    return path, len(first)


# The peak is VmHWM, the high-water mark of this process image: getrusage's ru_maxrss
# would also count what the test process held when it forked the child.
READER = """
import json, re, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from newsgraph.sources.jsonl import read_jsonl
from newsgraph.sources.warc import read_warc
read = read_jsonl if ".jsonl" in sys.argv[1] else read_warc
started = time.perf_counter()
items = [[i.source, i.error] for i in read(sys.argv[1])]
seconds = time.perf_counter() - started
peak_kib = int(re.search(r"VmHWM:\\s*(\\d+)", open("/proc/self/status").read()).group(1))
print(json.dumps({{"items": items, "seconds": seconds, "peak_mib": peak_kib / 1024}}))
"""


def read_in_subprocess(path: Path) -> dict[str, Any]:
    """Read ``path`` in a child with its address space capped; what it read, how long it
    took and its peak resident memory."""
    done = subprocess.run(
        [sys.executable, "-c", READER.format(limit=ADDRESS_SPACE), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stderr == "", done.stderr[-2000:]  # nothing printed behind the report's back
    result: dict[str, Any] = json.loads(done.stdout)
    return result


pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="peak memory is read from Linux's /proc"
)


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_a_warc_bomb_is_one_failure_in_bounded_memory(tmp_path: Path, kind: str) -> None:
    path, at = bombed_archive(tmp_path / "bomb.warc.gz", BOMBS[kind](GIB_IN_MIB))
    assert path.stat().st_size < 8 * MIB
    result = read_in_subprocess(path)
    sources = [s for s, _ in result["items"]]
    errors = [(s, e) for s, e in result["items"] if e]
    assert sources[0] == f"{path}#https://news.example/first"
    assert sources[-1] == f"{path}#https://news.example/last"
    assert len(errors) == 1 and errors[0][0] in {f"{path}@{at}", f"{path}#https://bomb.example/"}
    assert result["peak_mib"] < PEAK_MIB, result
    assert result["seconds"] < 20, result


def test_ingest_beside_a_warc_bomb_stores_the_rest_quickly(tmp_path: Path, nlp: Language) -> None:
    path, at = bombed_archive(tmp_path / "bomb.warc.gz", encoded_bomb(GIB_IN_MIB))
    story = tmp_path / "story.txt"
    story.write_text(
        "Mayor of Lyon resigns\n\nThe mayor of Lyon said on Friday that he "
        "would step down after six years in office.\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    tracemalloc.start()  # the pipeline is loaded already (the nlp fixture): only reading
    try:
        report = ingest([str(path), str(story)], db="memory://", n_process=1, resolve=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 30
    assert peak < PEAK_MIB * MIB
    assert len(report.created) == 3
    [(source, error)] = report.failed
    assert source in {f"{path}@{at}", f"{path}#https://bomb.example/"}
    assert "\n" not in error and len(error) < 300


def test_an_archive_over_the_inflated_bound_stops_with_one_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warc_module, "MAX_ARCHIVE_INFLATED_BYTES", 4000)
    path = tmp_path / "big.warc.gz"
    path.write_bytes(
        b"".join(good_record(f"https://news.example/{n}", f"Story {n}") for n in range(20))
    )
    items = list(read_warc(path))
    assert items[0].article is not None
    assert items[-1].source.startswith(str(path)) and "inflates to more than 4000" in (
        items[-1].error or ""
    )
    assert len(items) < 20


# --------------------------------------------------------------------------- JSON Lines


def jsonl_line(title: str) -> bytes:
    text = f"{title}\n\nDock workers in Antwerp returned to work on Friday after a pay deal."
    return (json.dumps({"text": text}) + "\n").encode()


def test_a_jsonl_line_bomb_is_one_failure_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(
        gzip.compress(jsonl_line("First story"))
        + member(b'{"text": "', bytes(MIB), GIB_IN_MIB, b'"}\n')
        + gzip.compress(jsonl_line("Last story"))
    )
    result = read_in_subprocess(path)
    assert [s for s, _ in result["items"]] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert "larger than" in result["items"][1][1]
    assert result["peak_mib"] < PEAK_MIB, result


def test_a_flood_of_blank_lines_is_read_quickly(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl.gz"
    path.write_bytes(
        gzip.compress(jsonl_line("First story"))
        + member(b"", b"\n" * MIB, 256)
        + gzip.compress(jsonl_line("Last story"))
    )
    result = read_in_subprocess(path)
    assert [s for s, _ in result["items"]] == [f"{path}:1", f"{path}:{256 * MIB + 2}"]
    assert result["seconds"] < 15, result


def test_a_jsonl_gz_over_the_inflated_bound_stops_with_one_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonl_module, "MAX_ARCHIVE_INFLATED_BYTES", 100_000)
    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(gzip.compress(b"".join(jsonl_line(f"Story {n}") for n in range(2000))))
    items = list(read_jsonl(path))
    assert items[0].article is not None and len(items) < 2000
    assert items[-1].source == str(path)
    assert "inflates to more than 100000" in (items[-1].error or "")


# --------------------------------------------------------------------------- gzip pages


def test_a_cut_gzip_page_is_refused_not_read_in_part(tmp_path: Path) -> None:
    page = b"<html><body><article><p>" + b"The mayor of Lyon resigned on Friday. " * 400
    whole = gzip.compress(page + b"</p></article></body></html>")
    path = tmp_path / "page.html.gz"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError, match="cut short"):
        load_article(str(path))


def test_a_gzip_page_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(member(b"<html><body><p>", bytes(MIB), GIB_IN_MIB))
    started = time.perf_counter()
    with pytest.raises(InputError, match="unpacks to more than"):
        load_article(str(path))
    assert time.perf_counter() - started < 5
