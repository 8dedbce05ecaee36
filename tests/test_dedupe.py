"""Near-duplicate detection: MinHash estimates, the LSH index, and real wire-style copies.

The corpus test builds copies of real BBC politics stories with the edits republishers
make (a dateline and credit line, a few words changed, the last paragraph cut, a local
paragraph added) and checks each copy finds its original while no original finds
another story. Pairs the BBC itself published twice (updated versions) are set aside
as the index's own ground truth, by exact Jaccard, before measuring.
"""

from __future__ import annotations

import itertools
import random
import statistics
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from newsgraph.dedupe import (
    DUPLICATE_JACCARD,
    MIN_SHINGLES,
    NUM_PERM,
    NearDuplicateIndex,
    Signature,
    containment,
    is_near_duplicate,
    shingles,
    signature,
    similarity,
)

STORY = (
    "Dock workers in Antwerp returned to work on Friday after unions accepted a pay deal "
    "that ends a strike which had idled the port for nine days. The agreement raises wages "
    "by four percent this year and three percent next year, the port authority said in a "
    "statement. Shipping lines had diverted dozens of vessels to Rotterdam and Hamburg "
    "during the stoppage, and freight forwarders warned that clearing the backlog of "
    "containers could take two weeks. Union leader Marc Peeters told reporters the deal "
    "was a fair compromise and thanked members for their patience."
)
OTHER = (
    "Farmers in Castile drove hundreds of tractors into Valladolid on Tuesday to protest "
    "against falling grain prices and rising fuel costs. Regional officials said the march "
    "blocked the city's ring road for most of the morning. The farmers' association asked "
    "the government in Madrid for emergency aid and a cut in diesel taxes, warning that "
    "many small farms would not survive another poor harvest this summer."
)


def _true_jaccard(a: str, b: str) -> float:
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


# ------------------------------------------------------------------------ signatures


def test_identical_text_up_to_case_and_spacing_has_identical_signature() -> None:
    noisy = "  " + STORY.upper().replace(" ", "   \n") + "  "
    assert signature(noisy) == signature(STORY)
    assert similarity(signature(noisy), signature(STORY)) == 1.0


def test_small_edit_is_duplicate_and_other_story_is_not() -> None:
    edited = "ANTWERP (Wire) - " + STORY.replace("Friday", "Saturday")
    assert is_near_duplicate(signature(STORY), signature(edited))
    assert not is_near_duplicate(signature(STORY), signature(OTHER))
    assert similarity(signature(STORY), signature(OTHER)) < 0.1


def test_short_texts_are_never_matched() -> None:
    short = "Markets closed higher on Monday."
    assert len(shingles(short)) < MIN_SHINGLES
    assert not is_near_duplicate(signature(short), signature(short))
    index = NearDuplicateIndex()
    index.add("a", signature(short))
    assert len(index) == 0 and index.find(signature(short)) is None


def test_trimmed_copy_is_found_by_containment() -> None:
    trimmed = STORY.rsplit(" Union leader", 1)[0]
    a, b = signature(STORY), signature(trimmed)
    assert containment(a, b) >= 0.9
    assert is_near_duplicate(a, b)


def test_empty_text_signature() -> None:
    empty = signature("  ...  ")
    assert empty.size == 0
    assert similarity(empty, empty) == 1.0
    assert similarity(empty, signature(STORY)) == 0.0
    assert containment(empty, signature(STORY)) == 0.0


def test_encode_decode_round_trip_and_foreign_rows() -> None:
    sig = signature(STORY)
    assert Signature.decode(sig.encode()) == sig
    assert Signature.decode("mh0-5-64:10:ff") is None  # another version
    assert Signature.decode(sig.encode().replace(":", ":zz", 1)) is None  # damaged
    parts = sig.encode().split(":")
    assert Signature.decode(":".join([*parts[:2], "xyz", *parts[3:]])) is None


