"""Pure functions on people's and places' names, shared by one article's reading and
cross-article resolution.

Reading an article (``nlp/``) and resolving entities across articles (``resolve/``) must key
and gender names the same way, yet resolution works on briefs alone and never loads spaCy;
so the name functions both need live here, apart from either. The given-name list they read
is data (``newsgraph/data/given_names.json``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=65536)  # called for every name pair coreference and roles compare
def norm(text: str) -> str:
    """Lookup key: casefolded, typographic apostrophes and dashes made plain, 'the ' dropped."""
    text = text.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"\s+", " ", text.strip()).casefold()
    return re.sub(r"^the ", "", text)


@lru_cache(maxsize=1)
def _given_names() -> dict[str, str]:
    """Given name (lower case) -> 'f' or 'm', loaded once per process."""
    text = resources.files("newsgraph.data").joinpath("given_names.json").read_text("utf-8")
    data = json.loads(text)
    names = {n: "f" for n in data["female"]}
    names.update({n: "m" for n in data["male"]})
    return names


def name_gender(full_name: str) -> str | None:
    """The gender a pronoun referring to this person would most likely have, if known."""
    first = full_name.split()[0].casefold() if full_name.split() else ""
    return _given_names().get(first)


# ---------------------------------------------------------------- one person, however spelled
#
# The press spells one person many ways: romanised Arabic and Hebrew (Haniyeh, Haniya,
# Haniyyah; Tzachi, Tzahi), Turkish letters kept or folded, nicknames (Bill for William),
# typographic dashes and apostrophes. A name is read into parts (given names, patronyms after
# 'bin', surname, suffix) and each word keyed by a skeleton of its sound; two names are one
# person where their surnames agree and their given names do not clash. The rules are data
# (``person_names.json``, ``nicknames.json``).

SAME = "same"  # full names that agree: one person
SURNAME = "surname"  # a bare surname agrees with the other's: context must decide
GIVEN = "given"  # a given name alone ('King Salman') agrees: strong context must decide
DIFFERENT = "different"  # surnames, given names, patronyms or 'Jr.' disagree


@dataclass(frozen=True)
class PersonName:
    """A person's name read into parts (plain lower-case ASCII words)."""

    given: tuple[str, ...]  # given and middle names, patronyms excluded
    patronyms: tuple[str, ...]  # words after 'bin'/'ibn', in order
    surname: str  # the last word; '' for a given name under a title ('King Salman')
    suffix: str = ""  # 'jr', 'sr', 'ii'...
    patronymic: bool = False  # the surname is itself a patronym ('Mohammed bin Salman')
    compound: str = ""  # the last two words run together ('amir abdollahian')


@dataclass(frozen=True)
class _NameRules:
    letters: dict[str, str]
    apostrophes: frozenset[str]
    dashes: frozenset[str]
    titles: frozenset[str]
    given_titles: frozenset[str]
    particles: frozenset[str]
    patronymic: frozenset[str]
    kunya: frozenset[str]
    abd: frozenset[str]
    suffixes: frozenset[str]
    son_suffixes: frozenset[str]
    skeleton: tuple[tuple[re.Pattern[str], str], ...]
    vowels: dict[str, str]  # vowel -> its class letter


@lru_cache(maxsize=1)
def _rules() -> _NameRules:
    raw = json.loads(
        resources.files("newsgraph.data").joinpath("person_names.json").read_text("utf-8")
    )
    return _NameRules(
        letters=raw["letters"],
        apostrophes=frozenset(raw["apostrophes"]),
        dashes=frozenset(raw["dashes"]),
        titles=frozenset(raw["titles"]),
        given_titles=frozenset(raw["given_name_titles"]),
        particles=frozenset(raw["particles"]),
        patronymic=frozenset(raw["patronymic"]),
        kunya=frozenset(raw["kunya"]),
        abd=frozenset(raw["abd"]),
        suffixes=frozenset(raw["suffixes"]),
        son_suffixes=frozenset(raw["son_suffixes"]),
        skeleton=tuple((re.compile(p), r) for p, r, _, _ in raw["skeleton"]),
        vowels={v: cls for cls, vs in raw["vowel_classes"].items() for v in vs},
    )


