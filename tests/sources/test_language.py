"""Language identification: every script and stopword list in the data file, plus speed."""

from __future__ import annotations

import json
import time
from importlib import resources

import pytest

from newsgraph.sources.language import detect_language, language_of_label

DATA = json.loads(
    resources.files("newsgraph.data").joinpath("ingest_languages.json").read_text("utf-8")
)

SCRIPT_SAMPLES = {
    "Hebrew": ("הממשלה אישרה את התקציב", "he"),
    "Arabic": ("وافقت الحكومة على الميزانية", "ar"),
    "Cyrillic": ("Правительство одобрило бюджет", "ru"),
    "Greek": ("Η κυβέρνηση ενέκρινε τον προϋπολογισμό", "el"),
    "Devanagari": ("सरकार ने बजट को मंजूरी दी", "hi"),
    "Bengali": ("সরকার বাজেট অনুমোদন করেছে", "bn"),
    "Tamil": ("அரசு பட்ஜெட்டுக்கு ஒப்புதல்", "ta"),
    "Thai": ("รัฐบาลอนุมัติงบประมาณ", "th"),
    "Georgian": ("მთავრობამ ბიუჯეტი დაამტკიცა", "ka"),
    "Armenian": ("Կառավարությունը հաստատեց բյուջեն", "hy"),
    "Hangul": ("정부가 예산을 승인했다", "ko"),
    "Kana": ("政府は予算を承認した", "ja"),
    "Han": ("政府批准了预算", "zh"),
}

STOPWORD_SAMPLES = {
    "en": "The government said on Monday that it was ready to resume the talks with the unions.",
    "de": "Die Regierung hat am Montag erklärt, dass sie die Gespräche mit den Gewerkschaften "
    "wieder aufnehmen wird.",
    "fr": "Le gouvernement a déclaré lundi qu'il était prêt à reprendre les discussions avec "
    "les syndicats.",
    "es": "El gobierno dijo el lunes que estaba listo para reanudar las conversaciones con los "
    "sindicatos.",
    "it": "Il governo ha detto lunedì che è pronto a riprendere il dialogo con i sindacati e "
    "che non ci sono alternative.",
    "pt": "O governo disse na segunda-feira que não está pronto para retomar as conversas com os "
    "sindicatos.",
    "nl": "De regering heeft maandag gezegd dat zij de gesprekken met de vakbonden niet zal "
    "hervatten.",
}


def test_every_script_in_the_data_is_sampled() -> None:
    assert {s["script"] for s in DATA["scripts"]} == set(SCRIPT_SAMPLES)
    assert set(DATA["stopwords"]) == set(STOPWORD_SAMPLES)


@pytest.mark.parametrize(("script", "sample"), SCRIPT_SAMPLES.items())
def test_scripts(script: str, sample: tuple[str, str]) -> None:
    text, expected = sample
    assert detect_language(text) == expected


@pytest.mark.parametrize(("lang", "text"), STOPWORD_SAMPLES.items())
def test_latin_languages(lang: str, text: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Україна та її партнери", "uk"),
        ("Още една съществена промяна", "bg"),
        ("Њујорк и Љубљана", "sr"),
    ],
)
def test_cyrillic_variants(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_undetermined() -> None:
    assert detect_language("") == "und"
    assert detect_language("12345 !!! ...") == "und"
    assert detect_language("Xqzv plmk trsw") == "und"


@pytest.mark.parametrize(("label", "code"), DATA["names"].items())
def test_every_language_label(label: str, code: str) -> None:
    assert language_of_label(f" {label} ") == code
    assert language_of_label(label.upper()) == code


def test_fast_enough() -> None:
    text = STOPWORD_SAMPLES["en"] * 200
    detect_language(text)
    start = time.perf_counter()
    for _ in range(200):
        detect_language(text)
    assert (time.perf_counter() - start) / 200 < 0.001
