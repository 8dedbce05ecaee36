"""Benchmark (``make bench``): newsgraph's ingest rate against the bare spaCy pipeline, and
the Ray batch engine with one and two workers, on the same real articles.

    python scripts/bench.py [FOLDER...] [--limit N] [--pairs 3] [--skip-ray] [--ray-repeats 3]
                            [--ray-limit N]

FOLDERs default to the BBC politics texts (417) and the PolNeAR texts (924) under
``../shared/eval``. Prints, in one run:

- articles/s of a full ``newsgraph ingest`` (read, analyse in two processes, store in a
  fresh SQLite file, storylines and entities resolved) and of bare spaCy's ``nlp.pipe``
  over the same bodies in two processes, ``--pairs`` pairs back to back, and the median
  pair's ratio (one pair moves by ±15% here, as the machine's other work comes and goes).
  Bare spaCy is the model as spaCy loads it (``spacy.load``); newsgraph's own pipeline
  (``load_nlp``: bounded tokenizer, sentence guard, indexed attribute ruler, numpy's
  multiply on one BLAS thread instead of BLIS) parsing alone
  is measured in each pair too, so the cost of everything beyond the parse shows apart
  from the parse's own speed-up;
- CPU milliseconds per article of the same runs (every process of a run, from
  ``getrusage``), and bare spaCy's CPU over ingest's, the median pair's: both runs keep
  every core busy, so this is the rate ratio the machine would give with nothing else
  running, and it moves far less than wall time when other work comes and goes;
- bare spaCy and newsgraph's parse in one process, first: that pass also leaves both
  pipelines' vocabulary, tokenizer and lemma caches warm alike for the workers forked
  after it, as a long run's workers are (a cold cache costs a 240-article run more than
  a tenth of its CPU);
- ``newsgraph batch --engine ray --workers 1`` and ``2``, ``--ray-repeats`` pairs back to
  back, and the median pair's ratio (skipped with a note when Ray is not installed): of
  the whole command, and of its analysis alone (every actor loaded to the last row, as
  the command reports it), so that how the analysis scales shows apart from what Ray's
  start and stop and the actors' loading cost whatever the run's size;
- peak RSS of the main process and of every worker or actor, sampled from /proc every
  ``SAMPLE_S`` seconds.

Targets (issues 9 and 18): >= 15 articles/s and >= 0.8 x bare spaCy in two processes; Ray
2 workers >= 1.6 x 1 worker; <= 1.5 GiB per worker. A benchmark, not a test: figures vary
about ±20% on a shared machine.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import spacy
from spacy.language import Language

from newsgraph.api import expand_inputs, ingest
from newsgraph.config import SPACY_MODEL
from newsgraph.nlp.convert import load_nlp
from newsgraph.sources import load_article

DEFAULT_FOLDERS = ("../shared/eval/bbc-politics/politics", "../shared/eval/polnear")
SAMPLE_S = 0.3
GIB = 1024**3
T = TypeVar("T")
P = TypeVar("P")


# --------------------------------------------------------------------------- memory


def _children() -> dict[int, list[int]]:
    """ppid -> pids, from /proc (Linux)."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _rss_and_name(pid: int) -> tuple[int, str]:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return 0, ""
    rss = next(
        (int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS:")),
        0,
    )
    return rss, cmd[:80]


class RssSampler:
    """Peak RSS of ``root`` and every process under it, sampled in a thread."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peaks: dict[int, tuple[int, str]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_S):
            tree, todo, seen = _children(), [self.root], []
            while todo:
                pid = todo.pop()
                seen.append(pid)
                todo += tree.get(pid, [])
            for pid in seen:
                rss, name = _rss_and_name(pid)
                if rss > self.peaks.get(pid, (0, ""))[0]:
                    self.peaks[pid] = (rss, name)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def workers(self, marker: str) -> list[int]:
        """Peak RSS (bytes) of the processes under the root whose command line holds
        ``marker``, largest first."""
        return sorted(
            (rss for pid, (rss, name) in self.peaks.items() if pid != self.root and marker in name),
            reverse=True,
        )


@contextmanager
def sampled(root: int | None = None) -> Iterator[RssSampler]:
    with RssSampler(root or os.getpid()) as sampler:
        yield sampler


def _mib(values: list[int]) -> str:
    return ", ".join(f"{v / 2**20:.0f}" for v in values) + " MiB" if values else "n/a"


# --------------------------------------------------------------------------- runs


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (the workers of a
    run are joined before it returns)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@dataclass
class Run:
    """One measured run: articles/s (wall), CPU ms per article (all its processes), and
    the peak RSS of its workers."""

    rate: float
    cpu_ms: float
    workers: list[int]


def _measured(fn: Callable[[], T], articles: int) -> tuple[T, Run]:
    with sampled() as sampler:
        cpu, start = _cpu_seconds(), time.perf_counter()
        result = fn()
        seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    return result, Run(articles / seconds, 1000 * cpu / articles, sampler.workers(""))


@dataclass
class Pair:
    """Bare spaCy, newsgraph's parse and a whole ingest, run back to back."""

    bare: Run
    parse: Run
    ours: Run

    @property
    def rate_ratio(self) -> float:
        return self.ours.rate / self.bare.rate

    @property
    def cpu_ratio(self) -> float:
        return self.bare.cpu_ms / self.ours.cpu_ms


def median_pair(pairs: list[P], ratio: Callable[[P], float]) -> P:
    """The pair whose ``ratio`` is the median (the upper one of an even number)."""
    return sorted(pairs, key=ratio)[len(pairs) // 2]


def parse_run(nlp: Language, texts: list[str], n_process: int) -> Run:
    """A spaCy pipeline parsing alone (same batch size as newsgraph)."""
    _, run = _measured(
        lambda: [None for _ in nlp.pipe(texts, batch_size=16, n_process=n_process)], len(texts)
    )
    return run


def ingest_run(sources: list[str]) -> tuple[Run, int]:
    """``newsgraph ingest`` into a fresh SQLite file, and its failures."""
    with tempfile.TemporaryDirectory() as tmp:
        report, run = _measured(
            lambda: ingest(sources, db=f"sqlite:///{Path(tmp) / 'b.db'}"), len(sources)
        )
    return run, len(report.failed)


@dataclass
class RayRun:
    """One ``batch --engine ray`` command: articles/s of the whole command (Ray's start
    and stop, the actors' loading included) and of its analysis alone (from every actor
    loaded to the last row written), the actors' peak RSS, and a note."""

    rate: float
    analysis_rate: float
    actors: list[int]
    note: str


@dataclass
class RayPair:
    """Ray with one worker and with two, run back to back."""

    one: RayRun
    two: RayRun

    @property
    def ratio(self) -> float:
        return self.two.rate / self.one.rate if self.one.rate else 0.0

    @property
    def analysis_ratio(self) -> float:
        a, b = self.one.analysis_rate, self.two.analysis_rate
        return b / a if a else 0.0


def ray_rate(sources: list[str], workers: int) -> RayRun:
    """``newsgraph batch --engine ray`` in a subprocess (see :class:`RayRun`)."""
    exe = str(Path(sys.executable).with_name("newsgraph"))
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            exe,
            "batch",
            *sources,
            "--engine",
            "ray",
            "--workers",
            str(workers),
            "--out",
            str(Path(tmp) / "out"),
            "--format",
            "json",
        ]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        with sampled(proc.pid) as sampler:
            out, _ = proc.communicate()
        seconds = time.perf_counter() - start
    if proc.returncode != 0:
        return RayRun(0.0, 0.0, [], f"failed (exit {proc.returncode})")
    report = json.loads(out)
    written, analysed = report["written"], report["analyse_seconds"]
    driver = sampler.peaks.get(proc.pid, (0, ""))[0]
    return RayRun(
        written / seconds,
        written / analysed if analysed else 0.0,
        sampler.workers("Analyser"),
        f"whole command, Ray start-up included; driver {_mib([driver])}",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folders", nargs="*", default=list(DEFAULT_FOLDERS))
    parser.add_argument("--limit", type=int, default=0, help="first N articles only")
    parser.add_argument("--pairs", type=int, default=3, help="ingest / bare spaCy pairs")
    parser.add_argument("--skip-ray", action="store_true")
    parser.add_argument("--ray-repeats", type=int, default=3, help="pairs of Ray runs")
    parser.add_argument(
        "--ray-limit",
        type=int,
        default=None,
        help="first N articles for the Ray runs (default: --limit): Ray's start and stop "
        "cost a few seconds whatever the run, which weigh less on a longer one",
    )
    args = parser.parse_args()
    every_source = [s for s in expand_inputs(args.folders) if s.endswith(".txt")]
    sources = every_source[: args.limit] if args.limit else every_source
    ray_limit = args.limit if args.ray_limit is None else args.ray_limit
    ray_sources = every_source[:ray_limit] if ray_limit else every_source
    if not sources:
        print(f"no articles under {', '.join(args.folders)}", file=sys.stderr)
        return 1
    bare, parse = spacy.load(SPACY_MODEL), load_nlp()
    texts = [load_article(s).text for s in sources]
    # One pass of each pipeline over every text in this process first, timed as the
    # one-process rates: it leaves the words of the texts in each pipeline's vocabulary,
    # tokenizer cache and lemma cache, and every worker process forked after it inherits
    # them. Bare spaCy had that pass and newsgraph's pipeline had not, so its workers read
    # each word for the first time in every run (6-19 ms more CPU an article in three
    # interleaved pairs); with both warm, each run is what a long run's workers are.
    bare1 = parse_run(bare, texts, 1).rate
    parse1 = parse_run(parse, texts, 1).rate
    pairs = []
    for _ in range(max(1, args.pairs)):
        parse2 = parse_run(parse, texts, 2)
        bare2 = parse_run(bare, texts, 2)
        ours, failed = ingest_run(sources)
        pairs.append(Pair(bare2, parse2, ours))
    by_rate = median_pair(pairs, lambda p: p.rate_ratio)
    by_cpu = median_pair(pairs, lambda p: p.cpu_ratio)
    ours, bare2, parse2, ratio = by_rate.ours, by_rate.bare, by_rate.parse, by_rate.rate_ratio
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"articles:                  {len(sources)} (mean {words:.0f} words), {failed} failed")
    print(f"newsgraph ingest:          {ours.rate:6.1f} articles/s   (target >= 15)")
    print(f"bare spaCy, 1 process:     {bare1:6.1f} articles/s   (ratio {ours.rate / bare1:.2f})")
    print(f"newsgraph parse alone, 1:  {parse1:6.1f} articles/s")
    print(
        f"bare spaCy, 2 processes:   {bare2.rate:6.1f} articles/s   (ratio {ratio:.2f}, "
        "target >= 0.8)"
    )
    print(
        f"newsgraph parse alone, 2:  {parse2.rate:6.1f} articles/s   (ingest / parse alone "
        f"{ours.rate / parse2.rate:.2f}: the cost beyond the parse)"
    )
    every = ", ".join(f"{p.rate_ratio:.2f}" for p in pairs)
    print(
        f"ingest / bare spaCy two-process: {ratio:.2f}   (median of {len(pairs)} pairs: "
        f"{every}; target >= 0.8, issue 18)"
    )
    every = ", ".join(f"{p.cpu_ratio:.2f}" for p in pairs)
    print(
        f"CPU ms per article:        ingest {by_cpu.ours.cpu_ms:.0f}, bare spaCy "
        f"{by_cpu.bare.cpu_ms:.0f}, newsgraph parse {by_cpu.parse.cpu_ms:.0f}; bare / ingest "
        f"{by_cpu.cpu_ratio:.2f} (median of {every}: the rate ratio on an otherwise idle "
        "machine, as both keep every core busy)"
    )
    _print_ray(ray_sources, args.skip_ray, args.ray_repeats)
    main_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"peak RSS, main process:    {_mib([main_peak])}")
    print(f"peak RSS, ingest workers:  {_mib(ours.workers)}   (target <= 1.5 GiB each)")
    print(f"peak RSS, spaCy workers:   {_mib(bare2.workers)}")
    return 0


