"""Entity assembly for one article: mentions -> entities -> roles, captions and titles.

Kept apart from ``pipeline.py`` so that the steps which need the entity list (quotes,
attributions, events) can rely on it being complete: roles attached, people typed as people,
caption names joined to the body's entities, title-only mentions resolved.
"""

from __future__ import annotations

import re
from datetime import date

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.config import MAX_CAPTIONS
from newsgraph.model import Caption, Evidence, Role
from newsgraph.names import norm
from newsgraph.nlp import gazetteer as gz
from newsgraph.nlp.aliases import add_stated_aliases
from newsgraph.nlp.bounds import add_warning
from newsgraph.nlp.convert import doc_text
from newsgraph.nlp.coref import EntityIndex, cluster, same_person_name, surname_key
from newsgraph.nlp.entities import find_mentions
from newsgraph.nlp.roles import extract_roles
from newsgraph.nlp.token_table import token_table

NAME_SHAPE = re.compile(r"^[A-Z][\w'\u2019.-]+(?: [A-Z][\w'\u2019.-]+){1,3}$")


def build_entities(doc: Doc, published: date | None) -> EntityIndex:
    """Mentions, clusters and roles of the body text."""
    index = EntityIndex(doc, cluster(find_mentions(doc)))
    _add_name_repeats(doc, index)
    _split_by_office(doc, index)
    for eid, role in extract_roles(doc, index, published):
        ent = index.get(eid)
        if ent is not None:
            ent.roles.append(role)
    _retype_people(index)
    _name_known_people(index, published)
    add_stated_aliases(doc_text(doc), index.entities)
    _resolve_title_mentions(doc, index)
    _resolve_role_objects(index)
    return index


def _resolve_role_objects(index: EntityIndex) -> None:
    """'confidant of the prime minister': 'of' is whoever holds that title here."""
    for ent in index.entities:
        for role in ent.roles:
            m = re.search(r"\bof (?:the )?([\w -]+)$", role.title)
            if role.of is not None or m is None:
                continue
            title = norm(m.group(1))
            holders = [
                e.id
                for e in index.entities
                if e.id != ent.id and any(norm(r.title) == title for r in e.roles)
            ]
            if len(holders) == 1:
                role.of = holders[0]


def _add_name_repeats(doc: Doc, index: EntityIndex) -> None:
    """A person's surname repeated where the model saw no entity ("Rashid later said")."""
    surnames: dict[str, str] = {}
    for ent in index.entities:
        if ent.type == "PERSON" and len(ent.name.split()) > 1:
            surnames.setdefault(surname_key(ent.name), ent.id)
    table = token_table(doc)
    for i, text in enumerate(table.text):
        eid = surnames.get(surname_key(text)) if table.title[i] or table.upper[i] else None
        if eid is not None and index.entity_at(i) is None and table.pos[i] in {"PROPN", "NOUN"}:
            index.add_mention(eid, doc[i : i + 1])


def _name_known_people(index: EntityIndex, published: date | None) -> None:
    """'President Obama', named by surname only, is Barack Obama: the one person in the
    leaders file with that surname who held that title (or who held office on the
    publication date). The surname stays as an alias."""
    countries = {e.country for e in index.entities if e.type == "COUNTRY"}
    for ent in index.entities:
        if ent.type != "PERSON" or " " in ent.name.strip():
            continue
        titles = {r.title.lower().split()[-1] for r in ent.roles if r.title.split()}
        fits = [
            p
            for p in gz.known_people_by_surname(ent.name)
            if any(_held(p, t) for t in titles)
            or (
                published is not None
                and any(o.held_on(published) and o.country in countries for o in p.offices)
            )
        ]
        if len(fits) == 1:
            if ent.name not in ent.aliases:
                ent.aliases.append(ent.name)
            ent.name = fits[0].name


def _split_by_office(doc: Doc, index: EntityIndex) -> None:
    """'President Clinton' in an article about Hillary Clinton is Bill Clinton: a surname
    under a title the named person never held, but one namesake in the leaders file did."""
    for ent in [e for e in index.entities if e.type == "PERSON" and len(e.name.split()) > 1]:
        known = gz.known_person(ent.name)
        for mention in list(ent.mentions):
            title = _title_before(doc, mention.start)
            if title is None or " " in mention.text.strip():
                continue
            if known is not None and _held(known, title):
                continue
            namesakes = [
                p
                for p in gz.known_people_by_surname(mention.text)
                if p.name != ent.name and _held(p, title)
            ]
            if len(namesakes) != 1:
                continue
            other = next((e for e in index.entities if e.name == namesakes[0].name), None)
            other = other or index.add_entity(namesakes[0].name, "PERSON")
            index.move_mention(mention, ent.id, other.id)


