"""End-to-end tests of the command line, in-process with CliRunner (spaCy loads once).

The contract under test: exit 0 ok; exit 1 for bad input or an unreadable database with
exactly one ``error: `` line on stderr and no traceback; exit 2 for usage errors; text
output is rich tables and ``--format json`` carries the same content.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from newsgraph.cli import app
from newsgraph.model import Evidence, Role
from newsgraph.render import printable, role_label

VENV_BIN = Path(sys.executable).parent
WIDE = {"COLUMNS": "400"}  # one table row per line, so literal text is not wrapped

KENYA = """Kenya and Tanzania agree to reopen border crossing at Namanga

Kenyan President William Ruto said on Tuesday that the two countries would reopen the \
Namanga crossing within two weeks.

"Trade between our peoples must not wait for politicians," Ruto told reporters in Nairobi.

Tanzanian Foreign Minister January Makamba said the agreement would cover about 1,200 \
trucks a day, according to officials familiar with the talks.
"""

UKRAINE = """Ukraine says grain corridor reopens after storm

Ukrainian Prime Minister Denys Shmyhal said on Monday that ships would resume sailing \
from Odesa by the end of the week.

"The corridor is open again," Shmyhal told a news conference in Kyiv.
"""

CHILE = """Chile names new finance minister

Chilean President Gabriel Boric appointed Mario Marcel as finance minister on Thursday, \
the presidency said in a statement.
"""

PERU_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Peru and Ecuador sign river accord | The Daily Ledger</title>
<meta property="og:title" content="Peru and Ecuador sign river accord">
<meta property="article:published_time" content="2026-02-03T09:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Peru and Ecuador sign river accord</h1>
<p class="byline">By Ana Torres</p>
<p>Ecuadorian President Daniel Noboa said on Monday that the two governments had agreed to
share data on the Napo river.</p>
<p>"This accord protects farmers on both banks," Noboa told reporters in Quito.</p>
<p>Peruvian Foreign Minister Elmer Schialer said the deal would fund 40 new monitoring
stations, according to a ministry statement.</p>
</article>
<footer>Copyright 2026 The Daily Ledger</footer>
</body></html>
"""

