"""Plain-text articles (scraped pages saved as text) → :class:`Article`.

A saved page is a stack of lines: maybe a section label, a headline, a subtitle, a byline,
a photo caption glued to the first paragraph, the paragraphs, and links to other language
editions at the foot. Each part is recognised by its shape (length, final punctuation,
capitalisation, script), never by particular words, so BBC-style files (headline, blank
line, paragraphs) and one-paragraph snippets come out right too.

A text with no headline-shaped first line gets ``title == ""``: we never promote the
first sentence of the body to a title, because the body would then lose it or repeat it.

Photo credits (``Caption (Credit)Body``, ``Photo: Jane Doe/AFP``) are recognised here and
shared with the HTML reader.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsgraph.config import MAX_LAYOUT_CHARS, MAX_TEXT_CHARS
from newsgraph.model import Article, Caption
from newsgraph.sources.language import UNDETERMINED, detect_language, language_of_label

_NAME_WORD = r"[A-Z0-9\u00c0-\u024f][\w.'’&-]*"
_CONNECTOR = r"(?:via|for|of|de|da|del|van|von|der|the|and|al|el|le|la|du|di|y)"
_SIDE = rf"{_NAME_WORD}(?:[\s-]+(?:{_NAME_WORD}|{_CONNECTOR}\b)){{0,6}}"
_SLASH_CREDIT = re.compile(rf"{_SIDE}\s*/\s*{_SIDE}(?:\s*/\s*{_SIDE})?")
_PAREN = re.compile(r"\(([^()\[\]\n]{2,120})\)")  # glued credits: parentheses only
_BRACKETED = re.compile(r"[(\[]([^()\[\]\n]{2,120})[)\]]")  # figcaptions: [brackets] too
_MAX_CAPTION_LINE_WORDS = 40
_MAX_CAPTION_WORDS = 60
_SENTENCE_END = (".", "!", "?", "…", ".”", '."', ".’", "!”", "?”")


@dataclass(frozen=True)
class CreditRules:
    """Compiled credit patterns from ``data/ingest_credits.json``."""

    labelled: re.Pattern[str]  # "Photo: Jane Doe/AFP", "Courtesy of the family"
    agency: re.Pattern[str]  # "Getty Images", "Jane Doe via Getty Images"
    trailing_label: re.Pattern[str]  # "... in Madrid. Photo: Jane Doe"


@lru_cache(maxsize=1)
def credit_rules() -> CreditRules:
    """Build the credit patterns once from the data file."""
    path = resources.files("newsgraph.data").joinpath("ingest_credits.json")
    raw = json.loads(path.read_text("utf-8"))
    labels = "|".join(re.escape(w) for w in sorted(raw["labels"], key=len, reverse=True))
    agencies = "|".join(re.escape(a) for a in sorted(raw["agencies"], key=len, reverse=True))
    intro = rf"(?:(?i:{labels})(?:\s*[:：]|\s+(?i:by|credit|courtesy(?:\s+of)?)\b\s*:?)"
    intro += r"|(?i:courtesy)(?:\s+(?i:of))?\s)"
    labelled = re.compile(rf"{intro}\s*(?P<who>\S.{{0,100}})")
    agency = re.compile(rf"(?:{_SIDE}\s+(?:via|for)\s+)?(?:{agencies})")
    after_sentence = r"(?:^|(?<=[.!?”\"’)])\s+|\s+[|–—-]\s+)"
    trailing = re.compile(rf"{after_sentence}(?P<credit>{intro}.+)$")
    return CreditRules(labelled, agency, trailing)


def credit_text(candidate: str) -> str | None:
    """The credit ``candidate`` states ("Jane Doe/AFP"), or None when it is not a credit.

    A label ("Photo: ...") is dropped; slash credits ("AP Photo/Jane Doe") and agency
    credits ("Jane Doe via Getty Images") are kept whole, as papers print them.
    """
    text = candidate.strip()
    if not text or len(text) > 120:
        return None
    rules = credit_rules()
    labelled = rules.labelled.fullmatch(text)
    if labelled:
        return labelled.group("who").strip()
    if _SLASH_CREDIT.fullmatch(text) or rules.agency.fullmatch(text):
        return text
    return None


def _is_strong(inner: str) -> bool:
    """A credit that cannot be a dateline's wire tag: it has a slash or a label."""
    return "/" in inner or credit_rules().labelled.fullmatch(inner.strip()) is not None


