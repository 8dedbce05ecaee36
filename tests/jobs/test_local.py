"""The local batch engine and the ``batch`` command: same records as ``ingest``, bad
articles as error rows, re-runs idempotent, and Ray only when asked for."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.api import ingest
from newsgraph.cli import app
from newsgraph.errors import InputError
from newsgraph.jobs import rows as rows_module
from newsgraph.jobs import run_batch
from newsgraph.jobs.rows import analyse_records, list_records

runner = CliRunner()
Reader = Callable[[str], dict[str, dict[str, object]]]


def test_local_batch_stores_what_ingest_stores(
    corpus: list[str], ingested: dict[str, dict[str, object]], tmp_path: Path, read_store: Reader
) -> None:
    db = f"sqlite:///{tmp_path / 'batch.db'}"
    report = run_batch(corpus, engine="local", db=db)
    assert sorted(report.written) == sorted(ingested)
    assert read_store(db) == ingested
    assert sorted(s.rsplit("/", 1)[-1] for s, _ in report.failed) == ["broken.txt", "feed.jsonl:2"]
    parts = (report.startup_seconds, report.analyse_seconds, report.resolve_seconds)
    assert all(p > 0 for p in parts) and sum(parts) <= report.seconds


def test_rerun_changes_nothing(
    corpus: list[str], tmp_path: Path, read_store: Reader, n_good: int
) -> None:
    db = f"sqlite:///{tmp_path / 'batch.db'}"
    run_batch(corpus, db=db)
    first = read_store(db)
    again = run_batch(corpus, db=db, workers=1)
    assert len(again.written) == n_good and read_store(db) == first


@pytest.mark.ray
def test_parquet_rows_one_per_article_with_errors(
    corpus: list[str], ingested: dict[str, dict[str, object]], tmp_path: Path
) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="needs the ray extra (pyarrow)")
    run_batch(corpus, out=tmp_path / "out")
    table = pq.read_table(str(tmp_path / "out"))
    rows = table.to_pylist()
    assert table.column_names == ["id", "source", "url", "title", "published", "brief", "error"]
    good = {r["id"]: json.loads(r["brief"]) for r in rows if r["error"] is None}
    assert good == ingested
    errors = [r for r in rows if r["error"] is not None]
    assert len(errors) == 2 and all(r["brief"] is None and len(r["id"]) == 16 for r in errors)
    run_batch(corpus, out=tmp_path / "out")  # a re-run replaces, never appends
    assert pq.read_table(str(tmp_path / "out")).to_pylist() == rows


@pytest.mark.ray
def test_parquet_rows_handed_in_small_batches_make_full_row_groups(tmp_path: Path) -> None:
    """The Ray driver hands each actor batch to the sink as it comes; the file still has
    row groups of ``CHUNK`` rows (the last one shorter), every row once, in order, and
    the report counts each row when it is handed over."""
    pq = pytest.importorskip("pyarrow.parquet", reason="needs the ray extra (pyarrow)")
    chunk = rows_module.CHUNK
    rows: list[rows_module.Row] = [
        {**dict.fromkeys(rows_module.ROW_FIELDS), "id": f"a{n:04d}", "source": f"s{n}"}
        for n in range(chunk * 2 + 7)
    ]
    for row in rows[::5]:
        row["error"] = "unreadable"
    for row in rows:
        if row["error"] is None:
            row["brief"] = json.dumps({"warnings": [f"w{row['id']}"]})
    sink = rows_module.ParquetSink(tmp_path / "out")
    report = rows_module.BatchReport()
    for start in range(0, len(rows), 5):
        sink.write(rows[start : start + 5], report)
        handed = rows[: start + 5]
        assert len(report.written) + len(report.failed) == len(handed)
    sink.close()
    parquet = pq.ParquetFile(str(tmp_path / "out" / sink.FILE))
    sizes = [parquet.metadata.row_group(i).num_rows for i in range(parquet.num_row_groups)]
    assert sizes == [chunk, chunk, 7]
    assert parquet.read().to_pylist() == rows
    assert len(report.warnings) == len(report.written) == len(rows) - len(rows[::5])


def test_one_failing_analysis_is_an_error_row_and_the_rest_go_on(
    corpus: list[str], monkeypatch: pytest.MonkeyPatch, n_good: int
) -> None:
    def broken_stream(*args: object, **kwargs: object) -> object:
        raise RuntimeError("stream broke")

    real = rows_module.analyse

    def analyse(article: object, nlp: object = None) -> object:
        if "Dresden" in getattr(article, "text", ""):
            raise ValueError("bad article")
        return real(article, nlp)  # type: ignore[arg-type]

    monkeypatch.setattr(rows_module, "analyse_many", broken_stream)
    monkeypatch.setattr(rows_module, "analyse", analyse)
    rows = analyse_records(list_records(corpus))
    failed = [r for r in rows if r["error"]]
    assert len(rows) == n_good + 2 and len(failed) == 3
    assert any("ValueError: bad article" in r["error"] and r["url"] for r in failed)


def test_records_of_each_input_kind(corpus: list[str]) -> None:
    kinds = [r["kind"] for r in list_records(corpus)]
    assert kinds == ["file"] * 7 + ["jsonl"] * 3  # empty file and broken line fail later


def _warc(path: Path) -> str:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for slug, title, body in [
            ("dam", "Dam approved in Laos", "Laos approved a new dam on the Mekong on Monday."),
            ("port", "Port reopens in Beirut", "Beirut's port reopened on Friday, officials said."),
        ]:
            page = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            page += f"<p>{body}</p><p>More details are expected next week.</p></article>"
            payload = (page + "</body></html>").encode()
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    f"https://news.example/{slug}",
                    "response",
                    payload=BytesIO(payload),
                    length=len(payload),
                    http_headers=http,
                )
            )
    return str(path)


def test_warc_pages_are_stored_as_ingest_stores_them(tmp_path: Path, read_store: Reader) -> None:
    warc = _warc(tmp_path / "crawl.warc.gz")
    assert [r["kind"] for r in list_records([warc])] == ["article", "article"]
    ingest([warc], db=f"sqlite:///{tmp_path / 'a.db'}")
    report = run_batch([warc], db=f"sqlite:///{tmp_path / 'b.db'}")
    assert len(report.written) == 2
    assert read_store(f"sqlite:///{tmp_path / 'b.db'}") == read_store(
        f"sqlite:///{tmp_path / 'a.db'}"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "spark"], "unknown engine"),
        ([], "exactly one of --db URL and --out DIR"),
    ],
)
def test_batch_command_refuses_bad_options(
    corpus: list[str], args: list[str], message: str, tmp_path: Path
) -> None:
    db = [] if not args else ["--db", f"sqlite:///{tmp_path / 'x.db'}"]
    result = runner.invoke(app, ["batch", *corpus, *args, *db])
    assert result.exit_code == 1 and message in result.output


def test_batch_workers_out_of_range_is_a_usage_error(corpus: list[str], tmp_path: Path) -> None:
    for workers in ("0", "257", "99999999999999999999"):
        result = runner.invoke(
            app, ["batch", *corpus, "--workers", workers, "--db", f"sqlite:///{tmp_path / 'x.db'}"]
        )
        assert result.exit_code == 2 and "--workers" in result.output


def test_batch_command_without_ray_says_what_to_install(
    corpus: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # "import ray" now raises ImportError
    result = runner.invoke(app, ["batch", *corpus, "--engine", "ray", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "install newsgraph[ray]" in result.output


def test_batch_command_reports_counts_as_json(
    corpus: list[str], tmp_path: Path, n_good: int
) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = runner.invoke(app, ["batch", *corpus, "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["written"] == n_good and len(data["failed"]) == 2


def test_urls_are_refused() -> None:
    with pytest.raises(InputError, match="files and folders only"):
        list_records(["https://news.example.org/feed.xml"])
