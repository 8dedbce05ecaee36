"""Cross-article resolution over a stored corpus, for the write-up in docs/accuracy.md.

    python scripts/resolution_report.py --db sqlite:///corpus.db [--sample 50] [--seed 7]

Prints person entities before resolution (one per article entity) and after (global
entities), link reasons, storyline sizes, and a fixed-seed random sample of merges: person
links that joined an entity first seen in another article, each with both names, both
article titles and the link's reason, for a person to judge right or wrong by reading.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter

from newsgraph.store import open_store
from newsgraph.store.base import ArticleStore, EntityLink


def _first_links(links: list[EntityLink]) -> dict[str, EntityLink]:
    """The link that created each global entity (its earliest "new entity" link)."""
    first: dict[str, EntityLink] = {}
    for link in links:
        if link.reason == "new entity":
            first.setdefault(link.global_id, link)
    return first


def _local(store: ArticleStore, cache: dict[str, object], link: EntityLink) -> tuple[str, str, str]:
    """(entity name, its type, the article's title) of one link."""
    brief = cache.get(link.article_id)
    if brief is None:
        brief = cache[link.article_id] = store.get_brief(link.article_id)
    ent = next(e for e in brief.entities if e.id == link.local_id)  # type: ignore[attr-defined]
    return ent.name, ent.type, brief.document.title  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", required=True)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with open_store(args.db) as store:
        links = store.entity_links()
        globals_ = {g.id: g for g in store.global_entities()}
        cache: dict[str, object] = {}
        person_links = [lk for lk in links if globals_[lk.global_id].type == "PERSON"]
        person_globals = {lk.global_id for lk in person_links}
        multi = Counter(lk.global_id for lk in person_links)
        print(f"articles:                     {store.count_articles()}")
        print(f"person entities, per article: {len(person_links)}")
        print(
            f"person entities, resolved:    {len(person_globals)} "
            f"({sum(1 for n in multi.values() if n > 1)} in more than one article)"
        )
        for kind in ("ORG", "PLACE", "COUNTRY", "GROUP"):
            kl = [lk for lk in links if globals_[lk.global_id].type == kind]
            resolved = len({k.global_id for k in kl})
            print(f"{kind:<7} per article {len(kl):>6}, resolved {resolved:>6}")
        reasons = Counter(lk.reason.split(";")[0].split(" (")[0] for lk in person_links)
        print("person link reasons:", dict(reasons.most_common()))
        sizes = Counter(len(row.articles) for row in store.storylines())
        print("storyline sizes (articles: storylines):", dict(sorted(sizes.items())))
        first = _first_links(links)
        merges = [
            lk
            for lk in person_links
            if lk.reason != "new entity"
            and lk.global_id in first
            and first[lk.global_id].article_id != lk.article_id
        ]
        print(f"person merges across articles: {len(merges)}")
        rng = random.Random(args.seed)
        for n, lk in enumerate(
            sorted(rng.sample(merges, min(args.sample, len(merges))), key=lambda k: k.global_id), 1
        ):
            name, _, title = _local(store, cache, lk)
            fname, _, ftitle = _local(store, cache, first[lk.global_id])
            print(
                f"{n:>2}. {name!r} in {title[:60]!r}\n    -> {fname!r} in {ftitle[:60]!r}"
                f"  [{lk.reason}, {lk.score:.2f}]"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
