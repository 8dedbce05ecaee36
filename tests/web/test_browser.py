"""End to end in headless Chromium (Debian's /usr/bin/chromium driven by Playwright)
against uvicorn on 127.0.0.1, over a SQLite store built by ingesting the bundled example,
two real BBC articles (when ../shared is present), two short reports that disagree on one
event, and a hostile article; and, over a second store holding one man under two names,
a merge and a split made with the ``newsgraph`` command while the server runs.

Set NEWSGRAPH_SCREENSHOTS=1 to write the screenshots to docs/screenshots/ (else tmp)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import feedparser
import pytest
import uvicorn

from newsgraph.api import ingest
from newsgraph.store import open_store
from newsgraph.web import create_app

from .conftest import SAME_PERSON, SCRIPT, hostile_brief, ingested_db, save_and_resolve

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "israel-syria-paris-talks.txt"
BBC = ROOT.parent / "shared" / "eval" / "bbc-politics" / "politics"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Two sites report one round of arrests with different counts and days.
CONFLICTING = [
    {
        "url": "https://limawire.example/news/protest-arrests",
        "published": "2026-06-10",
        "text": "Police arrest protesters in Lima\n\nPeruvian police arrested 12 protesters "
        "outside Congress in Lima on Tuesday, the interior ministry said.",
    },
    {
        "url": "https://andesdaily.example/peru/arrests",
        "published": "2026-06-10",
        "text": "Lima police detain protesters at Congress\n\nPeruvian police arrested 20 "
        "protesters outside Congress in Lima on Monday, rights groups said.",
    },
]

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free localhost port, in a thread, over a freshly ingested database."""
    db = f"sqlite:///{tmp_path_factory.mktemp('web') / 'e2e.db'}"
    ingest([str(EXAMPLE)], db=db, published="2026-01-05")
    if BBC.is_dir():
        ingest([str(BBC / "001.txt"), str(BBC / "002.txt")], db=db)
    conflict = tmp_path_factory.mktemp("conflict") / "reports.jsonl"
    conflict.write_text("".join(json.dumps(r) + "\n" for r in CONFLICTING), encoding="utf-8")
    ingest([str(conflict)], db=db)
    with open_store(db) as store:
        save_and_resolve(store, hostile_brief())
    yield from _serve(db)


