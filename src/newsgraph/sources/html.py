"""HTML pages → :class:`Article`: trafilatura for the body and metadata, lxml for the rest.

trafilatura finds the main text, title, author and date well but drops figure captions
and keeps no canonical URL, section or language links; we read those off the parsed tree
first, and cut caption elements out before extraction so no caption leaks into the body.
"""

from __future__ import annotations

import html as html_escapes
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.metadata import extract_metadata

from newsgraph.errors import InputError
from newsgraph.model import Article, Caption
from newsgraph.sources.decode import decode_bytes
from newsgraph.sources.html_furniture import (
    FURNITURE_XPATH,
    drop_link_lists,
    link_density_index,
    mark_furniture,
)
from newsgraph.sources.language import UNDETERMINED, detect_language
from newsgraph.sources.text import credit_text, is_label, split_caption_credit, truncate_body

_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(r"<(?:p|div|br|article|span|a|h[1-6])\b[^>]*>", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||–|—|--|-|::|·|»)\s+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MAX_CAPTION_CHARS = 600
_SLIDE_MIN_WORDS = 8  # a caption holding two paragraphs this long is slideshow text
_LD_MIN_CHARS = 500  # a JSON-LD articleBody worth falling back to
_LD_SHORT_RATIO = 0.5  # ... when the extracted body is under half its length
_QUOTE_MARKS = frozenset('"“”«»')
_BLOCK_BREAK = re.compile(r"<(?:/p|br\s*/?|/div|/h[1-6]|/li)\s*>", re.IGNORECASE)
_NON_ALNUM = re.compile(r"[\W_]+")
_MAX_TREE_ELEMENTS = 200_000
_CAPTION_WINDOW = 50  # captions before a credit-only element that it may belong to


_UPPER, _LOWER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"


def _class_has(word: str) -> str:
    """XPath test: the class attribute contains ``word``, in any letter case."""
    return f"contains(translate(@class, '{_UPPER}', '{_LOWER}'), '{word}')"


_CREDIT_XPATH = " or ".join(_class_has(w) for w in ("credit", "copyright", "photographer"))
_CAPTION_XPATH = f"//figcaption | //*[{_class_has('caption')}][not(ancestor::figcaption)]"


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled line patterns from ``data/ingest_boilerplate.json``."""

    max_words: int
    field_words: int
    label: re.Pattern[str]  # "Read more: ...", "Category : ..."
    field: re.Pattern[str]  # "News date : 04/21/2022 Category : Press Releases"
    call: re.Pattern[str]  # "Sign up for our newsletter", "All rights reserved"


@lru_cache(maxsize=1)
def boilerplate_rules() -> BoilerplateRules:
    """Build the boilerplate patterns once from the data file."""
    path = resources.files("newsgraph.data").joinpath("ingest_boilerplate.json")
    raw = json.loads(path.read_text("utf-8"))
    labels = "|".join(re.escape(w) for w in sorted(raw["labels"], key=len, reverse=True))
    return BoilerplateRules(
        max_words=int(raw["max_words"]),
        field_words=int(raw["field_words"]),
        label=re.compile(rf"(?:{labels})\s*:", re.IGNORECASE),
        field=re.compile(rf"(?:^|\s)(?:{labels})\s+:", re.IGNORECASE),
        call=re.compile("|".join(f"(?:{c})" for c in raw["calls"]), re.IGNORECASE),
    )


def is_boilerplate(line: str) -> bool:
    """A short line of page furniture (call to action, paywall notice, rights line, label).

    Lines with quotation marks are kept: a quoted "subscribe now" is reported speech.
    """
    text = " ".join(line.split())
    rules = boilerplate_rules()
    words = len(text.split())
    if not text or words > rules.max_words or _QUOTE_MARKS.intersection(text):
        return False
    if words <= rules.field_words and rules.field.search(text):
        return True
    return bool(rules.label.match(text) or rules.call.search(text))


def drop_boilerplate(body: str) -> str:
    """The body without its boilerplate lines and without lines of blanks only (a
    fallback extractor's indentation)."""
    lines = body.split("\n")
    return "\n".join(line for line in lines if line.strip() and not is_boilerplate(line))


@dataclass
class PageMeta:
    """What the page's ``<head>`` and tree say beyond trafilatura's fields."""

    url: str | None = None
    section: str | None = None
    description: str | None = None
    language: str | None = None
    alternates: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    site_name: str | None = None
    title: str | None = None  # og:title, else <title>
    headings: list[str] = field(default_factory=list)  # the page's <h1> texts
    ld_body: str = ""  # the longest JSON-LD articleBody, as plain text


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML document (doctype/html/head start, or dense tags)."""
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return len(_HTML_TAGS.findall(head)) >= 5


def _parse_tree(html: str) -> lxml.html.HtmlElement:
    """Parse with libxml2's default depth limit, so tag bombs are cut short, not recursed."""
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"input could not be parsed as HTML ({exc})") from exc
    if sum(1 for _ in tree.iter()) > _MAX_TREE_ELEMENTS:
        raise InputError(f"HTML page has more than {_MAX_TREE_ELEMENTS} elements; refusing it")
    return tree