_WORDS = st.lists(st.sampled_from([f"w{i}" for i in range(400)]), min_size=60, max_size=200)


@settings(max_examples=60, deadline=None)
@given(base=_WORDS, extra_a=_WORDS, extra_b=_WORDS, cut=st.floats(0.0, 1.0))
def test_similarity_estimates_jaccard(
    base: list[str], extra_a: list[str], extra_b: list[str], cut: float
) -> None:
    """Over any pair of texts sharing a random share of their words, the estimate stays
    within 5 standard errors of the true shingle Jaccard (sd <= 0.5/sqrt(NUM_PERM)), for
    bodies the index ever compares (MIN_SHINGLES distinct shingles or more: with two or
    three, one-permutation hashing fills its bins from the same few values, and the
    estimate is that coarse)."""
    shared = base[: max(3, int(len(base) * cut))]
    a = " ".join(shared + extra_a)
    b = " ".join(extra_b + shared)
    sig_a, sig_b = signature(a), signature(b)
    assume(min(sig_a.size, sig_b.size) >= MIN_SHINGLES)
    estimate = similarity(sig_a, sig_b)
    assert abs(estimate - _true_jaccard(a, b)) <= 5 * 0.5 / NUM_PERM**0.5 + 0.02


@settings(max_examples=40, deadline=None)
@given(a=_WORDS, b=_WORDS)
def test_similarity_is_symmetric_bounded_and_reflexive(a: list[str], b: list[str]) -> None:
    x, y = signature(" ".join(a)), signature(" ".join(b))
    assert similarity(x, y) == similarity(y, x)
    assert 0.0 <= similarity(x, y) <= 1.0
    assert similarity(x, x) == 1.0
    assert 0.0 <= containment(x, y) <= 1.0


def test_similarity_estimate_is_unbiased_on_average() -> None:
    rng = random.Random(3)
    vocab = [f"v{i}" for i in range(3000)]
    errors = []
    for _ in range(200):
        base = rng.choices(vocab, k=300)
        keep = rng.randint(30, 300)
        a = " ".join(base)
        b = " ".join(base[:keep] + rng.choices(vocab, k=300 - keep))
        errors.append(similarity(signature(a), signature(b)) - _true_jaccard(a, b))
    assert abs(statistics.mean(errors)) < 0.01
    assert statistics.pstdev(errors) < 0.06


# ------------------------------------------------------------------------ the index


def test_index_finds_best_match_excludes_self_and_round_trips_as_rows() -> None:
    index = NearDuplicateIndex()
    index.add("story", signature(STORY))
    index.add("other", signature(OTHER))
    copy = signature(STORY.replace("nine days", "ten days"))
    assert index.find(copy) == "story"
    assert index.find(signature(STORY), exclude="story") is None
    rebuilt = NearDuplicateIndex.from_rows(index.rows())
    assert rebuilt.rows() == index.rows()
    assert rebuilt.find(copy) == "story"
    assert "story" in rebuilt and len(rebuilt) == 2


def test_index_remove_and_replace() -> None:
    index = NearDuplicateIndex()
    index.add("a", signature(STORY))
    index.add("a", signature(OTHER))  # replaces
    assert index.find(signature(STORY)) is None
    assert index.find(signature(OTHER)) == "a"
    index.remove("a")
    index.remove("never-added")
    assert len(index) == 0 and index.candidates(signature(OTHER)) == set()


def test_index_skips_rows_of_another_version() -> None:
    index = NearDuplicateIndex.from_rows([("x", "mh0:1:2"), ("y", signature(STORY).encode())])
    assert index.rows() == [("y", signature(STORY).encode())]


# ------------------------------------------------------------------------ real articles

_SWAPS = ("new", "also", "now", "officials", "reportedly")
_LOCAL = (
    "The announcement comes as ministers face pressure from backbench MPs ahead of the "
    "spring budget, analysts said on Monday."
)


