"""Cross-document clustering of every entity mention within one storyline.

Articles of one storyline report one real event, so within it "the driver" in one article
is most likely "the driver" of the next, and a role noun that one article puts next to a name
("the host, Jane Doe") names that person wherever else it appears. The rules, in order:

- names resolve through :class:`EntityResolver` (spelling, context), as brief entities do;
- a mention whose article already settled its cluster (apposition, pronoun antecedent) follows
  that brief entity to its global entity;
- times corefer when they normalise to the same value;
- other nominals join the global entity their head noun was tied to in some article of the
  storyline (by apposition or role title) when that noun was tied to exactly one entity, or
  the entity whose name they repeat ('Surgeon General'), or the organisation or place whose
  name ends in their head noun ('the navy', 'Coastal Navy');
  otherwise they group by head lemma (modifiers are carried on the mention but not yet
  used for compatibility checks; that is still to be tried);
- an unresolved pronoun gets no label (it is left out: most are not participants of the
  storyline's events, and a wrong singleton costs precision).

Pure and in memory: (article id, brief, mentions) in, a label per mention out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from newsgraph.model import Brief, EntityMention
from newsgraph.resolve.entities import EntityResolver

MentionKey = tuple[str, int, int]  # (article id, start, end)


@dataclass
class StoryArticle:
    """One article of a storyline with its detected mentions."""

    article_id: str
    brief: Brief
    mentions: list[EntityMention] = field(default_factory=list)


def role_heads(brief: Brief) -> dict[str, set[str]]:
    """Lower-cased last word of each entity's role titles -> the entity ids holding it."""
    found: dict[str, set[str]] = {}
    for ent in brief.entities:
        for role in ent.roles:
            words = role.title.casefold().split()
            if words and len(words) <= 4:
                found.setdefault(words[-1], set()).add(ent.id)
    return found


def resolve_storyline(articles: Sequence[StoryArticle], prefix: str = "S") -> dict[MentionKey, str]:
    """A cluster label for every mention of a storyline's articles (labels carry ``prefix``,
    so labels of different storylines never meet); pronouns the articles do not resolve get
    none and are left out."""
    resolver = EntityResolver(prefix=f"{prefix}:")
    global_of: dict[tuple[str, str], str] = {}
    for art in articles:
        for link in resolver.add(art.article_id, art.brief):
            global_of[art.article_id, link.entity_id] = link.global_id
    tied = _tied_nouns(articles, global_of)
    for gid, g in resolver.entities.items():
        for name in sorted(g.aliases | {g.name}):
            words = name.casefold().removeprefix("the ").split()
            if words:
                tied.setdefault(" ".join(words), gid)
                if g.family in ("org", "place"):  # 'the navy' is the 'Coastal Navy'
                    tied.setdefault(words[-1], gid)
    labels: dict[MentionKey, str] = {}
    for art in articles:
        for m in art.mentions:
            label = _label(m, art.article_id, prefix, global_of, tied)
            if label is not None:
                labels.setdefault((art.article_id, m.start, m.end), label)
    return labels


def _tied_nouns(
    articles: Sequence[StoryArticle], global_of: dict[tuple[str, str], str]
) -> dict[str, str]:
    """Head lemma -> the one global entity the storyline's articles tie it to."""
    seen: dict[str, set[str]] = {}
    for art in articles:
        for m in art.mentions:
            if m.kind == "nominal" and m.local is not None:
                gid = global_of.get((art.article_id, m.local))
                if gid is not None:
                    seen.setdefault(m.head, set()).add(gid)
        for head, ids in role_heads(art.brief).items():
            for eid in ids:
                gid = global_of.get((art.article_id, eid))
                if gid is not None:
                    seen.setdefault(head, set()).add(gid)
    return {head: next(iter(ids)) for head, ids in seen.items() if len(ids) == 1}


def _label(
    m: EntityMention,
    article_id: str,
    prefix: str,
    global_of: dict[tuple[str, str], str],
    tied: dict[str, str],
) -> str | None:
    if m.local is not None:
        if m.kind == "time":
            return f"{prefix}:{m.local}"
        gid = global_of.get((article_id, m.local))
        if gid is not None:
            return gid
    if m.kind == "nominal":
        text = m.text.casefold()
        if text in tied:
            return tied[text]
        if m.head in tied:
            return tied[m.head]
        return f"{prefix}:N:{m.head}"
    if m.kind == "pronoun":
        return None  # an unresolved pronoun: most are not participants of the event
    return f"{prefix}:{article_id}:{m.start}"
