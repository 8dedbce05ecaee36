"""Near-duplicate articles: wire copies republished with small edits.

A wire story reaches a corpus many times: the same body under another headline, with a
sentence added, a paragraph cut or a few words changed. Exact hashes (the store's
``content_hash``) miss these, so each body gets a MinHash signature over word shingles and
an LSH index finds earlier bodies whose estimated Jaccard similarity passes a threshold.

Parameters, and why:

* ``SHINGLE_WORDS = 3``: a word edit breaks at most three shingles, so a 400-word story
  with ten edited words keeps a Jaccard similarity near 0.85; two different stories on
  the same topic share almost no three-word runs (measured under 0.1 on BBC politics).
* ``NUM_PERM = 128`` values (one-permutation hashing into 128 bins, see ``signature``):
  the estimate's standard error is about sqrt(J(1-J)/128), 0.035 at J = 0.8.
* ``BANDS x ROWS = 32 x 4``: a pair is a candidate when one band of four values agrees,
  which happens with probability 1-(1-J^4)^32: 0.99 at J = 0.6, 0.03 at J = 0.2. So
  LSH only narrows the search; the decision is the estimated similarity of the candidate.
* ``DUPLICATE_JACCARD = 0.7``: a copy is a duplicate at estimated Jaccard >= 0.7, or when
  the shorter body is (estimated) >= 0.8 contained in the longer one and at least half
  its length (``DUPLICATE_CONTAINMENT``, ``MIN_LENGTH_RATIO``), which catches a wire
  story trimmed at the end and given a local paragraph. Measured on BBC politics: copies
  with a dateline, 2-5% of words changed, the end trimmed and a paragraph added are all
  found, while follow-up stories that reuse background paragraphs score J 0.5 / C 0.73.
  Known cost: a story the outlet updated in place (same text, new outcome in the lead)
  also scores J ~0.7 and is kept once, the update recorded only as a further source.
* Bodies with fewer than ``MIN_SHINGLES`` shingles are never matched: on a two-line item
  a shared dateline and boilerplate are most of the text.

Signatures are plain tuples of ints, encoded as one text row (``Signature.encode``) so a
store can keep them and rebuild the index (``NearDuplicateIndex.from_rows``). The
encoding is versioned: rows written with other parameters are ignored, not misread.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

SHINGLE_WORDS = 3
NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
DUPLICATE_JACCARD = 0.7
DUPLICATE_CONTAINMENT = 0.8
MIN_LENGTH_RATIO = 0.5
MIN_SHINGLES = 20

_BIN_BITS = NUM_PERM.bit_length() - 1  # NUM_PERM is a power of two
_MAX_HASH = (1 << (64 - _BIN_BITS)) - 1
_PROBES_PER_BIN = 32
_EMPTY = 1 << 64  # above every value: marks a bin no shingle fell into
_SEED = 20240801  # fixed: stored signatures must stay comparable across runs
_VERSION = f"mh1-{SHINGLE_WORDS}-{NUM_PERM}"
_WORD = re.compile(r"[^\W_]+")


def _probes() -> tuple[tuple[int, ...], ...]:
    """For each bin, a fixed pseudo-random order of other bins to borrow from when empty."""
    rng = random.Random(_SEED)
    return tuple(
        tuple(rng.randrange(NUM_PERM) for _ in range(_PROBES_PER_BIN)) for _ in range(NUM_PERM)
    )


_PROBES = _probes()


@dataclass(frozen=True)
class Signature:
    """A body's MinHash values and its number of distinct shingles (``size``)."""

    values: tuple[int, ...]
    size: int

    def encode(self) -> str:
        """One text row: version, shingle count, then the values in hex."""
        return ":".join([_VERSION, str(self.size), *(f"{v:x}" for v in self.values)])

    @classmethod
    def decode(cls, row: str) -> Signature | None:
        """The signature in ``row``, or None when it was written with other parameters
        or is damaged (the caller re-signs the article rather than failing)."""
        parts = row.split(":")
        if len(parts) != NUM_PERM + 2 or parts[0] != _VERSION:
            return None
        try:
            return cls(values=tuple(int(p, 16) for p in parts[2:]), size=int(parts[1]))
        except ValueError:
            return None


def words(text: str) -> list[str]:
    """Casefolded word tokens: punctuation, quotes style and spacing never matter."""
    return _WORD.findall(text.casefold())


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[int]:
    """64-bit hashes of every run of ``k`` consecutive words (the whole text if shorter)."""
    tokens = words(text)
    if len(tokens) < k:
        grams = [" ".join(tokens)] if tokens else []
    else:
        grams = [" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)]
    return {
        int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest(), "big")
        for g in grams
    }


