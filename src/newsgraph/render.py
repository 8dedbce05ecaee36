"""Text reports for people (rich), built only from ``rich.text.Text`` objects.

Article text is untrusted: nothing here passes it through rich's markup parser, so a body
containing ``[bold]`` or ``[link=...]`` prints literally, and terminal control characters
(escape sequences, bidi overrides) are shown as U+FFFD instead of reaching the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newsgraph.api import CheckReport, IngestReport
from newsgraph.model import Brief, Entity, Evidence, Role
from newsgraph.read import (
    DisagreementView,
    EntityListItem,
    EntityMatch,
    EntityView,
    EventView,
    SearchHits,
    StorylineView,
    TimelineView,
)
from newsgraph.read.changes import ChangeEvidence, ChangesView
from newsgraph.read.events import Report
from newsgraph.read.roles import RoleHistory, RoleTerm
from newsgraph.store import ArticleSummary, GlobalEntityRow

SNIPPET = 110
# C0 controls but tab and newline, DEL, C1 controls, and the bidi embeddings, overrides and
# isolates: rich passes ESC through, so "\x1b[2J" in an article would clear the screen.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters become U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


def _t(value: object, style: str = "") -> Text:
    return Text("" if value is None else printable(str(value)), style=style)


def snippet(evidence: Evidence | None, width: int = SNIPPET) -> str:
    if evidence is None:
        return ""
    sentence = " ".join(evidence.sentence.split())
    return sentence if len(sentence) <= width else sentence[: width - 1] + "…"


def _table(title: str, *columns: str) -> Table:
    table = Table(
        title=Text(title, style="bold"),
        title_justify="left",
        expand=False,
        show_lines=False,
        header_style="bold cyan",
    )
    for col in columns:
        table.add_column(Text(col))
    return table


def _names(brief: Brief) -> dict[str, str]:
    return {e.id: e.name for e in brief.entities}


def _document(brief: Brief) -> Panel:
    d = brief.document
    lines = [_t(d.title or "(untitled)", "bold")]
    if d.subtitle:
        lines.append(_t(d.subtitle, "italic"))
    meta = [
        f"{k}: {v}"
        for k, v in (
            ("section", d.section),
            ("byline", d.byline),
            ("published", d.published),
            ("language", d.language),
            ("url", d.url),
        )
        if v
    ]
    if d.other_languages:
        meta.append("other editions: " + ", ".join(d.other_languages))
    lines.append(_t(" · ".join(meta), "dim"))
    for cap in d.captions:
        lines.append(
            _t(f"caption: {cap.text}" + (f" (credit: {cap.credit})" if cap.credit else ""), "dim")
        )
    lines.append(_t(f"{len(d.text.split())} words in the body", "dim"))
    lines += [_t(f"warning: {w}", "yellow") for w in brief.warnings]
    return Panel(Group(*lines), expand=False)


def role_label(role: Role, names: dict[str, str], form: str = "{title} ({of})") -> str:
    """ "Foreign Minister (Peru)" (or any ``form``); the holder is left out when the title
    already names it ("mayor of Leeds", not "mayor of Leeds (Leeds)")."""
    holder = names.get(role.of or "")
    if holder is None or holder.casefold() in role.title.casefold():
        return role.title
    return form.format(title=role.title, of=holder)


def _entity_table(title: str, entities: Sequence[Entity], names: dict[str, str]) -> Table:
    table = _table(title, "name", "type", "roles", "also called", "mentions")
    for e in entities:
        roles = "; ".join(role_label(r, names) for r in e.roles)
        table.add_row(
            _t(e.name, "bold"),
            _t(e.type + (f" {e.country}" if e.country else "")),
            _t(roles),
            _t(", ".join(e.aliases)),
            _t(len(e.mentions)),
        )
    return table


def brief_report(brief: Brief) -> RenderableType:
    """The whole brief as one renderable: metadata, people, other entities, then facts."""
    names = _names(brief)
    people = [e for e in brief.entities if e.type == "PERSON"]
    others = [e for e in brief.entities if e.type != "PERSON"]
    parts: list[RenderableType] = [
        _document(brief),
        _entity_table("People", people, names),
        _entity_table("Organisations, countries, places, groups", others, names),
    ]
    quotes = _table("Quotes", "speaker", "kind", "text", "evidence")
    for q in brief.quotes:
        quotes.add_row(
            _t(names.get(q.speaker or "", q.speaker_text or "?"), "bold"),
            _t(q.kind),
            _t(q.text),
            _t(snippet(q.evidence), "dim"),
        )
    claims = _table("Attributed claims", "source", "anonymous", "claim")
    for a in brief.attributions:
        claims.add_row(
            _t(a.source, "bold"),
            _t("yes" if a.anonymous else "no", "yellow" if a.anonymous else ""),
            _t(a.claim),
        )
    times = _table("Dates and times", "text", "kind", "value", "evidence")
    for t in brief.times:
        value = (t.value or "?") + (" (approx.)" if t.approximate else "")
        times.add_row(_t(t.text), _t(t.kind), _t(value, "green"), _t(snippet(t.evidence), "dim"))
    numbers = _table("Numbers", "text", "kind", "value", "normalised", "evidence")
    for n in brief.quantities:
        norm = f"{n.normalized.value:g} {n.normalized.unit}" if n.normalized else ""
        value = f"{n.value:g} {n.unit or ''}".strip() + (" (approx.)" if n.approximate else "")
        numbers.add_row(
            _t(n.text),
            _t(n.kind),
            _t(value, "green"),
            _t(norm + (f"  ⚠ {n.warning}" if n.warning else "")),
            _t(snippet(n.evidence), "dim"),
        )
    parts += [quotes, claims, times, numbers]
    if brief.events:
        events = _table("Events", "type", "summary", "status")
        for ev in brief.events:
            events.add_row(_t(ev.type), _t(ev.summary), _t(ev.status))
        parts.append(events)
    return Group(*parts)


def articles_table(rows: Sequence[ArticleSummary]) -> Table:
    table = _table("Articles", "id", "title", "published", "entities", "quotes")
    for r in rows:
        table.add_row(
            _t(r.id), _t(r.title), _t(r.published or ""), _t(r.entity_count), _t(r.quote_count)
        )
    return table


def entities_table(rows: Sequence[EntityListItem]) -> Table:
    table = _table("Entities", "id", "name", "type", "country", "articles", "aliases")
    for r in rows:
        table.add_row(
            _t(r.id, "dim"),
            _t(r.name, "bold"),
            _t(r.type),
            _t(r.country or ""),
            _t(r.article_count),
            _t(", ".join(r.aliases)),
        )
    return table


def search_report(hits: SearchHits) -> RenderableType:
    """Matching articles, then the resolved entities whose names match."""
    table = _table("Search results", "id", "title", "published", "snippet")
    for r in hits.articles:
        table.add_row(_t(r.article_id), _t(r.title, "bold"), _t(r.published or ""), _t(r.snippet))
    if not hits.entities:
        return table
    return Group(table, entities_table(hits.entities))


def ingest_summary(report: IngestReport) -> RenderableType:
    lines = [
        Text(
            f"{len(report.created)} stored, {len(report.updated)} updated, "
            f"{len(report.duplicates)} near-duplicates, {len(report.failed)} failed",
            style="bold",
        )
    ]
    lines += [_t(f"  {source}: copy of {kept}", "dim") for source, kept in report.duplicates]
    lines += [_t(f"  {source}: {error}", "red") for source, error in report.failed]
    lines += [_t(f"  {aid}: {warning}", "yellow") for aid, warning in report.warnings]
    return Group(*lines)


def check_report(report: CheckReport) -> RenderableType:
    """``db check``: the stored counts beside a dry replay's, then each broken invariant."""
    verdict = ("repaired; " if report.repaired else "") + (
        "knowledge consistent" if report.ok else f"{len(report.findings)} problem(s) found"
    )
    lines = [
        Text(verdict, style="bold green" if report.ok else "bold red"),
        Text(
            f"  articles {report.articles}; resolved entities {report.resolved_entities} "
            f"(a replay makes {report.replay_entities}); storylines {report.storylines} "
            f"(a replay makes {report.replay_storylines}, "
            f"{report.placed_differently} articles placed differently)"
        ),
    ]
    for f in report.findings:
        lines.append(_t(f"  {f.kind}: {f.count} (e.g. {', '.join(f.examples)})", "red"))
    if not report.ok and not report.repaired:
        lines.append(Text("  newsgraph db check --repair rebuilds the knowledge", "dim"))
    return Group(*lines)


