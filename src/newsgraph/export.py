"""Export a store's knowledge base for other tools: JSON Lines, CSV, GraphML and Parquet.

The records are built by pure functions (store in, plain dicts out) and each format has one
writer, so every format says the same thing. Article-local entity ids ("e1") mean nothing
outside their article, so every entity id in an export is the resolved *global* id ("G7")
from the store's entity links; an entity the store never linked keeps a unique stand-in
``"<article id>/<local id>"``. Offsets (mentions, evidence) stay offsets into the stored text.

JSON Lines: one record a line, each with ``kind``: ``article`` (the brief, ids resolved, each
entity keeping its ``local_id``), ``entity`` (global entities with aliases and the ids of the
articles they appear in), ``event`` (one per event of each article, with its article id,
global actor/target ids and ``merged_event_id``: the id of the event merged across the
storyline's articles, as ``newsgraph storylines`` shows it; null where ``statement`` is
true, as statements are not merged across sources) and ``storyline`` (its articles
with their join scores, outlets and further sources: the near-duplicate copies other outlets
ran, each with URL and outlet).

CSV: one row per event, columns after GDELT 2.0's event table, where one exists:

=================== ==================================================================
GLOBALEVENTID       ``<article id>:<n>``, the n-th event (from 1) of that article
SQLDATE             the event's date as digits: YYYYMMDD (YYYYMM or YYYY when that is all
                    that is known), from the event's own time, else the publication date
ArticleId           the stored article the event was read from
Actor1Name, Actor1Code, Actor1EntityId   the first actor: name, CAMEO actor code, global id
Actor2Name, Actor2Code, Actor2EntityId   the first target, likewise (further actors and
                    targets are in the JSON Lines export)
EventCode           the CAMEO event code (e.g. 040)
EventBaseCode       its first three digits; EventRootCode: its first two
PloverType          the PLOVER event type (e.g. CONSULT); empty for a statement
IsStatement         1 for a public statement (CAMEO root 01, no PLOVER type), else 0
Status              happened, ongoing, planned, hypothetical or negated
Confidence          the extractor's confidence, 0 to 1
ActionGeo_FullName  the place's name; ActionGeoEntityId: its global id
PloverMode          PLOVER's mode: how it was done (firearms, hunger strike, visit...)
PloverContext       PLOVER's contexts (military, diplomatic...), ``;``-separated
Dead, Injured       the number killed and injured, where the sentence gives them
Size                the size of the crowd or of the group acted on
SOURCEURL           the article's URL (empty when it was ingested from a file)
Summary             one line saying what happened
Evidence            the sentence the event was read from
MergedEventId       the event merged across its storyline's articles (rows reporting one
                    real event share it); empty for a statement (IsStatement 1), which
                    is kept but never merged across sources
=================== ==================================================================

GraphML: the actor network. Nodes are the entities that are an actor or a target of some
event; a directed edge actor -> target carries ``weight`` (number of events) and
``event_types`` (the PLOVER types, ``;``-separated). Parquet: one file per kind
(``articles``, ``entities``, ``events``, ``storylines``), nested values as JSON text.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from newsgraph.errors import InputError
from newsgraph.model import Brief, Event
from newsgraph.read.events import event_mentions
from newsgraph.read.storylines import storyline_article
from newsgraph.resolve.events import EventMention, event_id, group_mentions
from newsgraph.store.base import Store, StorylineMember

KINDS = ("article", "entity", "event", "storyline")
CSV_COLUMNS = (
    "GLOBALEVENTID",
    "SQLDATE",
    "ArticleId",
    "Actor1Name",
    "Actor1Code",
    "Actor1EntityId",
    "Actor2Name",
    "Actor2Code",
    "Actor2EntityId",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "PloverType",
    "IsStatement",
    "Status",
    "Confidence",
    "ActionGeo_FullName",
    "ActionGeoEntityId",
    "PloverMode",
    "PloverContext",
    "Dead",
    "Injured",
    "Size",
    "SOURCEURL",
    "Summary",
    "Evidence",
    "MergedEventId",
)
PARQUET_MISSING = "install newsgraph[ray] (pyarrow) for Parquet"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    graphml = "graphml"
    parquet = "parquet"


@dataclass
class Records:
    """Everything an export holds, one list of plain dicts per kind."""

    articles: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    storylines: list[dict[str, Any]] = field(default_factory=list)

    def all(self) -> Iterator[dict[str, Any]]:
        yield from self.articles
        yield from self.entities
        yield from self.events
        yield from self.storylines

    def counts(self) -> dict[str, int]:
        return {
            "articles": len(self.articles),
            "entities": len(self.entities),
            "events": len(self.events),
            "storylines": len(self.storylines),
        }


# --------------------------------------------------------------------------- records


def collect(store: Store) -> Records:
    """Read the whole store once into export records (every brief is loaded once)."""
    links: dict[str, dict[str, str]] = {}
    for link in store.entity_links():
        links.setdefault(link.article_id, {})[link.local_id] = link.global_id
    out = Records()
    appears: dict[str, set[str]] = {}
    reports: dict[str, list[EventMention]] = {}
    for article_id in store.article_ids():
        brief = store.get_brief(article_id)
        ids = global_ids(article_id, brief, links.get(article_id, {}))
        for gid in ids.values():
            appears.setdefault(gid, set()).add(article_id)
        out.articles.append(article_record(article_id, brief, ids))
        out.events += event_records(article_id, brief, ids)
        reports[article_id] = event_mentions(article_id, brief, links.get(article_id, {}))
    out.entities = [
        {
            "kind": "entity",
            "id": row.id,
            "name": row.name,
            "type": row.type,
            "country": row.country,
            "aliases": list(row.aliases),
            "article_ids": sorted(appears.get(row.id, ())),
        }
        for row in store.global_entities()
    ]
    out.storylines = [
        {
            "kind": "storyline",
            "id": row.id,
            "title": row.title,
            "articles": [_storyline_article(store, m) for m in row.articles],
            "article_ids": [m.article_id for m in row.articles],
        }
        for row in store.storylines()
    ]
    merged = merged_ids(reports, [s["article_ids"] for s in out.storylines])
    for ev in out.events:
        ev["merged_event_id"] = merged.get(ev["id"])
    return out


def _storyline_article(store: Store, member: StorylineMember) -> dict[str, Any]:
    """A storyline's article as the storyline view gives it (its further sources, each
    with URL and outlet, included), less the page path."""
    data = dataclasses.asdict(storyline_article(store, member))
    del data["path"]
    return data


def merged_ids(
    reports: dict[str, list[EventMention]], storylines: list[list[str]]
) -> dict[str, str]:
    """``<article>:<n>`` -> the id of the event it merges into: reports are merged within
    their storyline (as the storyline views do), an article in none stands alone."""
    out: dict[str, str] = {}
    placed: set[str] = set()
    for members in [*storylines, *([a] for a in reports)]:
        fresh = [a for a in members if a not in placed]
        placed.update(fresh)
        for group in group_mentions(m for a in fresh for m in reports.get(a, ())):
            out.update((m.key, event_id(group)) for m in group)
    return out


def global_ids(article_id: str, brief: Brief, linked: dict[str, str]) -> dict[str, str]:
    """Local entity id -> global id; an unlinked entity gets ``<article id>/<local id>``."""
    return {e.id: linked.get(e.id, f"{article_id}/{e.id}") for e in brief.entities}


def article_record(article_id: str, brief: Brief, ids: dict[str, str]) -> dict[str, Any]:
    """The brief as the contract shapes it, every entity id replaced by its global id."""
    data = brief.to_dict()

    def gid(local: str | None) -> str | None:
        return ids.get(local, local) if local is not None else None

    for ent in data["entities"]:
        ent["local_id"], ent["id"] = ent["id"], gid(ent["id"])
        for role in ent["roles"]:
            role["of"] = gid(role["of"])
    for ev in data["events"]:
        for key in ("actors", "targets", "mediators"):
            ev[key] = [gid(x) for x in ev[key]]
        ev["place"] = gid(ev["place"])
        ev["actor_codes"] = {gid(k): v for k, v in ev["actor_codes"].items()}
    for quote in data["quotes"]:
        quote["speaker"] = gid(quote["speaker"])
    for attr in data["attributions"]:
        attr["source_entity"] = gid(attr["source_entity"])
    return {"kind": "article", "id": article_id, **data}


def event_records(article_id: str, brief: Brief, ids: dict[str, str]) -> list[dict[str, Any]]:
    """One record per event of the article, its entities named and globally identified."""
    names = {ids[e.id]: e.name for e in brief.entities}
    doc = brief.document
    out = []
    for n, ev in enumerate(brief.events, start=1):
        actors = [ids.get(a, a) for a in ev.actors]
        targets = [ids.get(t, t) for t in ev.targets]
        place = ids.get(ev.place, ev.place) if ev.place else None
        out.append(
            {
                "kind": "event",
                "id": f"{article_id}:{n}",
                "article_id": article_id,
                "date": event_date(ev, brief),
                "type": ev.type,
                "cameo": ev.cameo,
                "statement": ev.statement,
                "summary": ev.summary,
                "status": ev.status,
                "confidence": ev.confidence,
                "actors": actors,
                "actor_names": [names.get(a, a) for a in actors],
                "targets": targets,
                "target_names": [names.get(t, t) for t in targets],
                "mediators": [ids.get(m, m) for m in ev.mediators],
                "actor_codes": {ids.get(k, k): v for k, v in ev.actor_codes.items()},
                "place": place,
                "place_name": names.get(place, place) if place else None,
                "mode": ev.mode,
                "context": list(ev.context),
                "dead": ev.dead,
                "injured": ev.injured,
                "size": ev.size,
                "time": None if ev.time is None else {"text": ev.time.text, "value": ev.time.value},
                "url": doc.url,
                "evidence": {
                    "sentence": ev.evidence.sentence,
                    "start": ev.evidence.start,
                    "end": ev.evidence.end,
                    "field": ev.evidence.field,
                },
                "attributes": ev.attributes,
            }
        )
    return out


def event_date(event: Event, brief: Brief) -> str | None:
    """The event's own date where its time names one, else the publication date."""
    found = _DATE.match(event.time.value or "") if event.time else None
    return found.group(0) if found else brief.document.published


