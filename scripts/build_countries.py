"""Build ``src/newsgraph/data/countries.json`` from CountryInfo (CC BY-SA 3.0) and pycountry.

CountryInfo (c) 2012 Philip A. Schrodt, CC BY-SA 3.0, gives nationality adjectives and
capitals; pycountry gives ISO codes and official names. The generated file is therefore
distributed under CC BY-SA 3.0 (see src/newsgraph/data/NOTICE.md). Run:

    python scripts/build_countries.py ../shared/eval/actors/CountryInfo.120116.txt
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "data" / "countries.json"
DEMONYM_END = re.compile(r"(an|ian|ean|ese|ish|ic|i|ch|ss|er|ite|ot|ard|ene|ais|ois)$")


def _words(raw: str) -> str:
    text = raw.strip().strip("_").replace("_", " ").strip()
    return " ".join(w.capitalize() if w.isupper() or w.islower() else w for w in text.split())


def _shares_stem(demonym: str, name: str) -> bool:
    """Keep 'Syrian' for Syria; drop CountryInfo's foreign synonyms and misspellings."""
    return demonym[:4].lower() == name[:4].lower() and len(demonym) <= len(name) + 4


def _block_field(block: str, tag: str) -> list[str]:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", block, re.S)
    if not m:
        return []
    out = []
    for line in m.group(1).splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("<"):
            out.append(line)
    return out


def parse_countryinfo(path: Path) -> dict[str, dict[str, list[str]]]:
    text = path.read_text(encoding="utf-8", errors="replace")
    text = text.split("-->", 1)[-1]
    result: dict[str, dict[str, list[str]]] = {}
    for block in text.split("<Country>")[1:]:
        code = re.search(r"<CountryCode>([A-Z]{3})</CountryCode>", block)
        name = re.search(r"<CountryName>(.*?)</Count", block)
        if not code or not name:
            continue
        iso3 = code.group(1)
        if pycountry.countries.get(alpha_3=iso3) is None:
            continue
        nat = [_words(n) for n in _block_field(block, "Nationality")]
        demonyms = [
            n
            for n in nat
            if " " not in n
            and "(" not in n
            and DEMONYM_END.search(n.lower())
            and _shares_stem(n, _words(name.group(1)))
        ]
        capitals = [_words(c) for c in _block_field(block, "Capital") if "(" not in c]
        entry = result.setdefault(iso3, {"names": [], "demonyms": [], "capitals": []})
        entry["names"].append(_words(name.group(1)))
        entry["demonyms"] += demonyms[:3]
        entry["capitals"] += capitals[:1]
    return result


def build(countryinfo: Path) -> list[dict[str, object]]:
    info = parse_countryinfo(countryinfo)
    rows = []
    for country in pycountry.countries:
        iso3 = country.alpha_3
        extra = info.get(iso3, {"names": [], "demonyms": [], "capitals": []})
        name = getattr(country, "common_name", None) or country.name
        names = [name, country.name, getattr(country, "official_name", "")]
        rows.append(
            {
                "iso3": iso3,
                "iso2": country.alpha_2,
                "name": name,
                "names": sorted({n for n in names if n and n != name and "," not in n}),
                "demonyms": list(dict.fromkeys(extra["demonyms"])),
                "capitals": list(dict.fromkeys(extra["capitals"])),
            }
        )
    overrides = json.loads((Path(__file__).parent / "countries_overrides.json").read_text())
    for row in rows:
        over = overrides.get(str(row["iso3"]), {})
        if "name" in over:
            row["names"] = sorted({*row["names"], str(row["name"])} - {over["name"]})  # type: ignore[misc]
            row["name"] = over["name"]
        for key in ("names", "demonyms", "capitals"):
            if key in over:
                merged = [*over[key], *row[key]] if key != "demonyms" else over[key]  # type: ignore[misc]
                row[key] = list(dict.fromkeys(merged))
    return rows


if __name__ == "__main__":
    rows = build(Path(sys.argv[1]))
    OUT.write_text(json.dumps(rows, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} countries to {OUT}")
