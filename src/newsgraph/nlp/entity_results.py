"""Names that a results table's layout types: teams in scorelines, standings and fixtures.

Wire copy prints results as bare lines: "Falkirk 2 Clydebank 1", "Ayr 3 1 2 0 8 2 5",
"East Fife v Clydebank". The names there are clubs, whatever the model makes of them (a
town, a person, nothing at all), and the line's shape alone says so. The rules read one
line at a time, so a club name in running prose is left to the model and the gazetteers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from newsgraph.names import name_gender
from newsgraph.nlp import gazetteer as gz

Run = tuple[int, int]  # token offsets of a name in the doc, end exclusive

STANDINGS_MIN_NUMBERS = 5  # played, won, drawn, lost, for, against, points: at least five
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d+)?$|^\.\d+$")
_GLUE = {"of", "&", "-", "de", "and"}
_VERSUS = {"v", "v.", "vs", "vs."}
_STANDINGS = re.compile(rf"N9{{{STANDINGS_MIN_NUMBERS},}}")


def _lines(doc: Doc) -> Iterator[list[Token]]:
    """The doc's tokens, line by line (a line ends where the whitespace holds a newline)."""
    line: list[Token] = []
    for tok in doc:
        if not tok.is_space:
            line.append(tok)
        if "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text):
            if line:
                yield line
            line = []
    if line:
        yield line


def _is_name_word(tok: Token) -> bool:
    return (tok.is_alpha and (tok.is_title or tok.is_upper)) or tok.text in {"St", "St."}


def _segments(line: list[Token]) -> list[tuple[str, int, int]]:
    """The line as ('N', start, end) name runs, ('9', i, i+1) numbers, 'v' for versus,
    ',' for commas and 'x' for anything else."""
    out: list[tuple[str, int, int]] = []
    k = 0
    while k < len(line):
        tok = line[k]
        if _is_name_word(tok):
            j = k + 1
            while j < len(line) and (
                _is_name_word(line[j])
                or (line[j].lower_ in _GLUE and j + 1 < len(line) and _is_name_word(line[j + 1]))
            ):
                j += 1
            out.append(("N", tok.i, line[j - 1].i + 1))
            k = j
            continue
        if _NUMBER.match(tok.text):
            kind = "9"
        elif tok.lower_ in _VERSUS:
            kind = "v"
        else:
            kind = "," if tok.text == "," else "x"
        out.append((kind, tok.i, tok.i + 1))
        k += 1
    return out


def _shape_runs(segments: list[tuple[str, int, int]]) -> list[Run]:
    """Team names of a scoreline, a standings row or a list of fixtures; [] otherwise."""
    shape = "".join(kind for kind, _, _ in segments)
    names = [(s, e) for kind, s, e in segments if kind == "N"]
    head = shape.split("x", 1)[0]  # "Pohang 3 Ulsan 2 ( halftime 1-0 )": before the bracket
    if head in ("N9N9", "N9N9,") or _STANDINGS.fullmatch(head):
        return names[: head.count("N")]
    if re.fullmatch(r"(?:NvN,)*NvN,?", shape):
        return names
    return []


def _person_like(doc: Doc, run: Run) -> bool:
    """'Nick Faldo 70 68 71 69 278': a golfer's row, not a club's: the run starts with a
    known given name, or the model read the run as a person of two or more words."""
    if name_gender(doc[run[0]].text) is not None:
        return True
    ents = [e for e in doc.ents if e.start <= run[0] < e.end]
    return bool(ents) and ents[0].label_ == "PERSON" and run[1] - run[0] > 1


def team_runs(doc: Doc) -> list[Run]:
    """Token spans of club names that the layout of results lines marks, in text order."""
    found: list[Run] = []
    for line in _lines(doc):
        found += [r for r in _shape_runs(_segments(line)) if not _person_like(doc, r)]
    return found


def country_in_brackets(doc: Doc, end: int) -> bool:
    """Whether a country in brackets follows token ``end``: 'Leah Pells ( Canada )', the
    way results lists name an athlete's nation."""
    if end + 2 >= len(doc) or doc[end].text != "(" or doc[end + 2].text != ")":
        return False
    hit = gz.country(doc[end + 1].text)
    return hit is not None and hit.kind == "name"