def _first(tree: lxml.html.HtmlElement, xpath: str) -> str | None:
    values = tree.xpath(xpath)
    for value in values:
        text = " ".join(str(value).split())
        if text:
            return text
    return None


def _alternate_languages(tree: lxml.html.HtmlElement, own: str | None) -> list[str]:
    """ISO codes of ``<link rel=alternate hreflang=..>`` translations, not the page's own."""
    codes = []
    for value in tree.xpath("//link[@hreflang]/@hreflang"):
        code = str(value).strip().lower().split("-")[0].split("_")[0]
        if len(code) in (2, 3) and code.isalpha() and code != own:
            codes.append(code)
    return list(dict.fromkeys(codes))


def _values_of(data: Any, key: str, depth: int = 0) -> list[str]:
    """Every string under ``key`` anywhere in parsed JSON (JSON-LD nests via @graph)."""
    if depth > 12:
        return []
    if isinstance(data, dict):
        found = [data[key]] if isinstance(data.get(key), str) else []
        return found + [v for x in data.values() for v in _values_of(x, key, depth + 1)]
    if isinstance(data, list):
        return [v for x in data for v in _values_of(x, key, depth + 1)]
    return []


def _plain_text(markup: str) -> str:
    """JSON-LD text as plain lines: entities decoded, tags dropped, block ends as breaks."""
    text = html_escapes.unescape(_BLOCK_BREAK.sub("\n", markup))
    if "<" in text:
        text = re.sub(r"<[^>]{0,500}>", " ", text)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def ld_article_body(tree: lxml.html.HtmlElement) -> str:
    """The longest ``articleBody`` of the page's JSON-LD, as plain text ("" if none).

    Script-rendered pages often ship an empty article shell and the full text only here.
    """
    bodies: list[str] = []
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            bodies += _values_of(json.loads(str(script)), "articleBody")
        except (ValueError, RecursionError):
            continue
    return _plain_text(max(bodies, key=len)) if bodies else ""


def read_page_meta(tree: lxml.html.HtmlElement) -> PageMeta:
    """Canonical URL, section, description, language and translations from the head."""
    lang = _first(tree, "/html/@lang | /html/@xml:lang")
    language = lang.lower().split("-")[0].split("_")[0] if lang else None
    headings = [" ".join(h.text_content().split()) for h in tree.xpath("//h1")[:5]]
    return PageMeta(
        url=_first(tree, "//link[@rel='canonical']/@href | //meta[@property='og:url']/@content"),
        section=_first(
            tree,
            "//meta[@property='article:section']/@content | //meta[@name='section']/@content",
        ),
        description=_first(
            tree,
            "//meta[@name='description']/@content | //meta[@property='og:description']/@content",
        ),
        language=language,
        alternates=_alternate_languages(tree, language),
        site_name=_first(tree, "//meta[@property='og:site_name']/@content"),
        title=_first(tree, "//meta[@property='og:title']/@content | //title/text()"),
        headings=[h for h in headings if h],
        ld_body=ld_article_body(tree),
    )


