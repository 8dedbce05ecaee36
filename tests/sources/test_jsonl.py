"""JSON Lines corpora: one record a line, bad lines recorded and skipped."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.api import ingest
from newsgraph.errors import InputError
from newsgraph.sources.jsonl import is_jsonl, parse_record, read_jsonl
from newsgraph.store import open_store

PAGE = (
    "<html><head><title>Dock strike ends in Antwerp</title>"
    '<meta property="article:published_time" content="2024-03-08"></head><body><article>'
    "<h1>Dock strike ends in Antwerp</h1><p>Dock workers in Antwerp returned to work on "
    "Friday after unions accepted a pay deal that ends a nine-day strike.</p><p>The "
    "agreement raises wages by four percent this year, the port authority said.</p>"
    "</article></body></html>"
)
TEXT = (
    "Farmers block Valladolid ring road\n\nFarmers in Castile drove hundreds of tractors "
    "into Valladolid on Tuesday to protest against falling grain prices.\n\nRegional "
    "officials said the march blocked the ring road for most of the morning."
)


def _line(**record: object) -> str:
    return json.dumps(record)


def test_html_record_keeps_page_date_unless_record_gives_one() -> None:
    article = parse_record(_line(url="https://news.example/port", html=PAGE))
    assert article.title == "Dock strike ends in Antwerp"
    assert article.published == "2024-03-08"
    assert article.url == "https://news.example/port"
    dated = parse_record(
        _line(url="https://news.example/port", html=PAGE, published="2024-03-09T06:30:00Z")
    )
    assert dated.published == "2024-03-09"


def test_text_record_without_url() -> None:
    article = parse_record(_line(text=TEXT, published="2024-02-13"))
    assert article.title == "Farmers block Valladolid ring road"
    assert article.url is None and article.published == "2024-02-13"
    assert "tractors" in article.text


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        (_line(url="https://a.example/x"), "exactly one of"),
        (_line(html=PAGE, text=TEXT), "exactly one of"),
        (_line(text=TEXT, published="March 5"), "published must be"),
        (_line(text=TEXT, url=7), "'url' must be a string"),
        (_line(text="   "), "empty"),
        ("[" * 100_000, "nests JSON too deeply"),
    ],
)
def test_bad_records_are_input_errors(raw: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_record(raw)


def test_non_utf8_line_is_an_input_error() -> None:
    with pytest.raises(InputError, match="UTF-8"):
        parse_record(b'{"text": "caf\xe9 \xff\xfe"}')


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_any_line_is_an_article_or_an_input_error(raw: bytes | str) -> None:
    try:
        article = parse_record(raw)
    except InputError:
        return
    assert article.text.strip()


def _corpus(path: Path, lines: list[str]) -> Path:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("name", ["corpus.jsonl", "corpus.jsonl.gz"])
def test_reader_labels_lines_and_goes_on_after_bad_ones(tmp_path: Path, name: str) -> None:
    path = _corpus(
        tmp_path / name,
        [
            _line(url="https://news.example/port", html=PAGE),
            "",
            "oops",
            _line(text=TEXT),
        ],
    )
    items = list(read_jsonl(path))
    assert [i.source for i in items] == [f"{path}:1", f"{path}:3", f"{path}:4"]
    assert items[0].article is not None and items[2].article is not None
    assert items[1].error is not None and "not valid JSON" in items[1].error
    assert is_jsonl(str(path)) and not is_jsonl("a.json")


def test_missing_file_and_truncated_gzip_are_error_items(tmp_path: Path) -> None:
    missing = list(read_jsonl(tmp_path / "none.jsonl"))
    assert len(missing) == 1 and "cannot read" in (missing[0].error or "")
    path = _corpus(tmp_path / "cut.jsonl.gz", [_line(text=TEXT)] * 50)
    path.write_bytes(path.read_bytes()[:60])
    items = list(read_jsonl(path))
    assert items and "damaged" in (items[-1].error or "")


def test_oversized_line_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsgraph.sources.jsonl.MAX_INPUT_BYTES", 2000)
    path = _corpus(tmp_path / "big.jsonl", [_line(text="x " * 5000), _line(text=TEXT)])
    items = list(read_jsonl(path))
    assert "larger than 2000" in (items[0].error or "")
    assert items[1].source == f"{path}:2" and items[1].article is not None


def test_ingest_jsonl_twice_changes_nothing(tmp_path: Path) -> None:
    path = _corpus(
        tmp_path / "c.jsonl",
        [
            _line(url="https://news.example/port", html=PAGE),
            _line(text=TEXT),
            "{bad",
        ],
    )
    db = f"sqlite:///{tmp_path / 'n.db'}"
    first = ingest([str(path)], db=db)
    second = ingest([str(path)], db=db)
    assert len(first.created) == 2 and [s for s, _ in first.failed] == [f"{path}:3"]
    assert second.created == [] and sorted(second.updated) == sorted(first.created)
    with open_store(db) as store:
        assert store.count_articles() == 2
        assert len(store.fingerprints()) == 2
