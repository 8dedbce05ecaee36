"""The times suite's reader and scorer on small hand-written TimeML documents."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from spacy.language import Language

from newsgraph.errors import InputError
from newsgraph.eval.times import (
    TimeDoc,
    Timex3,
    dateparser_system,
    load_corpus,
    load_tml,
    read_heideltime,
    run,
    same_value,
    score_document,
)

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>wire_001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-12" temporalFunction="false"
 functionInDocument="CREATION_TIME">19980812</TIMEX3></DCT>
<TEXT>
Police in Lagos said <TIMEX3 tid="t1" type="DATE" value="1998-08-10">Monday</TIMEX3> that
AT&amp;T staff left <TIMEX3 tid="t2" type="DATE" value="1998-W32">last week</TIMEX3> after
<TIMEX3 tid="t3" type="DURATION" value="P2D">two days</TIMEX3> of talks.
</TEXT>
</TimeML>
"""


def write_corpus(root: Path, copies: int = 1) -> Path:
    for corpus in ("TimeBank", "AQUAINT"):
        (root / corpus).mkdir(parents=True)
        for i in range(copies):
            (root / corpus / f"{corpus}_{i}.tml").write_text(TML, encoding="utf-8")
    return root


def test_load_tml_gives_plain_text_offsets(tmp_path: Path) -> None:
    doc = load_tml(write_corpus(tmp_path) / "TimeBank" / "TimeBank_0.tml")
    assert doc.dct == datetime.date(1998, 8, 12)
    assert [(g.text, g.kind, g.value) for g in doc.gold] == [
        ("Monday", "DATE", "1998-08-10"),
        ("last week", "DATE", "1998-W32"),
        ("two days", "DURATION", "P2D"),
    ]
    assert all(doc.text[g.start : g.end] == g.text for g in doc.gold)
    assert "AT&T" in doc.text and "<" not in doc.text


def test_bad_files_raise_input_error(tmp_path: Path) -> None:
    (tmp_path / "x.tml").write_text("<TimeML>no text</TimeML>", encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.tml"):
        load_tml(tmp_path / "x.tml")
    with pytest.raises(InputError, match="no TimeML files"):
        load_corpus(tmp_path)


def test_same_value_ignores_week_padding_only() -> None:
    assert same_value("1998-W05", "1998-W5") and same_value("p1y", "P1Y")
    assert not same_value("1998", "1998-Q3") and not same_value(None, "1998")


def test_score_document_matches_overlaps_once() -> None:
    gold = [Timex3(0, 6, "DATE", "1998-08-10"), Timex3(10, 19, "DATE", "1998-W32")]
    doc = TimeDoc("d", datetime.date(1998, 8, 12), "x" * 30, gold)
    found = [
        Timex3(0, 6, "date", "1998-08-10"),
        Timex3(2, 4, "date", "1998-08-10"),
        Timex3(12, 25, "duration", "P1W"),
    ]
    tally = score_document(doc, found)
    assert (tally.spans.tp, tally.spans.fp, tally.spans.fn) == (2, 1, 0)
    assert (tally.value_ok, tally.type_ok) == (1, 1)
    assert tally.errors[0]["gold_value"] == "1998-W32"


def test_read_heideltime_offsets() -> None:
    text = 'AT&T said on Friday <that> it would.\n\nA week later, "prices" fell.\n'
    output = (
        '<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n'
        'AT&T said on <TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3>'
        ' <that> it would.\n\n<TIMEX3 tid="t2" type="DURATION" value="P1W">A week'
        '</TIMEX3> later, "prices" fell.\n\n</TimeML>\n'
    )
    found = read_heideltime(output)
    assert [(text[t.start : t.end], t.value) for t in found] == [
        ("Friday", "1998-08-07"),
        ("A week", "P1W"),
    ]
    assert read_heideltime("") == []


def test_dateparser_baseline_writes_its_granularity(nlp: Language) -> None:
    text = "The plant in Leeds closed in March 1996 and reopened on June 3, 1997."
    doc = TimeDoc("d", datetime.date(1998, 8, 12), text, [])
    found = dateparser_system(doc, nlp(text))
    assert [t.value for t in found] == ["1996-03", "1997-06-03"]
    assert all(text[t.start : t.end] == t.text for t in found)


def test_run_scores_every_system_on_the_same_documents(tmp_path: Path) -> None:
    result = run(write_corpus(tmp_path, copies=2), limit=3, heideltime=False)
    assert result.items == 3 and result.headline == "value accuracy"
    assert result.systems[0].system == "newsgraph"
    assert len(result.systems) == 3
    assert result.score() == pytest.approx(1.0)
    assert result.score("newsgraph", "recall") == pytest.approx(1.0)
    assert result.details["gold"] == 9
