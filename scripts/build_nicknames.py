"""Build ``src/newsgraph/data/nicknames.json`` from the ``nicknames`` package's names.csv.

usage: python scripts/build_nicknames.py PATH/TO/names.csv

names.csv (``nicknames`` 1.0.1 on PyPI, carltonnorthern/nicknames, Apache-2.0; unpack the
wheel to find it at ``nicknames/names.csv``) has rows 'formal,has_nickname,nickname'. We
keep the rows whose two names are alphabetic, grouped by formal name, both sorted, so the
output is the same from run to run.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "data" / "nicknames.json"
ABOUT = (
    "English formal given names and their hypocorisms (Bill for William, Mike for Michael), "
    "used by resolve/entities.py only where the surnames agree. Derived from names.csv of the "
    "'nicknames' package 1.0.1 (carltonnorthern/nicknames, Apache-2.0): rows "
    "'formal,has_nickname,nickname' kept where both sides are alphabetic; see NOTICE.md."
)


def nicknames(rows: list[dict[str, str]]) -> dict[str, list[str]]:
    """Formal name -> its nicknames, lower case, alphabetic only."""
    found: dict[str, set[str]] = {}
    for row in rows:
        formal, nick = row["name1"].strip().lower(), row["name2"].strip().lower()
        wanted = row["relationship"] == "has_nickname" and formal != nick
        if wanted and formal.isalpha() and nick.isalpha():
            found.setdefault(formal, set()).add(nick)
    return {formal: sorted(nicks) for formal, nicks in sorted(found.items())}


def main(src: Path) -> None:
    with src.open(encoding="utf-8", newline="") as fh:
        table = nicknames(list(csv.DictReader(fh)))
    data = {"about": ABOUT, "nicknames": table}
    OUT.write_text(json.dumps(data, indent=0, ensure_ascii=False), encoding="utf-8")
    print(f"{len(table)} formal names -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
