"""Cross-article resolution of one person however spelled, and of people easy to confuse,
through ``EntityResolver`` itself on small made-up briefs that share their surroundings."""

from __future__ import annotations

from newsgraph.model import Article, Brief, Entity, Mention
from newsgraph.resolve.entities import EntityResolver, name_key, stated_aliases


def _brief(name: str, aliases: tuple[str, ...] = (), text: str = "") -> Brief:
    person = Entity("e1", name, "PERSON", aliases=list(aliases), mentions=[Mention(0, 1, name)])
    around = [Entity("e2", "Doha", "PLACE"), Entity("e3", "Cairo", "PLACE")]
    return Brief(document=Article(text=text or f"{name} spoke."), entities=[person, *around])


def _together(first: Brief, second: Brief) -> bool:
    r = EntityResolver()
    r.add("a", first)
    r.add("b", second)
    return r.link_of("a", "e1") == r.link_of("b", "e1")


def test_arabic_romanisations_join() -> None:
    assert _together(_brief("Khalil al-Hayya"), _brief("Khalil Al-Hayyah"))
    assert _together(_brief("Ismail Haniyeh"), _brief("Isma'il Haniyya"))
    assert _together(_brief("Yahya Sinwar"), _brief("Yehia Al-Sinwar"))


def test_turkish_and_persian_forms_join() -> None:
    assert _together(_brief("Mevlüt Çavuşoğlu"), _brief("Mevlut Cavusoglu"))
    assert _together(_brief("Recep Tayyip Erdoğan"), _brief("Tayyip Erdogan"))
    assert _together(_brief("Abbas Araghchi"), _brief("Abbas Araqchi"))


def test_hebrew_romanisations_join() -> None:
    assert _together(_brief("Tzachi Hanegbi"), _brief("Tzahi Hanegbi"))
    assert _together(_brief("Betzalel Smotrich"), _brief("Bezalel Smotritch"))


def test_a_hypocorism_joins_only_with_the_surname() -> None:
    assert _together(_brief("Steven Witkoff"), _brief("Steve Witkoff"))
    assert not _together(_brief("Steven Witkoff"), _brief("Steve Wozniak"))


def test_a_no_break_hyphen_makes_no_new_entity() -> None:
    assert name_key("Itamar Ben\u2011Gvir") == name_key("Itamar Ben-Gvir")
    assert name_key("Gideon Sa\u2019ar") == name_key("Gideon Sa'ar")
    assert _together(_brief("Itamar Ben-Gvir"), _brief("Itamar Ben\u2011Gvir"))


def test_confusable_people_stay_apart() -> None:
    assert not _together(_brief("Yahya Sinwar"), _brief("Mohammed Sinwar"))
    assert not _together(_brief("Hamad bin Jassim Al Thani"), _brief("Hamad bin Khalifa Al Thani"))
    assert not _together(_brief("King Salman"), _brief("Mohammed bin Salman"))
    assert not _together(_brief("Robert F. Kennedy"), _brief("Robert F. Kennedy Jr."))


def test_known_full_names_outvote_a_bare_surname_alias() -> None:
    """An entity known as 'Ivanka Vance' and 'Vance' is not 'Usha Vance': the full name
    clashes, though the bare alias agrees."""
    assert not _together(_brief("Ivanka Vance", ("Vance",)), _brief("Usha Vance"))


def test_a_stated_alias_joins_across_articles_either_way() -> None:
    stating = _brief("Mahmoud Abbas", ("Abu Mazen",))
    assert stated_aliases(stating.entities[0]) == ["Abu Mazen"]
    assert _together(stating, _brief("Abu Mazen"))
    assert _together(_brief("Abu Mazen"), _brief("Mahmoud Abbas", ("Abu Mazen",)))


def test_variant_spellings_are_not_stated_aliases() -> None:
    ent = _brief("Yahya Sinwar", ("Sinwar", "Yehia Sinwar", "the Hamas leader")).entities[0]
    assert stated_aliases(ent) == []


def test_a_stated_nickname_joins_with_the_surname() -> None:
    assert _together(_brief("Isaac Herzog", ("Bougie",)), _brief("Bougie Herzog"))
    assert not _together(_brief("Isaac Herzog"), _brief("Bougie Herzog"))


def test_state_round_trip_keeps_the_sound_blocks() -> None:
    r = EntityResolver()
    r.add("a", _brief("Qasem Soleimani"))  # no word or prefix in common with the next
    again = EntityResolver.from_state(r.to_state())
    again.add("b", _brief("Ghasem Suleimani"))
    assert again.link_of("b", "e1") == again.link_of("a", "e1")