# --------------------------------------------------------------------------- writers


def write_jsonl(records: Iterable[dict[str, Any]], path: Path) -> None:
    """One JSON object a line, UTF-8 kept readable (no ``\\u`` escapes)."""
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def csv_row(event: dict[str, Any]) -> dict[str, str]:
    """An event record as a GDELT-like row (the columns are in the module docstring)."""
    code = event["cameo"] or ""
    actor_codes = event["actor_codes"]

    def first(key: str) -> str:
        return event[key][0] if event[key] else ""

    a1, a2 = first("actors"), first("targets")
    return {
        "GLOBALEVENTID": event["id"],
        "SQLDATE": "".join((event["date"] or "").split("-")),
        "ArticleId": event["article_id"],
        "Actor1Name": first("actor_names"),
        "Actor1Code": actor_codes.get(a1, ""),
        "Actor1EntityId": a1,
        "Actor2Name": first("target_names"),
        "Actor2Code": actor_codes.get(a2, ""),
        "Actor2EntityId": a2,
        "EventCode": code,
        "EventBaseCode": code[:3],
        "EventRootCode": code[:2],
        "PloverType": "" if event.get("statement") else event["type"],
        "IsStatement": "1" if event.get("statement") else "0",
        "Status": event["status"],
        "Confidence": f"{event['confidence']:.3g}",
        "ActionGeo_FullName": event["place_name"] or "",
        "ActionGeoEntityId": event["place"] or "",
        "PloverMode": event.get("mode") or "",
        "PloverContext": ";".join(event.get("context") or []),
        "Dead": _count(event.get("dead")),
        "Injured": _count(event.get("injured")),
        "Size": _count(event.get("size")),
        "SOURCEURL": event["url"] or "",
        "Summary": event["summary"],
        "Evidence": event["evidence"]["sentence"],
        "MergedEventId": event.get("merged_event_id") or "",
    }