@pytest.fixture(scope="module")
def two_names(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(server, database URL) over one man stored under two names, resolved apart."""
    db = ingested_db(tmp_path_factory.mktemp("two-names"), SAME_PERSON, created=2)
    for url in _serve(db):
        yield url, db


def _serve(db: str) -> Iterator[str]:
    """Serve ``db`` (read-only, as ``newsgraph serve`` does) until the generator closes."""
    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert uv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A page that records every dialog (alert, confirm, prompt) instead of showing it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.dialogs = []

    def on_dialog(dialog: Any) -> None:
        pg.dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("NEWSGRAPH_SCREENSHOTS"):
        out = ROOT / "docs" / "screenshots"
        out.mkdir(parents=True, exist_ok=True)
        return out
    return tmp_path_factory.mktemp("shots")


def _get_json(page: Any, url: str) -> Any:
    response = page.request.get(url)
    assert response.ok, url
    return response.json()


def _speaker_with_role(brief: dict[str, Any]) -> dict[str, Any]:
    """A person the article both quotes and gives a role: the richest entity page."""
    speakers = {q["speaker"] for q in brief["quotes"] if q["speaker"]}
    people = [e for e in brief["entities"] if e["type"] == "PERSON" and e["id"] in speakers]
    people.sort(key=lambda e: (not e["roles"], -len(e["mentions"])))
    assert people, "the example article should quote at least one named person"
    return people[0]


def test_search_article_entity_flow(server: str, page: Any, shots: Path) -> None:
    page.goto(server + "/")
    assert page.locator("#latest li").count() >= 2
    page.screenshot(path=str(shots / "home.png"), full_page=True)

    example_title = EXAMPLE.read_text(encoding="utf-8").splitlines()[1]
    page.fill("input[name=q]", "security negotiations")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("#article-results")
    assert example_title in page.inner_text("#article-results")
    page.screenshot(path=str(shots / "search.png"), full_page=True)

    page.click(f"#article-results a:has-text({json.dumps(example_title)})")
    page.wait_for_selector("#article-body .fact")
    article_url = page.url
    time_span = page.locator("#article-body .f-time").first
    time_span.hover()
    pop = page.locator("#fact-pop")
    pop.wait_for(state="visible")
    assert pop.inner_text().lower().startswith("time")
    page.screenshot(path=str(shots / "article.png"), full_page=False)

    with page.expect_download() as download:
        page.click("#export-brief")
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    article_id = article_url.rsplit("/", 1)[1]
    assert exported == _get_json(page, f"{server}/api/articles/{article_id}/brief")

    person = _speaker_with_role(exported)
    links = _get_json(page, f"{server}/api/articles/{article_id}")["entity_links"]
    page.click(f'#brief-people a[href="{links[person["id"]]["path"]}"]')
    page.wait_for_selector("#entity-name")
    assert page.url == server + links[person["id"]]["path"]
    assert person["name"] in page.inner_text("#entity-name")
    assert "None recorded" not in page.inner_text("#entity-quotes")
    if person["roles"]:
        assert person["roles"][0]["title"] in page.inner_text("#entity-roles")
    page.screenshot(path=str(shots / "entity.png"), full_page=True)
    assert page.dialogs == []


def test_entity_to_storyline_timeline(server: str, page: Any, shots: Path) -> None:
    """From a quoted person's page to the storyline of the article, whose timeline zooms."""
    example_title = EXAMPLE.read_text(encoding="utf-8").splitlines()[1]
    hits = _get_json(page, f"{server}/api/search?q=security%20negotiations")["articles"]
    article_id = next(h["article_id"] for h in hits if h["title"] == example_title)
    brief = _get_json(page, f"{server}/api/articles/{article_id}/brief")
    person = _speaker_with_role(brief)
    page.goto(server + "/entities/PERSON/" + quote(person["name"], safe=""))  # redirected
    page.wait_for_selector("#entity-storylines a")
    links = _get_json(page, f"{server}/api/articles/{article_id}")["entity_links"]
    assert page.url == server + links[person["id"]]["path"]
    page.click("#entity-storylines a")
    page.wait_for_selector("#storyline-events li")
    assert page.url.startswith(server + "/storylines/")
    assert example_title in page.inner_text("#storyline-sources")
    events = page.locator("#storyline-events li").count()
    timeline = _get_json(page, server + "/api" + page.url[len(server) :] + "/timeline")
    assert events == len(timeline["events"])  # the page shows the default timeline
    svg = page.locator("#timeline-svg")
    width = float(svg.get_attribute("width") or 0)
    page.click(".zoom button[data-zoom='2']")
    assert float(svg.get_attribute("width") or 0) == pytest.approx(2 * width)
    page.screenshot(path=str(shots / "storyline.png"), full_page=True)
    assert page.dialogs == []


def test_storyline_shows_where_sources_disagree(server: str, page: Any, shots: Path) -> None:
    page.goto(server + "/")
    page.click("#storylines a:has-text('Lima')")
    page.wait_for_selector("#storyline-disagreements")
    sources = page.inner_text("#storyline-sources")
    assert "limawire.example" in sources and "andesdaily.example" in sources
    section = page.inner_text("#storyline-disagreements")
    assert "12 protesters" in section and "20 protesters" in section
    assert "2026-06-08" in section and "2026-06-09" in section
    page.screenshot(path=str(shots / "storyline-disagreements.png"), full_page=True)
    assert page.dialogs == []


def test_storyline_feed_link_gives_its_events_as_atom(server: str, page: Any) -> None:
    """The storyline page announces its Atom feed in its head and links it; following the
    link gives a feed a reader parses, one entry per event of the storyline."""
    page.goto(server + "/")
    page.click("#storylines a:has-text('Lima')")
    page.wait_for_selector("#storyline-feed")
    head = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    href = page.get_attribute("#storyline-feed", "href")
    assert href == head.get_attribute("href") == page.url[len(server) :] + "/feed.atom"
    response = page.request.get(server + href)
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.body())
    assert not parsed.bozo and parsed.version == "atom10"
    events = _get_json(page, server + "/api" + page.url[len(server) :])["events"]
    assert parsed.entries and len(parsed.entries) == len(events)
    assert {e.title for e in parsed.entries} == {
        " ".join(filter(None, (ev["date"], ev["type"], ev["summary"]))) for ev in events
    }
    assert any("protesters" in e.content[0].value for e in parsed.entries)
    assert all(e.link == page.url for e in parsed.entries)
    assert page.dialogs == []


