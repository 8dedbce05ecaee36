"""Substring search (``store.substring``): which queries take it, its snippets, and its
indexes on each backend (the contract suite checks what it finds)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from store_briefs import CHINESE_TEXT, fuel_brief, unspaced_briefs

from newsgraph.store import SqlStore, search_postgres, substring
from newsgraph.store import schema as s


@pytest.mark.parametrize(
    ("word", "inside"),
    [
        ("习近平", True),
        ("首相", True),
        ("ソウル", True),
        ("서울", True),
        ("ירושלים", True),
        ("القاهرة", True),
        ("กรุงเทพ", True),
        ("minister", False),
        ("Москва", False),
        ("Zürich", False),
        ("2024", False),
    ],
)
def test_which_words_are_found_inside_words(word: str, inside: bool) -> None:
    assert substring.inside_words(word) is inside


def test_only_non_ascii_queries_retry_by_substring() -> None:
    assert substring.retry([["Bundestag"], ["Zürich"]])
    assert not substring.retry([["cut"], ["fuel", "levy"]])


def test_snippet_is_a_bounded_window_with_marks() -> None:
    text = CHINESE_TEXT * 20
    snip = substring.snippet(["北京"], "title", text)
    assert snip.startswith("国家主席习近平星期二在«北京»会见")
    assert snip.endswith("…") and len(snip) < 4 * substring.SNIPPET_CONTEXT
    english = substring.snippet(["levy"], "Fuel", fuel_brief().document.text)
    assert "«levy»" in english and " fuel «levy» by 8 percent" in english
    assert substring.snippet(["missing"], "A title", "Body.") == "A title"


def test_sqlite_keeps_the_trigram_table_in_step(tmp_path: object) -> None:
    with SqlStore("sqlite://") as store:
        brief = unspaced_briefs()["zh"]
        article_id = store.save_brief(brief).article_id
        brief.document.text = brief.document.text.replace("北京", "上海")
        store.save_brief(brief)  # same URL: the article is updated, and its index rows
        assert [h.article_id for h in store.search("上海会见")] == [article_id]
        assert store.search("北京会见") == []
        with store._engine.connect() as conn:
            rows = conn.execute(text(f"SELECT count(*) FROM {s.TRIGRAM_TABLE}")).scalar()
        assert rows == 1


@pytest.mark.postgres
def test_postgres_substring_search_uses_the_trigram_index(pg_url: str) -> None:
    with SqlStore(pg_url) as store:
        store.save_brief(unspaced_briefs()["zh"])
        with store._engine.connect() as conn:
            assert search_postgres._trigram_schema(conn) is not None
            conn.execute(text("SET enable_seqscan = off"))
            plan = "\n".join(
                conn.execute(
                    text(
                        f"EXPLAIN SELECT id FROM articles AS a WHERE "
                        f"{search_postgres.substring_document('a.')} ILIKE '%习近平%'"
                    )
                ).scalars()
            )
    assert search_postgres.TRIGRAM_INDEX in plan


@pytest.mark.postgres
def test_postgres_without_pg_trgm_still_searches_by_substring(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A role that may not create the extension: no index, and no failure."""
    monkeypatch.setattr(search_postgres, "_trigram_schema", lambda _conn: None)
    monkeypatch.setattr(
        search_postgres, "TRIGRAM_EXTENSION", "CREATE EXTENSION newsgraph_no_such_extension"
    )
    with SqlStore(pg_url) as store:
        article_id = store.save_brief(unspaced_briefs()["zh"]).article_id
        assert [h.article_id for h in store.search("北京")] == [article_id]
        with store._engine.connect() as conn:
            indexes = set(
                conn.execute(
                    text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
                ).scalars()
            )
    assert search_postgres.TRIGRAM_INDEX not in indexes
