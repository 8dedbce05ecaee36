"""Profile (``make profile``): where one ingest spends the parent process's time.

    python scripts/profile_ingest.py [FOLDER...] [--limit N] [--top 25] [--sort cumulative]

Runs ``newsgraph.api.ingest`` over the first N article files under the FOLDERs (default:
the BBC politics and PolNeAR texts under ``../shared/eval``) into a fresh SQLite file in a
temporary folder, under cProfile, and prints the top entries. With two or more worker
processes (the default for 64 articles or more) the analysis (parse and every rule stage)
runs in them and is not in the profile: the parent's wait for their briefs shows as a
lock's ``acquire``; what the parent does itself (dedupe, store, resolve: the stages of
``newsgraph.jobs.ingest``) is the rest. ``--workers 1`` profiles the analysis as well.
A profile, not a benchmark: cProfile slows Python code several times, so read shares,
not rates.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

from newsgraph.api import expand_inputs, ingest

DEFAULT_FOLDERS = ("../shared/eval/bbc-politics/politics", "../shared/eval/polnear")
SORTS = ("cumulative", "tottime", "ncalls")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folders", nargs="*", default=list(DEFAULT_FOLDERS))
    parser.add_argument("--limit", type=int, default=400, help="first N articles (0: all)")
    parser.add_argument("--top", type=int, default=25, help="entries to print")
    parser.add_argument("--sort", choices=SORTS, default="cumulative")
    parser.add_argument("--workers", type=int, default=None, help="spaCy processes")
    args = parser.parse_args()
    sources = [s for s in expand_inputs(args.folders) if s.endswith(".txt")]
    if args.limit:
        sources = sources[: args.limit]
    if not sources:
        print(f"no articles under {', '.join(args.folders)}", file=sys.stderr)
        return 1
    profile = cProfile.Profile()
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'profile.db'}"
        started = time.perf_counter()
        profile.enable()
        report = ingest(sources, db=db, n_process=args.workers)
        profile.disable()
        seconds = time.perf_counter() - started
    print(
        f"{len(sources)} articles in {seconds:.1f} s under the profiler: "
        f"{len(report.created)} created, {len(report.duplicates)} near-duplicates, "
        f"{len(report.failed)} failed"
    )
    stats = pstats.Stats(profile, stream=sys.stdout)
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