def _title_before(doc: Doc, char_start: int) -> str | None:
    span = doc.char_span(char_start, char_start + 1, alignment_mode="expand")
    if span is None or span.start == 0:
        return None
    prev = doc[span.start - 1]
    return prev.lower_ if gz.in_lexicon("title_heads", prev.text) else None


def _held(person: gz.KnownPerson, title_word: str) -> bool:
    return any(o.title.lower().split()[-1] == title_word for o in person.offices)


def _retype_people(index: EntityIndex) -> None:
    """An ORG or unknown place that holds a person's role and looks like a personal name
    is a person (the small model types some names as ORG or GPE)."""
    for ent in index.entities:
        if ent.type not in {"ORG", "PLACE"} or not ent.roles or not NAME_SHAPE.match(ent.name):
            continue
        if ent.type == "PLACE" and (ent.country or gz.country(ent.name)):
            continue
        if any(gz.in_lexicon("org_keywords", w) for w in ent.name.split()):
            continue
        ent.type = "PERSON"


def _resolve_title_mentions(doc: Doc, index: EntityIndex) -> None:
    """'the prime minister' joins the entity that holds that office in this article."""
    for chunk in doc.noun_chunks:
        if chunk[0].lower_ != "the" or index.entity_at(chunk.root.i) is not None:
            continue
        if not gz.in_lexicon("title_heads", chunk.root.text):
            continue
        if any(c.dep_ == "appos" for c in chunk.root.children):
            continue
        eid = index.entity_by_title(chunk)
        if eid is not None:
            index.add_mention(eid, chunk)


def add_captions(index: EntityIndex, captions: list[Caption], nlp: Language) -> None:
    """Names in captions join the body's entities (tolerating misspellings); credits become
    a photographer and an agency, never participants. Each caption is parsed and compared
    with every entity, so only the first MAX_CAPTIONS are read (noted on the doc)."""
    if len(captions) > MAX_CAPTIONS:
        add_warning(
            index.doc,
            f"{len(captions):,} photo captions: only the first "
            f"{MAX_CAPTIONS} were analysed (MAX_CAPTIONS)",
        )
    for caption in captions[:MAX_CAPTIONS]:
        for name in _caption_names(caption.text, nlp):
            _join_caption_name(index, name, caption.text)
        if caption.credit:
            _add_credit(index, caption.credit)


def _caption_names(text: str, nlp: Language) -> list[str]:
    if NAME_SHAPE.match(text.strip()):
        return [text.strip()]
    doc = nlp(text)
    return [e.text for e in doc.ents if e.label_ in {"PERSON", "ORG"} and NAME_SHAPE.match(e.text)]


def _join_caption_name(index: EntityIndex, name: str, context: str) -> None:
    people = [e for e in index.entities if e.type in {"PERSON", "ORG"}]
    for ent in people:
        forms = [ent.name, *ent.aliases]
        if any(same_person_name(name, f) for f in forms if len(f.split()) > 1) or any(
            fuzz.ratio(norm(name), norm(f)) >= 88 for f in forms
        ):
            if name != ent.name and name not in ent.aliases:
                ent.aliases.append(name)
            ent.type = "PERSON" if len(name.split()) > 1 and surname_key(name) else ent.type
            return
    ent = index.add_entity(name, "PERSON")
    ent.confidence = 0.6


def _add_credit(index: EntityIndex, credit: str) -> None:
    parts = [p.strip() for p in re.split(r"\s*(?:/|\bvia\b|;)\s*", credit) if p.strip()]
    agencies = [p for p in parts if not _personal(p)]
    agency_ids = []
    for part in agencies:
        found = next((e for e in index.entities if norm(e.name) == norm(part)), None)
        agency_ids.append((found or index.add_entity(part, "ORG")).id)
    for part in parts:
        if _personal(part):
            person = next((e for e in index.entities if norm(e.name) == norm(part)), None)
            person = person or index.add_entity(part, "PERSON")
            evidence = Evidence(sentence=credit, start=0, end=0)
            of = agency_ids[0] if agency_ids else None
            person.roles.append(Role("photographer (photo credit)", of, evidence, 0.8))


def _personal(part: str) -> bool:
    """'Jane Doe' is a person; 'Reuters', 'AFP', 'Getty Images', 'EPA' are agencies."""
    words = part.split()
    if not NAME_SHAPE.match(part) or len(words) > 3 or any(c.isdigit() for c in part):
        return False
    return not any(
        gz.in_lexicon("org_keywords", w) or w.lower() in {"images", "photo", "photos"}
        for w in words
    )
