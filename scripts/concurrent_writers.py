"""Concurrent writers: do N ``newsgraph ingest`` processes over overlapping inputs leave the
knowledge one writer leaves?

Each writer gets ``--each`` articles from a folder of texts, overlapping its neighbour's by
``--shared``; all start at once on one database. Then one writer ingests the union into a
fresh database. Both are measured the same way: articles, resolved entities, (name, type)
pairs held by more than one resolved entity, resolved entities linked to no article,
storylines, empty storylines, articles in no storyline, ``newsgraph db check``'s verdict,
and what one writer makes replaying the articles in the order the writers' turns logged
them (storylines depend on arrival order, so that is the exact one-writer reference).

    python scripts/concurrent_writers.py ../shared/eval/bbc-politics/politics --writers 2
    python scripts/concurrent_writers.py DIR --writers 3 --db postgresql://u:p@localhost/db

A PostgreSQL URL names a database that the script empties (schema ``public``) before each
run; SQLite files are made in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from newsgraph.store import open_store


def writer_inputs(texts: list[Path], writers: int, each: int, shared: int) -> list[list[Path]]:
    """``writers`` windows of ``each`` texts, each starting ``each - shared`` after the last."""
    step = each - shared
    return [texts[n * step : n * step + each] for n in range(writers)]


def stage(root: Path, name: str, files: list[Path]) -> Path:
    folder = root / name
    folder.mkdir()
    for path in files:
        shutil.copy(path, folder / path.name)
    return folder


def run_ingests(folders: list[Path], db: str, published: str) -> float:
    """Start one ingest process per folder at once; wait for all; seconds taken."""
    command = [sys.executable, "-c", "from newsgraph.cli import main; main()", "ingest"]
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [*command, str(f), "--db", db, "--published", published, "--format", "json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in folders
    ]
    for proc in procs:
        out, err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"ingest failed ({proc.returncode}): {err.strip()[-400:]}")
        json.loads(out)
    return time.perf_counter() - started


def measure(db: str) -> dict[str, Any]:
    """The knowledge's shape: counts a second writer must not change."""
    with open_store(db) as store:
        articles = store.article_ids()
        entities = store.global_entities()
        linked = set(store.entity_article_counts())
        lines = store.storylines()
    pairs = Counter((g.name, g.type) for g in entities)
    placed = [m.article_id for row in lines for m in row.articles]
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "from newsgraph.cli import main; main()",
            "db",
            "check",
            "--db",
            db,
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
    )
    report = json.loads(check.stdout)
    return {
        "articles": len(articles),
        "resolved entities": len(entities),
        "duplicated (name, type)": sum(1 for n in pairs.values() if n > 1),
        "entities without article": sum(1 for g in entities if g.id not in linked),
        "storylines": len(lines),
        "empty storylines": sum(1 for row in lines if not row.articles),
        "articles in no storyline": len(set(articles) - set(placed)),
        "db check": "ok" if check.returncode == 0 else f"exit {check.returncode}",
        "replay in log order: entities": report["replay_entities"],
        "replay in log order: storylines": report["replay_storylines"],
        "placed unlike that replay": report["placed_differently"],
    }


def fresh_db(base: str, root: Path, name: str) -> str:
    if not base.startswith("postgresql"):
        return f"sqlite:///{root / (name + '.db')}"
    from sqlalchemy import create_engine, text  # only for PostgreSQL runs

    url = base.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="a folder of article texts (*.txt)")
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--each", type=int, default=40, help="articles per writer")
    parser.add_argument("--shared", type=int, default=20, help="articles shared by neighbours")
    parser.add_argument("--db", default="sqlite", help="'sqlite' or a PostgreSQL URL")
    parser.add_argument("--published", default="2005-03-01")
    args = parser.parse_args()
    texts = sorted(args.folder.glob("*.txt"))
    inputs = writer_inputs(texts, args.writers, args.each, args.shared)
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folders = [stage(root, f"w{n}", files) for n, files in enumerate(inputs)]
        union = stage(root, "union", sorted({p for files in inputs for p in files}))
        db = fresh_db(args.db, root, "many")
        many_s = run_ingests(folders, db, args.published)
        many = measure(db)
        db = fresh_db(args.db, root, "one")
        one_s = run_ingests([union], db, args.published)
        one = measure(db)
    print(
        f"{args.writers} writers x {args.each} articles ({args.shared} shared with the next), "
        f"{'PostgreSQL' if args.db.startswith('postgresql') else 'SQLite'}"
    )
    print(f"{'':32} {'one writer':>12} {f'{args.writers} writers':>12}")
    for key in one:
        print(f"{key:32} {one[key]!s:>12} {many[key]!s:>12}")
    print(f"{'seconds':32} {one_s:12.1f} {many_s:12.1f}")
    same = many["db check"] == "ok" and many["placed unlike that replay"] == 0
    return 0 if same and many["resolved entities"] == many["replay in log order: entities"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