def split_glued_caption(line: str) -> tuple[Caption, str] | None:
    """Split ``Caption (Credit)Body...`` into a caption and the rest of the line.

    Returns None when the line holds no caption. The rest is "" for a caption-only line.
    The body must start right after the credit (glued) or the caption must read as a
    finished sentence, so "a poll (Reuters/Ipsos) Thursday" mid-paragraph stays body.
    """
    for match in _PAREN.finditer(line, 0, 600):
        credit = credit_text(match.group(1))
        if credit is None:
            continue
        caption, rest = line[: match.start()].strip(), line[match.end() :]
        if len(caption.split()) > _MAX_CAPTION_WORDS:
            return None
        if _rest_starts_body(caption, match.group(1), rest):
            return Caption(text=caption, credit=credit), rest.strip()
        return None
    return None


def _rest_starts_body(caption: str, inner: str, rest: str) -> bool:
    """Whether the text after a credit begins the article (or nothing follows)."""
    stripped = rest.strip()
    if not stripped:  # a caption line of its own: short, else it is a paragraph citing
        return len(caption.split()) <= _MAX_CAPTION_LINE_WORDS and (
            bool(caption) or _is_strong(inner)
        )
    first = stripped[0]
    if not (first.isupper() or first.isdigit() or first in "“\"‘'"):
        return False
    if rest[0].isspace():  # not glued: the caption must be a finished sentence or a label
        return _is_strong(inner) and (not caption or caption.endswith(_SENTENCE_END))
    if not _is_strong(inner):  # "LONDON (Reuters)The ..." is a dateline, not a photo
        return not caption.isupper()
    return True


def split_caption_credit(text: str) -> Caption:
    """Split a figcaption's text into caption and trailing credit, when it ends with one."""
    text = " ".join(text.split())
    for match in reversed(list(_BRACKETED.finditer(text))):
        if match.end() >= len(text.rstrip(" .")) and (credit := credit_text(match.group(1))):
            return Caption(text=text[: match.start()].strip(), credit=credit)
        break
    labelled = credit_rules().trailing_label.search(text)
    if labelled and (credit := credit_text(labelled.group("credit"))):
        return Caption(text=text[: labelled.start()].strip(), credit=credit)
    return Caption(text=text, credit=None)


# ---------------------------------------------------------------------------------------
# Header: section, title, subtitle, byline
# ---------------------------------------------------------------------------------------

_MAX_TITLE_WORDS = 25
_MAX_TITLE_CHARS = 220
_MAX_PERIOD_TITLE_WORDS = 20
_MAX_SECTION_WORDS = 4
_MAX_SECTION_CHARS = 40
_MIN_SUBTITLE_WORDS = 6
_MAX_SUBTITLE_WORDS = 60
_MAX_LINK_WORDS = 3
_FOOT_CHARS = 2000  # the foot of an over-long text, read for language links
_MAX_LINK_CHARS = 30
_BYLINE_BY = re.compile(r"(?i:by)\s+(?P<who>[A-Z\u00c0-\u024f][^.!?]{1,100})")
_BYLINE_AGENCY = re.compile(
    rf"(?P<who>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}\s*(?:,|\||–|—|-)\s*"
    rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})"
)
_LINK_SEPARATORS = re.compile(r"\s*[|·•/,]\s*")
_INNER_SENTENCE = re.compile(r"[.!?]\s+[A-Z“\"‘']")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:Jr|Sr|St|Co|Inc|Ltd|Corp)\.$")


@dataclass
class Line:
    """One non-empty input line, stripped, and whether a blank line follows it."""

    text: str
    blank_after: bool

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Header:
    """What the top of a text file held, and where its body starts."""

    start: int = 0
    deck_follows: bool = False  # the headline ended with ";": the next line is its deck
    section: str | None = None
    title: str = ""
    subtitle: str | None = None
    byline: str | None = None


