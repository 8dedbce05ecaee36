"""Page furniture found by structure: boilerplate containers and lists of links.

trafilatura drops most navigation, but what it keeps (or what its fallbacks bring back)
is often furniture with a tell-tale shape: a container whose class or id names what it is
("newsletter", "related", "popup"), or a run of lines that are nothing but links (a
"More on this story" list, a related-articles block after the last paragraph). Both tests
use the page's structure, not a site's wording; their vocabulary and thresholds are data
(``data/ingest_boilerplate.json``: ``containers`` and ``link_lists``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import lxml.etree
import lxml.html

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_TOKEN_SPLIT = re.compile(r"[^A-Za-z]+")
_BULLET = re.compile(r"^(?:[-*•·]\s+)")
_CONTAINER_TAGS = frozenset(
    {"div", "section", "aside", "ul", "ol", "p", "span", "form", "footer", "nav", "dl", "table"}
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LINE_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "td", "div")
_MAX_INDEXED = 20_000  # block elements read for link density; a page past this is odd anyway
_MAX_LINE_CHARS = 600  # longer blocks are text, never one line of a link list
_MAX_RAW_CHARS = 4 * _MAX_LINE_CHARS  # ... before spaces are collapsed


@dataclass(frozen=True)
class FurnitureRules:
    """Container tokens and link-list thresholds from ``data/ingest_boilerplate.json``."""

    tokens: frozenset[str]  # a container whose class/id has one of these words is furniture
    keep_share: float  # ... unless it holds this share of the page's text
    max_own_chars: int  # ... or is longer than this outside links and not mostly links
    link_density: float  # a line whose characters are mostly link text at least this much
    min_run: int  # consecutive link lines that make a list inside the body


@lru_cache(maxsize=1)
def furniture_rules() -> FurnitureRules:
    """Read the structural rules once from the data file."""
    path = resources.files("newsgraph.data").joinpath("ingest_boilerplate.json")
    raw = json.loads(path.read_text("utf-8"))
    containers, links = raw["containers"], raw["link_lists"]
    return FurnitureRules(
        tokens=frozenset(t.lower() for t in containers["tokens"]),
        keep_share=float(containers["keep_share"]),
        max_own_chars=int(containers["max_own_chars"]),
        link_density=float(links["density"]),
        min_run=int(links["min_run"]),
    )


def name_tokens(element: lxml.html.HtmlElement) -> set[str]:
    """The words of an element's class and id: "post-share__bar relatedStories" gives
    {"post", "share", "bar", "related", "stories"}; whole words, so "shared" is not "share"."""
    words: set[str] = set()
    for value in (element.get("class"), element.get("id")):
        for part in (value or "").split():
            for word in _TOKEN_SPLIT.split(_CAMEL.sub(" ", part)):
                if word:
                    words.add(word.lower())
    return words


def own_text_chars(element: lxml.html.HtmlElement) -> int:
    """Characters of text outside links: what a reader reads there, not what they click."""
    linked = sum(len(" ".join(a.text_content().split())) for a in element.iter("a"))
    return max(0, len(" ".join(element.text_content().split())) - linked)


def _paragraph_chars(element: lxml.html.HtmlElement) -> int:
    return sum(len(p.text_content()) for p in element.iter("p"))


@dataclass(frozen=True)
class _PageText:
    """How much text the page has, by the two measures the guard compares against."""

    paragraphs: int  # characters in <p> elements
    own: int  # characters outside links (pages that set their text in <div>s)


def _holds_the_article(element: lxml.html.HtmlElement, page: _PageText, share: float) -> bool:
    """Whether removing ``element`` would remove the story itself (the over-pruning guard):
    it holds the headline, the marked article body, or ``share`` of the page's paragraph
    text or of its text outside links."""
    marked = "descendant-or-self::h1 | descendant-or-self::*[@itemprop='articleBody']"
    if element.xpath(f"boolean({marked})"):
        return True
    if page.paragraphs and _paragraph_chars(element) >= share * page.paragraphs:
        return True
    return own_text_chars(element) >= share * page.own


def _furniture_shaped(element: lxml.html.HtmlElement, rules: FurnitureRules) -> bool:
    """Short (a prompt, a bio, a share bar) or mostly links (a related list): the shapes
    furniture has. A long stretch of prose is kept even in a container named "related"."""
    own = own_text_chars(element)
    if own <= rules.max_own_chars:
        return True
    total = len(" ".join(element.text_content().split()))
    return total > 0 and (total - own) / total >= rules.link_density


FURNITURE_MARK = "data-newsgraph-furniture"
FURNITURE_XPATH = f"//*[@{FURNITURE_MARK}]"  # for trafilatura's ``prune_xpath``


def mark_furniture(tree: lxml.html.HtmlElement) -> int:
    """Mark containers named as furniture (newsletter box, related list, popup, author bio)
    for removal before extraction, so neither trafilatura nor its fallbacks read them;
    returns how many were marked. Marked, not dropped: the page's metadata (its date, often
    next to the share bar) is read from the whole tree first. A container holding the
    headline, the marked article body or a large share of the page's text is kept,
    whatever its name."""
    rules = furniture_rules()
    body = tree.find("body")
    if body is None:
        return 0
    page = _PageText(_paragraph_chars(body), own_text_chars(body))
    marked: set[lxml.html.HtmlElement] = set()
    for element in body.iter(*_CONTAINER_TAGS):
        if (
            rules.tokens.intersection(name_tokens(element))
            and marked.isdisjoint(element.iterancestors())
            and _furniture_shaped(element, rules)
            and not _holds_the_article(element, page, rules.keep_share)
        ):
            element.set(FURNITURE_MARK, "1")
            marked.add(element)
    return len(marked)


def _line_key(text: str) -> str:
    return " ".join(_BULLET.sub("", text.strip()).split())


def _raw_text_lengths(root: lxml.html.HtmlElement) -> dict[lxml.html.HtmlElement, int]:
    """Characters of text under each element, in one bottom-up pass (no string is built),
    so that long blocks can be skipped before their text is read."""
    lengths: dict[lxml.html.HtmlElement, int] = {}
    for _, element in lxml.etree.iterwalk(root, events=("end",)):
        inner = sum(lengths.get(child, 0) + len(child.tail or "") for child in element)
        lengths[element] = len(element.text or "") + inner
    return lengths


@dataclass(frozen=True)
class BlockIndex:
    """The page's short blocks by whitespace-normalised text, to look body lines up in."""

    density: dict[str, float]  # characters inside <a> over all characters
    headings: frozenset[str]  # texts of h1-h6 elements


