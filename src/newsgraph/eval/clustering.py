"""Scorers for groupings and coreference: B-cubed, MUC and CEAF-e as the reference CoNLL
scorer (v8.01) computes them, on key and response clusterings that may cover different
mentions (response mentions missing from the key count against precision, and the reverse).

A clustering is a list of clusters, each a set of hashable mention ids.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

Cluster = frozenset[Hashable]


def clusters_of(labels: Mapping[Any, Hashable]) -> list[Cluster]:
    """item -> label mapping as a list of clusters."""
    grouped: dict[Hashable, set[Hashable]] = {}
    for item, label in labels.items():
        grouped.setdefault(label, set()).add(item)
    return [frozenset(c) for c in grouped.values()]


def _prf(p_num: float, p_den: float, r_num: float, r_den: float) -> tuple[float, float, float]:
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _index(clusters: Iterable[Cluster]) -> dict[Hashable, Cluster]:
    return {m: c for c in clusters for m in c}


def bcubed(key: Sequence[Cluster], response: Sequence[Cluster]) -> tuple[float, float, float]:
    """B-cubed (P, R, F1): per-mention overlap of its key and response clusters."""
    k_of, r_of = _index(key), _index(response)
    r_num = sum(len(c & r_of.get(m, frozenset())) / len(c) for c in key for m in c)
    p_num = sum(len(c & k_of.get(m, frozenset())) / len(c) for c in response for m in c)
    return _prf(p_num, len(r_of), r_num, len(k_of))


def _muc_side(a: Sequence[Cluster], b_of: Mapping[Hashable, Cluster]) -> tuple[int, int]:
    num = den = 0
    for c in a:
        parts = {b_of.get(m, frozenset([("missing", m)])) for m in c}
        num += len(c) - len(parts)
        den += len(c) - 1
    return num, den


def muc(key: Sequence[Cluster], response: Sequence[Cluster]) -> tuple[float, float, float]:
    """MUC (P, R, F1): links kept, counted over the partitions of each cluster."""
    r_num, r_den = _muc_side(key, _index(response))
    p_num, p_den = _muc_side(response, _index(key))
    return _prf(p_num, p_den, r_num, r_den)


def _hungarian(cost: list[list[float]]) -> float:
    """Minimum total cost of a one-to-one assignment of rows to columns (rows <= columns);
    the classic O(n^2 m) potentials method, kept here to avoid a scipy dependency."""
    n, m = len(cost), len(cost[0])
    inf = float("inf")
    u, v, p, way = [0.0] * (n + 1), [0.0] * (m + 1), [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while p[j0] != 0:
            used[j0], i0, delta, j1 = True, p[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
        while j0:
            j1 = way[j0]
            p[j0], j0 = p[j1], j1
    return sum(cost[p[j] - 1][j - 1] for j in range(1, m + 1) if p[j])


def _components(pairs: Iterable[tuple[int, int]]) -> list[tuple[set[int], set[int]]]:
    """Connected parts of the key/response overlap graph: aligned independently."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs:
        parent[find(("k", i))] = find(("r", j))
    parts: dict[tuple[str, int], tuple[set[int], set[int]]] = {}
    for node in list(parent):
        side, n = node
        rows, cols = parts.setdefault(find(node), (set(), set()))
        (rows if side == "k" else cols).add(n)
    return list(parts.values())


def _best_alignment(scores: Mapping[tuple[int, int], float]) -> float:
    total = 0.0
    for rows, cols in _components(scores):
        r, c = sorted(rows), sorted(cols)
        matrix = [[-scores.get((i, j), 0.0) for j in c] for i in r]
        if len(r) > len(c):
            matrix = [list(col) for col in zip(*matrix, strict=True)]
        total -= _hungarian(matrix)
    return total


def ceafe(key: Sequence[Cluster], response: Sequence[Cluster]) -> tuple[float, float, float]:
    """Entity-based CEAF (phi4 similarity, best one-to-one alignment of clusters)."""
    r_of = _index(response)
    r_pos = {id(c): j for j, c in enumerate(response)}
    scores: dict[tuple[int, int], float] = {}
    for i, k in enumerate(key):
        for m in k:
            rc = r_of.get(m)
            if rc is not None:
                scores[i, r_pos[id(rc)]] = 2 * len(k & rc) / (len(k) + len(rc))
    total = _best_alignment(scores)
    return _prf(total, len(response), total, len(key))


def conll(key: Sequence[Cluster], response: Sequence[Cluster]) -> dict[str, float]:
    """MUC, B-cubed and CEAF-e figures and their mean F1 (the CoNLL score)."""
    out: dict[str, float] = {}
    f1s = []
    for name, fn in (("muc", muc), ("bcubed", bcubed), ("ceafe", ceafe)):
        p, r, f = fn(key, response)
        out |= {f"{name} precision": p, f"{name} recall": r, f"{name} f1": f}
        f1s.append(f)
    out["conll f1"] = sum(f1s) / 3
    return out
