"""Furniture found by structure: containers named as boilerplate, lists of links."""

from __future__ import annotations

import json
from importlib import resources

import lxml.html
import pytest

from newsgraph.sources.html import drop_boilerplate, parse_html
from newsgraph.sources.html_furniture import (
    FURNITURE_XPATH,
    BlockIndex,
    drop_link_lists,
    link_density_index,
    mark_furniture,
    name_tokens,
)

RULES = json.loads(
    resources.files("newsgraph.data").joinpath("ingest_boilerplate.json").read_text("utf-8")
)

STORY = [
    "The port authority in Rotterdam said on Friday that container traffic fell for a third "
    "month as shipping lines diverted vessels around the Cape of Good Hope.",
    "Volumes were down 6 percent from a year earlier, the authority said in a statement, "
    "with the sharpest drop in goods arriving from Asia.",
    "Dock workers ended a two-day strike over pay on Thursday after the union accepted an "
    "offer of a 4 percent rise over two years.",
    "Shipping analysts expect volumes to recover slowly once insurers lower war-risk premiums "
    "for vessels crossing the Red Sea.",
]
PARAS = "".join(f"<p>{s}</p>" for s in STORY)


def _tree(body: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f"<html><body>{body}</body></html>")


def prune_furniture(tree: lxml.html.HtmlElement) -> int:
    """Mark the furniture, then drop it as trafilatura's ``prune_xpath`` does."""
    count = mark_furniture(tree)
    for element in tree.xpath(FURNITURE_XPATH):
        element.drop_tree()
    return count


def _text(tree: lxml.html.HtmlElement) -> str:
    return " ".join(tree.text_content().split())


# --- containers named as furniture -----------------------------------------------------------


def test_name_tokens_split_classes_ids_and_camel_case() -> None:
    element = lxml.html.fragment_fromstring(
        '<div class="post-share__bar relatedStories" id="side_bar"></div>'
    )
    assert name_tokens(element) == {"post", "share", "bar", "related", "stories", "side"}
    shared = lxml.html.fragment_fromstring('<div class="shared-content"></div>')
    assert "share" not in name_tokens(shared)  # whole words only


# one furniture container per token, as a site would name it
TOKEN_BOXES = {
    "related": '<div class="td_block_related_posts"><a href="/a">Port strike ends</a></div>',
    "newsletter": '<div class="newsletter-inbody">A free daily digest of the news</div>',
    "share": '<div class="post-share">Share this story on your networks</div>',
    "social": '<div class="social-links">Join us on every network we are on</div>',
    "modal": '<div class="modal fade">Want to get notified when we write about this?</div>',
    "sidebar": '<div class="td-main-sidebar"><a href="/b">Most read this week</a></div>',
    "bio": '<div class="slice-author-bio">Jan de Vries covers shipping for the paper.</div>',
}


def test_every_container_token_has_a_box() -> None:
    assert sorted(TOKEN_BOXES) == sorted(RULES["containers"]["tokens"])


@pytest.mark.parametrize("token", sorted(TOKEN_BOXES))
def test_a_named_container_is_pruned_and_the_story_kept(token: str) -> None:
    box = TOKEN_BOXES[token]
    furniture = _text(lxml.html.fragment_fromstring(box))
    tree = _tree(f"<h1>Rotterdam traffic falls</h1><div class='story'>{PARAS}</div>{box}")
    assert prune_furniture(tree) == 1
    assert furniture not in _text(tree)
    assert STORY[0] in _text(tree)


def test_a_named_container_holding_the_headline_is_kept() -> None:
    tree = _tree(f"<div class='has-sidebar'><h1>Rotterdam traffic falls</h1></div>{PARAS}")
    assert prune_furniture(tree) == 0
    assert "Rotterdam traffic falls" in _text(tree)


def test_a_named_container_holding_most_of_the_text_is_kept() -> None:
    # a short page whose only paragraph sits in a wrapper with "share" in its class
    tree = _tree(f"<div class='content-share-wrap'><p>{STORY[0]}</p></div><p>Short note.</p>")
    assert prune_furniture(tree) == 0
    assert STORY[0] in _text(tree)


def test_long_prose_in_a_named_container_is_kept() -> None:
    # over 500 characters outside links and under a third of the page: text, whatever the
    # container is called (only the shape test keeps it)
    tree = _tree(f"<h1>Port</h1>{PARAS * 3}<div class='related-essay'>{PARAS}</div>")
    assert prune_furniture(tree) == 0


