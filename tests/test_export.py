"""Exports over a small real store: each format written, read back and checked against the
others (same global ids everywhere), and untrusted text surviving CSV quoting."""

from __future__ import annotations

import csv
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from newsgraph import export
from newsgraph.api import ingest, open_store
from newsgraph.cli import app
from newsgraph.errors import InputError

ARTICLES = {
    "border-1.txt": (
        "Kenya and Ethiopia sign border deal in Nairobi\n\n"
        "Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Nairobi on "
        "Tuesday. Ruto signed a border agreement with Ethiopia after two days of talks. "
        '"This deal ends a long dispute, and we welcome it," Ruto said.\n'
    ),
    "border-2.txt": (
        "Ethiopia and Kenya agree on border\n\n"
        "Ethiopian Prime Minister Abiy Ahmed signed a border agreement with Kenya in Nairobi "
        "on Tuesday. Abiy Ahmed praised President William Ruto for the talks. Kenya welcomed "
        "the agreement, officials said.\n"
    ),
    "lima.txt": (
        "Police arrest protesters in Lima\n\n"
        "Peruvian police arrested dozens of protesters in Lima on Friday. Interior Minister "
        "Carlos Ruiz said the police acted lawfully. Protesters accused the government of "
        "repression.\n"
    ),
}
G = "{" + export.GRAPHML_NS + "}"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'export.db'}"
    report = ingest([str(folder)], db=url, published="2026-03-03")
    assert len(report.created) == 3
    return url


@pytest.fixture(scope="module")
def records(db: str) -> export.Records:
    with open_store(db) as store:
        return export.collect(store)


def _export(db: str, fmt: str, path: Path) -> dict[str, int]:
    with open_store(db) as store:
        return export.export(store, fmt, path)


def _jsonl(db: str, tmp_path: Path) -> list[dict[str, Any]]:
    _export(db, "jsonl", tmp_path / "out.jsonl")
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_jsonl_holds_every_kind_with_consistent_global_ids(db: str, tmp_path: Path) -> None:
    rows = _jsonl(db, tmp_path)
    kinds = Counter(r["kind"] for r in rows)
    with open_store(db) as store:
        assert kinds["entity"] == len(store.global_entities())
        assert kinds["storyline"] == len(store.storylines()) == 2
    assert kinds["article"] == 3 and kinds["event"] > 0
    entity_ids = {r["id"] for r in rows if r["kind"] == "entity"}
    article_ids = {r["id"] for r in rows if r["kind"] == "article"}
    for art in (r for r in rows if r["kind"] == "article"):
        assert {e["id"] for e in art["entities"]} <= entity_ids
        assert all(e["local_id"].startswith("e") for e in art["entities"])
        for ev in art["events"]:
            assert {*ev["actors"], *ev["targets"]} <= entity_ids
    for ev in (r for r in rows if r["kind"] == "event"):
        assert ev["article_id"] in article_ids
        assert {*ev["actors"], *ev["targets"]} <= entity_ids
    for ent in (r for r in rows if r["kind"] == "entity"):
        assert ent["article_ids"] and set(ent["article_ids"]) <= article_ids
    sizes = sorted(len(r["article_ids"]) for r in rows if r["kind"] == "storyline")
    assert sizes == [1, 2]


def test_jsonl_mentions_index_the_stored_text(db: str, tmp_path: Path) -> None:
    for art in (r for r in _jsonl(db, tmp_path) if r["kind"] == "article"):
        text = art["document"]["text"]
        mentions = [m for e in art["entities"] for m in e["mentions"]]
        assert mentions
        assert all(text[m["start"] : m["end"]] == m["text"] for m in mentions)


def test_one_person_has_one_global_id_across_articles(records: export.Records) -> None:
    ids = {
        e["id"] for art in records.articles for e in art["entities"] if e["name"] == "William Ruto"
    }
    assert len(ids) == 1
    (gid,) = ids
    entity = next(e for e in records.entities if e["id"] == gid)
    assert len(entity["article_ids"]) == 2


