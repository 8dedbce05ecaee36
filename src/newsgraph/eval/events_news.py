"""Random news sentences coded by hand with CAMEO roots: the measure shaped like the held-out one.

``tests/data/cameo_sentences/sentences.tsv`` (see its README) holds news sentences drawn at
random from the development texts and coded blind with CAMEO 1.1b3 roots (two digits; none
where the sentence reports no event). A sentence is right when the roots of every event a
system reads in it, statements included, contain one of the gold roots, or when both say
no event: the held-out coders' rule. Halves by sha256 of source and sentence.

``second_draw.tsv`` and ``third_draw.tsv`` are later draws from the same texts (other seeds,
the earlier draws' sentences excluded), coded the same way. They are tuning data only: their
sentences all count in the tuning half, so the check half stays the first draw's, untouched
by rules (and by the event model, :mod:`newsgraph.nlp.event_odds`) made since.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsgraph.eval.base import share
from newsgraph.eval.halves import HALVES, Half, half_of

CAMEO_DIR = Path(__file__).resolve().parents[3] / "tests" / "data" / "cameo_sentences"
CAMEO_SENTENCES = CAMEO_DIR / "sentences.tsv"
SECOND_DRAW = CAMEO_DIR / "second_draw.tsv"
THIRD_DRAW = CAMEO_DIR / "third_draw.tsv"
SECOND = "second draw"
TUNING_DRAWS = ((SECOND_DRAW, SECOND), (THIRD_DRAW, "third draw"))
ROOT = re.compile(r"(?:0[1-9]|1\d|20)")


@dataclass(frozen=True)
class NewsSentence:
    """One hand-coded sentence: where it comes from, its text, its gold CAMEO roots (empty:
    no event), what kind of sentence it is and why it was coded so."""

    source: str
    sentence: str
    roots: frozenset[str]
    kind: str
    why: str
    fixed_half: Half | None = None  # a tuning-only draw: every sentence in the tuning half
    draw: str = SECOND  # which tuning-only draw (read only where ``fixed_half`` is set)

    @property
    def half(self) -> Half:
        return self.fixed_half or half_of(f"{self.source}\t{self.sentence}")


def parse_roots(field: str) -> frozenset[str]:
    """``"01 11"`` -> {"01", "11"}; a token that is not a CAMEO root (01..20) is an error."""
    roots = field.split()
    bad = [r for r in roots if not ROOT.fullmatch(r)]
    if bad:
        raise ValueError(f"not CAMEO roots (01..20): {bad}")
    return frozenset(roots)


def load_news_sentences(
    path: Path = CAMEO_SENTENCES, half: Half | None = None, draw: str = SECOND
) -> list[NewsSentence]:
    """The coded sentences in file order, all in ``half`` if given; empty where the file is
    absent. Fields are never quoted (a sentence may open with a quotation mark)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            NewsSentence(
                r["source"],
                r["sentence"],
                parse_roots(r["roots"]),
                r["kind"],
                r["why"],
                half,
                draw,
            )
            for r in reader
        ]


def load_all_news_sentences() -> list[NewsSentence]:
    """The first draw (halves by hash) then the later ones (tuning only), in order."""
    later = [load_news_sentences(path, "tuning", name) for path, name in TUNING_DRAWS]
    return load_news_sentences() + [row for rows in later for row in rows]


def sentence_right(read: frozenset[str], gold: frozenset[str]) -> bool:
    """The held-out rule: a gold root among the roots read, or no event on both sides."""
    return bool(read & gold) if gold else not read


def news_metrics(
    rows: Sequence[NewsSentence], read: Sequence[frozenset[str]], detail: bool = False
) -> dict[str, float]:
    """Sentence accuracy and counts overall and on each half; with ``detail``, also the share
    of event sentences where a gold root was read and of event-free ones with any event."""
    out: dict[str, float] = {}
    groups: list[tuple[str, str | None]] = [("", None), *((f" ({h} half)", h) for h in HALVES)]
    draws = dict.fromkeys(g.draw for g in rows if g.fixed_half)
    groups += [(f" ({draw}, tuning)", draw) for draw in draws]
    for label, key in groups:
        pairs = [(r, g) for r, g in zip(read, rows, strict=True) if _in_group(g, key)]
        out[f"news sentence accuracy (CAMEO roots){label}"] = share(
            [sentence_right(r, g.roots) for r, g in pairs]
        )
        out[f"news sentences{label}"] = float(len(pairs))
        if detail:
            out[f"news event sentences with a gold root read{label}"] = share(
                [bool(r & g.roots) for r, g in pairs if g.roots]
            )
            out[f"news event-free sentences with an event{label}"] = share(
                [bool(r) for r, g in pairs if not g.roots]
            )
    return out


def _in_group(row: NewsSentence, key: str | None) -> bool:
    """Whether a sentence counts in a group: all (None), a half, or a tuning-only draw."""
    if key in HALVES or key is None:
        return key is None or row.half == key
    return row.fixed_half is not None and row.draw == key


def news_note(rows: Sequence[NewsSentence]) -> str:
    """The report's line describing the set as loaded."""
    free = sum(not r.roots for r in rows)
    halves = {h: sum(r.half == h for r in rows) for h in HALVES}
    later = sum(r.fixed_half is not None for r in rows)
    return (
        f"News sentences (tests/data/cameo_sentences): {len(rows)} random sentences from the "
        f"development texts coded blind with CAMEO 1.1b3 roots, {free} with no event; right "
        "when the roots of every event read (statements included) contain a gold root, or both "
        f"say no event; first draw's halves by sha256 of source and sentence, the later "
        f"draws' {later} all tuning ({halves['tuning']} tuning, {halves['check']} check)."
    )
