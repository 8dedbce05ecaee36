"""Draw the random news sentences of ``tests/data/cameo_sentences`` from the development texts.

The set is coded by hand with CAMEO roots (see its README); this script only draws the
sentences, so that the sample is reproducible and nobody chose them. Development texts only:
BBC politics, PolNeAR train and dev, TimeBank and AQUAINT, ECB+ topics 1-35 and the
newspaper4k texts (never PolNeAR test, TempEval-3 platinum or ECB+ topics 36-45).

Usage: ``python scripts/sample_cameo_sentences.py [--eval ../shared/eval] [--per-source 48]
[--seed N] [--exclude coded.tsv ...]`` prints ``source<TAB>sentence`` lines (the coder adds
``roots``, ``kind`` and ``why``).
"""

from __future__ import annotations

import argparse
import csv
import html
import random
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

SEED = 20240611
PER_SOURCE = 48
MIN_CHARS, MAX_CHARS = 40, 300
ROOT = Path(__file__).resolve().parents[1]
EVENT_FREE = ROOT / "tests" / "data" / "event_free" / "sentences.tsv"

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gov",
        "sen",
        "rep",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "prof",
        "jr",
        "sr",
        "inc",
        "corp",
        "co",
        "ltd",
        "no",
        "vs",
        "etc",
        "mt",
        "ft",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "rev",
        "gens",
        "reps",
        "sens",
        "u.s",
        "u.n",
        "u.k",
        "a.m",
        "p.m",
    ]
)
SPLIT = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(]?[A-Z0-9])")
DATELINE = re.compile(
    r"^[A-Z][A-Z .,'-]+(?:,[^()\n]{0,30})?\s*\((?:AP|CNN|Reuters|AFP|Yonhap)\)\s*[-_—–]+\s*"
)
BOILERPLATE = re.compile(
    r"https?:|www\.|@|©|copyright|all rights reserved|click|sign up|subscribe|newsletter"
    r"|follow (?:us|him|her)|affiliate link|photo:|getty|associated press writer"
    r"|contributed to this report",
    re.IGNORECASE,
)
ENDS_LIKE_SENTENCE = re.compile(r"[.!?][\"'”’)]*$")


def split_sentences(paragraph: str) -> list[str]:
    """Split at ``. ! ?`` (and closing quotes) before a capital, not after an abbreviation
    or an initial: cheap, and good enough to draw from (odd splits are filtered out)."""
    out, start = [], 0
    for m in SPLIT.finditer(paragraph):
        word = re.search(r"(\S+)$", paragraph[start : m.start()])
        last = word.group(1).lower().strip("\"'“‘(") if word else ""
        if last in ABBREVIATIONS or re.fullmatch(r"[a-z]", last):
            continue
        out.append(paragraph[start : m.end()].strip())
        start = m.end()
    out.append(paragraph[start:].strip())
    return [s for s in out if s]


def keep(sentence: str) -> bool:
    """A body sentence of the right length: not a headline, byline, caption or boilerplate."""
    return (
        MIN_CHARS <= len(sentence) <= MAX_CHARS
        and bool(re.match(r"[\"“‘(]?[A-Z0-9]", sentence))
        and ENDS_LIKE_SENTENCE.search(sentence) is not None
        and len(sentence.split()) >= 6
        and BOILERPLATE.search(sentence) is None
        and sum(c.isupper() for c in sentence) < 0.5 * sum(c.isalpha() for c in sentence)
    )


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, each on one line."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def plain_text_docs(files: list[Path], skip_headline: bool) -> Iterator[tuple[Path, str]]:
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        if skip_headline:
            text = text.split("\n", 1)[1] if "\n" in text else ""
        yield path, text


def timeml_docs(files: list[Path]) -> Iterator[tuple[Path, str]]:
    """The ``<TEXT>`` of a TimeML file with its inline tags removed."""
    for path in files:
        raw = path.read_text(encoding="utf-8", errors="replace")
        m = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.DOTALL)
        if m:
            yield path, html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))


def detokenize(tokens: list[str]) -> str:
    """ECB+ tokens re-joined: no space before punctuation and clitics, quotes as ``"``."""
    text = " ".join(tokens).replace("``", '"').replace("''", '"')
    text = re.sub(r" ([.,;:!?%)\]]|'s|'re|'ve|'ll|'d|n't|’s)(?=\s|$)", r"\1", text)
    text = re.sub(r"([($\[]) ", r"\1", text)
    return re.sub(r'" (.*?) "', r'"\1"', text)


