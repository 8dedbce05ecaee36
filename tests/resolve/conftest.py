"""Fixtures of resolution tests. ``generated_corpus``: briefs telling stories that have
their own words, people, places and organisations, spread over days, each article taking
part of its story. Deterministic for a seed; it says which story each article tells and
who each entity really is."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from newsgraph.model import Article, Brief, Entity, Mention

GIVEN = ("Anna", "Peter", "Laura", "Tomas", "Irene", "Marco", "Helen", "Oskar", "Nadia", "Simon")
SYLLABLES = ("ka", "ro", "mel", "ven", "tor", "li", "dan", "bre", "sul", "mar", "ost", "ine")
COMMON = ("said", "government", "minister", "officials", "week", "report", "plan", "people")
COUNTRIES = ("France", "Kenya", "Chile", "Japan", "Canada")


@dataclass(frozen=True)
class Story:
    words: tuple[str, ...]
    people: tuple[tuple[str, str], ...]  # (given name, surname)
    place: str
    org: str
    country: str
    day: date


def _coin(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def _story(rng: random.Random, start: date, span_days: int, topics: list[list[str]]) -> Story:
    """A story of one of the topics: four of its words are the topic's (two floods share
    'river' and 'rain'), six its own."""
    words = (*rng.sample(rng.choice(topics), 4), *(_coin(rng, 3) for _ in range(6)))
    people = tuple((rng.choice(GIVEN), _coin(rng, 2).capitalize()) for _ in range(2))
    return Story(
        words,
        people,
        _coin(rng, 2).capitalize() + "ville",
        _coin(rng, 2).capitalize() + " Council",
        rng.choice(COUNTRIES),
        start + timedelta(days=rng.randrange(span_days)),
    )


def _entities(rng: random.Random, story: Story) -> list[tuple[Entity, str]]:
    """An article's entities, each with who it really is (a person by full name)."""
    found: list[tuple[Entity, str]] = []
    for given, surname in story.people:
        if rng.random() < 0.8:  # now and then an article names a person by surname alone
            name = f"{given} {surname}" if rng.random() < 0.8 else surname
            ent = Entity(f"e{len(found)}", name, "PERSON", mentions=_said(name, 2))
            found.append((ent, f"{given} {surname}"))
    for name, kind in ((story.place, "PLACE"), (story.org, "ORG"), (story.country, "COUNTRY")):
        if rng.random() < 0.7:
            ent = Entity(f"e{len(found)}", name, kind, mentions=_said(name, 1))  # type: ignore[arg-type]
            found.append((ent, name))
    return found


def _said(name: str, times: int) -> list[Mention]:
    return [Mention(0, len(name), name)] * times


@dataclass
class Corpus:
    """Briefs in arrival order; the story each tells and who each entity is, by URL."""

    briefs: list[Brief]
    story: dict[str, int]
    who: dict[tuple[str, str], str]  # (url, local entity id) -> the real entity


def generate(count: int, stories: int, seed: int = 7, span_days: int = 360) -> Corpus:
    """``count`` briefs telling ``stories`` stories over ``span_days``, in a shuffled
    arrival order."""
    rng = random.Random(seed)
    topics = [[_coin(rng, 3) for _ in range(8)] for _ in range(max(1, stories // 8))]
    told = [_story(rng, date(2023, 1, 1), span_days, topics) for _ in range(stories)]
    out = Corpus([], {}, {})
    for n in range(count):
        k = rng.randrange(stories)
        story = told[k]
        words = rng.sample(story.words, 7) + rng.sample(COMMON, 4)
        title = " ".join(words[:4]).capitalize()
        text = f"{title}\n\n" + ". ".join(" ".join(rng.sample(words, 6)) for _ in range(4)) + "."
        day = story.day + timedelta(days=rng.randrange(12))
        url = f"https://news.example.org/{n}"
        doc = Article(text=text, title=title, published=day.isoformat(), url=url)
        entities = _entities(rng, story)
        out.briefs.append(Brief(document=doc, entities=[e for e, _ in entities]))
        out.story[url] = k
        out.who.update(((url, e.id), who) for e, who in entities)
    return out


@pytest.fixture(scope="session")
def generated_corpus() -> Corpus:
    """2,000 articles telling 120 stories over a year (about a second to make)."""
    return generate(2000, 120)
