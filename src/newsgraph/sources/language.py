"""Cheap language identification: writing system first, then function-word shares.

No model to download and well under a millisecond per article: the script of the letters
settles Hebrew, Arabic, Cyrillic, CJK, Greek and the like outright; for Latin script the
language whose most frequent function words cover most of a sample wins. The downstream
pipeline is English-only, so the one answer that must be right is "en" for English news.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

UNDETERMINED = "und"
_SAMPLE_CHARS = 2000
_MIN_LETTERS = 3
_MIN_STOPWORD_SHARE = 0.08
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Script:
    """A writing system whose letters point at one language (or a CJK family)."""

    name: str
    language: str
    letters: re.Pattern[str]


@dataclass(frozen=True)
class LanguageData:
    """Everything ``data/ingest_languages.json`` holds, compiled once."""

    scripts: tuple[Script, ...]
    cyrillic_variants: dict[str, re.Pattern[str]]
    stopwords: dict[str, tuple[str, ...]]  # word -> languages it is frequent in
    names: dict[str, str]  # casefolded language label -> ISO 639-1


def _char_class(ranges: list[list[str]]) -> re.Pattern[str]:
    parts = "".join(f"\\u{lo.lower():0>4}-\\u{hi.lower():0>4}" for lo, hi in ranges)
    return re.compile(f"[{parts}]")


@lru_cache(maxsize=1)
def language_data() -> LanguageData:
    """Load and compile the language tables (once per process)."""
    path = resources.files("newsgraph.data").joinpath("ingest_languages.json")
    raw: dict[str, Any] = json.loads(path.read_text("utf-8"))
    scripts = tuple(
        Script(s["script"], s["language"], _char_class(s["ranges"])) for s in raw["scripts"]
    )
    variants = {
        lang: re.compile(f"[{re.escape(chars)}]")
        for lang, chars in raw["cyrillic_variants"].items()
    }
    index: dict[str, list[str]] = {}
    for lang, words in raw["stopwords"].items():
        for word in words:
            index.setdefault(word, []).append(lang)
    names = {label.casefold(): code for label, code in raw["names"].items()}
    return LanguageData(scripts, variants, {w: tuple(ls) for w, ls in index.items()}, names)


def script_counts(sample: str) -> dict[str, int]:
    """How many letters of ``sample`` belong to each non-Latin script (by script name)."""
    if sample.isascii():
        return {}
    counts = {}
    for script in language_data().scripts:
        found = len(script.letters.findall(sample))
        if found:
            counts[script.name] = found
    return counts


def _script_language(sample: str, latin: int) -> str | None:
    """The language a dominant non-Latin script names, or None when Latin dominates."""
    counts = script_counts(sample)
    if not counts:
        return None
    name, top = max(counts.items(), key=lambda kv: kv[1])
    if top <= latin:
        return None
    data = language_data()
    if name in ("Han", "Kana", "Hangul"):
        for script in ("Kana", "Hangul"):  # kana or hangul next to Han: not Chinese
            if counts.get(script, 0) * 5 >= top:
                return next(s.language for s in data.scripts if s.name == script)
        return "zh"
    if name == "Cyrillic":
        for lang, letters in data.cyrillic_variants.items():
            if letters.search(sample):
                return lang
    return next(s.language for s in data.scripts if s.name == name)


def _stopword_language(sample: str) -> str:
    """The Latin-script language whose function words cover most of ``sample``."""
    words = _WORD.findall(sample.lower())
    if not words:
        return UNDETERMINED
    index = language_data().stopwords
    scores: dict[str, int] = {}
    for word in words:
        for lang in index.get(word, ()):
            scores[lang] = scores.get(lang, 0) + 1
    if not scores:
        return UNDETERMINED
    lang, hits = max(scores.items(), key=lambda kv: (kv[1], kv[0] == "en"))
    return lang if hits / len(words) >= _MIN_STOPWORD_SHARE else UNDETERMINED


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``'s language ("en", "he", "zh", ...), or "und" when unsure."""
    sample = text[:_SAMPLE_CHARS]
    latin = len(_LATIN.findall(sample))
    by_script = _script_language(sample, latin)
    if by_script is not None:
        return by_script
    if latin < _MIN_LETTERS:
        return UNDETERMINED
    return _stopword_language(sample)


def language_of_label(label: str) -> str | None:
    """ISO code for a language-edition link label ("Français", "עברית", "Russian"), or None."""
    return language_data().names.get(label.strip().casefold())
