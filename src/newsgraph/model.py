"""The one data model every stage reads and writes.

Plain dataclasses, no behaviour beyond conversion to the JSON shape fixed in
``shared/CONTRACT.md``. Offsets are character offsets into ``Article.text`` (the body
only). Every fact carries an :class:`Evidence` so a reader can always go back to the
sentence it came from.
"""

from __future__ import annotations

import copy
import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

EntityType = Literal["PERSON", "ORG", "COUNTRY", "PLACE", "GROUP", "OTHER"]
EventStatus = Literal["happened", "ongoing", "planned", "hypothetical", "negated"]
QuoteKind = Literal["direct", "indirect"]
TimeKind = Literal["date", "duration", "set", "time"]
MentionKind = Literal["name", "nominal", "pronoun", "time"]


@dataclass
class Evidence:
    """The sentence a fact was read from; ``start``/``end`` are the sentence's offsets
    into the article body (the fact's own span, where it has one, is on the fact)."""

    sentence: str
    start: int
    end: int
    field: str = "text"  # the document field the offsets index: text, title or subtitle


@dataclass
class Caption:
    """A photo caption split off the body, with its photographer/agency credit."""

    text: str
    credit: str | None = None


@dataclass
class Article:
    """One article as ingested: clean body text plus the metadata found around it."""

    text: str
    title: str = ""
    subtitle: str | None = None
    section: str | None = None
    byline: str | None = None
    published: str | None = None  # YYYY-MM-DD
    language: str = "en"
    url: str | None = None
    captions: list[Caption] = field(default_factory=list)
    other_languages: list[str] = field(default_factory=list)
    cut_from: int | None = None  # the body's length before it was cut for analysis, if it was


@dataclass
class Mention:
    """One occurrence of an entity in the body."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class EntityMention:
    """One mention: character offsets into the body, what kind it is, its head lemma, and
    the local cluster it belongs to (None: the article alone does not say).

    Not part of the brief: ``nlp.mentions`` finds these (names, nominals, pronouns, times)
    for cross-document coreference, which ``resolve.mentions`` does without spaCy."""

    start: int
    end: int
    text: str
    kind: MentionKind
    head: str
    local: str | None = None
    modifiers: tuple[str, ...] = ()  # lower-cased lemmas of the words in front of the head
    plural: bool = False


@dataclass
class Role:
    """A title or function an entity holds, optionally relative to another entity."""

    title: str
    of: str | None  # entity id
    evidence: Evidence
    confidence: float = 0.8


@dataclass
class Entity:
    """A person, organisation, country, place or group, with its in-article mentions."""

    id: str
    name: str
    type: EntityType
    aliases: list[str] = field(default_factory=list)
    country: str | None = None  # ISO-3166 alpha-3
    roles: list[Role] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    confidence: float = 0.8


@dataclass
class TimeRef:
    """A short reference to a resolved time, as embedded in an event."""

    text: str
    value: str | None


@dataclass
class Event:
    """A source-action-target event typed in PLOVER (filled by a later stage)."""

    type: str
    summary: str
    evidence: Evidence
    cameo: str | None = None
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    place: str | None = None
    time: TimeRef | None = None
    status: EventStatus = "happened"
    attributes: dict[str, Any] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    confidence: float = 0.5
    actor_codes: dict[str, str] = field(default_factory=dict)  # entity id -> "KEN GOV"
    # a public statement (CAMEO root 01): kept in CAMEO views and exports, left out of PLOVER
    # views (PLOVER has no statement type)
    statement: bool = False
    # PLOVER's supplementary fields (nlp/event_attributes.py): how it was done ('firearms',
    # 'hunger-strike'), its policy areas, and its magnitudes
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    dead: int | None = None
    injured: int | None = None
    size: int | None = None


@dataclass
class Quote:
    """Reported speech: a direct quotation or an indirect paraphrase, with its speaker."""

    speaker: str | None  # entity id
    kind: QuoteKind
    text: str
    evidence: Evidence
    speaker_text: str | None = None  # the words naming the speaker, e.g. "He"
    cue: str | None = None  # the reporting verb, e.g. "said"
    confidence: float = 0.7
    start: int = 0  # offsets of ``text`` in the body
    end: int = 0
    speaker_start: int | None = None  # offsets of ``speaker_text`` in the body
    speaker_end: int | None = None
    cue_start: int | None = None  # offsets of ``cue`` in the body
    cue_end: int | None = None


@dataclass
class Attribution:
    """A claim the article attributes to a source ("according to ...", "officials say")."""

    claim: str
    source: str
    anonymous: bool
    evidence: Evidence
    source_entity: str | None = None  # entity id where the source is a named entity
    cue: str | None = None
    confidence: float = 0.7
    start: int = 0  # offsets of ``claim`` in the body (the claim text is whitespace-collapsed)
    end: int = 0
    source_start: int | None = None  # offsets of ``source`` in the body
    source_end: int | None = None
    cue_start: int | None = None  # offsets of ``cue`` in the body
    cue_end: int | None = None


@dataclass
class NormalizedQuantity:
    value: float
    unit: str


@dataclass
class Quantity:
    """A number in the text with its kind and unit, normalised where a unit is known."""

    text: str
    kind: str  # ordinal, cardinal, duration, distance, money, percent, ...
    value: float
    evidence: Evidence
    unit: str | None = None
    normalized: NormalizedQuantity | None = None
    approximate: bool = False
    warning: str | None = None
    start: int = 0  # offsets of ``text`` in the body
    end: int = 0
    confidence: float = 0.8


@dataclass
class TimeValue:
    """A temporal expression resolved TIMEX3-style against the publication date."""

    text: str
    kind: TimeKind
    value: str | None
    evidence: Evidence
    approximate: bool = False
    start: int = 0
    end: int = 0
    confidence: float = 0.8


@dataclass
class Brief:
    """Everything newsgraph understood about one article."""

    document: Article
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    times: list[TimeValue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. a stage that failed on this text

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape (``document`` first, every list present)."""
        result: dict[str, Any] = as_plain(self)
        return result


