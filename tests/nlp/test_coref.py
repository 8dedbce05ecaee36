"""Coreference clustering at scale: a long list of people must not cost the square of its
length, and every surname still finds its person."""

from __future__ import annotations

import time

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.nlp.coref import EntityIndex, cluster
from newsgraph.nlp.entities import MentionCandidate


def test_thousands_of_people_cluster_in_linear_time() -> None:
    """5,000 people then their surnames: over two minutes when every candidate was
    compared with every cluster."""
    n = 5_000
    cands = [MentionCandidate(3 * i, 3 * i + 2, f"Ann{i} Kovac{i}", "PERSON") for i in range(n)]
    cands += [MentionCandidate(3 * n + i, 3 * n + i + 1, f"Kovac{i}", "PERSON") for i in range(n)]
    started = time.perf_counter()
    clusters = cluster(cands)
    assert time.perf_counter() - started < 5
    assert len(clusters) == n
    assert all(
        [c.text for c in cl.cands] == [f"Ann{k} Kovac{k}", f"Kovac{k}"]
        for k, cl in enumerate(clusters)
    )


def test_latest_person_with_the_surname_wins() -> None:
    cands = [
        MentionCandidate(0, 2, "Hillary Clinton", "PERSON"),
        MentionCandidate(5, 7, "Bill Clinton", "PERSON"),
        MentionCandidate(9, 10, "Clinton", "PERSON"),
        MentionCandidate(12, 13, "Clinton", "ORG"),  # typed ORG once: the person still
        MentionCandidate(15, 16, "Ghana", "COUNTRY", country="GHA"),
        MentionCandidate(18, 19, "Ghanaian", "COUNTRY", country="GHA"),
    ]
    clusters = cluster(cands)
    assert [[c.text for c in cl.cands] for cl in clusters] == [
        ["Hillary Clinton"],
        ["Bill Clinton", "Clinton", "Clinton"],
        ["Ghana", "Ghanaian"],
    ]


def test_many_repeats_of_a_name_are_added_in_linear_time(nlp: Language) -> None:
    """75,000 mentions of one surname: over two minutes when each add re-sorted them all."""
    n = 75_000
    doc = Doc(nlp.vocab, words=["Doe"] * n)
    index = EntityIndex(doc, [])
    ent = index.add_entity("Jane Doe", "PERSON")
    started = time.perf_counter()
    for i in [*range(n - 1, -1, -2), *range(0, n, 2)]:
        index.add_mention(ent.id, doc[i : i + 1])
    assert time.perf_counter() - started < 10
    assert [m.start for m in ent.mentions] == [4 * i for i in range(n)]