@pytest.mark.parametrize(
    "box",
    [
        "<div class='modal fade'><p>Get notified when we write about the port?</p></div>",
        "<div class='contributor-bio'><p>Jan de Vries has covered shipping since 2009.</p></div>",
    ],
)
def test_parse_html_leaves_named_furniture_out_of_the_body(box: str) -> None:
    furniture = _text(lxml.html.fragment_fromstring(box))
    page = (
        "<html><head><title>Rotterdam traffic falls</title></head><body><article>"
        f"<h1>Rotterdam traffic falls</h1><p>{STORY[0]}</p><p>{STORY[1]}</p>{box}"
        f"<p>{STORY[2]}</p><p>{STORY[3]}</p></article></body></html>"
    )
    text = parse_html(page).text
    assert STORY[3] in text
    assert furniture not in text


# --- lists of links ------------------------------------------------------------------------------


TITLES = [
    "Harbour dredging plan delayed again",
    "Union leaders to meet ministers on pay",
    "Insurers raise war-risk premiums for Red Sea",
]
RELATED = (
    "<ul>"
    + "".join(f'<li><a href="/news/{n}">{t}</a></li>' for n, t in enumerate(TITLES))
    + "</ul>"
)
RELATED_LINES = "\n".join(f"- {t}" for t in TITLES)  # as trafilatura writes list items
TEXT = "\n".join(STORY)


def _index(html: str) -> BlockIndex:
    return link_density_index(_tree(html))


def test_a_related_list_after_the_last_paragraph_is_dropped() -> None:
    index = _index(f"{PARAS}{RELATED}")
    assert drop_link_lists(f"{TEXT}\n{RELATED_LINES}", index) == TEXT


def test_a_single_link_line_after_the_text_is_dropped_too() -> None:
    index = _index(f'{PARAS}<p><a href="/more">More on Rotterdam port</a></p>')
    assert drop_link_lists(f"{TEXT}\nMore on Rotterdam port", index) == TEXT


def test_breadcrumbs_before_the_first_paragraph_are_dropped() -> None:
    index = _index(f'<p><a href="/">Home</a> » <a href="/world">World</a></p>{PARAS}')
    assert drop_link_lists(f"Home » World\n{TEXT}", index) == TEXT


def test_a_run_of_link_lines_inside_the_body_is_dropped() -> None:
    index = _index(f"{PARAS}{RELATED}<p>Ends.</p>")
    kept = drop_link_lists(f"{TEXT}\n{RELATED_LINES}\nEnds.", index)
    assert kept == f"{TEXT}\nEnds."


def test_two_link_lines_inside_the_body_are_kept() -> None:
    short = (
        "<ul>"
        + "".join(f'<li><a href="/{n}">{t}</a></li>' for n, t in enumerate(TITLES[:2]))
        + "</ul>"
    )
    lines = "\n".join(f"- {t}" for t in TITLES[:2])
    index = _index(f"{PARAS}{short}<p>Ends.</p>")
    body = f"{TEXT}\n{lines}\nEnds."
    assert drop_link_lists(body, index) == body


def test_a_paragraph_with_one_link_is_text() -> None:
    para = f'{STORY[0]} <a href="/x">Read the statement</a>.'
    index = _index(f"<p>{para}</p><p>{STORY[1]}</p>")
    body = f"{STORY[0]} Read the statement.\n{STORY[1]}"
    assert drop_link_lists(body, index) == body


def test_a_heading_left_at_the_end_is_dropped() -> None:
    index = _index(f"{PARAS}<h3>Related stories</h3>{RELATED}<h2>Comments</h2>")
    body = f"{TEXT}\nRelated stories\n{RELATED_LINES}\nComments"
    assert drop_link_lists(body, index) == TEXT


def test_a_heading_with_text_under_it_is_kept() -> None:
    index = _index(f"<p>{STORY[0]}</p><h2>What happens next</h2><p>{STORY[1]}</p>")
    body = f"{STORY[0]}\nWhat happens next\n{STORY[1]}"
    assert drop_link_lists(body, index) == body


# --- lines ---------------------------------------------------------------------------------------


def test_a_line_of_page_fields_is_dropped() -> None:
    body = f"{STORY[0]}\nNews date : 04/21/2022 Category : Press Releases"
    assert drop_boilerplate(body) == STORY[0]


def test_a_sentence_with_a_label_word_and_colon_is_kept() -> None:
    line = "The ministry published its new category of visas: skilled workers may apply."
    assert drop_boilerplate(line) == line


def test_blank_lines_from_a_fallback_extractor_are_dropped() -> None:
    assert drop_boilerplate(f"  \n{STORY[0]}\n      \n{STORY[1]}") == f"{STORY[0]}\n{STORY[1]}"