def ecb_docs(folder: Path) -> Iterator[tuple[Path, str]]:
    """ECB+ development topics 1-35 only, one paragraph per tokenised sentence."""
    for topic in sorted(folder.iterdir(), key=lambda p: p.name):
        if not topic.name.isdigit() or not 1 <= int(topic.name) <= 35:
            continue
        for path in sorted(topic.glob("*.xml")):
            sents: dict[int, list[str]] = {}
            for tok in ET.parse(path).getroot().iter("token"):
                sents.setdefault(int(tok.get("sentence", "0")), []).append(tok.text or "")
            yield path, "\n\n".join(detokenize(t) for _, t in sorted(sents.items()))


def source_docs(base: Path) -> dict[str, list[tuple[Path, str]]]:
    """Every development document of each source, in a stable order."""
    tb = sorted((base / "timeml" / "TimeBank").glob("*.tml"))
    aq = sorted((base / "timeml" / "AQUAINT").glob("*.tml"))
    pn = sorted((base / "polnear" / "train" / "text").glob("*.txt"))
    pn += sorted((base / "polnear" / "dev" / "text").glob("*.txt"))
    bbc = sorted((base / "bbc-politics" / "politics").glob("*.txt"))
    html_txt = sorted((base / "html-newspaper4k" / "txt").glob("*.txt"))
    return {
        "bbc": list(plain_text_docs(bbc, True)),
        "polnear": list(plain_text_docs(pn, True)),
        "timeml": list(timeml_docs(tb + aq)),
        "ecbplus": list(ecb_docs(base / "ecbplus" / "ECB+")),
        "newspaper4k": list(plain_text_docs(html_txt, False)),
    }


def pool(docs: list[tuple[Path, str]], base: Path, seen: set[str]) -> list[tuple[str, str]]:
    """Every kept sentence of a source as (path relative to ``base``, sentence), deduplicated."""
    out: list[tuple[str, str]] = []
    for path, text in docs:
        for para in paragraphs(text):
            for sent in split_sentences(DATELINE.sub("", para)):
                sent = DATELINE.sub("", sent).replace("\t", " ")
                if keep(sent) and sent not in seen:
                    seen.add(sent)
                    out.append((path.relative_to(base).as_posix(), sent))
    return out


def already_listed(extra: list[Path]) -> set[str]:
    """Sentences of the event-free set and of ``extra`` coded sets, which a draw must not repeat."""
    seen: set[str] = set()
    for path in [EVENT_FREE, *extra]:
        if not path.exists():
            continue
        # the event-free sets quote fields, the coded news sets never do: read both ways, as
        # a sentence opening with a quotation mark reads wrong (or swallows lines) otherwise
        for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_NONE):
            with path.open(encoding="utf-8", newline="") as fh:
                rows = csv.DictReader(fh, delimiter="\t", quoting=quoting)
                seen |= {row["sentence"] for row in rows if row.get("sentence")}
    return seen


def draw(
    base: Path, per_source: int, seed: int, exclude: list[Path] | None = None
) -> list[tuple[str, str]]:
    """``per_source`` sentences drawn uniformly from each source's pool, one seeded RNG."""
    rng = random.Random(seed)
    seen = already_listed(exclude or [])
    chosen: list[tuple[str, str]] = []
    for name, docs in source_docs(base).items():
        candidates = pool(docs, base, seen)
        print(f"{name}: {len(docs)} documents, {len(candidates)} sentences", file=sys.stderr)
        chosen += rng.sample(candidates, min(per_source, len(candidates)))
    return chosen


def draw_parser(doc: str | None, seed: int, per_source: int) -> argparse.ArgumentParser:
    """The options every draw script takes: the data folder, how many per source, the
    seed, and the coded sets whose sentences are not drawn again."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--per-source", type=int, default=per_source)
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument(
        "--exclude",
        type=Path,
        action="append",
        default=[],
        help="a coded set (TSV with a sentence column) whose sentences are not drawn again",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = draw_parser(__doc__, SEED, PER_SOURCE).parse_args(argv)
    for source, sentence in draw(args.eval.resolve(), args.per_source, args.seed, args.exclude):
        print(f"{source}\t{sentence}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
