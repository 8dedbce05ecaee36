"""Generate a large, realistic test corpus by recombining paragraphs of real news articles.

    python scripts/make_corpus.py OUT_DIR --count 20000 --seed 7 [--eval ../shared/eval]

Why: the scale benchmark (``scripts/scale_bench.py``) needs 20,000 articles that look like
news to the whole pipeline (real sentences, real names, stories that recur), and the
development data holds about 1,500. Each generated article takes

* the **title and lead paragraph of one real article** (its *base*), then
* 2-6 further **paragraphs drawn from articles of the base's cluster**, in a random order,

so every article reads like a story about its base's subject and articles drawn from one
cluster form storylines. A cluster is (source, main name): the capitalised word the base
article repeats most (``Blair``, ``Clinton``, ``Tories``...), or for ECB+ the gold
sub-topic; clusters smaller than ``MIN_CLUSTER`` fold into their source's ``misc`` cluster.
Sources read from ``--eval``: BBC politics texts, PolNeAR texts (train and dev, with their
real publication dates from ``metadata.tsv``), and the ECB+ texts (rebuilt from the XML).

Each article gets a URL ``https://corpus.example/<source>/<n>-<slug>`` and a publication
date: the base's own date (PolNeAR), or a date drawn per cluster (BBC: 2004-2005; ECB+:
2008-2013), moved by up to ``DATE_JITTER_DAYS``. Near-duplicate detection
(``newsgraph.dedupe``) must not collapse the corpus, so every draw is checked against a
MinHash index of the articles already generated and redrawn (up to ``MAX_TRIES`` times;
after that the article is left out and counted) when it would be a near-duplicate.

Output: ``OUT_DIR/part-00000.jsonl`` ... with ``PART_SIZE`` (1,000) JSON Lines records each,
``{"url", "published", "text", "base", "cluster"}`` (``text`` is the headline line, a
blank line, then the paragraphs, as ``newsgraph ingest`` reads a plain-text article), and
``OUT_DIR/MANIFEST.json`` with the parameters and counts. The same ``--seed`` and inputs
give byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from newsgraph.dedupe import NearDuplicateIndex, signature

PART_SIZE = 1000
MIN_CLUSTER = 2
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 2, 6
DATE_JITTER_DAYS = 10
MAX_TRIES = 8
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{3,})\b", re.MULTILINE)
_SLUG = re.compile(r"[^a-z0-9]+")
_COMMON_CAPS = frozenset(
    (
        "This",
        "That",
        "They",
        "There",
        "Their",
        "These",
        "When",
        "What",
        "Which",
        "While",
        "With",
        "Would",
        "Could",
        "Should",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Last",
        "First",
        "However",
        "News",
        "Today",
    )
)
SOURCE_YEARS = {"bbc": (2004, 2005), "ecbplus": (2008, 2013)}


@dataclass(frozen=True)
class SourceArticle:
    """One real article cut into what recombination needs."""

    source: str
    name: str
    title: str
    paragraphs: tuple[str, ...]  # the lead first
    published: date | None = None
    cluster: str = ""


def paragraphs_of(text: str) -> tuple[str, ...]:
    """Non-empty paragraphs (blank-line separated; single lines when there are no blanks)."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(parts) < 3:
        parts = [p.strip() for p in text.splitlines() if p.strip()]
    return tuple(" ".join(p.split()) for p in parts)


def _from_text(source: str, name: str, raw: str, published: date | None) -> SourceArticle | None:
    lines = raw.strip().split("\n", 1)
    if len(lines) < 2:
        return None
    paragraphs = paragraphs_of(lines[1])
    if len(paragraphs) < 2:
        return None
    return SourceArticle(source, name, " ".join(lines[0].split()), paragraphs, published)


def read_bbc(folder: Path) -> Iterator[SourceArticle]:
    for path in sorted(folder.glob("*.txt")):
        found = _from_text("bbc", path.stem, path.read_text("utf-8", errors="replace"), None)
        if found:
            yield found


def read_polnear(folder: Path) -> Iterator[SourceArticle]:
    dates: dict[str, date] = {}
    meta = folder / "metadata.tsv"
    if meta.exists():
        with meta.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                try:
                    dates[row["filename"]] = date.fromisoformat(row["publication_date"][:10])
                except (KeyError, ValueError):
                    continue
    for path in sorted(folder.glob("*/text/*.txt")):
        raw = path.read_text("utf-8", errors="replace")
        found = _from_text("polnear", path.stem, raw, dates.get(path.stem))
        if found:
            yield found


def read_ecbplus(folder: Path) -> Iterator[SourceArticle]:
    """ECB+ documents rebuilt as text (one sentence a line); two sentences make a paragraph."""
    from newsgraph.eval.ecbplus import read_corpus

    if not (folder / "ECB+").is_dir():
        return
    for doc in read_corpus(folder):
        lines = [" ".join(s.split()) for s in doc.text.splitlines() if s.strip()]
        if len(lines) < 4:
            continue
        paragraphs = tuple(" ".join(lines[i : i + 2]) for i in range(1, len(lines), 2))
        yield SourceArticle("ecbplus", doc.name, lines[0], paragraphs, None, doc.subtopic)