def test_hostile_article_fires_nothing(server: str, page: Any, shots: Path) -> None:
    page.goto(server + "/?q=alert")
    page.click("#article-results a")
    page.wait_for_selector("#article-body")
    body = page.inner_text("#article-body")
    assert SCRIPT in body and "javascript:alert(2)" in body  # shown as text, not run
    for span in page.locator("#article-body .fact").all():
        span.hover()
    page.locator("#article-body .f-quote").first.click()
    assert "<img" in page.inner_text("#fact-pop")  # the quote text, as text
    assert page.locator("#article-body img, #article-body script, #fact-pop img").count() == 0
    page.screenshot(path=str(shots / "hostile-article.png"), full_page=True)
    page.goto(server + "/entities/ORG/" + quote(SCRIPT, safe=""))
    assert SCRIPT in page.inner_text("#entity-name")
    page.goto(server + "/entities")
    page.wait_for_timeout(200)
    page.screenshot(path=str(shots / "entities.png"), full_page=True)
    assert page.dialogs == []


def _newsgraph(*args: str) -> Any:
    """Run the ``newsgraph`` command in its own process, as a person at a shell would."""
    code = "from newsgraph.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, *args, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _names_in_use(page: Any) -> str:
    return str(page.inner_text("#entity-aliases"))


def test_storyline_lists_the_further_outlets(
    two_names: tuple[str, str], page: Any, shots: Path
) -> None:
    """A copy another outlet ran is a further source of its article, on the storyline."""
    server, _db = two_names
    page.goto(server + "/")
    page.click("#storylines a:has-text('Rebels enter Khartoum')")
    page.wait_for_selector("#storyline-sources .further-sources")
    assert "copydesk.example" in page.inner_text("#storyline-sources .further-sources")
    assert "copydesk.example · wirecopy.example" in page.inner_text("#storyline-outlets")
    page.screenshot(path=str(shots / "storyline-sources.png"), full_page=True)
    assert page.dialogs == []


def test_merge_and_split_by_hand_show_on_reload(
    two_names: tuple[str, str], page: Any, shots: Path
) -> None:
    """Halabi and al-Rashidi are one man: merged with the CLI, the browser shows one entity
    with both names and its history says so; split again, it shows the two parts."""
    server, db = two_names
    people = {r["name"]: r for r in _get_json(page, f"{server}/api/entities?type=PERSON")}
    keep, other = people["Ahmed al-Rashidi"], people["Abu Yasin al-Halabi"]
    page.goto(server + "/entities/PERSON/Halabi")  # an old name URL: redirected
    assert page.url == server + other["path"]
    page.goto(server + keep["path"])
    assert "Halabi" not in _names_in_use(page)
    page.screenshot(path=str(shots / "entity-before-merge.png"), full_page=True)

    _newsgraph("entities", "merge", keep["id"], other["id"], "--db", db)
    page.reload()
    assert "Abu Yasin al-Halabi" in _names_in_use(page) and "Ahmed al-Rashidi" in _names_in_use(
        page
    )
    assert "merged by hand" in page.inner_text("#entity-history")
    assert "Rebel leader" in page.inner_text("#entity-roles")
    page.screenshot(path=str(shots / "entity-merged.png"), full_page=True)
    assert page.goto(server + other["path"]).status == 404

    _newsgraph("entities", "split", keep["id"], "--db", db)
    page.goto(server + keep["path"])
    assert "Halabi" not in _names_in_use(page)
    page.goto(server + "/entities?type=PERSON")
    page.click("#entity-table a:has-text('Abu Yasin al-Halabi')")
    page.wait_for_selector("#entity-history")
    assert "split by hand" in page.inner_text("#entity-history")
    assert page.url not in {server + keep["path"], server + other["path"]}  # a new part
    page.screenshot(path=str(shots / "entity-split.png"), full_page=True)
    assert page.dialogs == []
