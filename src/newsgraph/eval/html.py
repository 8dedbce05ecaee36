"""The html suite: body text, titles and dates of real web pages, beside trafilatura and htmldate.

Three public sets under ``../shared/eval``, every system on the same pages in the same run:

- ``html-trafilatura-eval``: must-include / must-exclude snippets scored as trafilatura's own
  benchmark does (a "with" snippet found in the body is a TP, missed an FN; a "without" snippet
  found is an FP, absent a TN), plus title and date accuracy where the page has gold.
- ``html-newspaper4k``: token F1 of the body against newspaper4k's saved text, title and date.
- ``html-dates``: day-exact publication date (htmldate's benchmark, English pages).

newsgraph is :func:`newsgraph.sources.parse_html` (date from ``Article.published``);
trafilatura is ``extract()`` with default settings for the body and ``extract_metadata()``
for title and date; htmldate is ``find_date()`` with its defaults, for dates only.
"""

from __future__ import annotations

import gzip
import json
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.errors import InputError, NewsgraphError
from newsgraph.eval.base import PRF, SuiteResult, SystemScores, data_dir, sample
from newsgraph.eval.halves import HALVES, Half, half_of
from newsgraph.eval.report import half_columns, halves_note
from newsgraph.sources import parse_html

TRAFILATURA_SET = "html-trafilatura-eval"
NEWSPAPER_SET = "html-newspaper4k"
DATES_SET = "html-dates"
SYSTEMS = ("newsgraph", "trafilatura", "htmldate")
HEADLINE = "body f1"

_WORD = re.compile(r"\w+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Output:
    """What one system read off one page; ``None`` where it gives no such field."""

    body: str | None = None
    title: str | None = None
    date: str | None = None


@dataclass
class Page:
    """One page of one set, with whatever gold the set annotates for it."""

    name: str
    html: bytes
    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)
    text: str | None = None
    title: str | None = None
    date: str | None = None


@dataclass
class Tally:
    """A system's running counts on the suite: snippet PRF, token F1s, right/asked per field."""

    snippets: PRF = field(default_factory=PRF)
    true_negatives: int = 0
    token_f1: list[float] = field(default_factory=list)
    right: Counter[str] = field(default_factory=Counter)
    asked: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    pages: int = 0

    def add(self, other: Tally) -> None:
        """Sum ``other`` into this tally (the whole suite is the sum of its halves)."""
        self.snippets.add(other.snippets)
        self.true_negatives += other.true_negatives
        self.token_f1 += other.token_f1
        self.right.update(other.right)
        self.asked.update(other.asked)
        self.seconds += other.seconds
        self.pages += other.pages


# --- scoring helpers ---------------------------------------------------------------------


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def snippet_counts(text: str, with_: list[str], without: list[str]) -> tuple[PRF, int]:
    """trafilatura's benchmark rule: substring tests, on NFC text so canonically equal
    spellings match; returns (tp/fp/fn, true negatives)."""
    text = _nfc(text)
    found = [s for s in with_ if _nfc(s) in text]
    leaked = [s for s in without if _nfc(s) in text]
    prf = PRF(tp=len(found), fp=len(leaked), fn=len(with_) - len(found))
    return prf, len(without) - len(leaked)


def token_f1(predicted: str, gold: str) -> float:
    """Bag-of-words F1 of lower-cased word tokens (SQuAD style), 1.0 when both are empty."""
    pred, ref = Counter(_WORD.findall(predicted.lower())), Counter(_WORD.findall(gold.lower()))
    if not pred and not ref:
        return 1.0
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(pred.values()), overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def normalise_title(title: str | None) -> str:
    """Title as compared: NFKC, straight quotes and dashes, case-folded, spaces collapsed."""
    if not title:
        return ""
    flat = unicodedata.normalize("NFKC", title).translate(_QUOTES).casefold()
    return " ".join(flat.split()).strip(" .")


def same_day(predicted: str | None, gold: str) -> bool:
    """Day-exact date match on the YYYY-MM-DD prefix."""
    return bool(predicted) and str(predicted)[:10] == gold[:10]


# --- systems -------------------------------------------------------------------------------


def run_newsgraph(html: bytes) -> Output:
    """newsgraph's HTML reader; a page it refuses reads as empty, never as a crash."""
    try:
        article = parse_html(html)
    except NewsgraphError:
        return Output(body="", title="", date=None)
    return Output(body=article.text, title=article.title, date=article.published)


def run_trafilatura(html: bytes, *, body: bool = True) -> Output:
    """trafilatura 2.x with default settings: ``extract`` body, ``extract_metadata`` fields."""
    import trafilatura
    from trafilatura.metadata import extract_metadata

    text = (trafilatura.extract(html) or "") if body else None
    try:
        meta = extract_metadata(trafilatura.load_html(html))
    except (ValueError, TypeError, AttributeError):
        meta = None
    if meta is None:
        return Output(body=text, title="", date=None)
    return Output(body=text, title=meta.title or "", date=meta.date)