_LEAVES = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def as_plain(value: Any) -> Any:
    """What ``dataclasses.asdict`` gives for a dataclass (and for what it holds): dicts,
    lists and tuples made anew, other values deep-copied, but strings, numbers and None
    taken as they are rather than passed through ``copy.deepcopy`` one by one, and each
    class's field names looked up once. Storing a brief converts thousands of values;
    ``asdict`` spent most of its time asking whether each was a dataclass."""
    if isinstance(value, _LEAVES):
        return value
    cls = type(value)
    names = _FIELD_NAMES.get(cls)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: as_plain(getattr(value, name)) for name in names}
    if cls is list:
        return [as_plain(v) for v in value]
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return cls(*[as_plain(v) for v in value])
    if isinstance(value, (list, tuple)):
        return cls(as_plain(v) for v in value)
    if isinstance(value, dict):
        if isinstance(value, defaultdict):  # as asdict makes it (Python 3.12 on)
            made = cls(value.default_factory)
            for k, v in value.items():
                made[as_plain(k)] = as_plain(v)
            return made
        return cls((as_plain(k), as_plain(v)) for k, v in value.items())
    return copy.deepcopy(value)


def brief_from_dict(data: dict[str, Any]) -> Brief:
    """Rebuild a :class:`Brief` from its JSON form (as stored or exported)."""

    def ev(d: dict[str, Any]) -> Evidence:
        return Evidence(**d)

    doc = dict(data["document"])
    doc["captions"] = [Caption(**c) for c in doc.get("captions", [])]
    entities = []
    for e in data.get("entities", []):
        e = dict(e)
        e["roles"] = [Role(**{**r, "evidence": ev(r["evidence"])}) for r in e.get("roles", [])]
        e["mentions"] = [Mention(**m) for m in e.get("mentions", [])]
        entities.append(Entity(**e))
    events = []
    for x in data.get("events", []):
        x = dict(x)
        x["evidence"] = ev(x["evidence"])
        x["time"] = TimeRef(**x["time"]) if x.get("time") else None
        events.append(Event(**x))
    quantities = []
    for q in data.get("quantities", []):
        q = dict(q)
        q["evidence"] = ev(q["evidence"])
        q["normalized"] = NormalizedQuantity(**q["normalized"]) if q.get("normalized") else None
        quantities.append(Quantity(**q))
    return Brief(
        document=Article(**doc),
        entities=entities,
        events=events,
        quotes=[Quote(**{**q, "evidence": ev(q["evidence"])}) for q in data.get("quotes", [])],
        attributions=[
            Attribution(**{**a, "evidence": ev(a["evidence"])})
            for a in data.get("attributions", [])
        ],
        quantities=quantities,
        times=[TimeValue(**{**t, "evidence": ev(t["evidence"])}) for t in data.get("times", [])],
        warnings=list(data.get("warnings", [])),
    )