def _count(value: Any) -> str:
    return "" if value is None else str(value)


def write_csv(events: Iterable[dict[str, Any]], path: Path) -> None:
    """Events as CSV with every field quoted, so commas, quotes and newlines survive."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS, quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(csv_row(ev) for ev in events)


GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_NODE_KEYS = (("label", "string"), ("type", "string"), ("country", "string"))
_EDGE_KEYS = (("weight", "double"), ("event_types", "string"))


def actor_network(
    records: Records,
) -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], Counter[str]]]:
    """Nodes (id -> attributes) and edges ((actor, target) -> event types counted)."""
    known = {e["id"]: e for e in records.entities}
    nodes: dict[str, dict[str, str]] = {}
    edges: dict[tuple[str, str], Counter[str]] = {}
    for ev in records.events:
        named = dict(
            zip(ev["actors"] + ev["targets"], ev["actor_names"] + ev["target_names"], strict=True)
        )
        for gid, name in named.items():
            row = known.get(gid, {})
            nodes.setdefault(
                gid,
                {
                    "label": row.get("name") or name,
                    "type": row.get("type") or "",
                    "country": row.get("country") or "",
                },
            )
        for a in ev["actors"]:
            for t in ev["targets"]:
                if a != t:
                    edges.setdefault((a, t), Counter())[ev["type"]] += 1
    return nodes, edges


def write_graphml(records: Records, path: Path) -> None:
    """The actor network as GraphML (Gephi, networkx and yEd read it)."""
    nodes, edges = actor_network(records)
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    for scope, keys in (("node", _NODE_KEYS), ("edge", _EDGE_KEYS)):
        for name, kind in keys:
            ET.SubElement(
                root,
                f"{{{GRAPHML_NS}}}key",
                id=name,
                attrib={"for": scope, "attr.name": name, "attr.type": kind},
            )
    graph = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", id="actors", edgedefault="directed")
    for gid in sorted(nodes):
        node = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", id=gid)
        _data(node, nodes[gid])
    for n, ((a, t), types) in enumerate(sorted(edges.items())):
        edge = ET.SubElement(graph, f"{{{GRAPHML_NS}}}edge", id=f"x{n}", source=a, target=t)
        _data(edge, {"weight": str(float(types.total())), "event_types": ";".join(sorted(types))})
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def _data(parent: ET.Element, values: dict[str, str]) -> None:
    for key, value in values.items():
        ET.SubElement(parent, f"{{{GRAPHML_NS}}}data", key=key).text = value


def flat_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records as Parquet rows: scalars kept, a column whose values are all lists of
    strings kept as a list column, any other nested column as JSON text in every row (one
    type per column, so an empty list in one row and objects in the next still agree)."""
    nested = {k for r in rows for k, v in r.items() if isinstance(v, dict | list)}
    text_lists = {k for k in nested if all(_str_list(r.get(k)) for r in rows)}
    return [
        {
            k: json.dumps(v, ensure_ascii=False) if k in nested - text_lists else v
            for k, v in r.items()
        }
        for r in rows
    ]


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def write_parquet(records: Records, folder: Path) -> None:
    """One Parquet file per kind in ``folder``; pyarrow is optional, so imported here."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(PARQUET_MISSING) from None
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "articles": records.articles,
        "entities": records.entities,
        "events": records.events,
        "storylines": records.storylines,
    }
    for name, rows in tables.items():
        table = pa.Table.from_pylist(flat_rows(rows))
        pq.write_table(table, folder / f"{name}.parquet")


def export(store: Store, fmt: ExportFormat | str, path: Path) -> dict[str, int]:
    """Write the store in ``fmt`` to ``path`` (a folder for Parquet); the records counted."""
    try:
        kind = ExportFormat(fmt)
    except ValueError:
        raise InputError(
            f"unknown export format {fmt!r}; expected one of "
            f"{', '.join(f.value for f in ExportFormat)}"
        ) from None
    if kind is not ExportFormat.parquet and path.is_dir():
        raise InputError(f"{path} is a folder; give a file path for {kind.value}")
    records = collect(store)
    try:
        _write(kind, records, path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    return records.counts()


def _write(kind: ExportFormat, records: Records, path: Path) -> None:
    if kind is ExportFormat.jsonl:
        write_jsonl(records.all(), path)
    elif kind is ExportFormat.csv:
        write_csv(records.events, path)
    elif kind is ExportFormat.graphml:
        write_graphml(records, path)
    else:
        write_parquet(records, path)
