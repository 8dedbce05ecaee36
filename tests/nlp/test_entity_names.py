"""Entity names as every view shows them: never a line break or another control character,
even where the model's span runs on over the end of a line (a dateline, a credit)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsgraph.model import Article
from newsgraph.pipeline import analyse


@pytest.mark.parametrize(
    "text",
    [
        "Syrian state news agency Sana\n reported the talks on Monday.",
        "The agency Sana \nsaid on Monday that officials met in Paris.",
        "Reporting by Maria Lopez\nEditing by Tom Weller\n\nThe ministry said on Monday.",
    ],
)
def test_names_carry_no_line_break(nlp: Language, text: str) -> None:
    brief = analyse(Article(text=text), nlp)
    assert brief.entities
    for entity in brief.entities:
        for name in (entity.name, *entity.aliases):
            assert name == name.strip() and not any(c.isspace() and c != " " for c in name)
            assert all(c.isprintable() for c in name), name


def test_a_name_is_not_joined_across_lines(nlp: Language) -> None:
    brief = analyse(Article(text="Officials told Sana\nDamascus was calm on Monday."), nlp)
    assert all("\n" not in m.text for e in brief.entities for m in e.mentions)