# --------------------------------------------------------------------------- across articles
# These render the typed views of ``newsgraph.read``, the same objects ``--format json``
# dumps, so text and JSON always carry the same content.


def _events_table(title: str, events: Sequence[EventView]) -> Table:
    """Merged events: how many articles report each, then their URLs."""
    table = _table(title, "date", "type", "summary", "article", "sources", "urls")
    for e in events:
        table.add_row(
            _t((e.date or "?") + (" (article)" if e.date_source == "article" else ""), "green"),
            _t(e.type),
            _t(e.summary),
            _t(e.article_id),
            _t(e.source_count),
            _t(", ".join(e.sources), "dim"),
        )
    return table


def disagreements_table(found: Sequence[DisagreementView]) -> RenderableType:
    """Each disagreement between sources: the field, then every source's value and
    sentence, one row each, so both sides are shown and none is picked."""
    if not found:
        return Text("Disagreements: none between sources", style="dim")
    table = _table("Disagreements", "event", "field", "value", "article", "sentence")
    for d in found:
        label = d.field + (f": {d.subject}" if d.subject else "")
        for n, v in enumerate(d.values):
            table.add_row(
                _t(d.event_id if n == 0 else ""),
                _t(label if n == 0 else ""),
                _t(v.value, "yellow"),
                _t(v.article_id),
                _t(" ".join(v.sentence.split()), "dim"),
            )
    return table


