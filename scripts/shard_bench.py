"""Sharded resolution against one stream: accuracy (B-cubed) and time.

    python scripts/shard_bench.py --cache /tmp/scale/briefs20k.jsonl --limit 2000 --blocks 4

Reads the briefs ``scripts/scale_bench.py analyse`` cached (one ``{"source", "brief"}`` line
each), resolves the first ``--limit`` of them (a) in one stream, (b) in ``--blocks`` time
blocks one after another here, (c) in the same blocks as Ray tasks with 1 and with 2 CPUs,
and prints wall and CPU seconds of each and the B-cubed of the sharded storylines and
entities against the single stream's; with the corpus the sources name (make_corpus.py
records carry their ``cluster``), also both storylines against those clusters.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from newsgraph.eval.clustering import bcubed, clusters_of
from newsgraph.model import brief_from_dict
from newsgraph.resolve.entities import EntityResolver
from newsgraph.resolve.knowledge import Known
from newsgraph.resolve.shards import Item, Reconciled, reconcile, resolve_blocks
from newsgraph.resolve.storylines import StorylineIndex
from newsgraph.store import article_id_for


def load(cache: Path, limit: int) -> tuple[list[Item], dict[str, str]]:
    """The first ``limit`` distinct articles' features, and their corpus cluster if known."""
    items: list[Item] = []
    clusters: dict[str, str] = {}
    lines: dict[str, list[str]] = {}
    with cache.open(encoding="utf-8") as fh:
        for raw in fh:
            row = json.loads(raw)
            brief = brief_from_dict(row["brief"])
            article_id = article_id_for(brief)
            if article_id in clusters or any(a == article_id for a, _ in items[-50:]):
                continue
            items.append((article_id, Known.of(article_id, brief)))
            path, _, line = str(row["source"]).rpartition(":")
            if path and Path(path).exists() and line.isdigit():
                if path not in lines:
                    lines[path] = Path(path).read_text(encoding="utf-8").splitlines()
                clusters[article_id] = json.loads(lines[path][int(line) - 1]).get("cluster", "")
            if len(items) >= limit:
                break
    return items, clusters


def timed(label: str, run: Callable[[], Reconciled]) -> Reconciled:
    wall, cpu = time.perf_counter(), time.process_time()
    done = run()
    print(
        f"{label}: wall {time.perf_counter() - wall:.1f} s, driver CPU "
        f"{time.process_time() - cpu:.1f} s; {len(done.index.storylines)} storylines, "
        f"{len(done.resolver.entities)} entities ({done.folded} storylines folded, "
        f"{done.joined} entities joined across blocks)",
        flush=True,
    )
    return done


def sharded(items: list[Item], blocks: int, run: Any = None) -> Reconciled:
    results = resolve_blocks(items, blocks, run)
    cpu = sum(r.cpu_seconds for r in results)
    print(f"  {len(results)} blocks of {[len(r.order) for r in results]}, block CPU {cpu:.1f} s")
    empty = StorylineIndex().to_state()
    return reconcile(empty, EntityResolver(), results, dict(items))


def entity_groups(done: Reconciled) -> dict[tuple[str, str], str]:
    return {
        (k.article_id, k.entity_id): g.id for g in done.resolver.entities.values() for k in g.links
    }


def b3(key: dict[Any, Any], response: dict[Any, Any]) -> str:
    p, r, f = bcubed(clusters_of(key), clusters_of(response))
    return f"P {p:.4f} R {r:.4f} F1 {f:.4f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--blocks", type=int, default=4)
    parser.add_argument("--no-ray", action="store_true")
    args = parser.parse_args()
    items, clusters = load(args.cache, args.limit)
    print(f"{len(items)} articles")
    single = timed("single stream", lambda: sharded(items, 1))
    here = timed(f"{args.blocks} blocks, here in turn", lambda: sharded(items, args.blocks))
    if not args.no_ray:
        import ray

        from newsgraph.jobs.ray import block_runner

        for cpus in (1, 2):
            ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False)
            run = block_runner(ray)
            label = f"{args.blocks} blocks on Ray, {cpus} CPU"
            on_ray = timed(label, partial(sharded, items, args.blocks, run))
            same = on_ray.index.groups() == here.index.groups()
            print(f"  same as here: {same and entity_groups(on_ray) == entity_groups(here)}")
            ray.shutdown()
    print(f"storylines, sharded vs single: {b3(single.index.groups(), here.index.groups())}")
    print(f"entities, sharded vs single: {b3(entity_groups(single), entity_groups(here))}")
    if len(clusters) == len(items):
        print(f"storylines vs corpus clusters, single:  {b3(clusters, single.index.groups())}")
        print(f"storylines vs corpus clusters, sharded: {b3(clusters, here.index.groups())}")


if __name__ == "__main__":
    main()
