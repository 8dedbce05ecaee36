"""Hostile input end to end through ``brief`` and ``ingest``: every bad input ends in exit 0
with a graceful brief, or exit 1 with one ``error:`` line, never a traceback, quickly; and
untrusted text reaches the terminal as literal characters, never as markup or escapes."""

from __future__ import annotations

import hashlib
import json
import os
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from newsgraph.cli import app
from newsgraph.config import MAX_INPUT_BYTES

WIDE = {"COLUMNS": "400"}

NIGERIA = """Nigeria's senate approves new electoral law

Senate President Godswill Akpabio said on Wednesday that the bill would take effect before \
the next election.

"This law protects every vote," Akpabio told reporters in Abuja.
"""

MEXICO = """Mexico opens new rail line to Cancun

Mexican President Claudia Sheinbaum said on Sunday that the line would carry 20,000 \
passengers a day.
"""

FRENCH = """Le gouvernement présente sa réforme des retraites

Le Premier ministre a annoncé mardi à Paris une nouvelle réforme des retraites. Le \
gouvernement prévoit de présenter le texte au Parlement la semaine prochaine, selon \
plusieurs ministres interrogés par la presse.
"""

RUSSIAN = """Правительство объявило о новой программе

Министр финансов заявил во вторник в Москве, что правительство выделит средства на \
строительство новых дорог в регионах страны в следующем году.
"""