@lru_cache(maxsize=65536)
def plain_name(text: str) -> str:
    """Lower-case ASCII: accents and letters NFKD cannot fold (Turkish dotless i, Polish l)
    folded, every apostrophe-like mark dropped ('Sa’ar', 'Saʿar' and 'Sa'ar' are 'saar'),
    every dash-like mark made '-', every kind of space (no-break included) made ' '."""
    rules = _rules()
    out = []
    for ch in text.casefold():
        if ch in rules.apostrophes:
            continue
        if ch in rules.dashes:
            out.append("-")
        elif ch.isspace() or unicodedata.category(ch) == "Zs":
            out.append(" ")
        else:
            out.append(rules.letters.get(ch, ch))
    folded = unicodedata.normalize("NFKD", "".join(out)).encode("ascii", "ignore").decode()
    # lower again: a character with no case of its own can decompose to capitals ('🄐' is '(A)')
    return re.sub(r"\s+", " ", folded.lower()).strip()


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """A word keyed by its sound: consonant spellings folded (kh/k, q/k, tz/z, sh/s...),
    the first vowel kept as its class (a or u, so Hassan and Hussein stay apart) and the
    other vowels dropped, doubled letters single ('Haniyeh', 'Haniyya' -> 'han')."""
    rules = _rules()
    for pattern, repl in rules.skeleton:
        word = pattern.sub(repl, word)
    out: list[str] = []
    first = True
    for run in re.findall(r"[aeiou]+|[^aeiou]+", word):
        if run[0] in rules.vowels:
            if first:
                out.append(rules.vowels[run[0]])
            first = False
        else:
            out.append(run)
    return re.sub(r"(.)\1+", r"\1", "".join(out))


def _words(text: str) -> tuple[list[str], bool, str]:
    """The name's words with honorifics, particles and suffix taken off; whether a title
    that goes with given names ('King', 'Prince') stood in front; the suffix. A particle
    goes where it is hyphened to a word ('al-Thani') or follows another word; first and
    spaced, it may be a given name ('Al Gore', 'Ash Carter')."""
    rules = _rules()
    text = re.sub(
        r"\b([a-z]+)-(?=\w)",
        lambda m: m[1] + ("~ " if m[1] in rules.particles else " "),
        plain_name(text),
    )
    words = [w for w in re.split(r"[\s\-.,]+", text) if w]
    given_title = False
    while len(words) > 1 and words[0].rstrip("~") in rules.titles:
        given_title = given_title or words[0] in rules.given_titles
        words.pop(0)
    suffix = words.pop() if len(words) > 1 and words[-1] in rules.suffixes else ""
    kept = [
        w
        for n, w in enumerate(words)
        if not w.endswith("~") and (n == 0 or w not in rules.particles)
    ]
    return _joined(kept or [w.rstrip("~") for w in words]), given_title, suffix


def _joined(words: list[str]) -> list[str]:
    """Kunyas and 'Abd' compounds joined to the next word ('abu mazen' -> 'abumazen',
    'abd al-rahman' -> 'abdulrahman'); runs of initials joined ('j d' -> 'jd')."""
    rules = _rules()
    out: list[str] = []
    initials = False  # the last word out is a run of initials
    i = 0
    while i < len(words):
        w = words[i]
        if i + 1 < len(words) and (w in rules.kunya or w in rules.abd):
            out.append(("abu" if w in rules.kunya else "abdul") + words[i + 1])
            i, initials = i + 2, False
            continue
        if len(w) == 1 and initials:
            out[-1] += w
        else:
            out.append(w)
            initials = len(w) == 1
        i += 1
    return out


@lru_cache(maxsize=65536)
def person_name(text: str) -> PersonName:
    """Read a person's name into parts ('Sheikh Tamim bin Hamad Al Thani' -> given
    ('tamim',), patronyms ('hamad',), surname 'thani')."""
    words, given_title, suffix = _words(text)
    parts: list[tuple[str, bool]] = []
    pending = False
    for w in words:
        if w in _rules().patronymic and len(words) > 1:
            pending = True
            continue
        parts.append((w, pending))
        pending = False
    if not parts:
        return PersonName((), (), "")
    regnal = suffix and suffix not in _rules().son_suffixes
    if len(parts) == 1 and (given_title or regnal) and not parts[0][1]:
        return PersonName((parts[0][0],), (), "", suffix)
    surname, patronymic = parts[-1]
    compound = parts[-2][0] + surname if len(parts) > 1 else ""
    return PersonName(
        tuple(w for w, p in parts[:-1] if not p),
        tuple(w for w, p in parts if p),
        surname,
        suffix,
        patronymic,
        compound,
    )


@lru_cache(maxsize=1)
def _nicknames() -> dict[str, frozenset[str]]:
    """Given name -> the names it is a hypocorism or formal form of, both ways (William:
    Bill, Will...; Bill: William...), from ``nicknames.json``."""
    text = resources.files("newsgraph.data").joinpath("nicknames.json").read_text("utf-8")
    related: dict[str, set[str]] = {}
    for formal, nicks in json.loads(text)["nicknames"].items():
        for nick in nicks:
            related.setdefault(formal, set()).add(nick)
            related.setdefault(nick, set()).add(formal)
    return {name: frozenset(names) for name, names in related.items()}


@lru_cache(maxsize=1)
def _formal_by_skeleton() -> dict[str, frozenset[str]]:
    """Skeleton -> formal names that have it, so a variant spelling of a formal name finds
    its nicknames ('Antony' -> 'Anthony' -> 'Tony'); short skeletons are left out."""
    found: dict[str, set[str]] = {}
    for name in _nicknames():
        if len(skeleton(name)) >= 4:
            found.setdefault(skeleton(name), set()).add(name)
    return {k: frozenset(v) for k, v in found.items()}


