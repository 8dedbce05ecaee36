"""The ingest pipeline (``newsgraph.jobs.ingest``): each stage alone on small real-looking
inputs, the stages as one lazy stream, one bad item costing only itself, and a batched
run leaving exactly the rows and knowledge of a run that resolves one article at a time."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from newsgraph import pipeline
from newsgraph.api import IngestReport
from newsgraph.jobs.ingest import (
    Dedupe,
    Resolve,
    StoreBriefs,
    Stored,
    batches,
    read,
    run_ingest,
)
from newsgraph.model import Article, Brief
from newsgraph.nlp.quotes import extract_quotes
from newsgraph.pipeline import analyse_many
from newsgraph.resolve.knowledge import KnowledgeBase
from newsgraph.sources import load_article
from newsgraph.sources.items import SourceItem
from newsgraph.store import Store, open_store

STRIKE = (
    "Dock workers in Rotterdam returned to work on Tuesday after a three-day strike over "
    "pay that had left more than forty container ships waiting at anchor in the North Sea. "
    "The FNV union said its members had voted to accept a 4.5% rise this year and a further "
    "3% next year, and that talks on shift patterns would resume in March. The port "
    "authority said it expected the backlog to be cleared by the weekend."
)
BUDGET = (
    "Canada's finance minister, Chrystia Freeland, presented a budget of C$490 billion on "
    "Monday that she said would cut the deficit by 2027 while raising spending on housing "
    "and defence. She told parliament the plan was prudent. Opposition leader Pierre "
    "Poilievre called it reckless and said his party would vote against it on Thursday."
)
FLOODS = (
    "Thousands of residents in Brisbane were told to leave their homes on Wednesday as the "
    "Brisbane River rose above six metres after a week of heavy rain. Premier Annastacia "
    "Palaszczuk said the army would help with the evacuation, and schools across the city "
    "would stay closed until Friday at the earliest."
)


def _article(text: str, url: str, title: str) -> Article:
    return Article(text=text, title=title, url=url, published="2024-03-05")


def _wire_copy(article: Article, url: str) -> Article:
    """What a wire service republishes: a dateline, one word changed, a credit line."""
    text = "LONDON (Wire) - " + article.text.replace("Tuesday", "Tuesday morning")
    return replace(article, url=url, text=text + "\n\n(Reporting by Anna Berg)")


def _items(*articles: Article) -> list[SourceItem]:
    return [SourceItem(a.url or a.title, article=a) for a in articles]


def _bare(article: Article) -> Brief:
    """A brief with no facts: enough for the stages that only store."""
    return Brief(document=article)


# --------------------------------------------------------------------------- stages alone


def test_read_stage_records_a_bad_item_and_passes_the_others_on() -> None:
    report = IngestReport()
    strike = _article(STRIKE, "https://a.example/strike", "Strike ends")
    budget = _article(BUDGET, "https://a.example/budget", "Budget")
    items = [
        SourceItem("strike.txt", article=strike),
        SourceItem("broken.txt", error="not UTF-8 text"),
        SourceItem("budget.txt", article=budget),
    ]
    assert list(read(items, report)) == [("strike.txt", strike), ("budget.txt", budget)]
    assert report.failed == [("broken.txt", "not UTF-8 text")]


def test_dedupe_stage_drops_a_near_duplicate_before_analysis() -> None:
    strike = _article(STRIKE, "https://a.example/strike", "Strike ends")
    copy = _wire_copy(strike, "https://wire.example/strike")
    floods = _article(FLOODS, "https://a.example/floods", "Floods")
    with open_store("memory://") as store:
        report = IngestReport()
        stage = Dedupe(store, report, enabled=True)
        kept = list(stage(read(_items(strike, copy, floods), report)))
        assert kept == [strike, floods]
        assert [t.source for t in stage.tickets] == [strike.url, floods.url]
        # The original is not stored yet: the copy waits on its ticket, nothing is written.
        assert stage.tickets[0].further == [(copy.url, copy)]
        assert report.duplicates == []
        # Without dedupe every article goes on to the analysis.
        off = Dedupe(store, IngestReport(), enabled=False)
        assert list(off(read(_items(strike, copy, floods), IngestReport()))) == [
            strike,
            copy,
            floods,
        ]


def test_dedupe_stage_records_a_copy_of_a_stored_article_at_once() -> None:
    strike = _article(STRIKE, "https://a.example/strike", "Strike ends")
    copy = _wire_copy(strike, "https://wire.example/strike")
    with open_store("memory://") as store:
        first = run_ingest(_items(strike), store, analyser=_replay_bare, resolve=False)
        report = IngestReport()
        stage = Dedupe(store, report, enabled=True)
        assert list(stage(read(_items(copy), report))) == []
        assert report.duplicates == [(copy.url, first.created[0])]
        assert [s.url for s in store.sources(first.created[0])] == [copy.url]


def test_store_stage_saves_each_brief_and_hands_on_full_batches() -> None:
    articles = [
        _article(STRIKE, "https://a.example/strike", "Strike ends"),
        _article(BUDGET, "https://a.example/budget", "Budget"),
        _article(FLOODS, "https://a.example/floods", "Floods"),
    ]
    copy = _wire_copy(articles[0], "https://wire.example/strike")
    with open_store("memory://") as store:
        report, done, totals = IngestReport(), list[str](), list[int]()
        dedupe = Dedupe(store, report, enabled=True, on_done=done.append)
        saved = StoreBriefs(store, report, dedupe, on_done=done.append, progress=totals.append)
        # Dedupe runs ahead of the store, as it does while spaCy's workers read ahead.
        kept = list(dedupe(read(_items(articles[0], copy, *articles[1:]), report)))
        stored_when_handed_on = []
        runs = []
        for run in batches(saved(_bare(a) for a in kept), 2):
            stored_when_handed_on.append(store.count_articles())
            runs.append([s.article_id for s in run])
        assert [len(r) for r in runs] == [2, 1]
        assert stored_when_handed_on == [2, 3]  # a batch leaves once its articles are saved
        assert [aid for run in runs for aid in run] == report.created
        assert len(store.fingerprints()) == 3
        # The copy waited on its original's ticket: recorded once that was stored.
        assert report.duplicates == [(copy.url, report.created[0])]
        assert [s.url for s in store.sources(report.created[0])] == [copy.url]
        assert done == [articles[0].url, copy.url, articles[1].url, articles[2].url]
        assert totals == [2, 3, 4]


def test_resolve_stage_places_a_batch_in_one_knowledge_turn(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = [
        _article(BUDGET, "https://a.example/budget", "Canada unveils spending plan"),
        _article(
            BUDGET.replace("Monday", "Tuesday").replace("C$490", "C$491"),
            "https://b.example/budget",
            "Freeland budget under fire",
        ),
        _article(FLOODS, "https://a.example/floods", "Floods force evacuations"),
    ]
    briefs = list(analyse_many(articles, nlp))
    with open_store("memory://") as store:
        stored = [Stored(store.save_brief(b).article_id, b) for b in briefs]
        knowledge = KnowledgeBase.open(store)
        reads = _count_log_reads(store, monkeypatch)
        report = IngestReport()
        Resolve(knowledge, report)(stored)
        assert reads == [1]  # one turn: the shared log read once for the three articles
        steps = store.knowledge_steps()
        assert [(s.kind, s.key) for s in steps] == [("article", s.article_id) for s in stored]
        homes = {m.article_id: row.id for row in store.storylines() for m in row.articles}
        assert set(homes) == {s.article_id for s in stored}
        assert homes[stored[0].article_id] == homes[stored[1].article_id]  # the same story
        assert homes[stored[2].article_id] != homes[stored[0].article_id]
        names = {g.name for g in store.global_entities()}
        assert {"Chrystia Freeland", "Pierre Poilievre", "Brisbane"} <= names
        assert report.warnings == []


def test_a_failing_resolution_warns_for_its_batch_and_stops_resolving(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    articles = [
        _article(STRIKE, "https://a.example/strike", "Strike ends"),
        _article(BUDGET, "https://a.example/budget", "Budget"),
        _article(FLOODS, "https://a.example/floods", "Floods"),
    ]
    with open_store("memory://") as store:
        stored = [Stored(store.save_brief(_bare(a)).article_id, _bare(a)) for a in articles]
        knowledge = KnowledgeBase.open(store)

        def broken(*_args: object) -> list[bool]:
            raise RuntimeError("resolver bug")

        monkeypatch.setattr(knowledge, "add_many", broken)
        report = IngestReport()
        stage = Resolve(knowledge, report)
        stage(stored[:2])
        stage(stored[2:])  # resolving stopped: no second failure, no second warning
        stage.checkpoint()
        assert [aid for aid, _ in report.warnings] == [s.article_id for s in stored[:2]]
        assert all("resolver bug" in note for _, note in report.warnings)
        assert stage.knowledge is None


# --------------------------------------------------------------------------- the run


def test_the_stages_run_as_one_stream() -> None:
    """Article 1 is stored, and the first batch resolved, before the last item is read:
    nothing waits for the whole input."""
    articles = [
        _article(STRIKE, "https://a.example/strike", "Strike ends"),
        _article(BUDGET, "https://a.example/budget", "Budget"),
        _article(FLOODS, "https://a.example/floods", "Floods"),
    ]
    with open_store("memory://") as store:
        seen: list[tuple[int, int]] = []  # (articles stored, log entries) as each item is read

        def items() -> Iterator[SourceItem]:
            for item in _items(*articles):
                seen.append((store.count_articles(), len(store.knowledge_steps())))
                yield item

        report = run_ingest(items(), store, analyser=_replay_bare, batch=2)
        assert len(report.created) == 3
        assert seen == [(0, 0), (1, 0), (2, 2)]


def test_bad_items_in_the_middle_cost_only_themselves(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unreadable item is one failure line; an article whose analysis breaks is stored
    with a warning; an empty body is stored with nothing guessed; the rest go on."""
    del nlp  # loaded once for the session: the run below uses the same pipeline

    def quotes_breaking_on_budgets(doc: Any, resolve: Any) -> Any:
        if "Freeland" in doc.text:
            raise ValueError("quote stage bug")
        return extract_quotes(doc, resolve)

    monkeypatch.setattr(pipeline, "extract_quotes", quotes_breaking_on_budgets)
    strike = _article(STRIKE, "https://a.example/strike", "Port workers end strike")
    budget = _article(BUDGET, "https://a.example/budget", "Canada unveils spending plan")
    empty = _article("   ", "https://a.example/empty", "Live: election night")
    floods = _article(FLOODS, "https://a.example/floods", "Floods force evacuations")
    items = _items(strike, budget)
    items[1:1] = [SourceItem("https://a.example/gone", error="HTTP 404")]
    items += _items(empty, floods)
    with open_store("memory://") as store:
        report = run_ingest(items, store, batch=2)
        assert report.failed == [("https://a.example/gone", "HTTP 404")]
        assert len(report.created) == 4
        urls = [strike.url, budget.url, empty.url, floods.url]
        ids = dict(zip(urls, report.created, strict=True))
        assert [aid for aid, _ in report.warnings] == [ids[budget.url]]
        assert "quote stage bug" in report.warnings[0][1]
        assert store.get_brief(ids[empty.url]).entities == []
        assert {e.name for e in store.get_brief(ids[floods.url]).entities} >= {"Brisbane"}
        placed = {m.article_id for row in store.storylines() for m in row.articles}
        assert placed == set(report.created)


