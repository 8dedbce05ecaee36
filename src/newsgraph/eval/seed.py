"""The seed suite: the acceptance article scored by the shared gold scorer.

Runs ``newsgraph brief`` on ``seed/israel-syria-paris-talks.txt`` with the gold's assumed
publication date and scores it with ``tools/score_brief.py``, category by category.
"""

from __future__ import annotations

import importlib.util
import io
import json
from contextlib import redirect_stdout
from pathlib import Path
from types import ModuleType

from newsgraph.api import brief
from newsgraph.errors import InputError
from newsgraph.eval.base import DEFAULT_DATA, SuiteResult, SystemScores

ARTICLE = "israel-syria-paris-talks.txt"


def _shared_root(data: Path | None) -> Path:
    root = (data or DEFAULT_DATA).resolve()
    for candidate in (root, root.parent, root.parent.parent):
        if (candidate / "seed" / "gold.json").exists():
            return candidate
    raise InputError(f"seed gold not found near {root} (pass --data ../shared/eval)")


def _scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "score_brief", shared / "tools" / "score_brief.py"
    )
    if spec is None or spec.loader is None:
        raise InputError(f"scorer not found in {shared / 'tools'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(data: Path | None = None, limit: int | None = None) -> SuiteResult:
    shared = _shared_root(data)
    gold = json.loads((shared / "seed" / "gold.json").read_text(encoding="utf-8"))
    published = gold["document"]["assumed_published"]
    result = brief(str(shared / "seed" / ARTICLE), published=published).to_dict()
    scorer = _scorer(shared).Scorer(gold, result)
    with redirect_stdout(io.StringIO()):
        overall = scorer.run(None, None)
    metrics = {name: (found / total if total else 0.0) for name, found, total, _ in scorer.rows}
    metrics["overall"] = overall
    without_events = [v for k, v in metrics.items() if k not in {"events", "overall"}]
    metrics["overall without events"] = sum(without_events) / len(without_events)
    missed = {name: missed for name, _, _, missed in scorer.rows if missed}
    return SuiteResult(
        suite="seed",
        dataset="seed article (shared/seed/gold.json)",
        items=1,
        systems=[SystemScores("newsgraph", metrics)],
        headline="overall",
        notes=["Scored by shared/tools/score_brief.py; no baseline exists for this gold."],
        details={"missed": missed},
    )