def storylines_report(lines: Sequence[StorylineView]) -> RenderableType:
    """Each storyline: its articles, oldest first, the outlets that ran them, how many
    events they report (and how many reports those merge), then the disagreements."""
    if not lines:
        return Text("no storylines yet: ingest some articles first", style="dim")
    table = _table(
        "Storylines",
        "id",
        "title",
        "dyad",
        "mediators",
        "kind",
        "articles",
        "outlets",
        "events",
        "reports",
        "disagreements",
        "from",
        "to",
    )
    for line in lines:
        dates = [a.published for a in line.articles if a.published]
        table.add_row(
            _t(line.id, "bold"),
            _t(line.title),
            _t(" – ".join(line.dyad)),
            _t(", ".join(line.mediators)),
            _t(line.kind),
            _t(len(line.articles)),
            _t(", ".join(line.outlets)),
            _t(len(line.events)),
            _t(sum(e.source_count for e in line.events)),
            _t(len(line.disagreements)),
            _t(min(dates) if dates else ""),
            _t(max(dates) if dates else ""),
        )
    found = [d for line in lines for d in line.disagreements]
    return Group(table, disagreements_table(found)) if found else table


def timeline_report(data: TimelineView) -> RenderableType:
    """The timeline, the history its articles recall apart, and what was left out."""
    heading = _t(f"{data.kind} {data.id}: {data.title}", "bold")
    span = f"articles from {data.span[0]} to {data.span[1]}" if data.span[0] else "undated"
    parts: list[RenderableType] = [heading, _t(span, "dim")]
    if data.events:
        parts.append(_events_table("Timeline", data.events))
    else:
        parts.append(Text("no events recorded", style="dim"))
    if data.background:
        parts.append(_events_table("Background (before the first article)", data.background))
    if data.left_out:
        parts.append(
            _t(f"{data.left_out} events with no one named or no date left out (--all)", "dim")
        )
    if data.events or data.background:
        parts.append(disagreements_table(data.disagreements))
    return Group(*parts)


def entity_report(view: EntityView) -> RenderableType:
    """A resolved entity: names in use, roles with their dates, articles, quotes, events,
    the entities and storylines it appears with, and how its links came to be."""
    head = [_t(f"{view.name} ({view.type}) {view.id}", "bold")]
    if view.alias_uses:
        head.append(
            _t(
                "called: " + ", ".join(f"{u.name} ({u.article_count})" for u in view.alias_uses),
                "dim",
            )
        )
    roles = _table("Roles", "title", "first", "last", "articles")
    for r in view.roles:
        roles.add_row(_t(r.title), _t(r.first or "?"), _t(r.last or "?"), _t(len(r.article_ids)))
    articles = _table(f"Articles ({view.article_count})", "id", "title", "published", "outlet")
    for a in view.articles:
        articles.add_row(_t(a.id), _t(a.title), _t(a.published or ""), _t(a.outlet))
    quotes = _table("Quotes", "published", "text", "article")
    for q in view.quotes:
        quotes.add_row(_t(q.published or ""), _t(q.text), _t(q.article_id))
    around = _table("Appears with", "entity", "type", "articles")
    for c in view.co_occurring:
        around.add_row(_t(c.entity.name), _t(c.entity.type), _t(c.articles))
    history = _table("How its articles were linked", "what", "from", "links")
    for h in view.history:
        history.add_row(_t(h.reason), _t(h.other or ""), _t(h.link_count))
    lines = (
        Text("storylines: " + ", ".join(f"{s.id} {s.title}" for s in view.storylines), style="dim")
        if view.storylines
        else Text("")
    )
    return Group(
        Group(*head),
        roles,
        role_history_report(view.as_of, view.role_history),
        articles,
        quotes,
        _events_table("Events", view.events),
        around,
        lines,
        history,
    )


