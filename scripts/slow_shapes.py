"""Benchmark (issue 13): inputs built to be slow. Every shape, at 1 MB, must be briefed in
under 30 seconds by ``newsgraph brief`` on a 2-core machine, with whatever was cut said in
the brief's warnings.

    python scripts/slow_shapes.py [--size BYTES] [--only SHAPE ...] [--out DIR] [--kill-after S]

Each shape (long runs of one punctuation mark, deep nesting in text and HTML, one huge line
or word, one sentence repeated, glued numbers, unbalanced quotes, runs of capitalised words,
many dates, ...) is written to a file and briefed in a fresh process, as a user would run
it; the table gives wall time, how the run ended and the brief's warnings. The exit status
is 1 when any shape took longer than the limit (or was killed), else 0.
A benchmark, not a test: times vary about ±20% on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

LIMIT_S = 30.0
DEFAULT_SIZE = 1024 * 1024
PUNCTUATION = {
    "bang": "!",
    "hyphen": "-",
    "period": ".",
    "dquote": '"',
    "squote": "'",
    "lparen": "(",
    "lbracket": "[",
    "lt": "<",
    "comma": ",",
    "ellipsis": "…",
    "emdash": "—",
    "star": "*",
    "equals": "=",
    "curly-quote": "“",
    "newline-dot": ".\n",
}
SENTENCES = (
    "Prime Minister Jane Doe of Freedonia met President John Roe in Paris on Monday.",
    "“We will not accept this,” said Ali Hassan, a spokesman for the ministry.",
    "The talks, the fourth round since March 2023, lasted three days, officials said.",
    "About 1,200 people were killed and $3.5 billion in aid was pledged by the UN.",
    "According to Reuters, the army withdrew 40 km from the border last week.",
    "Mr. Roe told reporters that a deal could be signed by the end of March.",
)
NAME_WORDS = (
    "Alpha",
    "Bravo",
    "Charlie",
    "Delta",
    "Echo",
    "Foxtrot",
    "Golf",
    "Hotel",
    "India",
    "Juliet",
    "Kilo",
    "Lima",
    "Mike",
    "November",
    "Oscar",
    "Papa",
    "Quebec",
    "Romeo",
    "Sierra",
    "Tango",
    "Paris",
    "London",
    "Moscow",
    "Cairo",
    "Reuters",
    "Minister",
    "President",
    "General",
    "Smith",
    "Jones",
    "Hassan",
    "Doe",
    "Roe",
)
DATES = (
    "on January 5, 2026",
    "on 6 February 2025",
    "last Monday",
    "in March 2024",
    "on 2025-12-31",
    "two weeks ago",
    "by the end of 2027",
    "on Tuesday, May 7",
)
ShapeMaker = Callable[[int], str]


def fill(unit: str, size: int) -> str:
    """``unit`` repeated to about ``size`` bytes of UTF-8."""
    return unit * max(1, size // len(unit.encode("utf-8")))


def nest(opening: str, middle: str, closing: str, size: int) -> str:
    """``middle`` wrapped in as many opening/closing pairs as fit in ``size`` bytes."""
    depth = max(1, size // len((opening + closing).encode("utf-8")))
    return opening * depth + middle + closing * depth


def joined(pick: Callable[[random.Random], str], sep: str, size: int) -> str:
    """Pieces drawn by ``pick`` (seeded, so runs compare) joined by ``sep`` up to ``size``."""
    rng, parts, total = random.Random(13), [], 0
    while total < size:
        part = pick(rng)
        parts.append(part)
        total += len(part.encode("utf-8")) + len(sep)
    return sep.join(parts)


def html(body: str) -> str:
    return f"<!doctype html><html><head><title>Shape</title></head><body>{body}</body></html>"


def _names(rng: random.Random) -> str:
    return rng.choice(NAME_WORDS)


def _person_sentence(rng: random.Random) -> str:
    first, last = rng.choice(NAME_WORDS), rng.choice(NAME_WORDS) + str(rng.randrange(10**6))
    return f"Minister {first} {last.capitalize()} met {rng.choice(NAME_WORDS)} in Paris."


def _caption_line(rng: random.Random) -> str:
    return f"Photo {rng.randrange(10**6)} of {rng.choice(NAME_WORDS)} (Jane Doe/AFP)"


def _figure(rng: random.Random) -> str:
    return f"<figure><figcaption>{_caption_line(rng)}</figcaption></figure>"


def _numbers(size: int) -> str:
    return joined(lambda rng: str(rng.randrange(10**4)), ",", size)


def text_shapes() -> dict[str, ShapeMaker]:
    """Plain-text shapes: name -> maker of a text of about ``size`` bytes."""
    shapes: dict[str, ShapeMaker] = {
        f"run-{name}": (lambda size, c=char: fill(c, size)) for name, char in PUNCTUATION.items()
    }
    shapes.update(
        {
            "nested-parens": lambda size: nest("(", "word", ")", size),
            "nested-quotes": lambda size: nest("“‘", "word", "’”", size),
            "nested-brackets-words": lambda size: nest("[a (b ", "c", ") d]", size),
            "one-word": lambda size: fill("a", size),
            "one-capital-word": lambda size: "A" + fill("b", size - 1),
            "hyphenated-word": lambda size: fill("ab-", size),
            "one-line-prose": lambda size: joined(lambda r: r.choice(SENTENCES), " ", size),
            "prose-paragraphs": lambda size: joined(lambda r: r.choice(SENTENCES), "\n\n", size),
            "one-sentence-repeated": lambda size: fill(SENTENCES[0] + " ", size),
            "sentence-per-line": lambda size: fill(SENTENCES[1] + "\n", size),
            "quote-sentence-repeated": lambda size: fill(SENTENCES[1] + " ", size),
            "glued-numbers": _numbers,
            "digits": lambda size: fill("7", size),
            "unbalanced-curly": lambda size: fill("Doe said “the talks will go on. ", size),
            "unbalanced-straight": lambda size: fill('He said "yes. ', size),
            "quote-marks-words": lambda size: fill('“a” "b ‘c ', size),
            "capitalised-run": lambda size: joined(_names, " ", size),
            "many-people": lambda size: joined(_person_sentence, " ", size),
            "many-dates": lambda size: joined(lambda r: r.choice(DATES), ", ", size),
            "dates-glued": lambda size: fill("2026-01-05", size),
            "spaces": lambda size: "Start " + fill(" ", size) + " end.",
            "short-lines": lambda size: fill("Word\n", size),
            "language-links": lambda size: "A body line.\n" + fill("Français | Español\n", size),
            "caption-like-lines": lambda size: joined(_caption_line, "\n", size),
            "slash-credit-line": lambda size: fill("Ab Cd / ", size),
            "byline-like": lambda size: fill("Ab Cd, ", size),
        }
    )
    return shapes


def html_shapes() -> dict[str, ShapeMaker]:
    """HTML shapes: deep nesting, many elements, one huge paragraph."""
    para = "<p>" + SENTENCES[0] + "</p>"
    return {
        "html-nested-div": lambda size: html(nest("<div>", para, "</div>", size)),
        "html-nested-unclosed": lambda size: html(fill("<div>", size) + para),
        "html-nested-b": lambda size: html(nest("<b>", SENTENCES[0], "</b>", size)),
        "html-nested-table": lambda size: html(
            nest("<table><tr><td>", para, "</td></tr></table>", size)
        ),
        "html-flat-paragraphs": lambda size: html(fill(para, size)),
        "html-one-paragraph": lambda size: html(
            "<article><p>" + joined(lambda r: r.choice(SENTENCES), " ", size) + "</p></article>"
        ),
        "html-many-figcaptions": lambda size: html(joined(_figure, "", size) + para),
    }


@dataclass
class Result:
    """One shape's run: bytes written, wall seconds, how it ended, the brief's warnings."""

    shape: str
    size: int
    seconds: float
    status: str
    warnings: list[str] = field(default_factory=list)

    @property
    def too_slow(self) -> bool:
        return self.seconds > LIMIT_S or self.status == "killed"


def newsgraph_command() -> list[str]:
    """The ``newsgraph`` console script of the interpreter running this script."""
    beside = Path(sys.executable).with_name("newsgraph")
    found = str(beside) if beside.exists() else shutil.which("newsgraph")
    if found is None:
        sys.exit("newsgraph is not installed (run `make install`)")
    return [found]


def run_shape(shape: str, path: Path, kill_after: float) -> Result:
    """Brief ``path`` in a fresh process and time it, as a user would see it."""
    size = path.stat().st_size
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [*newsgraph_command(), "brief", str(path), "--format", "json"],
            capture_output=True,
            text=True,
            timeout=kill_after,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Result(shape, size, time.perf_counter() - start, "killed")
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"error: exit {done.returncode}"]
        return Result(shape, size, seconds, lines[-1][:80])
    warnings = json.loads(done.stdout).get("warnings", [])
    return Result(shape, size, seconds, "ok", [str(w) for w in warnings])


def print_table(results: list[Result]) -> None:
    """shape, bytes, seconds, status and warnings, one row per shape."""
    print(f"{'shape':<26} {'bytes':>9} {'seconds':>8}  status / warnings")
    for r in results:
        mark = " !" if r.too_slow else ""
        print(f"{r.shape:<26} {r.size:>9} {r.seconds:>8.1f}{mark} {r.status}")
        for warning in r.warnings:
            print(f"{'':<46}- {warning[:110]}")


def parse_args(argv: list[str] | None, names: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="bytes per shape")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=names,
        metavar="SHAPE",
        help=f"run just these shapes (of: {', '.join(names)})",
    )
    parser.add_argument("--out", type=Path, help="write the shapes here and keep them")
    parser.add_argument(
        "--kill-after",
        type=float,
        default=4 * LIMIT_S,
        help="seconds after which a run is killed (counts as too slow)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    makers = {
        **{n: (m, ".txt") for n, m in text_shapes().items()},
        **{n: (m, ".html") for n, m in html_shapes().items()},
    }
    args = parse_args(argv, list(makers))
    folder = args.out or Path(tempfile.mkdtemp(prefix="slow-shapes-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for name in args.only or list(makers):
            maker, suffix = makers[name]
            path = folder / f"{name}{suffix}"
            path.write_text(maker(args.size), encoding="utf-8")
            results.append(run_shape(name, path, args.kill_after))
            print(f"{name}: {results[-1].seconds:.1f} s", file=sys.stderr, flush=True)
    finally:
        if args.out is None:
            shutil.rmtree(folder, ignore_errors=True)
    print_table(results)
    slow = [r.shape for r in results if r.too_slow]
    if slow:
        print(f"over {LIMIT_S:.0f} s: {', '.join(slow)}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