def run_trafilatura_metadata(html: bytes) -> Output:
    """trafilatura's metadata only, for the dates set (it scores no body)."""
    return run_trafilatura(html, body=False)


def run_htmldate(html: bytes) -> Output:
    """htmldate's ``find_date`` with its defaults (extensive search on)."""
    from htmldate import find_date

    try:
        found = find_date(html)
    except (ValueError, TypeError):
        found = None
    return Output(date=found)


Runner = Callable[[bytes], Output]
RUNNERS: dict[str, Runner] = {
    "newsgraph": run_newsgraph,
    "trafilatura": run_trafilatura,
    "htmldate": run_htmldate,
}


# --- datasets ------------------------------------------------------------------------------


def _gunzip(path: Path) -> bytes:
    try:
        return gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def _gold_date(value: Any) -> str | None:
    text = str(value or "")[:10]
    return text if _ISO_DAY.fullmatch(text) else None


def load_trafilatura_set(folder: Path, limit: int | None) -> list[Page]:
    """Pages of the trafilatura benchmark's English subset, in file order."""
    records = json.loads((folder / "english_subset.json").read_text(encoding="utf-8"))
    return [
        Page(
            name=rec["file"],
            html=_gunzip(folder / "html" / rec["file"]),
            with_=list(rec.get("with") or []),
            without=list(rec.get("without") or []),
            title=rec.get("title") or None,
            date=_gold_date(rec.get("date")),
        )
        for rec in sample(records.values(), limit)
    ]


def load_newspaper_set(folder: Path, limit: int | None) -> list[Page]:
    """newspaper4k's English fixtures: saved body text, title and publish date."""
    pages = []
    for path in sample(sorted((folder / "html").glob("*.html.gz")), limit):
        name = path.name.removesuffix(".html.gz")
        meta = json.loads((folder / "metadata" / f"{name}.json").read_text(encoding="utf-8"))
        text = (folder / "txt" / f"{name}.txt").read_text(encoding="utf-8")
        pages.append(
            Page(
                name=name,
                html=_gunzip(path),
                text=text,
                title=meta.get("title"),
                date=_gold_date(meta.get("publish_date")),
            )
        )
    return pages


def load_dates_set(folder: Path, limit: int | None) -> list[Page]:
    """htmldate's benchmark, English subset: pages with a day-exact gold date."""
    records = json.loads((folder / "english_subset.json").read_text(encoding="utf-8"))
    return [
        Page(
            name=rec["file"],
            html=_gunzip(folder / "html" / rec["file"]),
            date=_gold_date(rec["date"]),
        )
        for rec in sample(records.values(), limit)
    ]


LOADERS: dict[str, Callable[[Path, int | None], list[Page]]] = {
    TRAFILATURA_SET: load_trafilatura_set,
    NEWSPAPER_SET: load_newspaper_set,
    DATES_SET: load_dates_set,
}
MARKER = {
    TRAFILATURA_SET: "english_subset.json",
    NEWSPAPER_SET: "txt",
    DATES_SET: "english_subset.json",
}
PREFIX = {TRAFILATURA_SET: "", NEWSPAPER_SET: "n4k ", DATES_SET: "dates-set "}
# the runner each system uses on each set: the dates set needs no trafilatura body
SET_RUNNERS: dict[str, dict[str, Runner]] = {
    TRAFILATURA_SET: RUNNERS,
    NEWSPAPER_SET: RUNNERS,
    DATES_SET: {**RUNNERS, "trafilatura": run_trafilatura_metadata},
}


# --- scoring one page ----------------------------------------------------------------------


def _count(tally: Tally, key: str, hit: bool) -> None:
    tally.asked[key] += 1
    tally.right[key] += int(hit)


def score_page(tally: Tally, page: Page, out: Output, prefix: str) -> list[str]:
    """Add one page's outcome to ``tally``; returns the snippets the system got wrong."""
    wrong: list[str] = []
    if out.body is not None and (page.with_ or page.without):
        prf, negatives = snippet_counts(out.body, page.with_, page.without)
        tally.snippets.add(prf)
        tally.true_negatives += negatives
        body = _nfc(out.body)
        wrong = [f"missed: {s}" for s in page.with_ if _nfc(s) not in body]
        wrong += [f"leaked: {s}" for s in page.without if _nfc(s) in body]
    if out.body is not None and page.text is not None:
        tally.token_f1.append(token_f1(out.body, page.text))
    if out.title is not None and page.title:
        _count(tally, f"{prefix}title", normalise_title(out.title) == normalise_title(page.title))
    if page.date:
        _count(tally, f"{prefix}date", same_day(out.date, page.date))
    return wrong


