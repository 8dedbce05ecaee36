"""Draw candidates for the event-free set's second draw: sentences the event lexicon fires on.

The event-free set (``tests/data/event_free``) measures how often newsgraph reads an event
that did not happen, so its sentences are ones where the lexicon matches a predicate (the
others cannot produce an event and measure nothing). This script draws such sentences at
random from the development texts; a reader then keeps the ones that report no political
event (see the set's README). Development texts only: the news-sentence pools of
``sample_cameo_sentences.py`` (BBC politics, PolNeAR train and dev, TimeBank and AQUAINT,
ECB+ topics 1-35, newspaper4k) and CoNLL-2003's dev split ``eng.testa`` (sports and
business reports); never a held-out split.

Usage: ``python scripts/sample_event_free_candidates.py [--per-source 40] [--seed N]
[--exclude coded.tsv ...]`` prints ``source<TAB>sentence<TAB>predicates`` lines, the last
column naming the lexicon entries matched (for the reader's orientation only: a sentence is
kept or dropped by reading it).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

from sample_cameo_sentences import (
    DATELINE,
    already_listed,
    draw_parser,
    keep,
    pool,
    source_docs,
)

from newsgraph.nlp.convert import load_nlp
from newsgraph.nlp.event_lexicon import load_lexicon
from newsgraph.nlp.event_match import match_predicate

SEED = 20261206
PER_SOURCE = 40
CONLL = Path("conll2003") / "eng.testa"


def conll_sentences(base: Path) -> Iterator[str]:
    """CoNLL-2003 dev sentences, tokens re-joined with single spaces, punctuation attached."""
    words: list[str] = []
    for line in [*(base / CONLL).read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            words.append(line.split(" ", 1)[0])
            continue
        if words and words[0] != "-DOCSTART-":
            text = " ".join(words)
            for mark in (" ,", " .", " ;", " :", " 's", " n't", " )", " ?", " !"):
                text = text.replace(mark, mark.strip())
            text = text.replace("( ", "(").replace('" ', '"', 1)
            yield DATELINE.sub("", text)
        words = []


def pools(base: Path, seen: set[str]) -> dict[str, list[tuple[str, str]]]:
    out = {name: pool(docs, base, seen) for name, docs in source_docs(base).items()}
    conll: list[tuple[str, str]] = []
    for sent in conll_sentences(base):
        if keep(sent) and sent not in seen:
            seen.add(sent)
            conll.append((CONLL.as_posix(), sent))
    out["conll"] = conll
    return out


def fired(texts: list[str]) -> list[list[str]]:
    """The lexicon entries each sentence's tokens match, before any filter."""
    nlp, lex = load_nlp(), load_lexicon()
    return [
        [p.key for tok in doc if (p := match_predicate(tok, lex)) is not None]
        for doc in nlp.pipe(texts)
    ]


def draw(base: Path, per_source: int, seed: int, exclude: list[Path]) -> list[tuple[str, ...]]:
    """Up to ``per_source`` firing sentences per source, in a seeded random order."""
    rng = random.Random(seed)
    chosen: list[tuple[str, ...]] = []
    for name, candidates in pools(base, already_listed(exclude)).items():
        rng.shuffle(candidates)
        got: list[tuple[str, ...]] = []
        for start in range(0, len(candidates), 200):
            batch = candidates[start : start + 200]
            for (source, sent), keys in zip(batch, fired([s for _, s in batch]), strict=True):
                if keys and len(got) < per_source:
                    got.append((source, sent, " ".join(sorted(set(keys)))))
            if len(got) >= per_source:
                break
        print(f"{name}: {len(candidates)} sentences, {len(got)} drawn", file=sys.stderr)
        chosen += got
    return chosen


def main(argv: list[str] | None = None) -> int:
    args = draw_parser(__doc__, SEED, PER_SOURCE).parse_args(argv)
    for row in draw(args.eval.resolve(), args.per_source, args.seed, args.exclude):
        print("\t".join(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