MARKUP = """Council vote on [bold red]x[/] delayed in Leeds

On Monday, [link=http://evil.example]click[/link] and <script>alert(1)</script> appeared.

The text :thumbs_up: and \x1b[2J escape codes were found on the council website on Monday.

"We saw [bold]nothing[/bold] unusual," James Lewis, the leader of Leeds City Council, said.
"""

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(200)


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def invoke(
    runner: CliRunner, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> Result:
    return runner.invoke(app, list(args), input=stdin, env=env)


def ok_json(result: Result) -> Any:
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return json.loads(result.stdout)


def one_line_error(result: Result, *fragments: str) -> str:
    """Exit 1, exactly one ``error:`` line on stderr, no traceback, nothing uncaught."""
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (b"   \n\t\r\n  \n", "empty"),
    "image.png": (PNG, "binary"),
    "picture.html": (PNG, "binary"),
    "noise.txt": (bytes(range(256)) * 8 + b"\x00\x00", "binary"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_brief_refuses_unreadable_files(runner: CliRunner, tmp_path: Path, name: str) -> None:
    content, why = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(content)
    one_line_error(invoke(runner, "brief", str(path)), why)
    one_line_error(invoke(runner, "brief", "-", stdin=content), why)


def test_a_50_megabyte_file_is_refused_without_reading_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = invoke(runner, "brief", str(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 5
    one_line_error(result, "larger than")
    assert peak < MAX_INPUT_BYTES  # the file was never read into memory


def test_oversized_stdin_is_refused(runner: CliRunner) -> None:
    one_line_error(
        invoke(runner, "brief", "-", stdin=b"word " * (MAX_INPUT_BYTES // 4)), "larger than"
    )


def test_invalid_utf8_gives_a_graceful_brief(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "lyon.txt"
    path.write_bytes(
        b"Mayor of Lyon resigns\n\nGr\xe9goire Doucet, the mayor of Lyon, said on "
        b"Friday he would step down \xff\xfe after \xc3 six years in office.\n"
    )
    data = ok_json(invoke(runner, "brief", str(path), "-f", "json"))
    document = data["document"]
    assert document["title"] == "Mayor of Lyon resigns"
    assert "Doucet" in document["text"] and "six years in office" in document["text"]
    assert "Lyon" in {e["name"] for e in data["entities"]}


def test_html_tag_bomb_is_handled_quickly(runner: CliRunner, tmp_path: Path) -> None:
    depth = 100_000
    body = "<p>The mayor of Turin said on Monday that the new tram line would open in May.</p>"
    path = tmp_path / "bomb.html"
    path.write_text(
        f"<html><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>", encoding="utf-8"
    )
    started = time.perf_counter()
    result = invoke(runner, "brief", str(path), "-f", "json")
    assert time.perf_counter() - started < 20
    if result.exit_code == 0:
        assert "tram line" in json.loads(result.stdout)["document"]["text"]
    else:
        one_line_error(result)


@pytest.mark.parametrize("text", [FRENCH, RUSSIAN])
def test_non_english_text_gets_a_brief_without_invented_facts(
    runner: CliRunner, tmp_path: Path, text: str
) -> None:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    data = ok_json(invoke(runner, "brief", str(path), "-f", "json"))
    assert data["document"]["language"] not in {"en", "und", None}
    assert data["document"]["title"] and data["document"]["text"]
    assert data["entities"] == [] and data["quotes"] == [] and data["attributions"] == []


@pytest.mark.parametrize(
    "text, language",
    [
        (FRENCH, "fr"),
        (RUSSIAN, "ru"),
    ],
)
def test_non_english_language_is_named(text: str, language: str) -> None:
    from newsgraph.sources.language import detect_language

    assert detect_language(text) == language


def test_directory_without_articles(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "nested").mkdir()
    one_line_error(invoke(runner, "brief", str(tmp_path)), "directory")
    one_line_error(invoke(runner, "ingest", str(tmp_path), "--db", "memory://"), "no article files")


def test_missing_path(runner: CliRunner, tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere" / "story.txt")
    one_line_error(invoke(runner, "brief", missing), "no such file", missing)
    db = tmp_path / "news.db"
    result = invoke(runner, "ingest", missing, "--db", str(db), env=WIDE)
    one_line_error(result, "nothing ingested")
    assert "no such file" in result.stdout


@pytest.mark.parametrize("date", ["2026-13-45", "2026-02-30", "yesterday", "05/01/2026", ""])
def test_impossible_published_date(runner: CliRunner, tmp_path: Path, date: str) -> None:
    path = tmp_path / "mexico.txt"
    path.write_text(MEXICO, encoding="utf-8")
    one_line_error(invoke(runner, "brief", str(path), "--published", date), "YYYY-MM-DD")
    db = tmp_path / "news.db"
    one_line_error(
        invoke(runner, "ingest", str(tmp_path), "--published", date, "--db", str(db)), "YYYY-MM-DD"
    )
    assert not db.exists()


@pytest.mark.parametrize(
    "command",
    [["articles"], ["entities"], ["search", "vote"], ["show", "abc123"], ["ingest", "ARTICLE"]],
)
def test_database_in_a_missing_directory(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    (tmp_path / "mexico.txt").write_text(MEXICO, encoding="utf-8")
    args = [str(tmp_path / "mexico.txt") if a == "ARTICLE" else a for a in command]
    for db in (str(tmp_path / "gone" / "news.db"), f"sqlite:///{tmp_path}/gone/news.db"):
        one_line_error(invoke(runner, *args, "--db", db), "does not exist")
    assert not (tmp_path / "gone").exists()


@pytest.mark.parametrize(
    "command",
    [["articles"], ["entities"], ["search", "vote"], ["show", "abc123"], ["ingest", "ARTICLE"]],
)
@pytest.mark.parametrize(
    "content", [b"this is my shopping list\n", PNG, b"SQLite format 2\x00" + bytes(100)]
)
def test_database_that_is_not_sqlite_is_refused_and_untouched(
    runner: CliRunner, tmp_path: Path, command: list[str], content: bytes
) -> None:
    (tmp_path / "mexico.txt").write_text(MEXICO, encoding="utf-8")
    db = tmp_path / "precious.db"
    db.write_bytes(content)
    before, listing = digest(db), sorted(os.listdir(tmp_path))
    args = [str(tmp_path / "mexico.txt") if a == "ARTICLE" else a for a in command]
    one_line_error(invoke(runner, *args, "--db", str(db)), "not a newsgraph database")
    assert digest(db) == before
    assert sorted(os.listdir(tmp_path)) == listing  # no -wal, -shm or -journal left behind


def test_sqlite_database_of_another_program_is_refused_and_untouched(
    runner: CliRunner, tmp_path: Path
) -> None:
    import sqlite3

    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.close()
    before = digest(db)
    one_line_error(invoke(runner, "articles", "--db", str(db)), "not a newsgraph database")
    assert digest(db) == before


def test_ingest_stores_the_good_files_and_reports_the_bad_one(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-nigeria.txt").write_text(NIGERIA, encoding="utf-8")
    (folder / "b-broken.txt").write_bytes(PNG)
    (folder / "c-mexico.txt").write_text(MEXICO, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'news.db'}"
    data = ok_json(invoke(runner, "ingest", str(folder), "--db", db, "-f", "json"))
    assert len(data["created"]) == 2 and data["updated"] == []
    assert [f["source"] for f in data["failed"]] == [str(folder / "b-broken.txt")]
    assert "binary" in data["failed"][0]["error"]
    text = invoke(runner, "ingest", str(folder), "--db", db, env=WIDE)
    assert text.exit_code == 0
    assert "0 stored, 2 updated, 0 near-duplicates, 1 failed" in text.stdout
    assert "b-broken.txt" in text.stdout
    titles = {a["title"] for a in ok_json(invoke(runner, "articles", "--db", db, "-f", "json"))}
    assert titles == {
        "Nigeria's senate approves new electoral law",
        "Mexico opens new rail line to Cancun",
    }


def test_ingest_where_everything_fails_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_bytes(b"")
    (tmp_path / "two.html").write_bytes(PNG)
    result = invoke(runner, "ingest", str(tmp_path), "--db", "memory://")
    one_line_error(result, "nothing ingested", "2")
    assert "one.txt" in result.stdout and "two.html" in result.stdout


# --------------------------------------------------------------------------- escaping


def test_markup_in_an_article_prints_literally(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "leeds.txt"
    path.write_text(MARKUP, encoding="utf-8")
    result = invoke(runner, "brief", str(path), env=WIDE)
    assert result.exit_code == 0, (result.stderr, result.exception)
    out = result.stdout
    assert "Council vote on [bold red]x[/] delayed in Leeds" in out
    assert "[link=http://evil.example]click[/link]" in out
    assert "<script>alert(1)</script>" in out
    assert ":thumbs_up:" in out
    assert "[bold]nothing[/bold]" in out  # the quote, as written
    assert "\x1b" not in out  # an escape sequence from the article never reaches the terminal
    assert "James Lewis" in out


def test_markup_survives_the_store(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "leeds.txt"
    path.write_text(MARKUP, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'news.db'}"
    created = ok_json(invoke(runner, "ingest", str(path), "--db", db, "-f", "json"))["created"]
    shown = invoke(runner, "show", created[0], "--db", db, env=WIDE)
    assert "[link=http://evil.example]click[/link]" in shown.stdout
    found = invoke(runner, "search", "website", "--db", db, env=WIDE)
    assert found.exit_code == 0 and "«website»" in found.stdout
    listed = invoke(runner, "articles", "--db", db, env=WIDE)
    assert "Council vote on [bold red]x[/] delayed in Leeds" in listed.stdout
    assert (
        json.loads(invoke(runner, "show", created[0], "--db", db, "-f", "json").stdout)["document"][
            "title"
        ]
        == "Council vote on [bold red]x[/] delayed in Leeds"
    )


def test_hostile_file_names_print_literally(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "[red]bad[on blue].txt"
    bad.write_bytes(PNG)
    (tmp_path / "mexico.txt").write_text(MEXICO, encoding="utf-8")
    result = invoke(runner, "ingest", str(tmp_path), "--db", "memory://", env=WIDE)
    assert result.exit_code == 0, result.stderr
    assert "[red]bad[on blue].txt" in result.stdout
    escape = invoke(runner, "brief", str(tmp_path / "x\x1b[2Jy.txt"))
    line = one_line_error(escape, "no such file")
    assert "\x1b" not in line


# --------------------------------------------------------------------------- Ctrl-C


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (read from /proc: no extra dependency)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _wait_for_workers(proc: Any, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while len(_children(proc.pid)) < count:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the worker processes never started"
        time.sleep(0.05)


CITIES = ["Antwerp", "Lyon", "Turin", "Leeds", "Porto", "Gdansk", "Malmo", "Bilbao"]


def _council_story(n: int) -> str:
    city = CITIES[n % len(CITIES)]
    spend = " ".join(
        f"The mayor of {city} said on Monday that the council would spend "
        f"{n * 7 + i} million euros on new {['trams', 'schools', 'parks'][i % 3]} "
        f"before {2026 + i % 5}."
        for i in range(60)
    )
    return f"{city} council plans item {n}\n\n{spend}\n"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
@pytest.mark.parametrize("group", [True, False], ids=["ctrl-c-to-the-group", "parent-only"])
def test_ctrl_c_during_a_parallel_ingest_exits_130_with_one_line(
    tmp_path: Path, group: bool
) -> None:
    import signal
    import sqlite3
    import subprocess
    import sys

    from newsgraph.api import PARALLEL_WORKERS
    from newsgraph.store import open_store

    if PARALLEL_WORKERS < 2:
        pytest.skip("one CPU: ingest starts no worker processes")
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(120):  # ~6 KB each: more text in spaCy's queues than a pipe holds
        (folder / f"{n:03}.txt").write_text(_council_story(n), encoding="utf-8")
    db = tmp_path / "news.db"
    # SIGINT as a terminal leaves it (a test runner may have been started ignoring it)
    main = (
        "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "from newsgraph.cli import main; main()"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", main, "ingest", str(folder), "--db", f"sqlite:///{db}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _wait_for_workers(proc, PARALLEL_WORKERS, timeout=120)
        time.sleep(1.0)  # the workers are parsing now
        if group:  # what a terminal's Ctrl-C does: every process of the job gets SIGINT
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "interrupt" in lines[0], err
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    with open_store(f"sqlite:///{db}") as store:  # every stored article is whole
        stored = store.list_articles()
        assert len(stored) < 120
        for article in stored:
            assert store.get_brief(article.id).document.text


LEAVE_EARLY = """
from newsgraph.model import Article
from newsgraph.pipeline import analyse_many
body = " ".join(f"The mayor of Lyon said on Monday that the council would spend {i} million "
                "euros on new trams." for i in range(60))
briefs = analyse_many(iter([Article(text=f"{body} Item {n}.", title=f"Item {n}")
                            for n in range(200)]), n_process=2)
next(briefs), next(briefs)
briefs.close()  # what a caller does on a store error, or when it has read enough
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_a_parallel_analysis_left_early_ends_its_workers_and_exits() -> None:
    """spaCy's own clean-up would wait for ever on workers blocked writing to a pipe that
    nobody reads any more, and the exit on the queue threads that feed them."""
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-c", LEAVE_EARLY],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, err = proc.communicate(timeout=90)
        time.sleep(0.5)
        left_behind = _group_alive(proc.pid)  # workers orphaned, still running
    finally:
        if proc.poll() is None or _group_alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0 and err == "", err
    assert not left_behind


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True