def test_batched_run_leaves_the_rows_of_one_article_at_a_time(
    bbc: list[tuple[Article, Brief]], tmp_path: Path
) -> None:
    replay = _replayer(bbc)
    items = _items(*(a for a, _ in bbc))
    dumps, snapshots = [], []
    for size in (1, 5):
        db = tmp_path / f"batch{size}.db"
        with open_store(f"sqlite:///{db}") as store:
            report = run_ingest(items, store, analyser=replay, batch=size)
            snapshots.append(store.knowledge_snapshot())
        assert len(report.duplicates) == 2 and not report.failed and not report.warnings
        dumps.append(_dump(db))
    one, batched = dumps
    assert batched == one
    assert snapshots[1] == snapshots[0]  # the in-memory knowledge too, to the last score
    assert len(one["storyline_articles"]) == len(bbc) - 2
    assert 1 < len(one["storylines"]) < len(bbc) - 2
    assert one["global_entities"] and one["entity_links"] and one["article_sources"]


def test_batched_run_equals_saving_and_adding_each_article_by_hand(
    bbc: list[tuple[Article, Brief]], tmp_path: Path
) -> None:
    """The reference is the plain API, no pipeline: save a brief, add it, next."""
    briefs = [b for _, b in bbc]
    by_hand, piped = tmp_path / "by_hand.db", tmp_path / "piped.db"
    with open_store(f"sqlite:///{by_hand}") as store:
        knowledge = KnowledgeBase.open(store)
        for b in briefs:
            knowledge.add(store.save_brief(b).article_id, b)
        knowledge.checkpoint()
    with open_store(f"sqlite:///{piped}") as store:
        items = _items(*(a for a, _ in bbc))
        run_ingest(items, store, analyser=_replayer(bbc), dedupe=False, batch=4)
    assert _dump(piped) == _dump(by_hand)


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def bbc(shared_dir: Path, nlp: Language) -> list[tuple[Article, Brief]]:
    """Twelve BBC politics stories and two wire copies of them, analysed once."""
    paths = sorted((shared_dir / "eval" / "bbc-politics" / "politics").glob("*.txt"))[:12]
    articles = [
        replace(load_article(str(p), published="2005-02-01"), url=f"https://bbc.example/{p.stem}")
        for p in paths
    ]
    articles.insert(4, _wire_copy(articles[1], "https://wire.example/1"))
    articles.insert(9, _wire_copy(articles[6], "https://wire.example/6"))
    return list(zip(articles, analyse_many(articles, nlp), strict=True))


