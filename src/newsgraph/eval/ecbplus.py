"""Reading the ECB+ release XML: documents rebuilt as text, mentions as character spans.

Shared by the ``storylines`` and ``xdoc`` suites. The text is rebuilt as the dataset README
says (tokens joined by single spaces, sentences by newlines, sentence 0 of ``ecbplus`` files
left out because it is the source URL), so a mention's span is its first token's start to its
last token's end in that text.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from newsgraph.errors import InputError
from newsgraph.model import Article, Brief
from newsgraph.nlp.convert import load_nlp
from newsgraph.pipeline import analyse, analyse_many

EVENT_PREFIXES = ("ACTION_", "NEG_ACTION_")
ENTITY_PREFIXES = ("HUMAN_PART", "NON_HUMAN_PART", "LOC_", "TIME_")
_SPACE = re.compile(r"\s+")
_NAME = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)\.xml$")


@dataclass(frozen=True)
class GoldMention:
    """One annotated mention: its tag, character span in the rebuilt text, and cluster."""

    doc: str
    m_id: str
    tag: str
    start: int
    end: int
    sentence: int
    cluster: str
    head: str  # lower-cased last token (the simple head rule of the README's baseline)

    @property
    def is_event(self) -> bool:
        return self.tag.startswith(EVENT_PREFIXES)

    @property
    def is_entity(self) -> bool:
        return self.tag.startswith(ENTITY_PREFIXES)


@dataclass
class EcbDoc:
    """One ECB+ document: its name, gold sub-topic, rebuilt text and annotated mentions."""

    name: str  # e.g. "2_1ecb"
    topic: str
    subtopic: str  # e.g. "2_ecb"
    text: str
    mentions: list[GoldMention] = field(default_factory=list)
    validated: set[int] = field(default_factory=set)

    lines: list[int] = field(default_factory=list)  # ECB+ sentence number of each line

    def sentence_at(self, offset: int) -> int:
        """The ECB+ sentence number of the line holding a character offset."""
        return self.lines[min(self.text.count("\n", 0, offset), len(self.lines) - 1)]


def _token_text(raw: str | None) -> str:
    text = _SPACE.sub("", raw or "")
    return text or "_"


def _rebuild(root: etree._Element, skip_url: bool) -> tuple[str, dict[str, tuple[int, int, int]]]:
    """The text and each token's (start, end, sentence)."""
    spans: dict[str, tuple[int, int, int]] = {}
    parts: list[str] = []
    pos, last_sentence = 0, None
    for tok in root.iter("token"):
        sentence = int(tok.get("sentence", "0"))
        if skip_url and sentence == 0:
            continue
        if last_sentence is not None:
            sep = " " if sentence == last_sentence else "\n"
            parts.append(sep)
            pos += 1
        word = _token_text(tok.text)
        spans[tok.get("t_id", "")] = (pos, pos + len(word), sentence)
        parts.append(word)
        pos += len(word)
        last_sentence = sentence
    return "".join(parts), spans


def _clusters(root: etree._Element, name: str) -> dict[str, str]:
    """m_id -> gold cluster id (cross-document note, or an intra-document chain id)."""
    found: dict[str, str] = {}
    for rel in root.iter("CROSS_DOC_COREF"):
        for src in rel.iter("source"):
            found[src.get("m_id", "")] = rel.get("note", "")
    for rel in root.iter("INTRA_DOC_COREF"):
        for src in rel.iter("source"):
            found.setdefault(src.get("m_id", ""), f"INTRA_{rel.get('r_id')}_{name}")
    return found


def _mentions(
    root: etree._Element, name: str, text: str, spans: dict[str, tuple[int, int, int]]
) -> list[GoldMention]:
    clusters = _clusters(root, name)
    out: list[GoldMention] = []
    markables = root.find("Markables")
    for mark in markables if markables is not None else []:
        anchors = [a.get("t_id", "") for a in mark.iter("token_anchor")]
        located = [spans[t] for t in anchors if t in spans]
        if not located:
            continue
        m_id = mark.get("m_id", "")
        start, end = min(s for s, _, _ in located), max(e for _, e, _ in located)
        last = max(located, key=lambda s: s[1])
        out.append(
            GoldMention(
                doc=name,
                m_id=m_id,
                tag=str(mark.tag),
                start=start,
                end=end,
                sentence=located[0][2],
                cluster=clusters.get(m_id, f"SINGLE_{name}_{m_id}"),
                head=text[last[0] : last[1]].lower(),
            )
        )
    return out


def read_doc(path: Path, validated: set[int] | None = None) -> EcbDoc:
    """One XML file as an :class:`EcbDoc`."""
    m = _NAME.match(path.name)
    if m is None:
        raise InputError(f"not an ECB+ document name: {path.name}")
    topic, kind = m.group(1), m.group(3)
    try:
        root = etree.parse(str(path)).getroot()
    except etree.XMLSyntaxError as exc:
        raise InputError(f"unreadable ECB+ XML {path}: {exc}") from exc
    name = path.name[: -len(".xml")]
    text, spans = _rebuild(root, skip_url=kind == "ecbplus")
    return EcbDoc(
        name=name,
        topic=topic,
        subtopic=f"{topic}_{kind}",
        text=text,
        mentions=_mentions(root, name, text, spans),
        validated=validated or set(),
        lines=sorted({s for _, _, s in spans.values()}),
    )


def _validated(base: Path) -> dict[str, set[int]]:
    path = base / "ECBplus_coreference_sentences.csv"
    found: dict[str, set[int]] = {}
    if not path.exists():
        return found
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name = f"{row['Topic']}_{row['File']}"
            found.setdefault(name, set()).add(int(row["Sentence Number"]))
    return found


def _order(path: Path) -> tuple[int, str, int]:
    m = _NAME.match(path.name)
    return (int(m.group(1)), m.group(3), int(m.group(2))) if m else (0, path.name, 0)


def read_corpus(base: Path) -> list[EcbDoc]:
    """Every document under ``base/ECB+/<topic>/`` in a stable order (topic, kind, number)."""
    root = base / "ECB+"
    if not root.is_dir():
        raise InputError(f"ECB+ documents not found under {root}")
    validated = _validated(base)
    paths = sorted(root.glob("*/*.xml"), key=_order)
    return [read_doc(p, validated.get(p.name[: -len(".xml")], set())) for p in paths]


ANALYSE_CHUNK = 32


def analyse_docs(docs: list[EcbDoc]) -> tuple[list[Brief], list[str]]:
    """Every document through the real pipeline, in order. A document the pipeline fails on
    keeps an empty brief (its text still counts) and is named in the returned failures, so
    one extraction bug shows up in the notes instead of aborting the suite."""
    nlp = load_nlp()
    articles = [Article(text=d.text) for d in docs]
    briefs: list[Brief] = []
    failures: list[str] = []
    for i in range(0, len(articles), ANALYSE_CHUNK):
        chunk = articles[i : i + ANALYSE_CHUNK]
        try:
            briefs += list(analyse_many(chunk, nlp))
            continue
        except Exception:
            pass
        for n, article in enumerate(chunk):
            try:
                briefs.append(analyse(article, nlp))
            except Exception as exc:
                failures.append(f"{docs[i + n].name}: {type(exc).__name__}: {exc}")
                briefs.append(Brief(document=article))
    return briefs, failures
