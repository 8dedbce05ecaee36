"""Many readers while one writer ingests: latency and errors of `newsgraph serve` on SQLite.

Builds a fresh database, starts `newsgraph serve` on 127.0.0.1 (a free port, a write token),
then runs READERS concurrent readers over a mix of pages and JSON routes for DURATION
seconds while one writer POSTs articles to /api/ingest in a loop. Prints p50/p95/p99 read
latency, the error count and how many errors said "database is locked".

    .venv/bin/python scripts/load_test.py [--readers 50] [--duration 20] [--articles DIR]

Bounded: at most 120 s, 500 readers and 200,000 requests; it only ever talks to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx2 as httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "israel-syria-paris-talks.txt"
BBC = ROOT.parent / "shared" / "eval" / "bbc-politics" / "politics"
HOST = "127.0.0.1"
TOKEN = "load-test-token"
MAX_DURATION_S = 120
MAX_READERS = 500
MAX_REQUESTS = 200_000


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    writes: int = 0
    write_errors: list[str] = field(default_factory=list)

    @property
    def locked(self) -> int:
        return sum("locked" in e for e in self.errors + self.write_errors)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def build_db(db: Path, corpus: Path | None) -> list[Path]:
    """Ingest the example (and 10 corpus articles); return further articles for the writer."""
    cli = [sys.executable, "-c", "from newsgraph.cli import main; main()"]
    run = [*cli, "ingest", str(EXAMPLE), "--published", "2026-01-05", "--db", str(db)]
    subprocess.run(run, check=True, capture_output=True)
    files = sorted(corpus.glob("*.txt")) if corpus and corpus.is_dir() else []
    if files[:10]:
        subprocess.run(
            [*cli, "ingest", *map(str, files[:10]), "--db", str(db)],
            check=True,
            capture_output=True,
        )
    return files[10:60] or [EXAMPLE]


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    code = "from newsgraph.cli import main; main()"
    args = [
        sys.executable,
        "-c",
        code,
        "serve",
        "--db",
        str(db),
        "--host",
        HOST,
        "--port",
        str(port),
        "--write-token",
        TOKEN,
    ]
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{HOST}:{port}/api/home", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("server did not start")


def read_urls(base: str) -> list[str]:
    """A mix of every kind of read: home, search, article page and brief, entity page."""
    home = httpx.get(f"{base}/api/home").json()
    urls = [f"{base}/", f"{base}/?q=minister", f"{base}/api/search?q=government"]
    for article in home["latest"][:5]:
        urls += [f"{base}/articles/{article['id']}", f"{base}/api/articles/{article['id']}/brief"]
    for row in home["top_entities"][:5]:
        path = f"/entities/{quote(row['type'], safe='')}/{quote(row['name'], safe='')}"
        urls += [base + path, base + "/api" + path]
    return urls


async def reader(
    client: httpx.AsyncClient, urls: list[str], stop: float, tally: Tally, offset: int
) -> None:
    i = offset
    while time.monotonic() < stop and len(tally.latencies) < MAX_REQUESTS:
        url = urls[i % len(urls)]
        i += 1
        began = time.perf_counter()
        try:
            response = await client.get(url)
            if response.status_code != 200:
                tally.errors.append(f"{response.status_code} {url} {response.text[:200]}")
        except httpx.HTTPError as exc:
            tally.errors.append(f"{type(exc).__name__} {url}")
        tally.latencies.append(time.perf_counter() - began)


async def writer(
    client: httpx.AsyncClient, base: str, files: list[Path], stop: float, tally: Tally
) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"}
    i = 0
    while time.monotonic() < stop:
        body = files[i % len(files)].read_bytes()
        i += 1
        try:
            response = await client.post(
                f"{base}/api/ingest", content=body, headers=headers, timeout=60
            )
            if response.status_code == 200:
                tally.writes += 1
            else:
                tally.write_errors.append(f"{response.status_code} {response.text[:200]}")
        except httpx.HTTPError as exc:
            tally.write_errors.append(type(exc).__name__)


async def run_load(base: str, files: list[Path], readers: int, duration: float) -> Tally:
    urls = read_urls(base)
    tally = Tally()
    stop = time.monotonic() + duration
    limits = httpx.Limits(max_connections=readers + 1)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        await asyncio.gather(
            writer(client, base, files, stop, tally),
            *(reader(client, urls, stop, tally, n) for n in range(readers)),
        )
    return tally


def report(tally: Tally, readers: int, duration: float) -> dict[str, object]:
    ms = sorted(x * 1000 for x in tally.latencies)
    pct = statistics.quantiles(ms, n=100) if len(ms) > 1 else [0.0] * 99
    return {
        "readers": readers,
        "duration_s": duration,
        "requests": len(ms),
        "requests_per_s": round(len(ms) / duration, 1),
        "p50_ms": round(pct[49], 1),
        "p95_ms": round(pct[94], 1),
        "p99_ms": round(pct[98], 1),
        "max_ms": round(ms[-1], 1) if ms else 0.0,
        "read_errors": len(tally.errors),
        "ingests_done": tally.writes,
        "ingest_errors": len(tally.write_errors),
        "database_locked": tally.locked,
        "first_errors": (tally.errors + tally.write_errors)[:5],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--articles", type=Path, default=BBC, help="folder of .txt articles")
    args = parser.parse_args()
    readers = max(1, min(args.readers, MAX_READERS))
    duration = max(1.0, min(args.duration, MAX_DURATION_S))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.db"
        files = build_db(db, args.articles)
        port = free_port()
        server = start_server(db, port)
        try:
            tally = asyncio.run(run_load(f"http://{HOST}:{port}", files, readers, duration))
        finally:
            server.terminate()
            server.wait(timeout=10)
    result = report(tally, readers, duration)
    print(json.dumps(result, indent=2))
    return 1 if result["read_errors"] or result["ingest_errors"] else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    raise SystemExit(main())