def split_lines(raw: str) -> list[Line]:
    """Non-empty lines, stripped, each marked with whether a blank line follows it."""
    lines: list[Line] = []
    for piece in raw.lstrip("\ufeff").splitlines():
        text = piece.strip()
        if text:
            lines.append(Line(text, False))
        elif lines:
            lines[-1].blank_after = True
    return lines


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends like a sentence (final period, ! or ?, maybe inside quotes)."""
    return text.rstrip("\"'”’»)").endswith((".", "!", "?", "…"))


def _is_title_case(text: str) -> bool:
    """Every word capitalised or not a word at all ("World News", "Business & Markets")."""
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    return bool(words) and all(w[0].isupper() or not w[0].isalpha() for w in words)


def _is_headline(line: Line) -> bool:
    """Short enough for a headline and not cut off mid-sentence (",", ":", ";")."""
    text = line.text
    return (
        line.words <= _MAX_TITLE_WORDS
        and len(text) <= _MAX_TITLE_CHARS
        and not text.endswith((",", ":", "-", "–", "—"))
        and split_glued_caption(text) is None
    )


def _is_title(line: Line) -> bool:
    """A headline: no final period, title case, or one or two short sentences set off by a
    blank line (archives that add a period to every headline)."""
    if not _is_headline(line):
        return False
    if not ends_sentence(line.text) or _is_title_case(line.text):
        return True
    return (
        line.blank_after
        and line.words <= _MAX_PERIOD_TITLE_WORDS
        and len(_INNER_SENTENCE.findall(line.text)) <= 1
    )


def _is_section(line: Line, following: Line | None) -> bool:
    """A short title-case label ("World News") sitting directly above a headline."""
    text = line.text
    return (
        following is not None
        and line.words <= _MAX_SECTION_WORDS
        and len(text) <= _MAX_SECTION_CHARS
        and not ends_sentence(text)
        and _is_title_case(text)
        and _is_headline(following)
        and not ends_sentence(following.text)
    )


def is_label(text: str) -> bool:
    """An all-capitals kicker or divider ("LETTERS.", "FULL TEXT:"): never body prose."""
    bare = text.rstrip(".:")
    return len(bare.split()) <= 3 and bare.isupper() and any(c.isalpha() for c in bare)


def _is_column_name(line: Line) -> bool:
    """A short title-case line under a headline ("Economic Scene."): a column or section."""
    return line.words <= _MAX_SECTION_WORDS and _is_title_case(line.text)


def _is_subtitle(line: Line, following: Line | None) -> bool:
    """A standfirst: a long sentence-like line without a final period, above the body."""
    return (
        following is not None
        and _MIN_SUBTITLE_WORDS <= line.words <= _MAX_SUBTITLE_WORDS
        and not line.text.rstrip("\"'”’").endswith((".", "!", "?", "…", ":", ";", ","))
        and split_glued_caption(line.text) is None
    )


def byline_of(text: str) -> str | None:
    """The author(s) a byline line names ("By Jane Doe" → "Jane Doe"), or None."""
    if len(text.split()) > 12 or (ends_sentence(text) and not text.endswith(".")):
        return None
    match = _BYLINE_BY.fullmatch(text.rstrip("."))
    if match and _is_title_case(re.sub(r"\b(?:and|&)\b", "", match.group("who"))):
        return match.group("who").strip()
    match = _BYLINE_AGENCY.fullmatch(text)
    return match.group("who").strip() if match else None


def clean_title(text: str) -> str:
    """Drop a headline's single final period ("Clinton Plan for Taxes Is Complex.")."""
    stripped = text.rstrip()
    closing = ""
    while stripped and stripped[-1] in "\"'”’":
        closing = stripped[-1] + closing
        stripped = stripped[:-1]
    if (
        stripped.endswith(".")
        and not stripped.endswith("..")
        and not _ABBREVIATION_END.search(stripped)
    ):
        return stripped[:-1] + closing
    return text


def parse_header(lines: list[Line]) -> Header:
    """Read section, title, subtitle and byline off the top of ``lines``."""
    header = Header()
    if len(lines) < 2:
        return header
    nxt = lines[1]
    if _is_section(lines[0], nxt) and len(lines) > 2:
        header.section, header.start = lines[0].text, 1
    if not _is_title(lines[header.start]):
        return Header()  # a label with no headline under it was not a section either
    headline = lines[header.start].text
    header.deck_follows = headline.endswith(";")
    header.title = clean_title(headline.rstrip(";").rstrip())
    header.start += 1
    _read_under_title(lines, header)
    return header


def _read_under_title(lines: list[Line], header: Header) -> None:
    """Kicker, deck, column name and byline lines between the headline and the body."""
    for _ in range(4):
        if header.start >= len(lines) - 1:
            return
        line, following = lines[header.start], lines[header.start + 1]
        byline = byline_of(line.text)
        in_top = header.subtitle is None and header.byline is None
        if byline and header.byline is None:
            header.byline = byline
        elif is_label(line.text):
            pass  # dropped: an all-caps kicker says nothing a reader needs
        elif header.section is None and _is_column_name(line):
            header.section = line.text.rstrip(".:")
        elif in_top and (header.deck_follows and line.words <= _MAX_SUBTITLE_WORDS):
            header.subtitle = line.text.rstrip(";").rstrip()
        elif in_top and _is_subtitle(line, following):
            header.subtitle = line.text
        else:
            return
        header.start += 1