def same_word(a: str, b: str) -> bool:
    """Two spellings of one name word ('Haniyeh'/'Haniya', 'Qasem'/'Ghasem')."""
    return a == b or skeleton(a) == skeleton(b)


def _related_given(a: str, b: str) -> bool:
    """'Bill'/'William', 'Steve'/'Steven', 'Tony'/'Antony': a hypocorism of the other,
    or both hypocorisms of one formal name."""
    nick = _nicknames()
    forms_a = {a} | _formal_by_skeleton().get(skeleton(a), frozenset())
    forms_b = {b} | _formal_by_skeleton().get(skeleton(b), frozenset())
    for x in forms_a:
        related = nick.get(x, frozenset())
        if forms_b & related or any(related & nick.get(y, frozenset()) for y in forms_b):
            return True
    return False


def _given_agree(a: str, b: str, stated: frozenset[str] = frozenset()) -> bool:
    return same_word(a, b) or skeleton(a) in stated or _related_given(a, b)


def _initials_of(short: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """'JD' for 'James David': one word of consonant initials."""
    word = short[0] if len(short) == 1 else ""
    return (
        1 < len(word) <= 3
        and not re.search(r"[aeiou]", word)
        and word == "".join(w[0] for w in other[: len(word)])
    )


def _surnames_agree(a: PersonName, b: PersonName) -> bool:
    """The same surname however spelled; a patronym standing as surname ('Mohammed bin
    Salman') agrees with that patronym in a longer form ('... bin Salman Al Saud'); 'al'
    run into the word ('Elsisi') and a surname split in two ('Amir-Abdollahian') agree."""
    if same_word(a.surname, b.surname):
        return True
    for x, y in ((a, b), (b, a)):
        if x.patronymic and any(same_word(x.surname, p) for p in y.patronyms):
            return True
        if x.surname[:2] in {"al", "el"} and same_word(x.surname[2:], y.surname):
            return True
        if x.compound and skeleton(x.compound) == skeleton(y.surname):
            return True
    return False


def _first_names_agree(a: PersonName, b: PersonName, stated: frozenset[str]) -> bool:
    """First names agree, or are initials of the other's, or the longer name's first name
    is one the press drops ('Recep Tayyip Erdogan' is 'Tayyip Erdogan')."""
    if _given_agree(a.given[0], b.given[0], stated):
        return True
    if _initials_of(a.given, b.given) or _initials_of(b.given, a.given):
        return True
    short, long = sorted((a, b), key=lambda n: len(n.given))
    return len(short.given) < len(long.given) and _given_agree(short.given[0], long.given[1])


def _middles_agree(a: PersonName, b: PersonName) -> bool:
    """Patronyms and middle names, where both names give them, must agree ('Hamad bin
    Jassim' is not 'Hamad bin Khalifa'; 'George W.' is not 'George H. W.'); an initial
    agrees with a name it begins."""
    if a.patronyms and b.patronyms and not same_word(a.patronyms[0], b.patronyms[0]):
        return False
    ma, mb = a.given[1:], b.given[1:]
    if not ma or not mb or not same_word(a.given[0], b.given[0]):
        return True
    x, y = ma[0], mb[0]
    return same_word(x, y) or (min(len(x), len(y)) == 1 and x[0] == y[0])


def _suffixes_clash(a: PersonName, b: PersonName) -> bool:
    """'Robert F. Kennedy' and 'Robert F. Kennedy Jr.' are father and son; 'Abdullah II'
    is not 'Abdullah Abdullah'."""
    son = _rules().son_suffixes
    if a.suffix in son or b.suffix in son:
        return a.suffix != b.suffix
    if not a.surname or not b.surname:
        return a.suffix != b.suffix
    return bool(a.suffix and b.suffix and a.suffix != b.suffix)


def compare_people(a: PersonName, b: PersonName, stated: frozenset[str] = frozenset()) -> str:
    """SAME, SURNAME, GIVEN or DIFFERENT for two person names; ``stated`` holds skeletons of
    nicknames the text gave for ``b`` ('known as Bibi')."""
    if not a.surname or not b.surname:
        return _given_only(a, b, stated)
    if not _surnames_agree(a, b) or _suffixes_clash(a, b):
        return DIFFERENT
    if not a.given or not b.given:
        return SURNAME
    if not _first_names_agree(a, b, stated) or not _middles_agree(a, b):
        return DIFFERENT
    return SAME


def _given_only(a: PersonName, b: PersonName, stated: frozenset[str]) -> str:
    """A given name under a title ('King Salman') against another name: it agrees only with
    that first name (or a bare word that is the same name)."""
    if _suffixes_clash(a, b):
        return DIFFERENT
    one, other = (a, b) if not a.surname else (b, a)
    first = other.given[0] if other.given else other.surname
    if other.surname and not other.given and other.patronymic:
        return DIFFERENT
    return GIVEN if first and _given_agree(one.given[0], first, stated) else DIFFERENT