def signature(text: str) -> Signature:
    """The MinHash signature of ``text``, by one-permutation hashing: each shingle hash
    picks a bin with its low bits and competes for that bin's minimum with the rest, so
    a body costs one hash per shingle rather than one per shingle and hash function.
    Empty bins borrow a filled bin's value along a fixed probe order ("optimal
    densification", Shrivastava 2017), which keeps P[values equal] = Jaccard."""
    hashed = shingles(text)
    if not hashed:
        return Signature(values=(_MAX_HASH,) * NUM_PERM, size=0)
    mins = [_EMPTY] * NUM_PERM
    mask = NUM_PERM - 1
    for h in hashed:
        b, v = h & mask, h >> _BIN_BITS
        if v < mins[b]:
            mins[b] = v
    return Signature(values=tuple(_densify(mins)), size=len(hashed))


def _densify(mins: list[int]) -> list[int]:
    """Fill each empty bin from the first filled bin on its probe list (else the next
    filled bin to its right), reading only the bins filled by shingles."""
    out = list(mins)
    for b, value in enumerate(mins):
        if value != _EMPTY:
            continue
        donor = next((p for p in _PROBES[b] if mins[p] != _EMPTY), None)
        if donor is None:
            donor = next(
                (b + i) % NUM_PERM for i in range(1, NUM_PERM) if mins[(b + i) % NUM_PERM] != _EMPTY
            )
        out[b] = mins[donor]
    return out


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets (share of equal values)."""
    if a.size == 0 or b.size == 0:
        return 1.0 if a.size == b.size else 0.0
    return sum(x == y for x, y in zip(a.values, b.values, strict=True)) / NUM_PERM


def containment(a: Signature, b: Signature) -> float:
    """Estimated share of the smaller set inside the other: |A∩B| = J/(1+J)·(|A|+|B|)."""
    if a.size == 0 or b.size == 0:
        return 0.0
    j = similarity(a, b)
    return min(1.0, j / (1.0 + j) * (a.size + b.size) / min(a.size, b.size))


def is_near_duplicate(a: Signature, b: Signature) -> bool:
    """The decision rule documented above (threshold on similarity or containment)."""
    if min(a.size, b.size) < MIN_SHINGLES:
        return False
    if similarity(a, b) >= DUPLICATE_JACCARD:
        return True
    ratio = min(a.size, b.size) / max(a.size, b.size)
    return ratio >= MIN_LENGTH_RATIO and containment(a, b) >= DUPLICATE_CONTAINMENT


def _bands(sig: Signature) -> Iterator[tuple[int, tuple[int, ...]]]:
    for band in range(BANDS):
        yield band, sig.values[band * ROWS : (band + 1) * ROWS]


class NearDuplicateIndex:
    """Signatures by key (an article id) with LSH buckets to find candidates fast.

    The index holds no state beyond its signatures: ``rows()`` and ``from_rows()`` turn
    it into (key, encoded signature) pairs and back, which is all a store has to keep.
    """

    def __init__(self) -> None:
        self._signatures: dict[str, Signature] = {}
        self._buckets: dict[tuple[int, tuple[int, ...]], set[str]] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: object) -> bool:
        return key in self._signatures

    def add(self, key: str, sig: Signature) -> None:
        """Index ``sig`` under ``key`` (replacing what ``key`` held). Too-short bodies are
        not indexed: they can never be matched (see ``MIN_SHINGLES``)."""
        self.remove(key)
        if sig.size < MIN_SHINGLES:
            return
        self._signatures[key] = sig
        for bucket in _bands(sig):
            self._buckets.setdefault(bucket, set()).add(key)

    def remove(self, key: str) -> None:
        old = self._signatures.pop(key, None)
        if old is None:
            return
        for bucket in _bands(old):
            members = self._buckets.get(bucket)
            if members is not None:
                members.discard(key)
                if not members:
                    del self._buckets[bucket]

    def candidates(self, sig: Signature) -> set[str]:
        """Keys sharing at least one LSH band with ``sig``."""
        found: set[str] = set()
        for bucket in _bands(sig):
            found |= self._buckets.get(bucket, set())
        return found

    def find(self, sig: Signature, *, exclude: str | None = None) -> str | None:
        """The indexed key most similar to ``sig`` among its near-duplicates, or None.
        Ties go to the smallest key, so the answer never depends on insertion order."""
        if sig.size < MIN_SHINGLES:
            return None
        best: tuple[float, str] | None = None
        for key in self.candidates(sig) - {exclude}:
            other = self._signatures[key]
            if is_near_duplicate(sig, other):
                score = (-similarity(sig, other), key)
                best = score if best is None or score < best else best
        return best[1] if best else None

    def rows(self) -> list[tuple[str, str]]:
        """(key, encoded signature) for every indexed signature, sorted by key."""
        return sorted((k, s.encode()) for k, s in self._signatures.items())

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str]]) -> NearDuplicateIndex:
        """Rebuild an index from ``rows()``; rows of another version are skipped."""
        index = cls()
        for key, row in rows:
            sig = Signature.decode(row)
            if sig is not None:
                index.add(key, sig)
        return index