def _replayer(analysed: list[tuple[Article, Brief]]) -> Any:
    """An analyser handing back the briefs made once, by article URL."""
    cached = {a.url: b for a, b in analysed}

    def replay(articles: Iterable[Article], n_process: int) -> Iterator[Brief]:
        del n_process
        return (cached[a.url] for a in articles)

    return replay


def _replay_bare(articles: Iterable[Article], n_process: int) -> Iterator[Brief]:
    del n_process
    return (_bare(a) for a in articles)


def _count_log_reads(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A counter of the store's reads of the shared knowledge log (one per turn) from now."""
    count = [0]
    original = store.knowledge_steps

    def counted(after: int = 0) -> Any:
        count[0] += 1
        return original(after)

    monkeypatch.setattr(store, "knowledge_steps", counted)
    return count


# Timestamps say when a row was written; autoincrement ids are internal.
VOLATILE = {"created_at", "updated_at", "added_at", "seen_at"}
KEYED = ("articles", "fingerprints", "storylines", "global_entities")


def _dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, without timestamps, autoincrement ids and snapshots."""
    with sqlite3.connect(db) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'articles_fts_%' AND name != 'knowledge_snapshots'"
            )
        ]
        out: dict[str, list[tuple[Any, ...]]] = {}
        for table in tables:
            cursor = conn.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            keep = [
                i
                for i, n in enumerate(names)
                if n not in VOLATILE and not (n == "id" and table not in KEYED)
            ]
            out[table] = sorted((tuple(row[i] for i in keep) for row in cursor), key=repr)
    return out
