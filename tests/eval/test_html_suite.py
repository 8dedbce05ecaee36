"""The html suite's scoring rules, and a whole run over a three-page data folder."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.errors import InputError
from newsgraph.eval import html as suite
from newsgraph.eval.base import PRF

PARAS = [
    "Dock workers in Rotterdam ended a two-day strike on Friday after a pay offer.",
    "The union said members would vote on the deal at meetings next week.",
    "Port officials said about 40 ships had been delayed by the stoppage.",
    "Container traffic through the port had already fallen for three months running.",
]
PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Rotterdam strike ends | Harbour Times</title>
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2024-02-09T10:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/ports">Ports</a></nav>
<article><h1>Rotterdam strike ends</h1>{"".join(f"<p>{p}</p>" for p in PARAS)}
<p>Sign up for our daily newsletter.</p></article>
<footer>Contact the newsroom</footer></body></html>"""


def test_snippet_counts_follow_the_benchmark_rule() -> None:
    prf, negatives = suite.snippet_counts(
        "Ships were delayed. Sign up today.", ["Ships were", "not here"], ["Sign up", "Menu"]
    )
    assert (prf.tp, prf.fn, prf.fp, negatives) == (1, 1, 1, 1)


def test_snippets_match_across_unicode_normal_forms() -> None:
    composed, decomposed = "caf\u00e9 opens", "cafe\u0301 opens"
    prf, _ = suite.snippet_counts(f"The {composed} today", [decomposed], [])
    assert prf.tp == 1


def test_token_f1() -> None:
    assert suite.token_f1("The port reopened", "the PORT reopened.") == 1.0
    assert suite.token_f1("", "") == 1.0
    assert suite.token_f1("strike", "port") == 0.0
    assert suite.token_f1("port strike ends", "port strike") == pytest.approx(0.8)


@given(st.text(max_size=60), st.text(max_size=60))
def test_token_f1_is_symmetric_and_bounded(a: str, b: str) -> None:
    score = suite.token_f1(a, b)
    assert 0.0 <= score <= 1.0
    assert score == pytest.approx(suite.token_f1(b, a))


def test_title_and_date_comparison() -> None:
    assert suite.normalise_title("Port’s  strike — ENDS.") == suite.normalise_title(
        "port's strike - ends"
    )
    assert suite.normalise_title(None) == ""
    assert suite.same_day("2024-02-09T10:00:00", "2024-02-09")
    assert not suite.same_day(None, "2024-02-09")
    assert not suite.same_day("2024-02-08", "2024-02-09")


def test_score_page_counts_only_fields_with_gold() -> None:
    tally = suite.Tally()
    page = suite.Page("p", b"", with_=["ended a strike"], without=["Menu"], title="Strike ends")
    wrong = suite.score_page(tally, page, suite.Output(body="Menu", title="Strike ends"), "")
    assert wrong == ["missed: ended a strike", "leaked: Menu"]
    assert tally.snippets == PRF(tp=0, fp=1, fn=1)
    assert tally.asked == {"title": 1} and tally.right == {"title": 1}
    assert "date accuracy" not in suite.metrics_of(tally)


def _gz(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(text.encode("utf-8")))


def _data(root: Path) -> Path:
    traf = root / suite.TRAFILATURA_SET
    _gz(traf / "html" / "a.html.gz", PAGE)
    record = {
        "file": "a.html.gz",
        "with": [PARAS[0], PARAS[3]],
        "without": ["Contact the", "Sign up for our daily newsletter"],
        "title": "Rotterdam strike ends",
        "date": "2024-02-09",
    }
    (traf / "english_subset.json").write_text(json.dumps({"https://x.test/a": record}))
    n4k = root / suite.NEWSPAPER_SET
    _gz(n4k / "html" / "b.html.gz", PAGE)
    (n4k / "txt").mkdir()
    (n4k / "txt" / "b.txt").write_text("\n".join(PARAS))
    (n4k / "metadata").mkdir()
    (n4k / "metadata" / "b.json").write_text(
        json.dumps({"title": "Rotterdam strike ends", "publish_date": "2024-02-09T10:00:00+00:00"})
    )
    dates = root / suite.DATES_SET
    _gz(dates / "html" / "c.html.gz", PAGE)
    (dates / "english_subset.json").write_text(
        json.dumps({"https://x.test/c": {"file": "c.html.gz", "date": "2024-02-09"}})
    )
    return root


def test_whole_run_on_a_small_folder(tmp_path: Path) -> None:
    result = suite.run(_data(tmp_path), None)
    assert [s.system for s in result.systems] == ["newsgraph", "trafilatura", "htmldate"]
    assert result.headline == "body f1" and result.items == 3
    ours = result.systems[0].metrics
    assert ours["body f1"] == 1.0 and ours["body accuracy"] == 1.0
    assert ours["title accuracy"] == 1.0 and ours["n4k title accuracy"] == 1.0
    assert ours["dates-set date accuracy"] == 1.0
    assert ours["n4k body f1"] > 0.95
    assert "body f1" not in result.systems[2].metrics  # htmldate reads dates only
    assert result.systems[2].metrics["dates-set date accuracy"] == 1.0


def test_missing_sets_are_noted_not_fatal(tmp_path: Path) -> None:
    data = _data(tmp_path)
    (data / suite.DATES_SET / "english_subset.json").unlink()
    result = suite.run(data, 1)
    assert any(suite.DATES_SET in note for note in result.notes)
    assert "dates-set date accuracy" not in result.systems[0].metrics


def test_no_data_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="found"):
        suite.run(tmp_path, None)
