"""An ingest killed with SIGKILL halfway and run again ends with exactly the rows of one
clean run; ingesting the same corpus twice changes nothing.

The corpus is JSON Lines built from real BBC politics stories plus wire-style copies of
some of them, so the further-source and fingerprint rows are checked too.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

N_STORIES = 48
COPY_EVERY = 6  # every sixth story is republished by a second outlet
# Timestamps say when a row was written, not what it holds; autoincrement ids are internal.
VOLATILE = {"created_at", "updated_at", "added_at", "seen_at"}
# Tables whose "id" is a real key (kept in the comparison), not an autoincrement counter.
KEYED = ("articles", "fingerprints", "storylines", "global_entities")
# The knowledge base's snapshots: a cache of the other tables, written at other moments by a
# resumed run (checked apart: the latest covers every article).
DERIVED = ("knowledge_snapshots",)


@pytest.fixture(scope="module")
def corpus(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = sorted((shared_dir / "eval" / "bbc-politics" / "politics").glob("*.txt"))[:N_STORIES]
    lines = []
    for n, path in enumerate(files):
        text = path.read_text(encoding="utf-8", errors="replace")
        lines.append(
            {
                "url": f"https://news.example/politics/{path.stem}",
                "text": text,
                "published": "2005-02-01",
            }
        )
        if n % COPY_EVERY == 0:
            title, body = text.split("\n", 1)
            lines.append(
                {
                    "url": f"https://wire.example/{path.stem}",
                    "text": f"{title}\n\nLONDON (Wire) - {body.strip()}\n\n(Reporting by "
                    "Anna Berg; Editing by Tom Hale)",
                }
            )
    out = tmp_path_factory.mktemp("corpus") / "politics.jsonl"
    out.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return out


def _ingest(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-c",
        "from newsgraph.cli import main; main()",
        "ingest",
        str(corpus),
        "--db",
        f"sqlite:///{db}",
        "-f",
        "json",
    ]
    # Its own process group, so the kill takes spaCy's worker processes down with it.
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,
    )


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def _snapshot_count(db: Path) -> int:
    """How many articles the latest knowledge snapshot holds."""
    with sqlite3.connect(db) as conn:
        return int(
            conn.execute(
                "SELECT article_count FROM knowledge_snapshots ORDER BY id DESC LIMIT 1"
            ).fetchone()[0]
        )


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, without timestamps and autoincrement ids."""
    with sqlite3.connect(db) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'articles_fts_%'"
            )
            if r[0] not in DERIVED
        ]
        out: dict[str, list[tuple[Any, ...]]] = {}
        for table in tables:
            cursor = conn.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            autoincrement = table not in KEYED
            keep = [
                i
                for i, n in enumerate(names)
                if n not in VOLATILE and not (n == "id" and autoincrement)
            ]
            rows = [tuple(row[i] for i in keep) for row in cursor]
            out[table] = sorted(rows, key=repr)  # repr: NULLs sort beside text
    return out


def test_killed_ingest_resumes_to_the_rows_of_one_clean_run(corpus: Path, tmp_path: Path) -> None:
    clean_db, killed_db = tmp_path / "clean.db", tmp_path / "killed.db"
    clean = _ingest(corpus, clean_db)
    out, err = clean.communicate(timeout=300)
    assert clean.returncode == 0, err.decode()
    report = json.loads(out)
    copies = len(range(0, N_STORIES, COPY_EVERY))
    assert (len(report["created"]), len(report["duplicates"])) == (N_STORIES, copies)

    victim = _ingest(corpus, killed_db)
    deadline = time.monotonic() + 240
    while _count(killed_db) < 5 and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(victim.pid, signal.SIGKILL)
    victim.communicate(timeout=60)
    assert victim.returncode == -signal.SIGKILL
    assert 0 < _count(killed_db) < N_STORIES  # it really died halfway

    resumed = _ingest(corpus, killed_db)
    _, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err.decode()
    clean_rows = dump(clean_db)
    assert dump(killed_db) == clean_rows
    assert _snapshot_count(killed_db) == _snapshot_count(clean_db) == N_STORIES
    assert len(clean_rows["articles"]) == N_STORIES
    assert len(clean_rows["article_sources"]) == copies
    assert len(clean_rows["fingerprints"]) == N_STORIES
    # Storylines and resolved entities too: every article placed, every entity linked.
    assert len(clean_rows["storyline_articles"]) == N_STORIES
    assert 1 < len(clean_rows["storylines"]) < N_STORIES
    assert clean_rows["global_entities"] and clean_rows["entity_links"]
    assert len(clean_rows["entity_links"]) == len(clean_rows["entities"])

    again = _ingest(corpus, clean_db)  # the same input twice changes nothing
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    assert json.loads(out)["created"] == []
    assert dump(clean_db) == clean_rows