def _caption_of(element: lxml.html.HtmlElement) -> Caption | None:
    """Caption and credit of one caption element; credit from a credit-class child or text."""
    credits = element.xpath(f".//*[{_CREDIT_XPATH}]")
    credit_raw = " ".join(" ".join(c.text_content().split()) for c in credits).strip()
    for child in credits:
        child.drop_tree()
    text = " ".join(element.text_content().split())
    if is_label(text):  # "HIDE CAPTION", "EXPAND"
        text = ""
    whole_credit = credit_text(text) if text else None
    found = Caption("", whole_credit) if whole_credit else split_caption_credit(text)
    credit = (credit_text(credit_raw) or credit_raw) if credit_raw else found.credit
    if not found.text and not credit:
        return None
    return Caption(text=found.text, credit=credit or None)


def _merges(known: Caption, caption: Caption) -> bool:
    """``caption`` repeats ``known``, or one of them is the other's missing credit or text."""
    if known.text == caption.text or (not caption.text and known.credit is None):
        return True
    return not known.text and bool(caption.text) and caption.credit in (None, known.credit)


def _add_caption(captions: list[Caption], caption: Caption, by_text: dict[str, int]) -> None:
    """Append, merging a credit-only element into the caption it belongs to.

    A repeated caption is found by its text (``by_text``: first position of each); other
    merges are looked for among the latest _CAPTION_WINDOW captions only, where a
    figure's credit sits, so that a page of thousands of captions is read in linear time.
    """
    found = [by_text[caption.text]] if caption.text in by_text else []
    start = max(0, len(captions) - _CAPTION_WINDOW)
    found += [n for n in range(start, len(captions)) if _merges(captions[n], caption)][:1]
    if not found:
        if caption.text:
            by_text.setdefault(caption.text, len(captions))
        captions.append(caption)
        return
    known = captions[min(found)]
    if known.text == caption.text or (not caption.text and known.credit is None):
        known.credit = known.credit or caption.credit
    else:
        known.text = caption.text
        by_text.setdefault(caption.text, min(found))


def is_slide_text(element: lxml.html.HtmlElement) -> bool:
    """A caption element holding two or more real paragraphs is slideshow text, the
    article itself, not a caption of one picture."""
    blocks = element.xpath(".//p | .//li")
    return sum(len(b.text_content().split()) >= _SLIDE_MIN_WORDS for b in blocks) >= 2


def take_captions(tree: lxml.html.HtmlElement) -> list[Caption]:
    """Read figure captions and credits, then remove them from the tree (no body leak)."""
    captions: list[Caption] = []
    by_text: dict[str, int] = {}
    for element in tree.xpath(_CAPTION_XPATH):
        if element.getparent() is None or len(element.text_content()) > _MAX_CAPTION_CHARS:
            continue
        if is_slide_text(element):
            continue
        caption = _caption_of(element)
        if caption is not None:
            _add_caption(captions, caption, by_text)
        element.drop_tree()
    # "descendant::" rather than "//": libxml2 merges the node sets of "//figure//*" pairwise,
    # which took minutes on a page of 60,000 figures
    for element in tree.xpath(f"//figure/descendant::*[{_CREDIT_XPATH}]"):
        if element.getparent() is not None:
            element.drop_tree()
    return captions


def _compact(text: str) -> str:
    return _NON_ALNUM.sub("", text.casefold())


def _site_keys(sitename: str | None, url: str | None) -> tuple[str, list[str]]:
    """The site name, folded, and the compact names its host goes by ("sott" for sott.net)."""
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [label for label in host.split(".") if label not in ("www", "m", "amp")]
    keys = [labels[-2] if len(labels) >= 2 else labels[0]] if labels else []
    return (sitename or "").casefold().strip(), [k for k in keys if len(k) >= 3]


def _is_site(part: str, site: str, keys: list[str]) -> bool:
    folded, compact = part.casefold().strip(), _compact(part)
    if not compact:
        return False
    if site and (site in folded or folded in site):
        return True
    return any(compact.startswith(key) for key in keys)