def main_name(article: SourceArticle) -> str:
    """The capitalised word (not sentence-initial) the article repeats most: its subject."""
    counts = Counter(
        m.group(1)
        for p in article.paragraphs
        for m in _CAPITALISED.finditer(p)
        if m.group(1) not in _COMMON_CAPS
    )
    if not counts:
        return "misc"
    return min(counts, key=lambda w: (-counts[w], w))


def clustered(articles: Sequence[SourceArticle]) -> list[SourceArticle]:
    """Each article with its cluster key; small clusters folded into ``<source>:misc``."""
    keys = [f"{a.source}:{a.cluster or main_name(a)}" for a in articles]
    sizes = Counter(keys)
    return [
        SourceArticle(
            a.source,
            a.name,
            a.title,
            a.paragraphs,
            a.published,
            key if sizes[key] >= MIN_CLUSTER else f"{a.source}:misc",
        )
        for a, key in zip(articles, keys, strict=True)
    ]


def read_sources(eval_dir: Path) -> list[SourceArticle]:
    found = [
        *read_bbc(eval_dir / "bbc-politics" / "politics"),
        *read_polnear(eval_dir / "polnear"),
        *read_ecbplus(eval_dir / "ecbplus"),
    ]
    return clustered(found)


class Generator:
    """Draws articles one at a time from a fixed random stream (see the module)."""

    def __init__(self, sources: Sequence[SourceArticle], seed: int) -> None:
        if not sources:
            raise SystemExit("no source articles found")
        self.rng = random.Random(seed)
        self.sources = list(sources)
        self.members: dict[str, list[SourceArticle]] = {}
        for a in self.sources:
            self.members.setdefault(a.cluster, []).append(a)
        self.anchor = {c: self._anchor(c) for c in sorted(self.members)}
        self.index = NearDuplicateIndex()
        self.skipped = 0

    def _anchor(self, cluster: str) -> date:
        first, last = SOURCE_YEARS.get(cluster.split(":", 1)[0], (2016, 2016))
        start = date(first, 1, 1)
        return start + timedelta(days=self.rng.randrange((date(last, 12, 31) - start).days))

    def draw(self, n: int) -> dict[str, str] | None:
        """Article number ``n``, or None when every try was a near-duplicate."""
        for _ in range(MAX_TRIES):
            base = self.rng.choice(self.sources)
            text = self._text(base)
            sig = signature(text.split("\n\n", 1)[1])  # the body, as ingest compares it
            if self.index.find(sig) is None:
                self.index.add(str(n), sig)
                return self._record(n, base, text)
        self.skipped += 1
        return None

    def _text(self, base: SourceArticle) -> str:
        members = self.members[base.cluster]
        pool = [(a.name, i) for a in members for i in range(1, len(a.paragraphs))]
        want = self.rng.randint(MIN_PARAGRAPHS, MAX_PARAGRAPHS)
        picked = self.rng.sample(pool, min(want, len(pool)))
        by_name = {a.name: a for a in members}
        body = [base.paragraphs[0], *(by_name[name].paragraphs[i] for name, i in picked)]
        return base.title + "\n\n" + "\n\n".join(body)

    def _record(self, n: int, base: SourceArticle, text: str) -> dict[str, str]:
        day = (base.published or self.anchor[base.cluster]) + timedelta(
            days=self.rng.randint(-DATE_JITTER_DAYS, DATE_JITTER_DAYS)
        )
        slug = _SLUG.sub("-", base.title.lower()).strip("-")[:60] or "article"
        return {
            "url": f"https://corpus.example/{base.source}/{n:06d}-{slug}",
            "published": day.isoformat(),
            "text": text,
            "base": f"{base.source}/{base.name}",
            "cluster": base.cluster,
        }


def generate(
    sources: Sequence[SourceArticle], count: int, seed: int
) -> tuple[list[dict[str, str]], int]:
    """``count`` articles (fewer by the skipped count) and how many draws were skipped."""
    gen = Generator(sources, seed)
    records = [r for n in range(count) if (r := gen.draw(n)) is not None]
    return records, gen.skipped


def write_corpus(out: Path, records: Sequence[dict[str, str]], meta: dict[str, object]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for part, start in enumerate(range(0, len(records), PART_SIZE)):
        lines = (
            json.dumps(r, ensure_ascii=False, sort_keys=True)
            for r in records[start : start + PART_SIZE]
        )
        (out / f"part-{part:05d}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (out / "MANIFEST.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", "utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Recombine real articles into a test corpus.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--eval", type=Path, default=Path("../shared/eval"))
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    sources = read_sources(args.eval)
    records, skipped = generate(sources, args.count, args.seed)
    clusters = Counter(a.cluster for a in sources)
    write_corpus(
        args.out,
        records,
        {
            "count": len(records),
            "requested": args.count,
            "seed": args.seed,
            "skipped_near_duplicates": skipped,
            "source_articles": len(sources),
            "clusters": len(clusters),
            "part_size": PART_SIZE,
        },
    )
    print(
        f"{len(records)} articles ({skipped} skipped) from {len(sources)} source articles "
        f"in {len(clusters)} clusters -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
