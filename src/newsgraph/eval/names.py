"""The names suite: one person however the press spells them, and different people kept apart.

Two development sets of real names (``tests/data/names``, sources and choice in its
README): spellings of one person seen in public sources (transliterations, nicknames,
typographic forms, stated aliases), and pairs of different real people who are easy to
confuse (same surname, a name that is another's surname or patronym). Each pair is scored
through the resolver itself: two one-person briefs that share their surroundings (the
same place and organisation, as two articles on one story do) are resolved by a fresh
``EntityResolver``, and the pair counts as merged when both land on one global entity. An
alias pair's first brief is built from a sentence stating the alias, read by
``nlp.aliases``. Baselines: the same surname (last word, case, accents and 'al-' folded),
and the same whole name under that normalisation. Each half (tuning, check: a hash of the
pair, ``eval/halves.py``) is reported apart; rules were changed only from the tuning half.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsgraph.errors import InputError
from newsgraph.eval.base import SuiteResult, SystemScores, sample
from newsgraph.eval.halves import HALVES, Half, half_of
from newsgraph.model import Article, Brief, Entity, EntityType, Mention
from newsgraph.names import plain_name
from newsgraph.nlp.aliases import find_aliases
from newsgraph.resolve.entities import EntityResolver

DEFAULT_DIR = Path(__file__).resolve().parents[3] / "tests" / "data" / "names"
SURROUNDINGS: tuple[tuple[str, EntityType], ...] = (("Geneva", "PLACE"), ("United Nations", "ORG"))
PARTICLES = ("al-", "el-", "al ", "el ")


@dataclass(frozen=True)
class NamePair:
    """Two names from the development sets, and whether they name one person."""

    left: str
    right: str
    kind: str
    source: str
    same: bool
    phrase: str = ""  # for a stated alias: the phrase that states it ('also known as')
    stated: str = ""  # ... and the alias as stated ('Bougie' for 'Bougie Herzog')

    @property
    def half(self) -> Half:
        return half_of(f"{self.left}\t{self.right}")


def read_pairs(folder: Path) -> list[NamePair]:
    """Variant pairs (one person) then confusable pairs (different people)."""
    pairs: list[NamePair] = []
    for name, same in (("variants.tsv", True), ("confusables.tsv", False)):
        path = folder / name
        if not path.exists():
            raise InputError(f"names data not found: {path} (pass --data DIR)")
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                pairs.append(
                    NamePair(
                        row["left"],
                        row["right"],
                        row["kind"],
                        row["source"],
                        same,
                        row.get("phrase") or "",
                        row.get("stated") or "",
                    )
                )
    return pairs


def _brief(text: str, name: str, aliases: Sequence[str] = ()) -> Brief:
    person = Entity("e1", name, "PERSON", aliases=list(aliases), mentions=[Mention(0, 1, name)])
    around = [Entity(f"e{n}", w, t) for n, (w, t) in enumerate(SURROUNDINGS, 2)]
    return Brief(document=Article(text=text), entities=[person, *around])


def statement(pair: NamePair) -> str:
    """The sentence that states an alias pair's alias."""
    if pair.phrase.startswith("("):
        return f"{pair.left} ({pair.phrase.strip('()')} {pair.stated}) spoke in Geneva."
    return f"{pair.left}, {pair.phrase} {pair.stated}, spoke in Geneva."


def resolved_together(pair: NamePair) -> bool:
    """Whether the resolver puts the pair's two names on one global entity."""
    if pair.phrase:
        text = statement(pair)
        first = _brief(text, pair.left, find_aliases(text, [pair.left]))
    else:
        first = _brief(f"{pair.left} spoke in Geneva.", pair.left)
    resolver = EntityResolver()
    resolver.add("a", first)
    resolver.add("b", _brief(f"{pair.right} spoke in Geneva.", pair.right))
    return resolver.link_of("a", "e1") == resolver.link_of("b", "e1")


def _normal(name: str) -> list[str]:
    text = plain_name(name).replace("-", " ")
    for particle in PARTICLES:
        text = text.replace(f" {particle}", " ")
    return text.replace(".", "").split()


def same_surname(pair: NamePair) -> bool:
    """Baseline: one person where the last words agree (case, accents, 'al-' folded)."""
    a, b = _normal(pair.left), _normal(pair.right)
    return bool(a and b and a[-1] == b[-1])


def same_name(pair: NamePair) -> bool:
    """Baseline: one person where the whole names agree under that normalisation."""
    return _normal(pair.left) == _normal(pair.right)


SYSTEMS: dict[str, Callable[[NamePair], bool]] = {
    "newsgraph": resolved_together,
    "same surname": same_surname,
    "same normalised name": same_name,
}


def score(pairs: Sequence[NamePair], decide: Callable[[NamePair], bool]) -> dict[str, float]:
    """Variants merged and confusables kept apart, on each half and overall."""
    metrics: dict[str, float] = {}
    decided = [(p, decide(p)) for p in pairs]
    for label, subset in (
        ("", decided),
        *((f" ({h})", [d for d in decided if d[0].half == h]) for h in HALVES),
    ):
        variants = [merged for p, merged in subset if p.same]
        confusables = [not merged for p, merged in subset if not p.same]
        metrics[f"variants merged{label}"] = sum(variants) / max(1, len(variants))
        metrics[f"confusables apart{label}"] = sum(confusables) / max(1, len(confusables))
    return metrics


def unmerged_by_kind(pairs: Sequence[NamePair], half: Half = "check") -> dict[str, int]:
    """Variant pairs of one half the resolver left apart, counted by kind."""
    missed = [p.kind for p in pairs if p.same and p.half == half and not resolved_together(p)]
    return dict(Counter(missed).most_common())


def run(data: Path | None = None, limit: int | None = None) -> SuiteResult:
    folder = (
        DEFAULT_DIR if data is None else (data / "names" if (data / "names").exists() else data)
    )
    every = read_pairs(folder)
    pairs = sample([p for p in every if p.same], limit) + sample(
        [p for p in every if not p.same], limit
    )
    systems = [SystemScores(name, score(pairs, decide)) for name, decide in SYSTEMS.items()]
    halves = Counter((p.half, p.same) for p in pairs)
    return SuiteResult(
        suite="names",
        dataset="tests/data/names: real spelling variants and confusable people",
        items=len(pairs),
        systems=systems,
        headline="variants merged (check)",
        notes=[
            f"{h} half: {halves[(h, True)]} variant pairs, {halves[(h, False)]} confusable "
            "pairs (half = sha256 of 'left<TAB>right', first byte even: tuning)"
            for h in HALVES
        ]
        + ["check-half variants left apart, by kind: " + _kinds(unmerged_by_kind(pairs))],
        details={
            "unmerged_check": unmerged_by_kind(pairs),
            "unmerged_tuning": unmerged_by_kind(pairs, "tuning"),
        },
    )


def _kinds(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {n}" for k, n in counts.items()) or "none"