DOCUMENT_KEYS = {
    "title",
    "subtitle",
    "section",
    "byline",
    "published",
    "language",
    "url",
    "text",
    "captions",
    "other_languages",
}
BRIEF_KEYS = {"document", "entities", "events", "quotes", "attributions", "quantities", "times"}
ENTITY_KEYS = {"id", "name", "type", "aliases", "country", "roles", "mentions"}
ENTITY_TYPES = {"PERSON", "ORG", "COUNTRY", "PLACE", "GROUP", "OTHER"}


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def invoke(
    runner: CliRunner, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> Result:
    return runner.invoke(app, list(args), input=stdin, env=env)


def ok(result: Result) -> Result:
    """The command succeeded, and not because CliRunner swallowed an exception."""
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def ok_json(result: Result) -> Any:
    return json.loads(ok(result).stdout)


def one_line_error(result: Result, *fragments: str) -> str:
    """Exit 1, exactly one ``error:`` line on stderr, no traceback, nothing uncaught."""
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def check_evidence(document: dict[str, Any], evidence: dict[str, Any]) -> None:
    assert set(evidence) >= {"sentence", "start", "end"}
    field = evidence.get("field", "text")
    assert document[field][evidence["start"] : evidence["end"]] == evidence["sentence"]


def check_brief_contract(data: dict[str, Any]) -> None:
    """The keys and invariants of /work/shared/CONTRACT.md."""
    assert set(data) >= BRIEF_KEYS
    document = data["document"]
    assert set(document) >= DOCUMENT_KEYS
    text = document["text"]
    ids = {e["id"] for e in data["entities"]}
    assert len(ids) == len(data["entities"])
    for entity in data["entities"]:
        assert set(entity) >= ENTITY_KEYS
        assert entity["type"] in ENTITY_TYPES
        for mention in entity["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]
        for role in entity["roles"]:
            assert role["of"] is None or role["of"] in ids
            check_evidence(document, role["evidence"])
    for quote in data["quotes"]:
        assert quote["kind"] in {"direct", "indirect"}
        assert quote["speaker"] is None or quote["speaker"] in ids
        check_evidence(document, quote["evidence"])
    for fact in (*data["attributions"], *data["times"], *data["events"]):
        check_evidence(document, fact["evidence"])
    for quantity in data["quantities"]:
        assert {"text", "kind", "value", "unit", "normalized", "approximate"} <= set(quantity)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- brief


def test_brief_json_follows_the_contract(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "kenya.txt", KENYA)
    data = ok_json(
        invoke(runner, "brief", str(path), "--published", "2026-03-10", "--format", "json")
    )
    check_brief_contract(data)
    assert data["document"]["title"].startswith("Kenya and Tanzania agree")
    assert data["document"]["published"] == "2026-03-10"
    assert "Kenya and Tanzania agree" not in data["document"]["text"]
    people = {e["name"]: e for e in data["entities"] if e["type"] == "PERSON"}
    assert "William Ruto" in people
    assert any(r["title"] == "President" for r in people["William Ruto"]["roles"])
    speakers = {q["speaker"] for q in data["quotes"] if q["kind"] == "direct"}
    assert people["William Ruto"]["id"] in speakers
    assert any(t["value"] == "2026-03-10" for t in data["times"])


def test_brief_text_shows_title_person_role_and_quote(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "kenya.txt", KENYA)
    out = ok(invoke(runner, "brief", str(path), env=WIDE)).stdout
    assert "Kenya and Tanzania agree to reopen border crossing at Namanga" in out
    ruto = next(line for line in out.splitlines() if "William Ruto" in line and "PERSON" in line)
    assert "President" in ruto
    assert "Trade between our peoples must not wait for politicians" in out
    assert "People" in out and "Quotes" in out


def test_brief_reads_standard_input(runner: CliRunner) -> None:
    data = ok_json(invoke(runner, "brief", "-", "-f", "json", stdin=CHILE.encode()))
    check_brief_contract(data)
    assert data["document"]["title"] == "Chile names new finance minister"
    names = {e["name"] for e in data["entities"]}
    assert {"Gabriel Boric", "Mario Marcel"} <= names


def test_brief_reads_an_html_file(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "peru.html", PERU_HTML)
    data = ok_json(invoke(runner, "brief", str(path), "-f", "json"))
    check_brief_contract(data)
    document = data["document"]
    assert document["title"] == "Peru and Ecuador sign river accord"
    assert document["published"] == "2026-02-03"
    assert "Home" not in document["text"] and "Copyright" not in document["text"]
    assert {"Daniel Noboa", "Elmer Schialer"} <= {e["name"] for e in data["entities"]}


def test_published_option_overrides_the_page_date(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "peru.html", PERU_HTML)
    data = ok_json(invoke(runner, "brief", str(path), "--published", "2026-02-05", "-f", "json"))
    assert data["document"]["published"] == "2026-02-05"


class _Pages(http.server.BaseHTTPRequestHandler):
    """Serves the Peru page at /peru, a PNG at /image, and 404 elsewhere."""

    def do_GET(self) -> None:
        routes = {
            "/peru": ("text/html; charset=utf-8", PERU_HTML.encode()),
            "/image": ("image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        }
        if self.path not in routes:
            self.send_error(404, "Not Found")
            return
        content_type, body = routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="module")
def local_site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_brief_fetches_a_url(runner: CliRunner, local_site: str) -> None:
    data = ok_json(invoke(runner, "brief", f"{local_site}/peru", "-f", "json"))
    check_brief_contract(data)
    assert data["document"]["title"] == "Peru and Ecuador sign river accord"
    assert data["document"]["url"] == f"{local_site}/peru"
    assert "Daniel Noboa" in {e["name"] for e in data["entities"]}


def test_brief_of_a_missing_page_is_one_line(runner: CliRunner, local_site: str) -> None:
    one_line_error(invoke(runner, "brief", f"{local_site}/gone"), "404")


def test_brief_refuses_a_url_that_is_an_image(runner: CliRunner, local_site: str) -> None:
    one_line_error(invoke(runner, "brief", f"{local_site}/image"), "image/png")


# --------------------------------------------------------------------------- the store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write(folder, "kenya.txt", KENYA)
    write(folder, "world/ukraine.txt", UKRAINE)
    write(folder, "world/peru.html", PERU_HTML)
    write(folder, "notes.csv", "not,an,article\n")  # skipped: not an article suffix
    return folder


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def db(
    runner: CliRunner,
    corpus: Path,
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> str:
    """A database holding the three corpus articles, ingested once per module and backend."""
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'news.db'}"
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_databases").create()
    data = ok_json(invoke(runner, "ingest", str(corpus), "--db", url, "-f", "json"))
    assert (len(data["created"]), data["updated"], data["failed"]) == (3, [], [])
    return url


def article_ids(runner: CliRunner, db: str) -> list[str]:
    return [a["id"] for a in ok_json(invoke(runner, "articles", "--db", db, "-f", "json"))]


def test_ingest_twice_updates_instead_of_duplicating(
    runner: CliRunner, corpus: Path, db: str
) -> None:
    before = article_ids(runner, db)
    out = ok(invoke(runner, "ingest", str(corpus), "--db", db)).stdout
    assert "0 stored, 3 updated, 0 near-duplicates, 0 failed" in out
    assert sorted(article_ids(runner, db)) == sorted(before)
    assert len(before) == 3


def test_articles_lists_titles(runner: CliRunner, db: str) -> None:
    out = ok(invoke(runner, "articles", "--db", db, env=WIDE)).stdout
    assert "Ukraine says grain corridor reopens after storm" in out
    rows = ok_json(invoke(runner, "articles", "--db", db, "-f", "json", "--limit", "2"))
    assert len(rows) == 2
    assert {"id", "title", "published", "entity_count", "quote_count"} <= set(rows[0])


def test_show_accepts_an_id_prefix(runner: CliRunner, db: str) -> None:
    rows = ok_json(invoke(runner, "articles", "--db", db, "-f", "json"))
    kenya = next(r for r in rows if r["title"].startswith("Kenya"))
    data = ok_json(invoke(runner, "show", kenya["id"][:6], "--db", db, "-f", "json"))
    check_brief_contract(data)
    assert data["document"]["title"] == kenya["title"]
    out = ok(invoke(runner, "show", kenya["id"][:6], "--db", db, env=WIDE)).stdout
    assert "William Ruto" in out


@pytest.mark.parametrize("article_id", ["ffffffffffffffff", "zzz", "not an id"])
def test_show_unknown_id_is_one_line(runner: CliRunner, db: str, article_id: str) -> None:
    one_line_error(invoke(runner, "show", article_id, "--db", db))


def test_entities_filtered_by_type(runner: CliRunner, db: str) -> None:
    rows = ok_json(invoke(runner, "entities", "--type", "PERSON", "--db", db, "-f", "json"))
    assert rows and {r["type"] for r in rows} == {"PERSON"}
    assert all(r["id"].startswith("G") and r["path"] == f"/entities/{r['id']}" for r in rows)
    assert {"William Ruto", "Denys Shmyhal", "Daniel Noboa"} <= {r["name"] for r in rows}
    lowered = ok_json(invoke(runner, "entities", "--type", "person", "--db", db, "-f", "json"))
    assert lowered == rows
    out = ok(invoke(runner, "entities", "--type", "PERSON", "--db", db, env=WIDE)).stdout
    assert "Denys Shmyhal" in out and "Kenya" not in out.replace("Kenyan", "")


def test_entities_unknown_type_lists_the_valid_ones(runner: CliRunner, db: str) -> None:
    result = invoke(runner, "entities", "--type", "PEOPLE", "--db", db)
    assert result.exit_code in (1, 2)
    message = result.stderr
    assert all(t in message for t in ("PERSON", "ORG", "COUNTRY", "PLACE", "GROUP"))
    if result.exit_code == 1:
        one_line_error(result)


def test_search_finds_a_word_and_marks_it(runner: CliRunner, db: str) -> None:
    found = ok_json(invoke(runner, "search", "corridor", "--db", db, "-f", "json"))
    hits = found["articles"]
    assert [h["title"] for h in hits] == ["Ukraine says grain corridor reopens after storm"]
    assert "«corridor»" in hits[0]["snippet"]
    out = ok(invoke(runner, "search", "corridor", "--db", db, env=WIDE)).stdout
    assert "«corridor»" in out
    none = ok_json(invoke(runner, "search", "zeppelin", "--db", db, "-f", "json"))
    assert none == {"query": "zeppelin", "articles": [], "entities": []}


def test_search_lists_resolved_entities_by_name(runner: CliRunner, db: str) -> None:
    found = ok_json(invoke(runner, "search", "Ruto", "--db", db, "-f", "json"))
    assert [e["name"] for e in found["entities"]] == ["William Ruto"]
    assert found["entities"][0]["id"].startswith("G")
    assert "William Ruto" in ok(invoke(runner, "search", "Ruto", "--db", db, env=WIDE)).stdout


@pytest.mark.parametrize("query", ['"', "NEAR(", "*", "a OR", "AND (", "'; DROP TABLE x"])
def test_search_survives_query_syntax(runner: CliRunner, db: str, query: str) -> None:
    found = ok_json(invoke(runner, "search", query, "--db", db, "-f", "json"))
    assert isinstance(found["articles"], list)


def test_search_empty_query_is_one_line(runner: CliRunner, db: str) -> None:
    one_line_error(invoke(runner, "search", "   ", "--db", db))


def test_every_command_prints_json(runner: CliRunner, corpus: Path, db: str) -> None:
    first = article_ids(runner, db)[0]
    commands = [
        ["ingest", str(corpus / "kenya.txt")],
        ["articles"],
        ["show", first],
        ["entities"],
        ["search", "minister"],
    ]
    for command in commands:
        assert ok_json(invoke(runner, *command, "--db", db, "-f", "json")) is not None
    assert ok_json(invoke(runner, "brief", str(corpus / "kenya.txt"), "-f", "json"))


def test_database_comes_from_the_environment(runner: CliRunner, db: str) -> None:
    rows = ok_json(invoke(runner, "articles", "-f", "json", env={"NEWSGRAPH_DB": db}))
    assert len(rows) == 3


def test_bad_limit_is_a_usage_error(runner: CliRunner, db: str) -> None:
    result = invoke(runner, "articles", "--limit", "0", "--db", db)
    assert result.exit_code == 2 and "--limit" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["brief"],
        ["brief", "x.txt", "--format", "xml"],
        ["frobnicate"],
        ["articles", "--limit", "many"],
        ["brief", "x.txt", "--no-such-option"],
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, args: list[str]) -> None:
    result = invoke(runner, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_help_lists_every_command(runner: CliRunner) -> None:
    out = ok(invoke(runner, "--help", env=WIDE)).stdout
    for command in ("brief", "ingest", "articles", "show", "entities", "search"):
        assert command in out


# --------------------------------------------------------------------------- console script


def run_console(
    *args: str, tmp_path: Path, closed_stdin: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``newsgraph`` script, as a user would."""
    script = VENV_BIN / "newsgraph"
    if not script.exists():
        pytest.skip(f"{script} is not installed")
    command = [str(script), *args]
    if closed_stdin:  # "<&-": the process starts with no stdin at all
        command = ["bash", "-c", 'exec "$@" <&-', "newsgraph", *command]
    env = {**os.environ, "NEWSGRAPH_DB": f"sqlite:///{tmp_path / 'env.db'}"}
    return subprocess.run(
        command, capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env, check=False
    )


def test_console_script_brief_with_closed_stdin(tmp_path: Path) -> None:
    path = write(tmp_path, "chile.txt", CHILE)
    done = run_console("brief", str(path), "--format", "json", tmp_path=tmp_path, closed_stdin=True)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    check_brief_contract(data)
    assert "Gabriel Boric" in {e["name"] for e in data["entities"]}


def test_console_script_exit_codes(tmp_path: Path) -> None:
    missing = run_console("brief", str(tmp_path / "missing.txt"), tmp_path=tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.splitlines() == [f"error: no such file: {tmp_path / 'missing.txt'}"]
    usage = run_console("brief", "x.txt", "--format", "yaml", tmp_path=tmp_path)
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr


# --------------------------------------------------------------------------- rendering


def test_role_label_names_the_holder_once() -> None:
    evidence = Evidence(sentence="s", start=0, end=1)
    names = {"e1": "Peru", "e2": "Leeds"}
    assert role_label(Role("Foreign Minister", "e1", evidence), names) == "Foreign Minister (Peru)"
    assert role_label(Role("mayor of Leeds", "e2", evidence), names) == "mayor of Leeds"
    assert role_label(Role("spokesperson", None, evidence), names) == "spokesperson"
    assert role_label(Role("spokesperson", "e9", evidence), names) == "spokesperson"


@pytest.mark.parametrize("hostile", ["\x1b[2J", "\x9b31m", "\u202e", "\x07", "\r", "\x00"])
def test_printable_defuses_terminal_controls(hostile: str) -> None:
    out = printable(f"a{hostile}b")
    assert out.startswith("a\ufffd") and out.endswith("b")
    assert not any(c in out for c in "\x1b\x9b\u202e\x07\r\x00")
    assert printable("tab\tand\nnewline, [bold]x[/], ünïcödé, 中文") == (
        "tab\tand\nnewline, [bold]x[/], ünïcödé, 中文"
    )


# --------------------------------------------------------------------------- hostile settings

SECRET = "S3cr3t-pw"
HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://reader:{SECRET}@127.0.0.1:1/news",
        f"postgresql://reader@127.0.0.1:1/news?password={SECRET}",
        f"postgresql://reader@127.0.0.1:1/news?sslmode=disable&sslpassword={SECRET}",
        f"postgresql://reader:{SECRET}@127.0.0.1:port/news",  # does not parse
        f"postgresql://reader:{SECRET}@[::1/news",
        f"mysql://reader:{SECRET}@127.0.0.1/news",
    ],
)
@pytest.mark.parametrize("command", [["articles"], ["search", "x"], ["db", "current"]])
def test_database_errors_never_print_a_password(
    runner: CliRunner, url: str, command: list[str]
) -> None:
    line = one_line_error(invoke(runner, *command, "--db", url))
    assert SECRET not in line
    assert "internal error" not in line


def test_serve_banner_masks_the_password(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    import newsgraph.web

    monkeypatch.setattr(newsgraph.web, "create_app", lambda *_a, **_k: object())
    monkeypatch.setattr(uvicorn, "run", lambda *_a, **_k: None)
    for url in (
        f"postgresql://reader:{SECRET}@db.example/news",
        f"postgresql://reader@db.example/news?password={SECRET}",
    ):
        result = ok(invoke(runner, "serve", "--db", url))
        assert "serving postgresql://reader" in result.stderr
        assert SECRET not in result.output and "***" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["articles", "--limit", HUGE],
        ["articles", "--limit", "0"],
        ["search", "x", "--limit", HUGE],
        ["search", "x", "--limit", "-1"],
        ["entities", "--limit", HUGE],
        ["serve", "--port", "70000"],
        ["serve", "--port", HUGE],
        ["serve", "--port", "-5"],
        ["eval", "seed", "--limit", HUGE],
        ["eval", "seed", "--limit", "0"],
        ["batch", "x.txt", "--workers", HUGE],
        ["batch", "x.txt", "--workers", "0"],
    ],
)
def test_out_of_range_numbers_are_usage_errors(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *_a, **_k: None)  # never start a server
    result = (
        invoke(runner, *args, "--db", str(tmp_path / "n.db"))
        if args[0] != "eval"
        else invoke(runner, *args)
    )
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert "Invalid value" in result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://reader@127.0.0.1:abc/news",
        "sqlite://host:abc/news.db",
        "postgresql://r@h:70000/n",
    ],
)
def test_bad_port_in_a_database_url_is_one_line(runner: CliRunner, url: str) -> None:
    line = one_line_error(invoke(runner, "articles", "--db", url), "port")
    assert "internal error" not in line


def _journal_of(path: Path) -> int:
    """1 for a rollback journal, 2 for WAL: the file format bytes of the SQLite header."""
    return path.read_bytes()[18]


@pytest.fixture()
def delete_journal_copy(db: str, tmp_path: Path) -> Path:
    """A copy of the corpus database in rollback-journal mode, so any write on open (the
    switch to WAL, a migration) shows in its header or as a new -wal file."""
    import sqlite3

    if not db.startswith("sqlite:///"):
        pytest.skip("the read-only open is checked on SQLite files")
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "news.db"
    with sqlite3.connect(db.removeprefix("sqlite:///")) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    assert _journal_of(path) == 1
    return path


READING = [
    ["articles"],
    ["search", "Ruto"],
    ["entities"],
    ["entity", "Ruto"],
    ["storylines"],
    ["timeline", "Ruto"],
    ["db", "current"],
]


def test_reading_commands_open_the_database_read_only(
    runner: CliRunner, delete_journal_copy: Path
) -> None:
    path = delete_journal_copy
    before = path.read_bytes()
    first = ok_json(invoke(runner, "articles", "--db", str(path), "-f", "json"))[0]["id"]
    commands = [
        *READING,
        ["show", first],
        ["export", "-f", "jsonl", "-o", str(path.parent.parent / "out.jsonl")],
    ]
    if os.geteuid() != 0:  # root ignores directory permissions
        path.parent.chmod(0o555)
    try:
        for command in commands:
            ok(invoke(runner, *command, "--db", str(path)))
    finally:
        path.parent.chmod(0o755)
    assert path.read_bytes() == before  # no switch to WAL, no write of any kind
    assert sorted(p.name for p in path.parent.iterdir()) == ["news.db"]


def test_serve_without_a_write_token_is_read_only(
    runner: CliRunner, delete_journal_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from newsgraph.errors import StoreError

    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda web_app, **_k: served.append(web_app))
    monkeypatch.delenv("NEWSGRAPH_WRITE_TOKEN", raising=False)
    ok(invoke(runner, "serve", "--db", str(delete_journal_copy)))
    store = served[0].state.store
    try:
        assert store.count_articles() == 3
        with pytest.raises(StoreError, match="read-only"):
            store.mark_seen("feed", ["item"])
    finally:
        store.close()
    assert _journal_of(delete_journal_copy) == 1
