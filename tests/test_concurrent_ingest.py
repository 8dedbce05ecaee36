"""Two ``newsgraph ingest`` processes writing one database at once, over overlapping inputs:
no duplicate, no lost article, no deadlock (SQLite, and PostgreSQL when configured); over
disjoint inputs: no storyline or resolved entity id handed out by both; two and three
processes over reports that name the same people: the knowledge one writer leaves.

Both are real subprocesses started together; their writers queue on the store's lock
(``BEGIN IMMEDIATE`` / an advisory lock), so the article both saw is stored once and
updated by the other, and the knowledge base's rows stay keyed and consistent.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsgraph.api import check_knowledge
from newsgraph.resolve.entities import ID_HEX
from newsgraph.resolve.knowledge import KnowledgeBase
from newsgraph.store import SqlStore, open_store

STORIES = [
    (
        "Chilean miners end strike at Escondida",
        "Workers at the Escondida copper mine in "
        "northern Chile voted on Friday to end a ten-day strike, union leader Patricio Tapia said.",
    ),
    (
        "Vietnam raises rice export quota",
        "Vietnam will raise its rice export quota by "
        "400,000 tonnes this year, trade minister Nguyen Hong Dien told lawmakers in Hanoi.",
    ),
    (
        "Norway opens Arctic wind farm",
        "Equinor opened a floating wind farm off Hammerfest "
        "on Tuesday, powering oil platforms in the Barents Sea, the company said.",
    ),
    (
        "Kenyan court halts Nairobi bypass",
        "The High Court in Nairobi suspended work on a "
        "bypass road after residents of Kibera said they had not been compensated.",
    ),
    (
        "Argentina cuts interest rate again",
        "Argentina's central bank cut its benchmark rate "
        "to 40 percent on Thursday as inflation slowed, governor Santiago Bausili said.",
    ),
    (
        "Floods close schools in Dhaka",
        "Heavy monsoon rain flooded streets across Dhaka on "
        "Monday, and the education ministry closed 300 schools until further notice.",
    ),
    (
        "Icelandic volcano erupts near Grindavik",
        "A fissure opened north of Grindavik on "
        "Saturday night, the Icelandic Meteorological Office said, and the town was evacuated.",
    ),
    (
        "Canadian rail workers reach deal",
        "Canadian National and the Teamsters union reached "
        "a tentative agreement on Sunday, averting a strike that threatened grain shipments.",
    ),
    (
        "Egypt reopens Rafah crossing for aid",
        "Egyptian officials said 120 trucks of food "
        "and medicine crossed at Rafah on Wednesday after a week-long closure.",
    ),
    (
        "Ghana cocoa harvest falls short",
        "Ghana's cocoa board said the main crop would fall "
        "to 650,000 tonnes because of swollen shoot disease and smuggling across borders.",
    ),
]
FIRST, SECOND = range(0, 7), range(3, 10)  # four articles in both inputs
APART = range(0, 5), range(5, 10)  # no article in both
TIMEOUT_S = 240  # a deadlock shows up as a timeout here


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'shared.db'}"


def _folder(root: Path, name: str, which: range) -> Path:
    folder = root / name
    folder.mkdir()
    for n in which:
        title, body = STORIES[n]
        (folder / f"story-{n}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return folder


def _start(folder: Path, url: str) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        "-c",
        "from newsgraph.cli import main; main()",
        "ingest",
        str(folder),
        "--db",
        url,
        "--published",
        "2024-07-01",
        "-f",
        "json",
    ]
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _finish(process: subprocess.Popen[str]) -> dict[str, Any]:
    try:
        out, err = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise AssertionError("ingest did not finish: deadlocked?") from None
    assert process.returncode == 0, err
    report: dict[str, Any] = json.loads(out)
    return report


def test_two_ingests_at_once_store_each_article_once(url: str, tmp_path: Path) -> None:
    first = _start(_folder(tmp_path, "a", FIRST), url)
    second = _start(_folder(tmp_path, "b", SECOND), url)
    reports = [_finish(first), _finish(second)]
    created = [i for r in reports for i in r["created"]]
    touched = set(created) | {i for r in reports for i in r["updated"]}
    touched |= {kept for r in reports for _source, kept in r["duplicates"]}
    assert all(r["failed"] == [] for r in reports)
    assert len(created) == len(set(created)) == len(STORIES)  # each created exactly once
    with open_store(url) as store:
        ids = store.article_ids()
        assert sorted(ids) == sorted(touched) and len(ids) == len(STORIES)
        titles = sorted(a.title for a in store.list_articles(limit=50))
        assert titles == sorted(title for title, _ in STORIES)
        members = [m.article_id for row in store.storylines() for m in row.articles]
        assert len(members) == len(set(members)) and set(members) <= set(ids)
        known = {g.id for g in store.global_entities()}
        links = store.entity_links()
        assert {k.global_id for k in links} <= known
        assert len({(k.article_id, k.local_id) for k in links}) == len(links)


def test_two_ingests_of_different_stories_never_share_an_id(url: str, tmp_path: Path) -> None:
    """Each process starts from the same (empty) knowledge base: ids from counters would
    clash (both making S1 and G1); ids from what founded them cannot."""
    first = _start(_folder(tmp_path, "a", APART[0]), url)
    second = _start(_folder(tmp_path, "b", APART[1]), url)
    reports = [_finish(first), _finish(second)]
    side = {aid: n for n, r in enumerate(reports) for aid in r["created"]}
    assert len(side) == len(STORIES)
    with open_store(url) as store:
        for row in store.storylines():
            assert len({side[m.article_id] for m in row.articles}) == 1, row
        links = store.entity_links()
        for g in store.global_entities():
            mine = [k for k in links if k.global_id == g.id]
            assert len({side[k.article_id] for k in mine}) == 1, g  # one input's entity
            founders = {
                hashlib.sha256(f"{k.article_id}/{k.local_id}".encode()).hexdigest() for k in mine
            }
            assert g.id[1 : 1 + ID_HEX] in {f[:ID_HEX] for f in founders}, g


# --------------------------------------------------------------------------- the knowledge

# Three stories of three reports each (one a day); the reports of one story name the same
# people, so a writer blind to another's articles resolves each person a second time.
SHARED_PEOPLE = [
    (
        "Lisbon tram drivers strike",
        "Lisbon mayor Carlos Moedas met the tram drivers' union "
        "on Monday, and union leader Rita Alves said the strike in Lisbon would go on.",
    ),
    (
        "Gdansk shipyard reopens",
        "Gdansk mayor Aleksandra Dulkiewicz opened the shipyard on "
        "Monday, and shipyard director Piotr Nowak said 900 welders would return to work.",
    ),
    (
        "Mombasa port dredging to start",
        "Kenya's ports chief Esther Wanjiru said on Monday "
        "that dredging at Mombasa would start in May, and governor Abdulswamad Nassir "
        "welcomed it.",
    ),
    (
        "Lisbon strike talks stall",
        "Rita Alves walked out of talks with city officials on "
        "Tuesday after Carlos Moedas refused to raise night-shift pay for tram crews.",
    ),
    (
        "Gdansk welders back at work",
        "About 900 welders clocked in at the Gdansk yard on "
        "Tuesday; Piotr Nowak told reporters that Aleksandra Dulkiewicz had secured new orders "
        "for two ferries.",
    ),
    (
        "Mombasa dredger arrives",
        "A Dutch dredger docked in Mombasa on Tuesday. Abdulswamad "
        "Nassir toured the vessel and Esther Wanjiru said the channel would be 15 metres deep.",
    ),
    (
        "Lisbon trams run again",
        "Trams were back on Lisbon's hills on Wednesday after Rita "
        "Alves accepted a wage offer that Carlos Moedas called fair to passengers.",
    ),
    (
        "Gdansk ferry order signed",
        "A Norwegian operator signed for two ferries on Wednesday, "
        "Aleksandra Dulkiewicz said, and Piotr Nowak promised delivery within three years.",
    ),
    (
        "Mombasa dredging begins",
        "Dredging began in Mombasa harbour on Wednesday; Esther "
        "Wanjiru said container ships would save a day, and Abdulswamad Nassir praised "
        "the crews.",
    ),
]


def _reports(root: Path, name: str, which: range) -> Path:
    folder = root / name
    folder.mkdir()
    for n in which:
        title, body = SHARED_PEOPLE[n]
        (folder / f"report-{n}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return folder


def _shape(store: Any) -> tuple[object, ...]:
    """Storylines and the entity partition, by article ids: what a second writer must
    leave as one writer would."""
    lines = sorted(sorted(m.article_id for m in row.articles) for row in store.storylines())
    members: dict[str, set[tuple[str, str]]] = {}
    for k in store.entity_links():
        members.setdefault(k.global_id, set()).add((k.article_id, k.local_id))
    names = {g.id: (g.name, g.type) for g in store.global_entities()}
    return lines, sorted((names[gid], sorted(p)) for gid, p in members.items()), len(names)


def _one_writer_in_log_order(store: Any) -> tuple[object, ...]:
    """The same briefs placed by one knowledge base, in the order the writers' turns
    logged them."""
    order = [step.key for step in store.knowledge_steps() if step.kind == "article"]
    assert sorted(order) == sorted(store.article_ids())  # each article logged exactly once
    with SqlStore("sqlite://") as alone:
        kb = KnowledgeBase.open(alone)
        for article_id in order:
            brief = store.get_brief(article_id)
            assert kb.add(alone.save_brief(brief).article_id, brief)
        return _shape(alone)


@pytest.mark.parametrize(
    "inputs",
    [
        (range(0, 6), range(3, 9)),
        (range(0, 5), range(2, 7), range(4, 9)),
    ],
    ids=["two-writers", "three-writers"],
)
def test_concurrent_ingests_leave_the_knowledge_one_writer_leaves(
    url: str, tmp_path: Path, inputs: tuple[range, ...]
) -> None:
    procs = [_start(_reports(tmp_path, f"w{n}", which), url) for n, which in enumerate(inputs)]
    for proc in procs:
        _finish(proc)
    with open_store(url) as store:
        assert len(store.article_ids()) == 9
        assert _shape(store) == _one_writer_in_log_order(store)
        people = [g.name for g in store.global_entities("PERSON")]
        assert len(people) == len(set(people))  # nobody resolved twice
        assert check_knowledge(store).ok
