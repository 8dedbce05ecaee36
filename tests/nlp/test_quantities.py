"""extract_quantities on short news sentences, one kind at a time."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsgraph.model import Quantity
from newsgraph.nlp import quantities
from newsgraph.nlp.quantities import extract_quantities


def _all(nlp: Language, sentence: str) -> list[Quantity]:
    doc = nlp(sentence)
    quantities = extract_quantities(doc)
    for q in quantities:
        assert doc.text[q.start : q.end] == q.text
        assert q.evidence.start <= q.start < q.end <= q.evidence.end
        assert q.text in q.evidence.sentence
    return quantities


def _one(nlp: Language, sentence: str, text: str) -> Quantity:
    """The quantity whose text is exactly ``text``."""
    found = [q for q in _all(nlp, sentence) if q.text == text]
    assert found, f"{text!r} not in {[q.text for q in _all(nlp, sentence)]}"
    return found[0]


def test_ordinal_takes_counted_noun(nlp: Language) -> None:
    q = _one(nlp, "Negotiators in Doha opened the third round of talks on Monday.", "third round")
    assert (q.kind, q.value, q.unit, q.normalized) == ("ordinal", 3, "round", None)


def test_digit_and_compound_ordinals(nlp: Language) -> None:
    qs = _all(nlp, "Leaders gathered for the 21st summit and the twenty-third meeting.")
    assert [(q.text, q.value) for q in qs] == [("21st summit", 21), ("twenty-third meeting", 23)]


def test_ordinal_inside_a_name_is_ignored(nlp: Language) -> None:
    assert _all(nlp, "The 101st Airborne Division arrived in Kandahar.") == []


def test_count_with_noun(nlp: Language) -> None:
    q = _one(nlp, "Police said 300 protesters gathered in Tbilisi.", "300 protesters")
    assert (q.kind, q.value, q.unit) == ("count", 300, "protester")


def test_count_with_words_and_approximation(nlp: Language) -> None:
    qs = _all(nlp, "Some 1,200 soldiers and a dozen tanks crossed near Bakhmut.")
    assert [(q.text, q.kind, q.value, q.unit, q.approximate) for q in qs] == [
        ("Some 1,200 soldiers", "count", 1200, "soldier", True),
        ("a dozen tanks", "count", 12, "tank", False),
    ]


def test_odd_and_million_counts(nlp: Language) -> None:
    qs = _all(nlp, "The 300-odd delegates said 2m people had fled the region.")
    assert [(q.text, q.value, q.approximate) for q in qs] == [
        ("300-odd delegates", 300, True),
        ("2m people", 2_000_000, False),
    ]


def test_millions_written_as_m(nlp: Language) -> None:
    qs = _all(nlp, "About 1.1m of the 1.6m Americans in Manila have registered.")
    assert [(q.text, q.value, q.unit) for q in qs] == [
        ("About 1.1m", 1_100_000, None),
        ("1.6m Americans", 1_600_000, "American"),
    ]
    q = _one(nlp, "Crews in Bergen laid 100m of cable.", "100m")
    assert (q.kind, q.value, q.unit) == ("distance", 100, "m")


def test_hyphenated_duration_takes_its_noun(nlp: Language) -> None:
    q = _one(nlp, "Talks in Cairo resume after a three-week pause.", "three-week pause")
    assert (q.kind, q.value, q.unit, q.approximate) == ("duration", 3, "week", False)
    assert q.normalized is not None
    assert (q.normalized.value, q.normalized.unit) == (3, "week")


def test_approximate_duration(nlp: Language) -> None:
    q = _one(nlp, "The ceasefire in Gaza has held for nearly three months.", "nearly three months")
    assert (q.kind, q.value, q.unit, q.approximate) == ("duration", 3, "month", True)


def test_over_a_duration_is_not_approximate(nlp: Language) -> None:
    q = _one(nlp, "The summit in Nairobi will run over four days.", "four days")
    assert (q.value, q.unit, q.approximate) == (4, "day", False)


def test_pair_states_one_quantity_normalised_from_metric(nlp: Language) -> None:
    qs = _all(nlp, "Ukrainian forces advanced about 6 miles (10 kilometres) east of Kharkiv.")
    assert len(qs) == 1
    q = qs[0]
    assert q.text == "about 6 miles (10 kilometres)"
    assert (q.kind, q.value, q.unit, q.approximate, q.warning) == (
        "distance",
        6,
        "mile",
        True,
        None,
    )
    assert q.normalized is not None
    assert (q.normalized.value, q.normalized.unit) == (10, "km")


def test_pair_with_metric_first(nlp: Language) -> None:
    q = _one(nlp, "Troops pulled back 15km (9 miles) from Sumy.", "15km (9 miles)")
    assert (q.value, q.unit, q.warning) == (15, "km", None)
    assert q.normalized is not None and q.normalized.value == 15


def test_pair_in_small_units(nlp: Language) -> None:
    q = _one(nlp, "Floodwater in Valencia stood 5 feet (1.5 metres) deep.", "5 feet (1.5 metres)")
    assert q.normalized is not None
    assert q.normalized.value == pytest.approx(0.0015)
    assert q.warning is None


def test_pair_that_disagrees_gets_a_warning(nlp: Language) -> None:
    sentence = "The convoy travelled 20 miles (15 kilometres) toward Mosul."
    q = _one(nlp, sentence, "20 miles (15 kilometres)")
    assert q.warning == "20 mile = 32.2 km, but 15 km stated"
    assert q.normalized is not None and q.normalized.value == 15


def test_pair_split_by_an_or(nlp: Language) -> None:
    qs = _all(nlp, "The border fence runs 30 kilometres, or about 19 miles, inland.")
    assert [q.text for q in qs] == ["30 kilometres, or about 19 miles"]


@pytest.mark.parametrize(
    ("sentence", "text", "kind", "value", "unit", "norm"),
    [
        ("Rebels seized 2,500 sq km of farmland.", "2,500 sq km", "area", 2500, "km2", 2500),
        ("The fire burned 40 hectares near Athens.", "40 hectares", "area", 40, "hectare", 0.4),
        ("Customs seized 3 tonnes of cocaine in Rotterdam.", "3 tonnes", "mass", 3, "tonne", 3000),
        ("Agents found 10kg of heroin in Lagos.", "10kg", "mass", 10, "kg", 10),
        ("Winds reached 120 km/h in Manila.", "120 km/h", "speed", 120, "km/h", 120),
        ("Gusts hit 80mph in Cornwall.", "80mph", "speed", 80, "mph", 128.74752),
        ("Seville recorded 46C on Sunday.", "46C", "temperature", 46, "°C", 46),
        ("Phoenix hit 104°F on Sunday.", "104°F", "temperature", 104, "°F", 40),
        ("Oslo fell to -5C overnight.", "-5C", "temperature", -5, "°C", -5),
        ("The rally drew 12% of voters in Lyon.", "12%", "percent", 12, "%", 12),
        ("Inflation in Ankara fell to 45 per cent.", "45 per cent", "percent", 45, "%", 45),
        ("A man aged 45 was arrested in Leeds.", "aged 45", "age", 45, "year", 45),
        ("A 45-year-old man was arrested in Leeds.", "45-year-old man", "age", 45, "year", 45),
    ],
)
def test_measures(
    nlp: Language, sentence: str, text: str, kind: str, value: float, unit: str, norm: float
) -> None:
    q = _one(nlp, sentence, text)
    assert (q.kind, q.value, q.unit) == (kind, value, unit)
    assert q.normalized is not None
    assert q.normalized.value == pytest.approx(norm)


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        ("The World Bank pledged $4.5 billion to Kenya.", "$4.5 billion", 4.5e9, "USD"),
        ("Ministers in London promised £200m for flood defences.", "£200m", 2e8, "GBP"),
        ("Brussels approved €3bn in aid for Kyiv.", "€3bn", 3e9, "EUR"),
        ("Canberra set aside A$12.5m for the port.", "A$12.5m", 1.25e7, "AUD"),
        ("The fine was 5 million euros, officials in Rome said.", "5 million euros", 5e6, "EUR"),
        ("Delhi spent Rs 500 crore on the bridge.", "Rs 500 crore", 5e9, "INR"),
    ],
)
def test_money(nlp: Language, sentence: str, text: str, value: float, unit: str) -> None:
    q = _one(nlp, sentence, text)
    assert (q.kind, q.value, q.unit) == ("money", value, unit)
    assert q.normalized is not None
    assert (q.normalized.value, q.normalized.unit) == (value, unit)


def test_money_pair_normalises_from_dollars(nlp: Language) -> None:
    q = _one(nlp, "Britain pledged £200m ($250m) to the fund.", "£200m ($250m)")
    assert (q.value, q.unit) == (2e8, "GBP")
    assert q.normalized is not None
    assert (q.normalized.value, q.normalized.unit) == (2.5e8, "USD")


def test_approximation_markers_stack(nlp: Language) -> None:
    q = _one(nlp, "Troops operated up to about 12 miles inside Lebanon.", "up to about 12 miles")
    assert q.approximate


@pytest.mark.parametrize(
    "sentence",
    [
        "The election in Ghana was held in 2024.",
        "The vote in Lima closed at 10:30 a.m. on Sunday.",
        "Polls in Oslo opened at 8 am.",
        "Flight 370 vanished over the Indian Ocean.",
        "Turkey invoked Article 5 of the treaty.",
        "The G7 met in Hiroshima.",
        "Call 555-1234 or +1 202 555 0143 for details.",
        "No one in Harare was hurt.",
        "She was one of the organisers in Quito.",
        "The 2026 budget in Pretoria was delayed.",
        "The summit opened on 5 January in Davos.",
        "Prices rose through the 1990s in Buenos Aires.",
        "The score in Madrid was 3-1.",
        "The 5G rollout in Seoul was delayed.",
        "Callers in Leeds can ring 0800 555 0199.",
        "Boeing 737 jets were grounded in Jakarta.",
    ],
)
def test_not_quantities(nlp: Language, sentence: str) -> None:
    assert _all(nlp, sentence) == []


def test_bare_digit_cardinal(nlp: Language) -> None:
    q = _one(nlp, "The death toll in Derna rose to 45, officials said.", "45")
    assert (q.kind, q.value, q.unit) == ("cardinal", 45, None)


def test_several_quantities_keep_text_order(nlp: Language) -> None:
    qs = _all(nlp, "Over 200 people fled 3 villages in 2 days after 40mm of rain fell on Sylhet.")
    assert [q.text for q in qs] == ["Over 200 people", "3 villages", "2 days", "40mm"]
    assert [q.kind for q in qs] == ["count", "count", "duration", "distance"]


def test_empty_doc(nlp: Language) -> None:
    assert extract_quantities(nlp("")) == []


def test_doc_without_sentences_still_gets_evidence() -> None:
    import spacy

    blank = spacy.blank("en")
    doc = blank("Rescuers in Izmir pulled 12 people from the rubble.")
    qs = extract_quantities(doc)
    assert [q.text for q in qs] == []  # no tags: a count needs its noun, a cardinal its label
    doc = blank("Rescuers searched 12 km of coastline.")
    (q,) = extract_quantities(doc)
    assert q.text == "12 km"
    assert q.evidence.sentence == doc.text


def test_capitalised_currency_word_after_the_number(nlp: Language) -> None:
    """A title-case 'Dollars' (headline style) is read as the currency, not a crash."""
    found = extract_quantities(nlp("The Fund Raised 40 Million Dollars For Flood Victims"))
    assert any(q.kind == "money" and q.unit == "USD" for q in found), found


@pytest.mark.parametrize(
    "headline",
    [
        "Only 30 Percent Of Voters Back The Plan",
        "Senate Votes After 13 Days Of Debate",
        "HE SERVED 20 YEARS IN THE SENATE",
        "Town Hall Ran 90 Minutes Over Schedule",
        "Rescue Took 13 Hours",
        "A 70-Year-Old Candidate Enters The Race",
    ],
)
def test_capitalised_unit_words_in_headlines(nlp: Language, headline: str) -> None:
    """Headline capitals ('Percent', 'YEARS') read as their units instead of failing."""
    found = extract_quantities(nlp(headline))
    assert found, headline


def test_doc_quantities_reads_a_doc_once(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    """The brief and the event magnitudes share one reading of the body's quantities, and
    each caller gets a list of its own."""
    doc = nlp("Police said 23 people were arrested and at least four were injured.")
    calls: list[object] = []

    def counted(d: object) -> list[Quantity]:
        calls.append(d)
        return extract_quantities(doc)

    monkeypatch.setattr(quantities, "extract_quantities", counted)
    first = quantities.doc_quantities(doc)
    assert [q.text for q in first] == [q.text for q in extract_quantities(doc)]
    first.clear()
    assert quantities.doc_quantities(doc) == extract_quantities(doc)
    assert len(calls) == 1