def link_density_index(tree: lxml.html.HtmlElement) -> BlockIndex:
    """Link density of each short block of the page, and which blocks are headings."""
    density: dict[str, float] = {}
    headings: set[str] = set()
    lengths = _raw_text_lengths(tree)
    blocks = (el for el in tree.iter(*_LINE_TAGS) if lengths.get(el, 0) <= _MAX_RAW_CHARS)
    for count, element in enumerate(blocks):
        if count >= _MAX_INDEXED:
            break
        text = " ".join(element.text_content().split())
        if not text or len(text) > _MAX_LINE_CHARS:
            continue
        linked = sum(len(" ".join(a.text_content().split())) for a in element.iter("a"))
        density[text] = min(min(1.0, linked / len(text)), density.get(text, 1.0))
        if element.tag in _HEADING_TAGS:
            headings.add(text)
    return BlockIndex(density, frozenset(headings))


def _is_link_line(line: str, index: BlockIndex, threshold: float) -> bool:
    key = _line_key(line)
    return bool(key) and index.density.get(key, 0.0) >= threshold


def _drop_link_runs(lines: list[str], links: list[bool], keep: list[bool], span: range) -> None:
    """Unkeep each run of ``min_run`` or more link lines (blank lines between) in ``span``."""
    min_run = furniture_rules().min_run
    start = span.start
    while start < span.stop:
        if not links[start]:
            start += 1
            continue
        end = start
        while end < span.stop and (links[end] or not lines[end].strip()):
            end += 1
        if sum(links[start:end]) >= min_run:
            keep[start:end] = [False] * (end - start)
        start = end


def _drop_trailing_headings(lines: list[str], keep: list[bool], index: BlockIndex) -> None:
    """Unkeep headings left at the end with nothing under them ("Related stories" once
    its list is gone, "Comments"), while some text stays before them."""
    kept = [n for n, k in enumerate(keep) if k and lines[n].strip()]
    while len(kept) > 1 and _line_key(lines[kept[-1]]) in index.headings:
        keep[kept.pop()] = False


def drop_link_lists(body: str, index: BlockIndex) -> str:
    """The body without lists of links: link lines after the last line of text (a related
    or "more" block at the end) and before the first, runs of ``min_run`` or more link
    lines inside it, and headings left at the end. A lone link line inside the text is
    kept (a linked sentence)."""
    threshold = furniture_rules().link_density
    lines = body.split("\n")
    links = [_is_link_line(line, index, threshold) for line in lines]
    text_at = [n for n, line in enumerate(lines) if not links[n] and line.strip()]
    if not text_at:
        return body
    first, last = text_at[0], text_at[-1]
    keep = [first <= n <= last for n in range(len(lines))]
    _drop_link_runs(lines, links, keep, range(first, last + 1))
    _drop_trailing_headings(lines, keep, index)
    return "\n".join(line for line, kept in zip(lines, keep, strict=True) if kept)