def test_csv_has_gdelt_columns_and_one_row_per_event(
    db: str, tmp_path: Path, records: export.Records
) -> None:
    counts = _export(db, "csv", tmp_path / "events.csv")
    with (tmp_path / "events.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == export.CSV_COLUMNS
        rows = list(reader)
    assert len(rows) == counts["events"] == len(records.events)
    entity_ids = {e["id"] for e in records.entities} | {""}
    dates = {e["id"]: e["date"] for e in records.events}
    for row in rows:
        assert row["SQLDATE"] == dates[row["GLOBALEVENTID"]].replace("-", "")
        assert len(row["SQLDATE"]) == 8 and row["SQLDATE"].startswith("2026")
        assert row["EventRootCode"] == row["EventCode"][:2]
        assert {row["Actor1EntityId"], row["Actor2EntityId"]} <= entity_ids
    assert {r["GLOBALEVENTID"] for r in rows} == {e["id"] for e in records.events}


def _event(summary: str, evidence: str) -> dict[str, Any]:
    return {
        "id": "a:1",
        "article_id": "a",
        "date": "2026-03",
        "type": "ACCUSE",
        "cameo": "112",
        "summary": summary,
        "status": "happened",
        "confidence": 0.5,
        "actors": ["G1"],
        "actor_names": ['Mary "Red", Jones'],
        "targets": [],
        "target_names": [],
        "actor_codes": {},
        "place": None,
        "place_name": None,
        "url": "https://example.com/a?b=1,2",
        "evidence": {"sentence": evidence},
    }


def test_csv_round_trips_quotes_commas_and_newlines(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    export.write_csv([_event('She said, "no"\nthen left', "line one\r\nline, two")], path)
    with path.open(encoding="utf-8", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["Summary"] == 'She said, "no"\nthen left'
    assert row["Evidence"] == "line one\r\nline, two"
    assert row["Actor1Name"] == 'Mary "Red", Jones'
    assert row["SQLDATE"] == "202603" and row["EventBaseCode"] == "112"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_csv_round_trips_any_text(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "e.csv"
        export.write_csv([_event(text, text)], path)
        with path.open(encoding="utf-8", newline="") as fh:
            (row,) = list(csv.DictReader(fh))
    assert row["Summary"] == text and row["Evidence"] == text


def test_graphml_parses_with_keys_and_weighted_actor_edges(
    db: str, tmp_path: Path, records: export.Records
) -> None:
    _export(db, "graphml", tmp_path / "g.graphml")
    root = ET.parse(tmp_path / "g.graphml").getroot()
    assert root.tag == G + "graphml"
    keys = {(k.get("for"), k.get("attr.name")) for k in root.iter(G + "key")}
    assert {
        ("node", "label"),
        ("node", "type"),
        ("edge", "weight"),
        ("edge", "event_types"),
    } <= keys
    graph = root.find(G + "graph")
    assert graph is not None and graph.get("edgedefault") == "directed"
    nodes = {n.get("id") for n in graph.iter(G + "node")}
    assert nodes and nodes <= {e["id"] for e in records.entities}
    expected: Counter[tuple[str, str]] = Counter(
        (a, t) for ev in records.events for a in ev["actors"] for t in ev["targets"] if a != t
    )
    got = {}
    for edge in graph.iter(G + "edge"):
        assert {edge.get("source"), edge.get("target")} <= nodes
        data = {d.get("key"): d.text for d in edge.iter(G + "data")}
        got[(edge.get("source"), edge.get("target"))] = float(data["weight"] or 0)
        assert data["event_types"]
    assert got == {pair: float(n) for pair, n in expected.items()}
    assert got


@pytest.mark.ray
def test_parquet_writes_one_table_per_kind(
    db: str, tmp_path: Path, records: export.Records
) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="needs the ray extra (pyarrow)")
    _export(db, "parquet", tmp_path / "pq")
    counts = records.counts()
    for name in ("articles", "entities", "events", "storylines"):
        table = pq.read_table(tmp_path / "pq" / f"{name}.parquet")
        assert table.num_rows == counts[name]
    events = pq.read_table(tmp_path / "pq" / "events.parquet").to_pylist()
    assert {e["id"] for e in events} == {e["id"] for e in records.events}
    assert all(isinstance(e["actors"], list) for e in events)
    assert json.loads(events[0]["evidence"])["sentence"]


def test_parquet_without_pyarrow_says_what_to_install(
    tmp_path: Path, records: export.Records, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(InputError, match=r"newsgraph\[ray\]"):
        export.write_parquet(records, tmp_path / "pq")


def test_bad_format_and_folder_target_are_input_errors(db: str, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown export format"):
        _export(db, "xml", tmp_path / "x")
    with pytest.raises(InputError, match="is a folder"):
        _export(db, "jsonl", tmp_path)


def test_cli_export(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "k.jsonl"
    result = runner.invoke(app, ["export", "--format", "jsonl", "-o", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    assert "3 articles" in result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) > 3
    missing = tmp_path / "no" / "such" / "e.csv"
    result = runner.invoke(app, ["export", "-f", "csv", "-o", str(missing), "--db", db])
    assert result.exit_code == 1 and "cannot write" in result.output
    result = runner.invoke(app, ["export", "-f", "xml", "-o", str(out), "--db", db])
    assert result.exit_code == 2


def test_exports_carry_plover_mode_context_and_size(
    db: str, tmp_path: Path, records: export.Records
) -> None:
    arrest = next(e for e in records.events if e["type"] == "COERCE")
    assert (arrest["mode"], arrest["size"]) == ("arrest", 24)  # "dozens of protesters"
    assert isinstance(arrest["context"], list)
    jsonl = [r for r in _jsonl(db, tmp_path) if r["kind"] == "event" and r["type"] == "COERCE"]
    assert jsonl[0]["mode"] == "arrest"
    _export(db, "csv", tmp_path / "events.csv")
    with (tmp_path / "events.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["GLOBALEVENTID"] == arrest["id"]]
    assert (rows[0]["PloverMode"], rows[0]["Size"], rows[0]["Dead"]) == ("arrest", "24", "")
    assert rows[0]["PloverContext"] == ";".join(arrest["context"])
