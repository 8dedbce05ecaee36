"""Name lists that entity typing, coreference and roles consult: loaded once, read-only.

The lists themselves are data (``newsgraph/data/*.json``); this module only indexes them
for fast, case-insensitive lookup, by the name key of :func:`newsgraph.names.norm` (name
keys and given-name genders live in :mod:`newsgraph.names`, as resolution needs them too).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from newsgraph.names import norm


@dataclass(frozen=True)
class CountryHit:
    """A country name, demonym or capital found in text."""

    iso3: str
    name: str  # the country's common English name
    kind: str  # "name", "demonym" or "capital"


@dataclass(frozen=True)
class Office:
    """An office a known person held between two dates."""

    title: str
    country: str | None
    start: str
    end: str | None

    def held_on(self, day: date) -> bool:
        iso = day.isoformat()
        return self.start <= iso and (self.end is None or iso < self.end)


@dataclass(frozen=True)
class KnownPerson:
    name: str
    aliases: tuple[str, ...]
    offices: tuple[Office, ...]


def _load(name: str) -> Any:
    text = resources.files("newsgraph.data").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _countries() -> dict[str, CountryHit]:
    index: dict[str, CountryHit] = {}
    for row in _load("countries.json"):
        iso3, name = row["iso3"], row["name"]
        for kind, values in (
            ("capital", row["capitals"]),
            ("demonym", row["demonyms"]),
            ("name", [name, *row["names"]]),
        ):
            for value in values:
                index[norm(value)] = CountryHit(iso3, name, kind)
    return index


def country(text: str) -> CountryHit | None:
    """The country named, described ('Syrian') or stood for ('Moscow') by ``text``."""
    key = norm(text)
    hit = _countries().get(key)
    if hit is None and key.endswith("s") and len(key) > 4:  # "Syrians", "Americans"
        found = _countries().get(key[:-1])
        if found is not None and found.kind == "demonym":
            return found
    return hit


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """iso3 -> common name."""
    return {row["iso3"]: row["name"] for row in _load("countries.json")}


@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    data = _load("lexicon.json")
    return {k: frozenset(v) for k, v in data.items() if isinstance(v, list)}


def in_lexicon(list_name: str, word: str) -> bool:
    return word.casefold() in lexicon()[list_name]


@lru_cache(maxsize=1)
def acronyms() -> dict[str, tuple[str, str, str | None]]:
    entries = _load("acronyms.json")["entries"]
    return {k: (v[0], v[1], v[2]) for k, v in entries.items()}


@lru_cache(maxsize=1)
def _known_people() -> dict[str, KnownPerson]:
    index: dict[str, KnownPerson] = {}
    for row in _load("leaders.json")["people"]:
        offices = tuple(Office(r[0], r[1], r[2], r[3]) for r in row["roles"])
        person = KnownPerson(row["name"], tuple(row["aliases"]), offices)
        for name in (row["name"], *row["aliases"]):
            index[norm(name)] = person
    return index


def known_person(full_name: str) -> KnownPerson | None:
    """A head of state or government (or similar office holder) known by this full name."""
    return _known_people().get(norm(full_name))


def known_people_by_surname(surname: str) -> list[KnownPerson]:
    key = norm(surname)
    seen: dict[str, KnownPerson] = {}
    for name, person in _known_people().items():
        if name.split()[-1] == key:
            seen[person.name] = person
    return list(seen.values())


def honorific_gender(word: str) -> str | None:
    """'Mrs' -> 'f', 'Mr' -> 'm', 'Dr' -> None (a title that says nothing of gender)."""
    w = word.casefold()
    if w in lexicon()["honorifics_female"] or w.rstrip(".") in lexicon()["honorifics_female"]:
        return "f"
    if w in lexicon()["honorifics_male"] or w.rstrip(".") in lexicon()["honorifics_male"]:
        return "m"
    return None


def is_honorific(word: str) -> bool:
    w = word.casefold()
    return (
        honorific_gender(w) is not None
        or w in lexicon()["honorifics"]
        or f"{w}." in lexicon()["honorifics"]
    )


def noun_gender(word: str) -> str | None:
    w = word.casefold()
    if w in lexicon()["female_nouns"]:
        return "f"
    return "m" if w in lexicon()["male_nouns"] else None


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    """Cities, regions and features (ner_places.json) plus every capital, keyed by norm."""
    index = {norm(name): iso3 for name, iso3 in _load("ner_places.json")["places"].items()}
    for row in _load("countries.json"):
        for capital in row["capitals"]:
            index.setdefault(norm(capital), row["iso3"])
    return index


def place(text: str) -> str | None:
    """ISO alpha-3 of the country a known city, region or feature named ``text`` lies in."""
    return _places().get(norm(text))


@lru_cache(maxsize=1)
def ner_rules() -> dict[str, frozenset[str]]:
    """Word lists of the entity-typing rules (ner_rules.json), lower case."""
    data = _load("ner_rules.json")
    return {k: frozenset(v) for k, v in data.items() if isinstance(v, list)}


@lru_cache(maxsize=1)
def _org_names() -> frozenset[str]:
    """Organisation names of the Phoenix dictionaries (ner_orgs.json), keyed by norm."""
    return frozenset(norm(name) for name in _load("ner_orgs.json")["names"])


def is_org_name(text: str) -> bool:
    """Whether ``text`` is a known organisation's name ('Amnesty International', 'Hamas')."""
    return norm(text) in _org_names()
