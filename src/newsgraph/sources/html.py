"""HTML pages → :class:`Article`: trafilatura for the body and metadata, lxml for the rest.

trafilatura finds the main text, title, author and date well but drops figure captions
and keeps no canonical URL, section or language links; we read those off the parsed tree
first, and cut caption elements out before extraction so no caption leaks into the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import lxml.etree
import lxml.html
import trafilatura

from newsgraph.errors import InputError
from newsgraph.model import Article, Caption
from newsgraph.sources.decode import decode_bytes
from newsgraph.sources.language import UNDETERMINED, detect_language
from newsgraph.sources.text import credit_text, is_label, split_caption_credit, truncate_body

_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(r"<(?:p|div|br|article|span|a|h[1-6])\b[^>]*>", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||–|—|-|::|·)\s+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MAX_CAPTION_CHARS = 600
_MAX_TREE_ELEMENTS = 200_000


_UPPER, _LOWER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"


def _class_has(word: str) -> str:
    """XPath test: the class attribute contains ``word``, in any letter case."""
    return f"contains(translate(@class, '{_UPPER}', '{_LOWER}'), '{word}')"


_CREDIT_XPATH = " or ".join(_class_has(w) for w in ("credit", "copyright", "photographer"))
_CAPTION_XPATH = f"//figcaption | //*[{_class_has('caption')}][not(ancestor::figcaption)]"


@dataclass
class PageMeta:
    """What the page's ``<head>`` and tree say beyond trafilatura's fields."""

    url: str | None = None
    section: str | None = None
    description: str | None = None
    language: str | None = None
    alternates: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)


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


def read_page_meta(tree: lxml.html.HtmlElement) -> PageMeta:
    """Canonical URL, section, description, language and translations from the head."""
    lang = _first(tree, "/html/@lang | /html/@xml:lang")
    language = lang.lower().split("-")[0].split("_")[0] if lang else None
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


def _add_caption(captions: list[Caption], caption: Caption) -> None:
    """Append, merging a credit-only element into the caption it belongs to."""
    for known in captions:
        if known.text == caption.text or (not caption.text and known.credit is None):
            known.credit = known.credit or caption.credit
            return
        if not known.text and caption.text and caption.credit in (None, known.credit):
            known.text = caption.text
            return
    captions.append(caption)


def take_captions(tree: lxml.html.HtmlElement) -> list[Caption]:
    """Read figure captions and credits, then remove them from the tree (no body leak)."""
    captions: list[Caption] = []
    for element in tree.xpath(_CAPTION_XPATH):
        if element.getparent() is None or len(element.text_content()) > _MAX_CAPTION_CHARS:
            continue
        caption = _caption_of(element)
        if caption is not None:
            _add_caption(captions, caption)
        element.drop_tree()
    for element in tree.xpath(f"//figure//*[{_CREDIT_XPATH}]"):
        if element.getparent() is not None:
            element.drop_tree()
    return captions


def clean_html_title(title: str | None, sitename: str | None) -> str:
    """The headline without a " | Site Name" suffix or "Site Name - " prefix."""
    if not title:
        return ""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2 or not sitename:
        return title.strip()
    site = sitename.casefold()

    def is_site(part: str) -> bool:
        folded = part.casefold().strip()
        return bool(folded) and (site in folded or folded in site)

    if is_site(parts[-1]):
        parts = parts[:-1]
    elif is_site(parts[0]):
        parts = parts[1:]
    return " - ".join(parts).strip() if len(parts) > 1 else parts[0].strip()


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
    """Run trafilatura on the cleaned tree; it never gets to raise at the caller."""
    try:
        return trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_tables=True,
        )
    except (ValueError, TypeError, RecursionError, lxml.etree.LxmlError) as exc:
        raise InputError(f"no article text could be extracted from the HTML ({exc})") from exc


def parse_html(html: str | bytes, *, url: str | None = None) -> Article:
    """Read an HTML page: body, title, byline, date, section, captions, language links."""
    text = decode_bytes(html) if isinstance(html, bytes) else html
    tree = _parse_tree(text)
    meta = read_page_meta(tree)
    meta.captions = take_captions(tree)
    doc = _extract(tree, url)
    body = truncate_body((doc.text or "").strip()) if doc is not None else ""
    if not body:
        raise InputError("no article text found in the HTML page")
    title = clean_html_title(doc.title, doc.sitename)
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
        url=meta.url or url or doc.url or None,
        captions=meta.captions,
        other_languages=[c for c in meta.alternates if c != language],
    )
