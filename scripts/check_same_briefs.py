"""Identity check for speed refactors: two source trees, the same articles, the same output.

    python scripts/check_same_briefs.py --before /tmp/perf_before_src --after src \\
        [FOLDER...] [--limit 200]

Runs each tree in its own process (``PYTHONPATH=TREE``, so its own code and data files):
parses the first N article files under the FOLDERs (default: the BBC politics texts
under ``../shared/eval``), analyses each parsed body (``pipeline.brief_from_doc``) and
resolves the stored briefs (``KnowledgeBase.add_many`` in ``INGEST_BATCH`` runs, into a
fresh SQLite file). It then compares the two sides exactly: every brief's JSON, and the
storylines and resolved entities the store ends with. It prints the CPU seconds
(``time.process_time``) per article of both stages on each side, run one after the other
on the same input: on a shared machine CPU time, not wall time, is what compares.

A tree is taken as it is on disk at the moment the check starts; to compare a change
against the code without it while others edit the same tree, copy both trees at once.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DEFAULT_FOLDERS = ("../shared/eval/bbc-politics/politics",)


def _sources(folders: list[str], limit: int) -> list[str]:
    from newsgraph.api import expand_inputs

    found = [s for s in expand_inputs(folders) if s.endswith(".txt")]
    return found[:limit] if limit else found


def _timed_briefs(sources: list[str], seconds: dict[str, float]) -> Iterator[Any]:
    """The briefs of the articles, with the CPU time of ``brief_from_doc`` (the analysis
    after the parse) summed into ``seconds["analyse"]``."""
    from newsgraph import pipeline
    from newsgraph.sources import load_article

    inner = pipeline.brief_from_doc

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            seconds["analyse"] += time.process_time() - started

    pipeline.brief_from_doc = timed  # _finish looks it up on each call
    articles = [load_article(s) for s in sources]
    started = time.process_time()
    yield from pipeline.analyse_many(articles, n_process=1)
    seconds["pipeline"] = time.process_time() - started


def _resolved(briefs: list[Any], seconds: dict[str, float]) -> dict[str, Any]:
    """Store the briefs, resolve them as an ingest does, and return what the store holds."""
    from newsgraph.config import INGEST_BATCH
    from newsgraph.resolve.knowledge import KnowledgeBase
    from newsgraph.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'check.db'}")
        knowledge = KnowledgeBase.open(store)  # before any article, as a first ingest does
        seconds["resolve"] = 0.0
        for n in range(0, len(briefs), INGEST_BATCH):
            batch = briefs[n : n + INGEST_BATCH]
            ids = [store.save_brief(b).article_id for b in batch]
            started = time.process_time()
            knowledge.add_many(list(zip(ids, batch, strict=True)))
            seconds["resolve"] += time.process_time() - started
        knowledge.checkpoint()
        lines = [
            [r.id, r.title, r.about, [(m.article_id, m.score) for m in r.articles]]
            for r in store.storylines()
        ]
        entities = [repr(g) for g in store.global_entities()]
        links = sorted(repr(link) for link in store.entity_links())
        store.close()
    return {"storylines": lines, "entities": entities, "links": links}


def dump(folders: list[str], limit: int, out: Path) -> None:
    """One side: every brief as a JSON line, then the knowledge, then the CPU seconds."""
    import newsgraph

    seconds = {"analyse": 0.0}
    sources = _sources(folders, limit)
    briefs = []
    with out.open("w", encoding="utf-8") as f:
        for b in _timed_briefs(sources, seconds):
            briefs.append(b)
            f.write(json.dumps(b.to_dict(), sort_keys=True, ensure_ascii=False) + "\n")
        f.write(json.dumps(_resolved(briefs, seconds), sort_keys=True) + "\n")
        summary = {"articles": len(briefs), "seconds": seconds, "code": newsgraph.__file__}
        f.write(json.dumps(summary) + "\n")


def _run_side(tree: str, folders: list[str], limit: int, out: Path) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(Path(tree).resolve()))
    cmd = [sys.executable, __file__, "--dump", str(out), "--limit", str(limit), *folders]
    subprocess.run(cmd, env=env, check=True)
    summary: dict[str, Any] = json.loads(out.read_text("utf-8").splitlines()[-1])
    return summary


def _report(name: str, summary: dict[str, Any]) -> None:
    n, sec = summary["articles"], summary["seconds"]
    per = {k: f"{1000 * v / max(n, 1):.1f} ms" for k, v in sec.items()}
    print(f"{name}: {n} articles ({summary['code']}); CPU per article: {per}")


def compare(before: Path, after: Path) -> int:
    """How many lines differ (briefs, then the knowledge line), the first few shown."""
    a = before.read_text("utf-8").splitlines()[:-1]
    b = after.read_text("utf-8").splitlines()[:-1]
    if len(a) != len(b):
        print(f"different numbers of briefs: {len(a) - 1} before, {len(b) - 1} after")
        return max(len(a), len(b))
    differ = [n for n, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    for n in differ[:3]:
        x, y = json.loads(a[n]), json.loads(b[n])
        keys = sorted(k for k in x.keys() | y.keys() if x.get(k) != y.get(k))
        what = "knowledge" if n == len(a) - 1 else f"brief {n}"
        print(f"{what} differs in {keys}")
    return len(differ)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folders", nargs="*", default=list(DEFAULT_FOLDERS))
    parser.add_argument("--limit", type=int, default=200, help="first N articles (0: all)")
    parser.add_argument("--before", help="source tree before the change (holds newsgraph/)")
    parser.add_argument("--after", help="source tree after the change")
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)  # one side, in a child
    args = parser.parse_args()
    if args.dump is not None:
        dump(args.folders, args.limit, args.dump)
        return 0
    if not args.before or not args.after:
        parser.error("give --before and --after source trees")
    with tempfile.TemporaryDirectory() as tmp:
        sides = {}
        for name, tree in (("before", args.before), ("after", args.after)):
            sides[name] = Path(tmp) / f"{name}.jsonl"
            _report(name, _run_side(tree, args.folders, args.limit, sides[name]))
        differ = compare(sides["before"], sides["after"])
    print("identical" if not differ else f"{differ} outputs differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
