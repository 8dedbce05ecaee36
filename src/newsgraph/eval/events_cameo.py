"""CAMEO measures of the events suite on PETRARCH2's unit-test records, by half.

Two measures, each on the tuning half (where rules were changed from errors seen) and the
check half (never looked at), split by :func:`newsgraph.eval.halves.half_of` on the record's
``id`` attribute so that a record keeps its half whatever else is added:

- root agreement: the main event's CAMEO root is one of the gold codings' roots, on the
  records whose gold names a source and a target (the suite's long-standing measure);
- sentence accuracy, in the style of a held-out human coding: a sentence is right when the
  roots of every event read from it include a gold root, or when both say it has none
  (``noevents="True"`` records count, error and discard records do not).

The unit-test dictionary is a legacy KEDS file whose codes are mostly WEIS, not CAMEO
("condemned" is WEIS 12 ACCUSE, CAMEO 11; "welcomed" WEIS 04 APPROVE, CAMEO 05), with test
codes of its own (34, 80, 90, 91). A CAMEO-faithful coder therefore disagrees with much of
the gold by design; ``WEIS_TO_CAMEO`` reads each gold root as the CAMEO roots its WEIS
category covers (written from the two codebooks' category definitions, not from errors) for
a third, clearly labelled column that accepts either reading of a gold root.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsgraph.eval.base import share
from newsgraph.eval.halves import HALVES, half_of

# WEIS root -> the CAMEO roots whose categories it covers (WEIS 1990s codebook, CAMEO 1.1b3)
WEIS_TO_CAMEO: dict[str, frozenset[str]] = {
    k: frozenset(v.split())
    for k, v in {
        "01": "08",  # yield
        "02": "01",  # comment
        "03": "04",  # consult
        "04": "05",  # approve: praise, endorse
        "05": "03",  # promise
        "06": "05 07 08",  # grant: apologise, recognise, asylum, release
        "07": "07",  # reward: aid
        "08": "03 05 06",  # agree: to future action, sign an agreement, cooperate
        "09": "02",  # request
        "10": "02 03",  # propose: urge, offer
        "11": "12",  # reject
        "12": "11",  # accuse
        "13": "11 14",  # protest: complain officially, demonstrate
        "14": "01 12",  # deny: deny responsibility, reject
        "15": "10",  # demand
        "16": "13",  # warn
        "17": "13",  # threaten
        "18": "14 15",  # demonstrate: protest, show of force
        "19": "16",  # reduce relationship
        "20": "16 17",  # expel
        "21": "17",  # seize
        "22": "18 19 20",  # force
    }.items()
}


@dataclass(frozen=True)
class PetrRecord:
    """One unit-test sentence: its id, text, gold roots (empty: no event) and whether the
    gold names both a source and a target."""

    id: str
    text: str
    roots: frozenset[str]
    dyadic: bool

    @property
    def half(self) -> str:
        return half_of(self.id)


def load_petrarch_records(folder: Path) -> list[PetrRecord]:
    """Every ``sentence="true"`` record with a coding or ``noevents``; errors skipped."""
    path = folder / "petrarch2-unit-tests" / "PETR.UnitTest.records.xml"
    out: list[PetrRecord] = []
    for attrs, body in re.findall(
        r"<Sentence ([^>]*)>(.*?)</Sentence>", path.read_text("utf-8"), re.S
    ):
        rid = re.search(r'\bid\s*=\s*"([^"]+)"', attrs)
        text = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if not re.search(r'sentence\s*=\s*"true"', attrs, re.I) or rid is None or text is None:
            continue
        codes = re.findall(r'sourcecode="([^"]*)"\s+targetcode="([^"]*)"\s+eventcode="(\d+)"', body)
        none = re.search(r'noevents\s*=\s*"true"', body, re.I) is not None
        if not codes and not none:
            continue
        dyadic = {c[:2] for s, t, c in codes if s.strip() and t.strip()}
        roots = frozenset(dyadic or {c[:2] for _, _, c in codes})
        out.append(PetrRecord(rid.group(1), " ".join(text.group(1).split()), roots, bool(dyadic)))
    return out


def root_ok(code: str | None, gold: frozenset[str], weis: bool) -> bool:
    """The code's root is a gold root, or (``weis``) one its WEIS category covers: the
    dictionary mixes both schemes, so a gold root is read either way."""
    if not code:
        return False
    if code[:2] in gold:
        return True
    return weis and any(code[:2] in WEIS_TO_CAMEO.get(g, frozenset()) for g in gold)


def root_agreement(
    mains: Sequence[str | None], records: Sequence[PetrRecord], weis: bool = False
) -> float:
    """Share of dyadic records whose main event's root is a gold root."""
    pairs = [(m, r) for m, r in zip(mains, records, strict=True) if r.dyadic]
    return sum(root_ok(m, r.roots, weis) for m, r in pairs) / (len(pairs) or 1)


def sentence_accuracy(
    roots: Sequence[frozenset[str]], records: Sequence[PetrRecord], weis: bool = False
) -> float:
    """Share of records where the predicted roots include a gold root, or both are empty."""
    return share([record_right(p, r.roots, weis) for p, r in zip(roots, records, strict=True)])


def record_right(read: Collection[str], gold: frozenset[str], weis: bool = False) -> bool:
    """One record: some code or root read is a gold root (read as ``root_ok`` does), or the
    gold has no event and nothing was read."""
    return any(root_ok(x, gold, weis) for x in read) if gold else not read


def cameo_metrics(
    mains: Sequence[str | None], roots: Sequence[frozenset[str]], records: Sequence[PetrRecord]
) -> dict[str, float]:
    """The CAMEO columns: each measure on all records, then on each half."""
    out: dict[str, float] = {}
    for label, keep in (("", None), *((f" ({h} half)", h) for h in HALVES)):
        idx = [n for n, r in enumerate(records) if keep is None or r.half == keep]
        m, p, r = [mains[n] for n in idx], [roots[n] for n in idx], [records[n] for n in idx]
        out[f"petrarch cameo root agreement{label}"] = root_agreement(m, r)
        out[f"petrarch sentence accuracy{label}"] = sentence_accuracy(p, r)
        lenient = f", gold read as CAMEO or WEIS{label}"
        out[f"petrarch root agreement{lenient}"] = root_agreement(m, r, True)
        out[f"petrarch sentence accuracy{lenient}"] = sentence_accuracy(p, r, True)
    return out


def half_counts(records: Sequence[PetrRecord]) -> dict[str, int]:
    """How many dyadic records each half holds (for the notes)."""
    return {h: sum(1 for r in records if r.half == h and r.dyadic) for h in HALVES}
