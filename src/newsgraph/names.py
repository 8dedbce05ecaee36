"""Pure functions on people's and places' names, shared by one article's reading and
cross-article resolution.

Reading an article (``nlp/``) and resolving entities across articles (``resolve/``) must key
and gender names the same way, yet resolution works on briefs alone and never loads spaCy;
so the name functions both need live here, apart from either. The given-name list they read
is data (``newsgraph/data/given_names.json``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=65536)  # called for every name pair coreference and roles compare
def norm(text: str) -> str:
    """Lookup key: casefolded, typographic apostrophes and dashes made plain, 'the ' dropped."""
    text = text.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"\s+", " ", text.strip()).casefold()
    return re.sub(r"^the ", "", text)


@lru_cache(maxsize=1)
def _given_names() -> dict[str, str]:
    """Given name (lower case) -> 'f' or 'm', loaded once per process."""
    text = resources.files("newsgraph.data").joinpath("given_names.json").read_text("utf-8")
    data = json.loads(text)
    names = {n: "f" for n in data["female"]}
    names.update({n: "m" for n in data["male"]})
    return names


def name_gender(full_name: str) -> str | None:
    """The gender a pronoun referring to this person would most likely have, if known."""
    first = full_name.split()[0].casefold() if full_name.split() else ""
    return _given_names().get(first)
