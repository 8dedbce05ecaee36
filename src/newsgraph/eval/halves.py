"""The tuning half and the check half of every development set, fixed by item name.

Rules are changed only from errors seen on the tuning half; the check half says whether a
change generalises. The split must not depend on the order items are read in or on how
many there are, so it is a hash of the item's stable name (a file name, a document id, a
record id) rather than a position: adding data never moves an existing item to the other
half.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Literal, TypeVar

Half = Literal["tuning", "check"]
HALVES: tuple[Half, Half] = ("tuning", "check")

T = TypeVar("T")


def half_of(name: str) -> Half:
    """``"tuning"`` or ``"check"`` for an item named ``name`` (stable across runs and machines)."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return "tuning" if digest[0] % 2 == 0 else "check"


def split(items: Iterable[T], name: Callable[[T], str]) -> dict[Half, list[T]]:
    """The items of each half, each half in the items' own order."""
    halves: dict[Half, list[T]] = {"tuning": [], "check": []}
    for item in items:
        halves[half_of(name(item))].append(item)
    return halves
