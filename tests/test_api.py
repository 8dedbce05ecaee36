"""The Python API users import: ``from newsgraph import brief, ingest, open_store``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import newsgraph
from newsgraph import brief, open_store, read
from newsgraph.api import IngestReport, expand_inputs, ingest
from newsgraph.errors import InputError, NewsgraphError
from newsgraph.model import Brief
from newsgraph.store import SqlStore

GHANA = """Ghana's central bank raises interest rate to curb inflation

Bank of Ghana Governor Ernest Addison said on Wednesday that the policy rate would rise \
to 29 percent.

"Inflation remains too high for households," Addison told reporters in Accra.
"""

SPAIN = """Spain pledges flood aid for Valencia farmers

Spanish Agriculture Minister Luis Planas said on Friday that the government would pay \
farmers in Valencia 200 million euros in emergency aid.
"""


def write_corpus(folder: Path) -> Path:
    (folder / "africa").mkdir(parents=True)
    (folder / "africa" / "ghana.txt").write_text(GHANA, encoding="utf-8")
    (folder / "spain.md").write_text(SPAIN, encoding="utf-8")
    (folder / "readme.json").write_text("{}", encoding="utf-8")
    return folder


def test_public_names_are_importable() -> None:
    assert callable(brief) and callable(open_store)
    assert newsgraph.IngestReport is IngestReport
    assert newsgraph.Brief is Brief
    with pytest.raises(AttributeError):
        _ = newsgraph.no_such_thing


def test_ingest_function_is_importable_from_the_package() -> None:
    from newsgraph import ingest as exported

    assert exported is ingest


def test_brief_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "ghana.txt"
    path.write_text(GHANA, encoding="utf-8")
    result = brief(str(path), published="2026-04-01")
    assert isinstance(result, Brief)
    assert result.document.title == "Ghana's central bank raises interest rate to curb inflation"
    assert result.document.published == "2026-04-01"
    assert "Ernest Addison" in {e.name for e in result.entities}
    assert any(q.kind == "direct" and "Inflation remains" in q.text for q in result.quotes)
    assert set(result.to_dict()) >= {
        "document",
        "entities",
        "events",
        "quotes",
        "attributions",
        "quantities",
        "times",
    }


def test_brief_of_stdin() -> None:
    result = brief("-", stdin=io.BytesIO(SPAIN.encode("utf-8")))
    assert result.document.title == "Spain pledges flood aid for Valencia farmers"
    assert "Luis Planas" in {e.name for e in result.entities}


def test_brief_bad_published_date_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "spain.txt"
    path.write_text(SPAIN, encoding="utf-8")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        brief(str(path), published="2026-02-30")


def test_expand_inputs_walks_folders_for_article_files(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path)
    found = expand_inputs([str(folder), "https://example.com/a", "-", "missing.txt"])
    assert found == [
        str(folder / "africa" / "ghana.txt"),
        str(folder / "spain.md"),
        "https://example.com/a",
        "-",
        "missing.txt",
    ]


def test_ingest_into_memory_store_and_read_back(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path)
    store = open_store("memory://")
    assert isinstance(store, SqlStore)
    seen: list[int] = []
    report = ingest([str(folder)], db=store, published="2026-04-01", progress=seen.append)
    assert (len(report.created), report.updated, report.failed) == (2, [], [])
    assert report.total == 2 and seen == [1, 2]
    assert store.count_articles() == 2
    stored = store.get_brief(report.created[0])
    assert stored.document.published == "2026-04-01"
    assert {
        "Ghana's central bank raises interest rate to curb inflation",
        "Spain pledges flood aid for Valencia farmers",
    } == {a.title for a in store.list_articles()}
    store.close()


def test_ingest_into_sqlite_then_reopen(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "in")
    url = f"sqlite:///{tmp_path / 'news.db'}"
    first = ingest([str(folder)], db=url)
    again = ingest([str(folder)], db=url)
    assert len(first.created) == 2
    assert (again.created, sorted(again.updated)) == ([], sorted(first.created))
    with open_store(url) as store:
        assert store.count_articles() == 2
        assert [h.title for h in store.search("Valencia")] == [
            "Spain pledges flood aid for Valencia farmers"
        ]
        people = {row.name for row in read.entity_list(store, "PERSON")}
        assert {"Ernest Addison", "Luis Planas"} <= people


def test_ingest_records_bad_inputs_and_goes_on(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path)
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    store = open_store("memory://")
    report = ingest([str(folder), str(tmp_path / "missing.txt")], db=store)
    assert len(report.created) == 2
    failed = dict(report.failed)
    assert set(failed) == {str(folder / "broken.txt"), str(tmp_path / "missing.txt")}
    assert "binary" in failed[str(folder / "broken.txt")]


def test_ingest_bad_date_fails_before_touching_the_database(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "in")
    db_path = tmp_path / "news.db"
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        ingest([str(folder)], db=str(db_path), published="05/01/2026")
    assert not db_path.exists()


def test_ingest_nothing_to_read_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="no article files"):
        ingest([str(tmp_path)], db="memory://")


def test_open_store_refuses_unknown_schemes() -> None:
    with pytest.raises(NewsgraphError, match="sqlite"):
        open_store("mongodb://localhost/news")
