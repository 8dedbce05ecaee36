"""Benchmark: newsgraph ingest rate against the bare spaCy pipeline on the same texts.

    python scripts/bench.py ../shared/eval/bbc-politics/politics [--limit N]

Prints articles/s for a full ``newsgraph ingest`` (read, analyse, store in a fresh SQLite
file; it parses in two processes on batches this size), articles/s for ``nlp.pipe`` alone over
the same bodies in one and in two processes, the ratios, and peak RSS.
A benchmark, not a test: figures vary about ±20% from run to run.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from spacy.language import Language

from newsgraph.api import expand_inputs, ingest
from newsgraph.nlp.convert import load_nlp
from newsgraph.sources import load_article


def _bare_rate(nlp: Language, texts: list[str], n_process: int) -> float:
    """Articles/s of the spaCy pipeline alone, as newsgraph runs it (same batch size)."""
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=n_process):
        pass
    return len(texts) / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    sources = expand_inputs([args.folder])
    if args.limit:
        sources = sources[: args.limit]
    if not sources:
        print(f"no articles under {args.folder}", file=sys.stderr)
        return 1
    nlp = load_nlp()
    texts = [load_article(s).text for s in sources]
    list(nlp.pipe(texts[:8]))  # warm up

    bare = _bare_rate(nlp, texts, 1)
    bare2 = _bare_rate(nlp, texts, 2)

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        report = ingest(sources, db=f"sqlite:///{Path(tmp) / 'bench.db'}")
        ours = len(sources) / (time.perf_counter() - start)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(
        f"articles:                 {len(sources)} (mean {words:.0f} words), "
        f"{len(report.failed)} failed"
    )
    print(f"newsgraph ingest:         {ours:6.1f} articles/s")
    print(f"bare spaCy, 1 process:    {bare:6.1f} articles/s  (ratio {ours / bare:.2f})")
    print(f"bare spaCy, 2 processes:  {bare2:6.1f} articles/s  (ratio {ours / bare2:.2f})")
    print(f"peak RSS:                 {peak_mib:6.0f} MiB main, {child_mib:.0f} MiB largest worker")
    return 0


if __name__ == "__main__":
    sys.exit(main())