def _words_changed(text: str, rng: random.Random, share: float) -> str:
    words = text.split(" ")
    for i in rng.sample(range(len(words)), max(1, int(len(words) * share))):
        words[i] = rng.choice([*_SWAPS, words[i].upper()])
    return " ".join(words)


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def _trim_end(text: str, rng: random.Random) -> str:
    """Cut whole paragraphs from the end, keeping at least 70% of the words."""
    paras = _paragraphs(text)
    total = len(text.split())
    while len(paras) > 1 and len(" ".join(paras[:-1]).split()) >= 0.7 * total:
        paras.pop()
    return "\n\n".join(paras)


def _add_paragraph(text: str, rng: random.Random) -> str:
    paras = _paragraphs(text)
    paras.insert(rng.randrange(1, len(paras) + 1), _LOCAL)
    return "\n\n".join(paras)


def _wire(text: str, rng: random.Random) -> str:
    return "LONDON (Wire) - " + text + "\n\n(Reporting by Anna Berg; Editing by Tom Hale)"


EDITS: dict[str, Callable[[str, random.Random], str]] = {
    "dateline and credit": _wire,
    "2% of words changed": lambda t, r: _words_changed(t, r, 0.02),
    "5% of words changed": lambda t, r: _words_changed(t, r, 0.05),
    "end trimmed": _trim_end,
    "paragraph added": _add_paragraph,
    "all of them": lambda t, r: _add_paragraph(
        _trim_end(_words_changed(_wire(t, r), r, 0.02), r), r
    ),
}


@pytest.fixture(scope="module")
def bbc_bodies(shared_dir: Path) -> list[str]:
    """BBC politics bodies, without the stories the BBC itself ran twice (J >= 0.3)."""
    files = sorted((shared_dir / "eval" / "bbc-politics" / "politics").glob("*.txt"))
    bodies = [f.read_text(encoding="utf-8", errors="replace").split("\n", 1)[-1] for f in files]
    sets = [shingles(b) for b in bodies]
    dropped: set[int] = set()
    for i, j in itertools.combinations(range(len(bodies)), 2):
        union = sets[i] | sets[j]
        if union and i not in dropped and len(sets[i] & sets[j]) / len(union) >= 0.3:
            dropped.add(j)
    return [b for n, b in enumerate(bodies) if n not in dropped and len(sets[n]) >= MIN_SHINGLES]


def test_wire_copies_of_real_articles_are_found_and_others_are_not(
    bbc_bodies: list[str],
) -> None:
    assert len(bbc_bodies) > 350
    index = NearDuplicateIndex()
    sigs = [signature(b) for b in bbc_bodies]
    for n, sig in enumerate(sigs):
        index.add(str(n), sig)
    # Originals: none may match another original.
    false_matches = [n for n, sig in enumerate(sigs) if index.find(sig, exclude=str(n))]
    rng = random.Random(11)
    recall: dict[str, float] = {}
    wrong = 0
    for name, edit in EDITS.items():
        found = [index.find(signature(edit(b, rng))) for b in bbc_bodies]
        wrong += sum(1 for n, f in enumerate(found) if f is not None and f != str(n))
        recall[name] = sum(1 for n, f in enumerate(found) if f == str(n)) / len(found)
    assert false_matches == []
    assert wrong == 0
    assert min(recall.values()) >= 0.97, recall


def test_threshold_sits_between_copies_and_related_stories() -> None:
    """Two stories on one topic sharing a background paragraph stay apart."""
    background = " ".join(STORY.split()[40:])
    follow_up = (
        "Port officials in Antwerp said on Monday that ship traffic was back to normal "
        "levels, a week after the strike ended. Customs staff worked extra shifts over the "
        "weekend to clear cargo held during the dispute, and the port expects record "
        "volumes next month. " + background
    )
    assert similarity(signature(STORY), signature(follow_up)) < DUPLICATE_JACCARD
    assert not is_near_duplicate(signature(STORY), signature(follow_up))
