"""Roles from the shapes news uses to introduce people."""

from __future__ import annotations

from datetime import date

from spacy.language import Language

from newsgraph.model import Entity
from newsgraph.nlp.people import build_entities


def _roles(nlp: Language, text: str, published: date | None = None) -> dict[str, list[str]]:
    ents = build_entities(nlp(text), published).entities
    return {e.name: [r.title for r in e.roles] for e in ents}


def _entity(nlp: Language, text: str, name: str) -> tuple[Entity, list[Entity]]:
    ents = build_entities(nlp(text), None).entities
    return next(e for e in ents if e.name == name), ents


def test_prenominal_title_with_demonym(nlp: Language) -> None:
    ent, ents = _entity(
        nlp, "Talks were led by Egyptian Foreign Minister Sameh Shoukry.", "Sameh Shoukry"
    )
    assert any(r.title == "Foreign Minister" for r in ent.roles)
    egypt = next(e for e in ents if e.name == "Egypt")
    assert any(r.of == egypt.id for r in ent.roles)


def test_lowercase_title_chain(nlp: Language) -> None:
    roles = _roles(nlp, "The statement was issued by deputy defence minister Ivan Horak.")
    assert "deputy defence minister" in roles["Ivan Horak"]


def test_possessive_title(nlp: Language) -> None:
    ent, _ents = _entity(
        nlp, "Ruto's chief of staff Felix Koskei declined to comment.", "Felix Koskei"
    )
    assert ent.roles, "no role found"
    assert any("chief" in r.title for r in ent.roles)


def test_apposition_after_name(nlp: Language) -> None:
    roles = _roles(nlp, "The plan was drafted by Lena Vogt, a senior adviser to the chancellor.")
    assert any("senior adviser" in t for t in roles["Lena Vogt"])


def test_apposition_before_name(nlp: Language) -> None:
    ent, ents = _entity(
        nlp, "He met Kenya's chief negotiator, Amina Wako, on Tuesday.", "Amina Wako"
    )
    kenya = next(e for e in ents if e.name == "Kenya")
    assert any(r.title == "chief negotiator" and r.of == kenya.id for r in ent.roles)


def test_relative_clause_nomination(nlp: Language) -> None:
    roles = _roles(
        nlp, "The team includes Pavel Sorokin, who has been nominated to lead the central bank."
    )
    assert any("nominated to lead the central bank" in t for t in roles["Pavel Sorokin"])


def test_headed_by(nlp: Language) -> None:
    roles = _roles(nlp, "Ankara sent a Turkish trade mission headed by Selin Aydin.")
    assert any(t.startswith("head of") and "trade mission" in t for t in roles["Selin Aydin"])


def test_represented_by(nlp: Language) -> None:
    ent, ents = _entity(
        nlp, "Brazil is represented by Finance Minister Carla Mendes.", "Carla Mendes"
    )
    brazil = next(e for e in ents if e.name == "Brazil")
    assert any(r.title.startswith("representative") and r.of == brazil.id for r in ent.roles)


def test_mediated_by(nlp: Language) -> None:
    roles = _roles(nlp, "The ceasefire talks are being mediated by Jonas Berg.")
    assert any(t.startswith("mediator of") for t in roles["Jonas Berg"])


def test_membership(nlp: Language) -> None:
    roles = _roles(nlp, "The delegation also includes Marta Ruiz and Tomas Ortega.")
    assert any(t == "member of the delegation" for t in roles["Marta Ruiz"])
    assert any(t == "member of the delegation" for t in roles["Tomas Ortega"])


def test_possessed_regime(nlp: Language) -> None:
    roles = _roles(nlp, "Protesters celebrated the fall of Omar al-Bashir's regime.")
    assert "head of the regime" in roles["Omar al-Bashir"]


def test_known_office_on_publication_date(nlp: Language) -> None:
    text = "Angela Merkel spoke to reporters in Berlin. Germany will host the summit."
    assert "Chancellor" in _roles(nlp, text, date(2015, 6, 1))["Angela Merkel"]
    assert "Chancellor" not in _roles(nlp, text, date(2023, 6, 1))["Angela Merkel"]


def test_title_only_mention_joins_office_holder(nlp: Language) -> None:
    text = (
        "Boris Johnson met union leaders on Monday. Aides to the prime minister said the "
        "meeting was constructive."
    )
    ents = build_entities(nlp(text), date(2020, 3, 5)).entities
    johnson = next(e for e in ents if e.name == "Boris Johnson")
    assert "the prime minister" in johnson.aliases
