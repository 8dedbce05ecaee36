"""load_article: sources, HTML/text detection, hostile input, and the seed's document."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from newsgraph import config
from newsgraph.errors import InputError
from newsgraph.sources import load_article

STORY = (
    "Dock Strike Ends in Antwerp\n\n"
    "Dock workers in Antwerp returned to work on Friday after unions accepted a pay deal.\n\n"
    "The strike had halted container traffic for a week, the port authority said.\n"
)


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    article = load_article(str(path), published="2024-05-03")
    assert article.title == "Dock Strike Ends in Antwerp"
    assert article.published == "2024-05-03"
    assert article.text.startswith("Dock workers in Antwerp")


def test_html_detected_by_content_and_gzip(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Dock Strike Ends</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in STORY.split("\n\n")[1:])
        + "</article></body></html>"
    )
    path = tmp_path / "story.html.gz"
    path.write_bytes(gzip.compress(html.encode()))
    article = load_article(str(path))
    assert article.title == "Dock Strike Ends"
    assert "<p>" not in article.text and "Dock workers" in article.text


def test_stdin() -> None:
    article = load_article("-", stdin=io.BytesIO(STORY.encode("utf-16")))
    assert article.title == "Dock Strike Ends in Antwerp"


@pytest.mark.parametrize("bad", ["2024-13-01", "03/05/2024", "yesterday", "2024-02-30"])
def test_bad_published(bad: str) -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        load_article("-", published=bad, stdin=io.BytesIO(STORY.encode()))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no such file: .*nope\.txt"):
        load_article(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        load_article(str(tmp_path))


@pytest.mark.parametrize("data", [b"", b"   \n\t\n  ", b"\xef\xbb\xbf\n"])
def test_empty_input(data: bytes) -> None:
    with pytest.raises(InputError, match="empty"):
        load_article("-", stdin=io.BytesIO(data))


def test_binary_input(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    with pytest.raises(InputError, match="binary data"):
        load_article(str(path))


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # 50 MB sparse file: refused by its size alone
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError, match="larger than"):
        load_article(str(path))


def test_oversized_stream() -> None:
    stream = io.BytesIO(b"word " * (config.MAX_INPUT_BYTES // 5 + 10))
    with pytest.raises(InputError, match="larger than"):
        load_article("-", stdin=stream)


def test_gzip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * (config.MAX_INPUT_BYTES + 1000)))
    with pytest.raises(InputError, match="unpacks to more than"):
        load_article(str(path))


def test_invalid_utf8_is_read_not_crashed(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(STORY.replace("Antwerp", "Liège").encode("cp1252"))
    assert "Liège" in load_article(str(path)).text


def test_non_english_article() -> None:
    raw = (
        "Hafenstreik in Antwerpen beendet\n\n"
        "Die Hafenarbeiter in Antwerpen haben am Freitag die Arbeit wieder aufgenommen, "
        "nachdem die Gewerkschaften einem Lohnabschluss zugestimmt hatten.\n"
    )
    assert load_article("-", stdin=io.BytesIO(raw.encode())).language == "de"


def test_tag_bomb_file(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html"
    path.write_text("<html><body>" + "<div>" * 100_000 + "x" + "</div>" * 100_000)
    with pytest.raises(InputError):
        load_article(str(path))


def test_long_body_is_cut() -> None:
    paragraph = "Another paragraph of the same long report follows here, with more detail."
    raw = STORY + "\n".join([paragraph] * (config.MAX_TEXT_CHARS // len(paragraph) + 50))
    article = load_article("-", stdin=io.BytesIO(raw.encode()))
    assert len(article.text) <= config.MAX_TEXT_CHARS
    assert article.text.endswith(paragraph)


def test_seed_document(shared_dir: Path) -> None:
    """The acceptance article: every document field gold.json expects."""
    gold = json.loads((shared_dir / "seed" / "gold.json").read_text("utf-8"))["document"]
    article = load_article(
        str(shared_dir / "seed" / gold["file"]), published=gold["assumed_published"]
    )
    assert article.title == gold["title"]
    assert article.subtitle == gold["subtitle"]
    assert article.section == gold["section"]
    assert article.language == gold["language"]
    assert article.published == gold["assumed_published"]
    assert [(c.text, c.credit) for c in article.captions] == [
        (gold["image_caption"], gold["image_credit"])
    ]
    assert article.text.startswith(gold["body_starts_with"])
    assert article.text.endswith(gold["body_ends_with"])
    for junk in gold["boilerplate_not_in_body"]:
        assert junk not in article.text
    assert article.other_languages == gold["other_language_links"]