def metrics_of(tally: Tally) -> dict[str, float]:
    """The tally as named figures; a field a system never gave is left out (prints "–")."""
    metrics: dict[str, float] = {}
    s = tally.snippets
    if s.tp + s.fp + s.fn + tally.true_negatives:
        metrics = {f"body {k}": v for k, v in s.as_metrics().items()}
        metrics["body accuracy"] = (s.tp + tally.true_negatives) / (
            s.tp + s.fp + s.fn + tally.true_negatives
        )
    for prefix in PREFIX.values():
        for key in (f"{prefix}title", f"{prefix}date"):
            if tally.asked[key]:
                metrics[f"{key} accuracy"] = tally.right[key] / tally.asked[key]
        if prefix == PREFIX[NEWSPAPER_SET] and tally.token_f1:
            metrics["n4k body f1"] = sum(tally.token_f1) / len(tally.token_f1)
    if tally.pages and tally.seconds:
        metrics["pages/s"] = tally.pages / tally.seconds
    return metrics


# --- the suite -----------------------------------------------------------------------------


def _run_set(
    name: str,
    pages: list[Page],
    tallies: dict[Half, dict[str, Tally]],
    misses: dict[str, list[str]],
) -> None:
    """Every system on every page of one set, tallied in the page's half (by page file
    name); speed is timed on the trafilatura set only."""
    for page in pages:
        for system, runner in SET_RUNNERS[name].items():
            started = time.perf_counter()
            out = runner(page.html)
            tally = tallies[half_of(page.name)][system]
            if name == TRAFILATURA_SET:
                tally.seconds += time.perf_counter() - started
                tally.pages += 1
            wrong = score_page(tally, page, out, PREFIX[name])
            if system == "newsgraph" and wrong:
                misses[page.name] = wrong


def _folders(data: Path | None) -> tuple[dict[str, Path], list[str]]:
    """The sets present under ``data``; absent ones are named in a note, not an error."""
    found, notes = {}, []
    for name in LOADERS:
        try:
            folder = data_dir(data, name)
        except InputError:
            folder = Path("/nonexistent")
        if folder.name == name and (folder / MARKER[name]).exists():
            found[name] = folder
        else:
            notes.append(f"{name} not found under the data folder; its rows are missing.")
    if not found:
        raise InputError(f"none of {', '.join(LOADERS)} found (pass --data ../shared/eval)")
    return found, notes


def _row(system: str, by_half: dict[Half, dict[str, Tally]]) -> SystemScores:
    """A system's figures on all pages, with its headline on each half."""
    whole = Tally()
    for h in HALVES:
        whole.add(by_half[h][system])
    per_half = {h: metrics_of(by_half[h][system]).get(HEADLINE) for h in HALVES}
    return SystemScores(system, metrics_of(whole) | half_columns(HEADLINE, per_half))


def run(data: Path | None = None, limit: int | None = None) -> SuiteResult:
    """Score every system on the same pages of every set present; headline "body f1"."""
    folders, notes = _folders(data)
    by_half = {h: {system: Tally() for system in SYSTEMS} for h in HALVES}
    misses: dict[str, list[str]] = {}
    counts = {}
    half_pages = dict.fromkeys(HALVES, 0)
    for name, folder in folders.items():
        pages = LOADERS[name](folder, limit)
        counts[name] = len(pages)
        for page in pages:
            half_pages[half_of(page.name)] += 1
        _run_set(name, pages, by_half, misses)
    systems = [_row(s, by_half) for s in SYSTEMS]
    systems[2].note = "dates only"
    notes += [
        "body *: trafilatura-eval snippets (with → TP/FN, without → FP/TN), substring test "
        "as in trafilatura's tests/evaluate.py, both sides NFC; title/date: pages with gold.",
        "newsgraph's body is Article.text: by design it leaves out the headline (Article.title), "
        "reader comments and photo captions, which a few 'with' snippets are.",
        "n4k: newspaper4k's own saved outputs (not human gold): mean token F1 of the body, "
        "title and date accuracy; dates-set: htmldate benchmark, day-exact.",
        "trafilatura = extract() defaults + extract_metadata(); htmldate = find_date() "
        "defaults. pages/s: one core, trafilatura-eval pages. The gate runs every page.",
        "Pages: "
        + ", ".join(f"{n} {c}" for n, c in counts.items())
        + (f" (first {limit} of each set, file order)" if limit else ""),
        halves_note("page file name", half_pages, "pages"),
    ]
    return SuiteResult(
        suite="html",
        dataset="trafilatura-eval + newspaper4k + htmldate-eval (English pages)",
        items=sum(counts.values()),
        systems=systems,
        headline=HEADLINE,
        notes=notes,
        details={"newsgraph_misses": misses},
    )