def role_history_report(as_of: str | None, found: Sequence[RoleHistory]) -> RenderableType:
    """Each role over time: its terms and how they ended, the holders before and after
    (offices one person holds at a time), and on ``as_of`` who held it."""
    if not found:
        return Text("")
    lines = [Text("Roles over time" + (f" (on {as_of})" if as_of else ""), style="bold")]
    for h in found:
        lines.append(_t(f"  {h.title}" + (" · one holder at a time" if h.exclusive else "")))
        lines += [_t(f"    {term_line(term)}", "dim") for term in h.terms]
        for label, other in (("before", h.before), ("after", h.after)):
            if other is not None:
                lines.append(_t(f"    {label}: {other.holder.name} ({term_span(other)})"))
        if h.as_of:
            lines.append(_t(f"    on {h.as_of}: {holder_line(h)}", "green" if h.held else "yellow"))
    return Group(*lines)


def term_span(term: RoleTerm) -> str:
    """ "2026-01-05 – 2026-01-20, resigned 2026-02-01": a term's dates and its end."""
    span = f"{term.first} – {term.last}" if term.first else "held before"
    if term.first and term.first == term.last:
        span = term.first
    end = term.ended
    if end is None:
        return span + ", no end reported"
    by = f" by {end.by.name}" if end.by else ""
    return f"{span}, {end.how}{by} {end.date}"


def term_line(term: RoleTerm) -> str:
    """A term with the sentence that ended it (or its latest evidence) and its article."""
    proof = term.ended.evidence if term.ended else (term.evidence[-1] if term.evidence else None)
    if proof is None:
        return term_span(term)
    sentence = " ".join(proof.sentence.split())
    return f"{term_span(term)}: \u201c{sentence}\u201d ({proof.article_id}, {proof.date})"


def holder_line(h: RoleHistory) -> str:
    """Who held the role on the day asked: this entity, another (and since when), no one."""
    if h.held and h.holder is not None:
        return f"held (since {h.holder.first})"
    if h.holder is not None:
        return f"held by {h.holder.holder.name} (since {h.holder.first})"
    return "not held" + (", and no other holder is known" if h.exclusive else "")


def changes_report(view: ChangesView) -> RenderableType:
    """What changed since a moment: new events, people, roles and disagreements, each
    with its sentence and article; the same content ``--format json`` dumps."""
    scope = f" in {view.scope} {view.scope_id} ({view.scope_title})" if view.scope_id else ""
    head = _t(f"Since {view.since}{scope}: {view.article_count} new articles", "bold")
    parts: list[RenderableType] = [head]
    if view.truncated:
        parts.append(Text("  (bounded: only the newest new articles were read)", style="yellow"))
    parts.append(Text("New events", style="bold"))
    for ne in view.events:
        ev = ne.event
        line = ne.storyline.id if ne.storyline else ""
        parts.append(_t(f"  {ne.first_reported[:16]}  {ev.label}  [{line}]"))
        parts += [_t(f"    {_report_line(r)}", "dim") for r in ev.reports]
    parts.append(Text("New people", style="bold"))
    for p in view.people:
        parts.append(_t(f"  {p.first_reported[:16]}  {p.entity.name} ({p.entity.id})"))
        parts.append(_t(f"    {_proof_line(p.evidence)}", "dim"))
    parts.append(Text("New roles", style="bold"))
    for r in view.roles:
        parts.append(_t(f"  {r.first_reported[:16]}  {r.entity.name}: {r.title} ({r.date})"))
        parts.append(_t(f"    {_proof_line(r.evidence)}", "dim"))
    parts.append(Text("New disagreements", style="bold"))
    for nd in view.disagreements:
        d = nd.disagreement
        subject = f": {d.subject}" if d.subject else ""
        parts.append(_t(f"  {nd.first_reported[:16]}  {d.event} · {d.field}{subject}"))
        for claim, proof in zip(d.values, nd.evidence, strict=True):
            parts.append(_t(f"    {claim.value}: {_proof_line(proof)}", "dim"))
    return Group(*parts)


def _report_line(r: Report) -> str:
    where = f"{r.article_id} {r.url or ''}".strip()
    return f"{where} [{r.start}:{r.end}] \u201c{' '.join(r.sentence.split())}\u201d"


def _proof_line(e: ChangeEvidence) -> str:
    where = f"{e.article_id} {e.url or ''}".strip()
    return f"{where} [{e.start}:{e.end}] \u201c{' '.join(e.sentence.split())}\u201d"


def entity_matches_table(matches: Sequence[EntityMatch]) -> Table:
    table = _table("Candidates", "id", "name", "type", "score", "articles")
    for m in matches:
        table.add_row(
            _t(m.id, "bold"), _t(m.name), _t(m.type), _t(f"{m.score:.2f}"), _t(m.articles)
        )
    return table


def global_entities_table(title: str, rows: Sequence[GlobalEntityRow]) -> Table:
    table = _table(title, "id", "name", "type", "country", "aliases")
    for r in rows:
        table.add_row(
            _t(r.id, "bold"), _t(r.name), _t(r.type), _t(r.country or ""), _t(", ".join(r.aliases))
        )
    return table
