"""Body errors of newsgraph's HTML reader on one half of the html development sets.

usage: python scripts/html_errors.py [--half tuning|check] [--limit N] [--scores-only]
       [--data ../shared/eval]

For every trafilatura-eval page of the chosen half, lists the 'without' snippets newsgraph
kept (false positives: boilerplate in the body) and the 'with' snippets it lost (false
negatives). Then prints, for both halves, body precision, recall and F1 (snippet rule of
``newsgraph.eval.html``) and, on the newspaper4k pages, the token F1 and a 4-word-shingle F1
of the body against the saved text (the Scrapinghub benchmark's shape of score). Rules
change only from the tuning half's errors (``newsgraph.eval.halves``); the check half is
read as scores only, so ``--half check`` prints no snippets.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from newsgraph.eval import html as suite
from newsgraph.eval.base import DEFAULT_DATA, PRF
from newsgraph.eval.halves import HALVES, Half, half_of

_WORD = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str, size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of lower-cased word n-grams of ``text`` (the whole text if shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def shingle_prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the predicted body's shingles against the gold body's."""
    pred, ref = shingles(predicted), shingles(gold)
    if not pred and not ref:
        return 1.0, 1.0, 1.0
    overlap = sum((pred & ref).values())
    p = overlap / sum(pred.values()) if pred else 0.0
    r = overlap / sum(ref.values()) if ref else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _list_errors(page: suite.Page, body: str) -> None:
    """Print the snippets of one page that newsgraph got wrong."""
    text = suite._nfc(body)
    kept = [s for s in page.without if suite._nfc(s) in text]
    lost = [s for s in page.with_ if suite._nfc(s) not in text]
    if not (kept or lost):
        return
    print(f"== {page.name}")
    for snippet in kept:
        print(f"  kept (FP): {snippet[:160]}")
    for snippet in lost:
        print(f"  lost (FN): {snippet[:160]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=HALVES, default="tuning")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--scores-only", action="store_true")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    snippets: dict[Half, PRF] = {h: PRF() for h in HALVES}
    pages = suite.load_trafilatura_set(args.data / suite.TRAFILATURA_SET, args.limit)
    for page in pages:
        half = half_of(page.name)
        body = suite.run_newsgraph(page.html).body or ""
        prf, _ = suite.snippet_counts(body, page.with_, page.without)
        snippets[half].add(prf)
        if half == args.half == "tuning" and not args.scores_only:
            _list_errors(page, body)
    n4k: dict[Half, list[tuple[float, float, float, float]]] = {h: [] for h in HALVES}
    for page in suite.load_newspaper_set(args.data / suite.NEWSPAPER_SET, args.limit):
        body = suite.run_newsgraph(page.html).body or ""
        gold = page.text or ""
        n4k[half_of(page.name)].append((suite.token_f1(body, gold), *shingle_prf(body, gold)))
    for half in HALVES:
        s = snippets[half]
        print(
            f"{half:7} body P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} "
            f"(tp {s.tp} fp {s.fp} fn {s.fn})",
            end="",
        )
        rows = n4k[half]
        if rows:
            means = [sum(col) / len(rows) for col in zip(*rows, strict=True)]
            print(
                f" | n4k token F1 {means[0]:.3f} shingle P {means[1]:.3f} "
                f"R {means[2]:.3f} F1 {means[3]:.3f} ({len(rows)} pages)",
                end="",
            )
        print()


if __name__ == "__main__":
    main()
