"""Errors of newsgraph's attributions on one half of a PolNeAR development split.

usage: python scripts/attribution_errors.py [--split dev|train] [--half tuning|check]
       [--limit N] [--kinds] [--missed]

By default, for every gold attribution whose content newsgraph found but whose source it got
wrong or left out, prints the gold source, newsgraph's source and the cue, then a tally by
kind (pronoun, headline, title without a name, organisation, ...).

With ``--missed``, lists the gold attributions newsgraph did not find at all (no predicted
content overlaps the gold content), grouped by the gold cue's lemma and construction
(a verb, a noun, "according to", a colon, no cue), most frequent group first.

Rules change only from the tuning half's errors (``newsgraph.eval.halves``); the test split
is never read.
"""

from __future__ import annotations

import argparse
import bisect
from collections import Counter, defaultdict
from collections.abc import Iterator

from spacy.tokens import Doc

from newsgraph.eval import attribution as suite
from newsgraph.eval.base import DEFAULT_DATA, sample
from newsgraph.eval.halves import HALVES, half_of
from newsgraph.nlp.convert import load_nlp
from newsgraph.pipeline import brief_from_doc

PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "you", "him", "her", "them"})
Fragments = suite.Fragments


def kind_of(gold_source: str, outside: bool, predicted: str | None) -> str:
    """A rough label for why a source was missed, for the tally only."""
    words = gold_source.lower().split()
    if outside:
        return "outside the body (headline)"
    prefix = "no source" if predicted is None else "wrong source"
    if words and words[0] in PRONOUNS and len(words) == 1:
        return f"{prefix}: pronoun"
    if any(w.endswith("'s") or w.endswith("’s") for w in words[:-1]):
        return f"{prefix}: possessive"
    if words and words[0] in ("the", "a", "an") and not any(c.isupper() for c in gold_source):
        return f"{prefix}: common noun"
    return f"{prefix}: name"


def gold_cues(ann: str) -> dict[Fragments, Fragments]:
    """Each gold content span's cue span (an attribution without a cue maps to ``()``)."""
    spans: dict[str, Fragments] = {}
    cues: dict[Fragments, Fragments] = {}
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            spans[parts[0]] = suite._fragments(parts[1].partition(" ")[2])
        elif line.startswith("E") and len(parts) >= 2:
            refs = dict(a.partition(":")[::2] for a in parts[1].split(" "))
            by_role = {role.rstrip("0123456789"): spans.get(ref, ()) for role, ref in refs.items()}
            if by_role.get("Content"):
                cues[by_role["Content"]] = by_role.get("Cue", ())
    return cues


class RawTokens:
    """The body's tokens by their offsets in the raw file, to read a gold span's words."""

    def __init__(self, doc: Doc, mapping: suite.ArticleMap) -> None:
        self.doc = doc
        self.starts: list[int] = []
        self.tokens: list[int] = []
        for tok in doc:
            at = mapping.to_raw("text", (tok.idx, tok.idx + len(tok)))
            if at is not None and not tok.is_space:
                self.starts.append(at[0])
                self.tokens.append(tok.i)

    def covering(self, span: Fragments) -> list[int]:
        """Token indices whose raw start lies inside one of ``span``'s fragments."""
        found: list[int] = []
        for start, end in span:
            k = bisect.bisect_left(self.starts, start)
            while k < len(self.starts) and self.starts[k] < end:
                found.append(self.tokens[k])
                k += 1
        return found


def construction(cue: Fragments, raw: str, words: RawTokens, outside: bool) -> str:
    """A group label for a missed attribution: where the cue is, and its head word."""
    if not cue:
        return "no cue"
    text = " ".join(raw[a:b] for a, b in cue).strip().lower()
    if outside:
        return f"headline: {text}"
    if text in (":", "—", "–", "-"):
        return f"punctuation {text}"
    toks = [words.doc[i] for i in words.covering(cue)]
    verbs = [t for t in toks if t.pos_ == "VERB" and t.is_alpha]
    nouns = [t for t in toks if t.pos_ in ("NOUN", "ADP", "AUX") and t.is_alpha]
    head = (verbs or nouns or toks or [None])[0]
    if head is None:
        return f"cue: {text}"
    return f"{head.pos_.lower()}: {head.lemma_.lower()}"


