"""A development measure shaped like the held-out one: CAMEO codes checked through PLOVER,
and one sentence accuracy over event sentences and event-free sentences.

The held-out measure (issue 16) asks of each sentence whether the CAMEO roots we read include
the human coders' majority root, or whether both say "no event". We have no CAMEO-coded news
of our own, but the PLOVER gold records (``events/PLOVER_GSR_CAMEO.txt``) are the CAMEO
1.1b3 manual's own examples, and the official CAMEO2PLOVER-2021 table (same folder) says which
PLOVER type, mode and context each CAMEO code stands for. So a predicted CAMEO code can be
checked against a gold record by mapping it through the table:

- **the CAMEO code agrees** when the main event's code maps to the gold PLOVER type (and, in
  the stricter column, to the gold mode and context where the table and the gold both give
  one; the 2016 gold's mode names are read as the table's, see ``GOLD_MODES``; a gold
  context the table's vocabulary lacks, such as "refugee" or "election", cannot disagree);
- **sentence accuracy** over the PLOVER records plus the event-free development set
  (``tests/data/event_free``): an event sentence is right when some code read from it (any
  event, not only the main one) maps to the gold type; an event-free sentence is right when
  nothing is read from it. The held-out coders code public statements (CAMEO 01) too, so a
  statement read from an event-free sentence is wrong there: the "statements count" column
  applies that rule, the "statements not counted" column the PLOVER view (PLOVER has no
  statement type). Our event-free sentences were labelled for political acts, not for
  statements, so the two columns bracket the held-out reading.

Both halves are reported: PLOVER records by ``half_of(record id)``, event-free sentences by
``half_of(source TAB sentence)`` (:mod:`newsgraph.eval.halves`). The table is parsed here,
in the evaluation, and never by the product.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsgraph.eval.base import share
from newsgraph.eval.halves import HALVES

# the 2016 gold's mode names -> the 2021 table's (PLOVER draft 2016 vs manual 0.8 names)
GOLD_MODES = {
    "demo-org": "demo",
    "demo-spon": "demo",
    "riot-spon": "riot",
    "riot-org": "riot",
    "strike-hun": "hunger",
    "strike-gen": "boycott",
    "host": "visit",
    "confiscate": "seize",
    "destroy": "seize",
    "detain": "arrest",
    "censor": "restrict",
}
UNGIVEN_MODES = frozenset({"", "other"})


@dataclass(frozen=True)
class PloverRow:
    """One row of CAMEO2PLOVER-2021: the PLOVER type, mode (None: not given) and contexts."""

    type: str
    mode: str | None
    contexts: frozenset[str]


@dataclass(frozen=True)
class Reading:
    """What one system read from one sentence: the main event's CAMEO code, the codes of every
    event read (statements included) and whether any event is not a bare statement."""

    main: str | None
    codes: frozenset[str]
    acted: bool


@dataclass(frozen=True)
class SentenceGold:
    """One sentence of the combined measure: its half, and the gold PLOVER type, mode and
    contexts (``type`` None: an event-free sentence)."""

    half: str
    type: str | None
    mode: str | None = None
    contexts: frozenset[str] = frozenset()


def parse_plover_table(text: str) -> dict[str, PloverRow]:
    """``code: TYPE, mode, context[; context] # comment`` lines; the first row of a code
    wins (the table repeats a few: 08 as CONCEDE then RETREAT, 175 twice)."""
    table: dict[str, PloverRow] = {}
    for line in text.splitlines():
        m = re.match(r"^(\d{2,4}):\s*([^#]*)", line)
        if m is None:
            continue
        fields = [f.strip() for f in m.group(2).split(",")]
        if not fields[0] or not re.fullmatch(r"[A-Z_]+", fields[0]):
            continue
        mode = fields[1] if len(fields) > 1 and fields[1] else None
        ctx = fields[2] if len(fields) > 2 else ""
        contexts = frozenset(c.strip() for c in ctx.split(";") if c.strip())
        table.setdefault(m.group(1), PloverRow(fields[0], mode, contexts))
    return table


def load_plover_table(folder: Path) -> dict[str, PloverRow]:
    return parse_plover_table((folder / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8"))


def row_for(code: str | None, table: dict[str, PloverRow]) -> PloverRow | None:
    """The table's row for a code, else for its 3- or 2-digit parent; None where the table
    has none (roots 01 and 02: statements and appeals have no PLOVER row)."""
    for n in (4, 3, 2):
        if code and len(code) >= n and code[:n] in table:
            return table[code[:n]]
    return None


def gold_mode(raw: str | None) -> str | None:
    """A 2016 gold mode in the table's names; None where the gold gives none."""
    mode = (raw or "").strip().lower()
    return None if mode in UNGIVEN_MODES else GOLD_MODES.get(mode, mode)


def code_agrees(
    code: str | None, gold: SentenceGold, table: dict[str, PloverRow], full: bool = False
) -> bool:
    """Whether the code's PLOVER row has the gold type (``full``: and the gold mode and a
    gold context, each where both the row and the gold give one)."""
    row = row_for(code, table)
    if row is None or row.type != gold.type:
        return False
    if not full:
        return True
    if row.mode and gold.mode and row.mode != gold.mode:
        return False
    vocabulary = {c for r in table.values() for c in r.contexts}
    said = gold.contexts & vocabulary
    return not (row.contexts and said) or bool(row.contexts & said)


def sentence_right(
    reading: Reading, gold: SentenceGold, table: dict[str, PloverRow], statements: bool
) -> bool:
    """An event sentence: some code read maps to the gold type. An event-free sentence:
    nothing read (``statements``: a bare statement counts as something read)."""
    if gold.type is None:
        return not (reading.codes if statements else reading.acted)
    return any(code_agrees(c, gold, table) for c in reading.codes)


def sentence_metrics(
    readings: Sequence[Reading], golds: Sequence[SentenceGold], table: dict[str, PloverRow]
) -> dict[str, float]:
    """The CAMEO-through-PLOVER columns and the combined sentence accuracies, on all
    sentences and on each half (code agreement only on event sentences)."""
    out: dict[str, float] = {}
    for label, keep in (("", None), *((f" ({h} half)", h) for h in HALVES)):
        pairs = [(r, g) for r, g in zip(readings, golds, strict=True) if keep in (None, g.half)]
        events = [(r, g) for r, g in pairs if g.type is not None]
        out[f"cameo code maps to the plover type{label}"] = share(
            [code_agrees(r.main, g, table) for r, g in events]
        )
        out[f"cameo code maps to the plover type, mode and context{label}"] = share(
            [code_agrees(r.main, g, table, full=True) for r, g in events]
        )
        for rule, statements in (("statements count", True), ("statements not counted", False)):
            out[f"plover + event-free sentence accuracy, {rule}{label}"] = share(
                [sentence_right(r, g, table, statements) for r, g in pairs]
            )
        out[f"plover + event-free sentences{label}"] = float(len(pairs))
    return out


def no_event_readings(n: int) -> list[Reading]:
    """The always-no-event baseline: nothing read from any sentence."""
    return [Reading(None, frozenset(), False) for _ in range(n)]