def _print_ray(sources: list[str], skip: bool, repeats: int) -> None:
    """Ray with one and two workers, ``repeats`` pairs run back to back: on a shared
    machine one pair moves by ±15%, so the median pair is the figure (each pair's ratio is
    printed too)."""
    if skip:
        print("ray:                       skipped (--skip-ray)")
        return
    if importlib.util.find_spec("ray") is None:
        print("ray:                       skipped: not installed (pip install 'newsgraph[ray]')")
        return
    print(f"ray articles:              {len(sources)}")
    pairs = [RayPair(ray_rate(sources, 1), ray_rate(sources, 2)) for _ in range(max(1, repeats))]
    whole = median_pair(pairs, lambda p: p.ratio)
    one, two = whole.one, whole.two
    every = ", ".join(f"{p.ratio:.2f}" for p in pairs)
    print(f"ray, 1 worker:             {one.rate:6.1f} articles/s   ({one.note})")
    print(
        f"ray, 2 workers:            {two.rate:6.1f} articles/s   (x{whole.ratio:.2f}"
        f" of 1, median of {len(pairs)} pairs: {every}; target >= 1.6)"
    )
    steady = median_pair(pairs, lambda p: p.analysis_ratio)
    every = ", ".join(f"{p.analysis_ratio:.2f}" for p in pairs)
    print(
        f"ray analysis alone, 1 / 2: {steady.one.analysis_rate:.1f} / "
        f"{steady.two.analysis_rate:.1f} articles/s   (x{steady.analysis_ratio:.2f}, median "
        f"of {every}: actors loaded to last row, Ray's start and stop and the loading left out)"
    )
    print(f"peak RSS, ray actors:      1 worker: {_mib(one.actors)}; 2 workers: {_mib(two.actors)}")


if __name__ == "__main__":
    sys.exit(main())