Found = tuple[str, str, str]  # (group, gold source, gold content)


def missed(items: list[suite.Item], limit_text: int) -> Iterator[Found]:
    """Every gold attribution whose content no prediction overlaps, with its group."""
    nlp = load_nlp()
    for item, raw, article, doc, headlines in suite._parsed(items, nlp):
        ann = item.annotation.read_text(encoding="utf-8")
        gold, cues = suite.read_gold(ann), gold_cues(ann)
        mapping = suite.ArticleMap(raw, article)
        pairs = suite.newsgraph_pairs(brief_from_doc(article, doc, nlp, headlines))
        mapped = [mapping.to_raw(f, c) for f, (_, c) in pairs]
        contents = [c for c in mapped if c is not None]
        words = RawTokens(doc, mapping)
        for content in sorted(gold.contents):
            if any(suite._hits(c, content) for c in contents):
                continue
            sources = [s for s, c in gold.pairs if c == content and s is not None]
            source = " ".join(raw[a:b] for a, b in sources[0]) if sources else "-"
            cue = cues.get(content, ())
            outside = bool(cue) and suite.mapping_misses(mapping.body, cue, raw)
            text = " ".join(raw[a:b] for a, b in content)
            yield construction(cue, raw, words, outside), source, text[:limit_text]


def print_missed(items: list[suite.Item], kinds_only: bool) -> None:
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for group, source, content in missed(items, 90):
        groups[group].append((source, content))
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    total = sum(len(v) for v in groups.values())
    for group, found in ordered:
        print(f"{len(found):5}  {group}")
        if not kinds_only:
            for source, content in found[:6]:
                print(f"         src={source!r} | {content!r}")
    print(f"{total:5}  missed in all")


def print_sources(items: list[suite.Item], kinds_only: bool) -> None:
    nlp = load_nlp()
    tally: Counter[str] = Counter()
    for item, raw, article, doc, headlines in suite._parsed(items, nlp):
        gold = suite.read_gold(item.annotation.read_text(encoding="utf-8"))
        mapping = suite.ArticleMap(raw, article)
        pairs = suite.newsgraph_pairs(brief_from_doc(article, doc, nlp, headlines))
        mapped = [(mapping.to_raw(f, s), mapping.to_raw(f, c)) for f, (s, c) in pairs]
        for gold_source, gold_content in sorted(gold.pairs, key=lambda p: p[1]):
            hits = [(s, c) for s, c in mapped if c is not None and suite._hits(c, gold_content)]
            if not hits or gold_source is None:
                continue
            if any(s is not None and suite._hits(s, gold_source) for s, _ in hits):
                tally["right"] += 1
                continue
            source_text = " ".join(raw[a:b] for a, b in gold_source)
            predicted = next((raw[s[0] : s[1]] for s, _ in hits if s is not None), None)
            outside = suite.mapping_misses(mapping.body, gold_source, raw)
            kind = kind_of(source_text, outside, predicted)
            tally[kind] += 1
            if not kinds_only:
                content = " ".join(raw[a:b] for a, b in gold_content)[:90]
                print(f"{kind:28} gold={source_text!r} ours={predicted!r} | {content!r}")
    for kind, n in tally.most_common():
        print(f"{n:5}  {kind}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--half", choices=HALVES, default="tuning")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--kinds", action="store_true", help="print the tally only")
    parser.add_argument("--missed", action="store_true", help="attributions not found at all")
    args = parser.parse_args()
    root = suite.split_folder(DEFAULT_DATA / "polnear" / args.split)
    items = [i for i in suite.list_items(root) if half_of(i.text.name) == args.half]
    items = sample(items, args.limit)
    if args.missed:
        print_missed(items, args.kinds)
    else:
        print_sources(items, args.kinds)


if __name__ == "__main__":
    main()