# ---------------------------------------------------------------------------------------
# Footer: links to other language editions
# ---------------------------------------------------------------------------------------


def language_link_codes(text: str, article_language: str) -> list[str] | None:
    """ISO codes of a language-switcher line ("עברית", "Español | Français"), or None.

    A part counts when it is a known language name, or a short word in another script
    than the article's (a link labelled in its own language).
    """
    codes: list[str] = []
    for part in _LINK_SEPARATORS.split(text.strip()):
        if not part:
            continue
        code = language_of_label(part)
        if code is None and len(part.split()) <= _MAX_LINK_WORDS and len(part) <= _MAX_LINK_CHARS:
            guessed = detect_language(part)
            is_script = guessed not in (UNDETERMINED, article_language) and not part.isascii()
            code = guessed if is_script and _foreign_script(part) else None
        if code is None:
            return None
        codes.append(code)
    return codes or None


def _foreign_script(part: str) -> bool:
    """Whether ``part`` is written mostly in a non-Latin script (so a stopword guess is out)."""
    letters = [c for c in part if c.isalpha()]
    return bool(letters) and sum(not c.isascii() for c in letters) * 2 > len(letters)


def take_language_links(lines: list[Line], article_language: str) -> tuple[list[Line], list[str]]:
    """Strip trailing language-edition links; return the rest and their ISO codes."""
    found_bottom_up: list[list[str]] = []  # collected from the foot up: no list re-copying
    end = len(lines)
    while end > 1:
        line = lines[end - 1]
        if line.words > 3 * _MAX_LINK_WORDS:
            break
        found = language_link_codes(line.text, article_language)
        if found is None:
            break
        found_bottom_up.append(found)
        end -= 1
    codes = [c for found in reversed(found_bottom_up) for c in found]
    other = [c for c in dict.fromkeys(codes) if c != article_language]
    return lines[:end], other


# ---------------------------------------------------------------------------------------
# Body
# ---------------------------------------------------------------------------------------


def take_captions(lines: list[str]) -> tuple[list[str], list[Caption]]:
    """Split photo captions off body lines: whole caption lines go, glued ones are cut."""
    body: list[str] = []
    captions: list[Caption] = []
    for line in lines:
        found = split_glued_caption(line)
        if found is None:
            body.append(line)
            continue
        caption, rest = found
        captions.append(caption)
        if rest:
            body.append(rest)
    return body, captions


def truncate_body(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """Cut ``text`` to at most ``limit`` characters at a paragraph (else sentence) boundary."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit + 1)
    if cut <= limit // 2:
        cut = max(text.rfind(". ", 0, limit), text.rfind("\n", 0, limit + 1))
        cut = cut + 1 if cut > 0 else limit
    return text[:cut].rstrip()


def parse_text(raw: str, *, url: str | None = None) -> Article:
    """Read a plain-text article: header lines become metadata, the rest the body.

    Past MAX_LAYOUT_CHARS the body would be cut anyway, so only the start of a longer
    text is laid out (less its last line, likely cut in two, when there are others), and
    its foot is read apart for language links.
    """
    unread = max(0, len(raw) - MAX_LAYOUT_CHARS)
    lines = split_lines(raw[:MAX_LAYOUT_CHARS])
    if unread and len(lines) > 1:
        lines.pop()
    header = parse_header(lines)
    rest = lines[header.start :]
    language = detect_language("\n".join(line.text for line in rest[:40]))
    if unread:
        other_languages = take_language_links(split_lines(raw[-_FOOT_CHARS:])[1:], language)[1]
    else:
        rest, other_languages = take_language_links(rest, language)
    body_lines, captions = take_captions([ln.text for ln in rest if not is_label(ln.text)])
    body = "\n".join(body_lines)
    text = truncate_body(body)
    return Article(
        text=text,
        title=header.title,
        subtitle=header.subtitle,
        section=header.section,
        byline=header.byline,
        language=language,
        url=url,
        captions=captions,
        other_languages=other_languages,
        cut_from=len(body) + unread if len(text) < len(body) or unread else None,
    )
