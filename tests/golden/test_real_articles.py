"""Golden tests on real articles from the shared evaluation sets, written from a reading
of each article: the people, their roles, who said what, and who is an anonymous source.

These assert facts a reader finds in the text, not the whole brief, so that improvements
elsewhere do not break them while a regression on any of these facts does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsgraph.api import brief

BBC = Path("eval") / "bbc-politics" / "politics"


@pytest.fixture(scope="module")
def briefs(shared_dir: Path) -> dict[str, dict[str, Any]]:
    names = ["001", "002", "025"]
    return {n: brief(str(shared_dir / BBC / f"{n}.txt")).to_dict() for n in names}


def _entity(b: dict[str, Any], name: str) -> dict[str, Any]:
    found = [e for e in b["entities"] if e["name"] == name or name in e["aliases"]]
    assert len(found) == 1, f"{name}: {[e['name'] for e in b['entities']]}"
    return found[0]


def _roles(b: dict[str, Any], name: str) -> list[str]:
    return [r["title"].lower() for r in _entity(b, name)["roles"]]


def _quotes_by(b: dict[str, Any], name: str) -> list[dict[str, Any]]:
    eid = _entity(b, name)["id"]
    return [q for q in b["quotes"] if q["speaker"] == eid]


def test_maternity_pay_article(briefs: dict[str, dict[str, Any]]) -> None:
    b = briefs["001"]
    assert b["document"]["title"] == "Labour plans maternity pay rise"
    hewitt = _entity(b, "Patricia Hewitt")
    assert hewitt["type"] == "PERSON"
    assert "Hewitt" in hewitt["aliases"]  # "Ms Hewitt" is the same person
    assert any("trade and industry secretary" in r for r in _roles(b, "Patricia Hewitt"))
    hewitt_quotes = _quotes_by(b, "Patricia Hewitt")
    assert any(
        q["kind"] == "direct" and q["text"].startswith("We have already doubled")
        for q in hewitt_quotes
    )
    assert any("shadow secretary of state for the family" in r for r in _roles(b, "Theresa May"))
    assert any(
        q["text"].startswith("These plans were announced by Gordon Brown")
        for q in _quotes_by(b, "Theresa May")
    )
    assert any("british chambers of commerce" in r for r in _roles(b, "David Frost"))
    assert any("crippled" in q["text"] for q in _quotes_by(b, "David Frost"))


def test_email_deletion_article(briefs: dict[str, dict[str, Any]]) -> None:
    b = briefs["002"]
    assert "tory leader" in _roles(b, "Michael Howard")
    assert any("committee chairman" in r for r in _roles(b, "Alan Beith"))
    thomas = _quotes_by(b, "Richard Thomas")
    assert any("Act of Parliament makes it very clear" in q["text"] for q in thomas)
    assert any("Freedom of Information Act" in q["text"] for q in _quotes_by(b, "Alan Beith"))
    spokes = [a for a in b["attributions"] if "spokeswoman" in a["source"]]
    assert spokes and all(a["anonymous"] for a in spokes)


def test_immigration_data_article(briefs: dict[str, dict[str, Any]]) -> None:
    b = briefs["025"]
    roche = _quotes_by(b, "Barbara Roche")
    assert any(
        q["kind"] == "indirect" and "organisation should monitor" in q["text"] for q in roche
    )
    assert any("labour mp" in r for r in _roles(b, "Barbara Roche"))
    assert any("chairman" in r for r in _roles(b, "Andrew Green"))
    assert any(
        "no need for an independent body" in q["text"] for q in _quotes_by(b, "Andrew Green")
    )
    # "He said: ..." after Sir Andrew Green's paragraph is his, not Ms Roche's.
    assert any(
        q["text"].startswith("For example, over the next 20 years")
        for q in _quotes_by(b, "Andrew Green")
    )
    assert _entity(b, "Migration Watch")["type"] == "ORG"
