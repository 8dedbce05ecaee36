"""One article that breaks a stage yields a brief with a warning, and the batch goes on."""

from __future__ import annotations

import pytest

from newsgraph import pipeline
from newsgraph.api import ingest
from newsgraph.model import Article
from newsgraph.store import open_store

TEXT = "Officials in Lima said on Monday that the new bridge would open in March."


def _broken(*_: object, **__: object) -> list[object]:
    raise KeyError("Dollars")


def test_a_failing_stage_gives_a_brief_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "extract_quantities", _broken)
    articles = [Article(text=TEXT, title="Bridge"), Article(text=TEXT + " It cost $3m.", title="B")]
    briefs = list(pipeline.analyse_many(articles))
    assert [b.document.title for b in briefs] == ["Bridge", "B"]
    assert all(b.warnings and "KeyError" in b.warnings[0] for b in briefs)
    assert all(b.entities == [] and b.document.text for b in briefs)


def test_ingest_records_the_warning_and_stores_the_article(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pytest.TempPathFactory
) -> None:
    monkeypatch.setattr(pipeline, "extract_quantities", _broken)
    path = tmp_path / "lima.txt"  # type: ignore[operator]
    path.write_text("Bridge opens\n\n" + TEXT + "\n", encoding="utf-8")
    with open_store("memory://") as store:
        report = ingest([str(path)], db=store)
        assert len(report.created) == 1 and report.warnings
        assert store.get_brief(report.created[0]).warnings