def clean_html_title(
    title: str | None,
    sitename: str | None,
    *,
    url: str | None = None,
    headings: tuple[str, ...] | list[str] = (),
) -> str:
    """The headline without a " | Site Name" suffix or "Site Name - " prefix.

    A cut that leaves exactly a page heading wins; otherwise the title is cut before the
    first part naming the site (its name or its host), keeping the original separators.
    """
    title = " ".join((title or "").split())
    seps = list(_TITLE_SEPARATOR.finditer(title))
    if not seps:
        return title
    cuts = [(title[: m.start()], title[m.end() :]) for m in seps]
    site, keys = _site_keys(sitename, url)
    wanted = {_compact(h) for h in headings if h}
    if _compact(title) in wanted:
        return title
    for head, tail in cuts:
        for piece in (head, tail):
            if _compact(piece) in wanted and not _is_site(piece, site, keys):
                return piece.strip()
    starts = [0] + [m.end() for m in seps]
    ends = [m.start() for m in seps] + [len(title)]
    parts = [title[a:b] for a, b in zip(starts, ends, strict=True)]
    if _is_site(parts[0], site, keys):
        return cuts[0][1].strip()
    for index, part in enumerate(parts[1:], start=1):
        if _is_site(part, site, keys):
            return cuts[index - 1][0].strip()
    return title


def _subtitle(description: str | None, title: str, body: str) -> str | None:
    """The page description, unless it is just the title or the start of the body."""
    if not description:
        return None
    probe = description.rstrip(".…").strip()[:80]
    flat_body = " ".join(body[:2000].split())
    if not probe or probe in flat_body or description.strip() == title:
        return None
    return description


def _drop_repeats(body: str, captions: set[str], titles: set[str | None]) -> str:
    """Drop caption lines anywhere and the headline where it opens the body (an h1)."""
    lines = [line for line in body.split("\n") if line.strip() not in captions]
    while lines and lines[0].strip() in titles:
        lines.pop(0)
    return "\n".join(lines)


def _extract(tree: lxml.html.HtmlElement, url: str | None) -> Any:
    """Run trafilatura on the cleaned tree; it never gets to raise at the caller. Marked
    furniture is pruned after the metadata is read and before the body is looked for."""
    try:
        return trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_tables=True,
            prune_xpath=FURNITURE_XPATH,
        )
    except (ValueError, TypeError, RecursionError, lxml.etree.LxmlError) as exc:
        raise InputError(f"no article text could be extracted from the HTML ({exc})") from exc


def _metadata_only(tree: lxml.html.HtmlElement, url: str | None) -> Any:
    """trafilatura's metadata of a page whose main text it could not find."""
    try:
        return extract_metadata(tree, default_url=url)
    except (ValueError, TypeError, RecursionError, lxml.etree.LxmlError) as exc:
        raise InputError(f"no metadata could be read from the HTML ({exc})") from exc


def _body_of(doc: Any, meta: PageMeta) -> str:
    """trafilatura's body, or the JSON-LD articleBody when that is much fuller (not cut)."""
    body = (doc.text or "").strip() if doc is not None else ""
    ld_body = meta.ld_body
    if len(ld_body) >= _LD_MIN_CHARS and len(body) < _LD_SHORT_RATIO * len(ld_body):
        body = ld_body
    return body


def parse_html(html: str | bytes, *, url: str | None = None) -> Article:
    """Read an HTML page: body, title, byline, date, section, captions, language links."""
    text = decode_bytes(html) if isinstance(html, bytes) else html
    tree = _parse_tree(text)
    meta = read_page_meta(tree)
    meta.captions = take_captions(tree)
    mark_furniture(tree)
    links = link_density_index(tree)
    doc = _extract(tree, url)
    whole = _body_of(doc, meta)
    kept = truncate_body(whole)
    body = drop_boilerplate(drop_link_lists(kept, links)).strip()
    if not body:
        raise InputError("no article text found in the HTML page")
    if doc is None:
        doc = _metadata_only(tree, url)
    page_url = meta.url or url or doc.url or None
    title = clean_html_title(
        doc.title or meta.title,
        doc.sitename or meta.site_name,
        url=page_url,
        headings=meta.headings,
    )
    body = _drop_repeats(body, {c.text for c in meta.captions if c.text}, {title, doc.title})
    language = detect_language(body)
    if language == UNDETERMINED and meta.language:
        language = meta.language
    date = doc.date if doc.date and _ISO_DATE.fullmatch(doc.date) else None
    section = meta.section or (doc.categories[0] if doc.categories else None)
    return Article(
        text=body,
        title=title,
        subtitle=_subtitle(meta.description or doc.description, title, body),
        section=section,
        byline=doc.author or None,
        published=date,
        language=language,
        url=page_url,
        captions=meta.captions,
        other_languages=[c for c in meta.alternates if c != language],
        cut_from=len(whole) if len(kept) < len(whole) else None,
    )
