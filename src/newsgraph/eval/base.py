"""What every evaluation suite returns, and the helpers they share.

A suite reads one public dataset in its own format, runs newsgraph and one or more open
baselines over the same items, and reports named metrics for each system side by side.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.errors import InputError

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "eval"


@dataclass
class SystemScores:
    """One system's figures on a suite: metric name -> value (0..1 unless named otherwise)."""

    system: str
    metrics: dict[str, float]
    note: str = ""


@dataclass
class SuiteResult:
    """A suite's outcome: newsgraph first, then each baseline, on the same items."""

    suite: str
    dataset: str
    items: int
    systems: list[SystemScores]
    headline: str  # the metric the quality gate pins
    notes: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def score(self, system: str = "newsgraph", metric: str | None = None) -> float:
        for s in self.systems:
            if s.system == system:
                return s.metrics[metric or self.headline]
        raise KeyError(system)


@dataclass
class PRF:
    """Counts for precision / recall / F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def as_metrics(self, prefix: str = "") -> dict[str, float]:
        return {
            f"{prefix}precision": self.precision,
            f"{prefix}recall": self.recall,
            f"{prefix}f1": self.f1,
        }


def data_dir(base: Path | None, name: str) -> Path:
    """The dataset folder ``name`` under ``base`` (default ``../shared/eval``)."""
    root = base or DEFAULT_DATA
    path = root / name if (root / name).exists() else root
    if not path.exists():
        raise InputError(f"evaluation data not found: {path} (pass --data DIR)")
    return path


def share(flags: Sequence[bool]) -> float:
    """The share of true flags (0.0 for none at all): what every "accuracy" and "rate"
    of the event suites is."""
    return sum(flags) / (len(flags) or 1)


def sample(items: Iterable[Any], limit: int | None) -> list[Any]:
    """The first ``limit`` items in the dataset's own order (stable from run to run)."""
    listed = list(items)
    return listed if not limit or limit <= 0 else listed[:limit]
