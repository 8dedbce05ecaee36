"""highlight.py: segments cover the text exactly, every piece of text is escaped, and facts
with offsets that do not index the body are left out rather than trusted."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from newsgraph.model import Article, Brief, Entity, Evidence, Mention, Quote, TimeValue
from newsgraph.web.highlight import FactSpan, fact_spans, fact_table, render, segment

TAG = re.compile(r"<[^>]*>")


def _strip(markup: str) -> str:
    return html.unescape(TAG.sub("", markup))


def test_segments_split_at_every_boundary_and_carry_covering_facts() -> None:
    text = "Ruto said on Tuesday."
    spans = [FactSpan(0, 21, "event", "event-0"), FactSpan(13, 20, "time", "time-0")]
    segs = segment(text, spans)
    assert [s.text for s in segs] == ["Ruto said on ", "Tuesday", "."]
    assert [k.key for k in segs[1].facts] == ["event-0", "time-0"]


def test_render_escapes_text_and_links_entities() -> None:
    text = "<b>Ruto</b> spoke"
    out = render(
        segment(text, [FactSpan(3, 7, "entity", "entity-e1", "e1")]),
        lambda _id: '/entities/PERSON/x"y',
    )
    assert "<b>" not in out
    assert '&lt;b&gt;<a class="entity-link" href="/entities/PERSON/x&#34;y">' in out
    assert _strip(out) == text


def test_offsets_outside_text_or_into_title_are_dropped() -> None:
    text = "Mayor Ana Lopez opened the bridge on Friday."
    ev_title = Evidence("Lopez opens bridge", 0, 18, field="title")
    brief = Brief(
        document=Article(text=text, title="Lopez opens bridge"),
        entities=[
            Entity(
                "e1",
                "Ana Lopez",
                "PERSON",
                mentions=[Mention(6, 15, "Ana Lopez"), Mention(40, 99, "bad")],
            )
        ],
        quotes=[Quote("e1", "direct", "opens", ev_title, start=6, end=11)],
        times=[TimeValue("Friday", "date", "2026-01-02", Evidence(text, 0, 44), start=37, end=43)],
    )
    kinds = [(s.kind, s.start, s.end) for s in fact_spans(brief)]
    assert kinds == [("entity", 6, 15), ("time", 37, 43)]
    table = fact_table(brief)
    assert table["time-0"]["value"] == "2026-01-02"
    assert table["quote-0"]["label"] == "Ana Lopez"


spans_st = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 60), st.sampled_from(["entity", "quote", "time"])),
    max_size=8,
)


@given(st.text(alphabet=st.sampled_from(list("ab <>&\"'/=:\n")), max_size=60), spans_st)
def test_any_text_and_spans_render_inert_and_lossless(
    text: str, raw: list[tuple[int, int, str]]
) -> None:
    spans = [FactSpan(a, b, kind, f"{kind}-{i}", "e1") for i, (a, b, kind) in enumerate(raw)]
    segs = segment(text, spans)
    assert "".join(s.text for s in segs) == text
    out = str(render(segs, lambda _id: "/entities/PERSON/e1"))
    assert _strip(out) == text
    # Every tag in the output is one of ours.
    for tag in TAG.findall(out):
        assert re.fullmatch(
            r'</?(span|a)( class="[^"<>]*"( (data-facts|href)="[^"<>]*")*'
            r'( tabindex="0")?)?>',
            tag,
        ), tag


def test_search_snippet_marks_matches_and_escapes_the_rest() -> None:
    from newsgraph.web.pages import mark_snippet

    out = mark_snippet("…said «<b>talks</b>» would «resume» & <i>")
    assert out == (
        "…said <mark>&lt;b&gt;talks&lt;/b&gt;</mark> would <mark>resume</mark> &amp; &lt;i&gt;"
    )
