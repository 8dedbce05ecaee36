"""Roles and titles: who holds which office, for whom.

Read from the shapes news uses to introduce people: a title before the name ("Foreign
Minister X", "Y's military adviser X"), an apposition ("X, a close confidant of Y";
"Y's lead negotiator, X"), a relative clause ("X, who has been nominated to lead Z"), an
agentive passive ("a team headed by X", "talks mediated by X", "Z is represented by X"),
membership ("the delegation includes X and Y"), and a possessed government ("X's regime").
Offices a known leader held on the publication date come from the leaders gazetteer.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Span, Token

from newsgraph.model import Role
from newsgraph.names import norm
from newsgraph.nlp import gazetteer as gz
from newsgraph.nlp.convert import evidence_for
from newsgraph.nlp.coref import EntityIndex

AGENT_ROLES = {
    "head": "head",
    "lead": "leader",
    "chair": "chair",
    "mediate": "mediator",
    "represent": "representative",
    "host": "host",
    "broker": "broker",
    "moderate": "moderator",
    "command": "commander",
    "run": "head",
}
ROLE_VERBS = {
    "nominate",
    "appoint",
    "name",
    "elect",
    "choose",
    "tap",
    "pick",
    "select",
    "lead",
    "head",
    "chair",
    "run",
    "serve",
}
STOP_DEPS = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl"}


def _is_title_head(tok: Token) -> bool:
    return gz.in_lexicon("title_heads", tok.text)


def _is_person_noun(tok: Token) -> bool:
    return _is_title_head(tok) or gz.in_lexicon("person_nouns", tok.lemma_ or tok.text)


def _ends_with_title(run: list[Token]) -> bool:
    """'... Minister', '... adviser', and hyphenated heads such as 'president-elect'."""
    last = run[-1].text
    for tok in reversed(run[:-1]):
        if tok.whitespace_:
            break
        last = tok.text + last
    return _is_title_head(run[-1]) or gz.in_lexicon("title_heads", last)


def _inner_and(doc: Doc, i: int) -> bool:
    """The 'and' of 'Trade and Industry Secretary': between two capitalised words."""
    return (
        doc[i].lower_ in {"and", "&"}
        and 0 < i < len(doc) - 1
        and doc[i - 1].is_title
        and doc[i + 1].is_title
    )


def _title_token(tok: Token) -> bool:
    return not tok.is_punct and tok.pos_ in {"PROPN", "NOUN", "ADJ", "VERB"}


def _glued_hyphen(doc: Doc, i: int) -> bool:
    """The hyphen of 'secretary-general', written without spaces."""
    return doc[i].text == "-" and i > 0 and not doc[i - 1].whitespace_ and not doc[i].whitespace_


def _phrase(tokens: list[Token]) -> str:
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].lower_ in {"a", "an", "the"} or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return "".join(t.text_with_ws for t in tokens).strip()


class RoleFinder:
    """Collects roles for the entities of one article."""

    def __init__(self, doc: Doc, index: EntityIndex, published: date | None) -> None:
        self.doc, self.index, self.published = doc, index, published
        self.found: list[tuple[str, Role]] = []

    def add(self, eid: str | None, title: str, of: str | None, where: Span, conf: float) -> None:
        title = title.strip(" ,")
        if eid is None or not title or of == eid:
            return
        self.found.append((eid, Role(title, of, evidence_for(where), conf)))

    def _possessor(self, head: Token) -> str | None:
        for child in head.children:
            if child.dep_ == "poss":
                return self.index.entity_at(child.i)
        return None

    def _country_in(self, tokens: list[Token]) -> str | None:
        for tok in tokens:
            eid = self.index.entity_at(tok.i)
            ent = self.index.get(eid)
            if ent is not None and ent.type == "COUNTRY":
                return eid
        return None

    def prenominal(self, start: int, eid: str) -> None:
        """'Strategic Affairs Minister X', "Y's military adviser X", 'Syrian President X'."""
        doc, i = self.doc, start - 1
        run: list[Token] = []
        while i >= 0 and (_title_token(doc[i]) or _glued_hyphen(doc, i) or _inner_and(doc, i)):
            ent = self.index.get(self.index.entity_at(i))
            if ent is not None and ent.type == "PERSON":
                break
            run.insert(0, doc[i])
            i -= 1
        while run and (run[0].lower_ == "and" or gz.is_honorific(run[0].text)):
            run = run[1:]
        if not run or not _ends_with_title(run):
            return
        of = self._country_in(run) or self._org_in(run)
        words = [t for t in run if self._keep_in_title(t)]
        if i >= 1 and doc[i].text in {"'s", "\u2019s"}:
            of = self.index.entity_at(i - 1) or of
        if words:
            self.add(eid, _phrase(words), of, doc[start : start + 1], 0.85)

    def _org_in(self, tokens: list[Token]) -> str | None:
        for tok in tokens:
            ent = self.index.get(self.index.entity_at(tok.i))
            if ent is not None and ent.type == "ORG":
                return ent.id
        return None

    def _keep_in_title(self, tok: Token) -> bool:
        """Country words leave the title ('Syrian President' -> President of Syria);
        an organisation stays in it ('Trade and Industry Secretary')."""
        ent = self.index.get(self.index.entity_at(tok.i))
        return ent is None or ent.type not in {"COUNTRY", "PERSON"}

    def apposition(self, root: Token, eid: str) -> None:
        """'X, a close confidant of Y' and "Y's lead negotiator, X"."""
        for child in root.children:
            if child.dep_ == "appos" and _is_person_noun(child):
                self._role_from_np(child, eid, skip=set())
        head = root.head
        if root.dep_ == "appos" and _is_person_noun(head) and self.index.entity_at(head.i) is None:
            self._role_from_np(head, eid, skip=set(root.subtree))

    def _role_from_np(self, head: Token, eid: str, skip: set[Token]) -> None:
        keep = [t for t in head.subtree if t not in skip and not self._cut(t, head)]
        of = self._possessor(head)
        poss = [t for c in head.children if c.dep_ == "poss" for t in c.subtree]
        words = [t for t in keep if t not in poss and t.text not in {"'s", "\u2019s"}]
        if not of:
            for tok in keep:
                if tok.dep_ == "pobj" and tok.head.head == head:
                    of = self.index.entity_at(tok.i) or self.index.entity_by_title(
                        self.doc[tok.left_edge.i : tok.i + 1]
                    )
        self.add(eid, _phrase(words), of, self.doc[head.i : head.i + 1], 0.8)

    def _cut(self, tok: Token, head: Token) -> bool:
        """Tokens under a clause or second apposition hanging off the role noun."""
        t = tok
        while t != head and t.head != t:
            if t.dep_ in STOP_DEPS and t.head == head:
                return True
            t = t.head
        return False

    def relative_clause(self, root: Token, eid: str) -> None:
        """'X, who has been nominated to lead Z'."""
        for child in root.children:
            if child.dep_ == "relcl" and child.lemma_ in ROLE_VERBS:
                words = [
                    t
                    for t in child.subtree
                    if not t.is_punct
                    and not (t.head == child and t.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"})
                ]
                of = next(
                    (
                        self.index.entity_at(t.i)
                        for t in child.subtree
                        if t.dep_ in {"dobj", "pobj"} and self.index.entity_at(t.i)
                    ),
                    None,
                )
                self.add(eid, _phrase(words), of, self.doc[child.i : child.i + 1], 0.75)

    def agent_passive(self, root: Token, eid: str) -> None:
        """'a team headed by X', 'talks mediated by X', 'Z is represented by X'."""
        if root.dep_ != "pobj" or root.head.dep_ != "agent":
            return
        verb = root.head.head
        noun = AGENT_ROLES.get(verb.lemma_)
        if noun is None:
            return
        if verb.dep_ == "acl":
            patient = verb.head
            tokens = [t for t in patient.subtree if t not in set(verb.subtree)]
        else:
            subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
            if not subj:
                return
            patient, tokens = subj[0], list(subj[0].subtree)
        of = self.index.entity_at(patient.i) or self._country_in(tokens)
        text = _phrase(tokens)
        article = "" if self.index.entity_at(patient.i) else "the "
        self.add(eid, f"{noun} of {article}{text}", of, self.doc[verb.i : verb.i + 1], 0.8)

    def membership(self, root: Token, eid: str) -> None:
        """'The delegation also includes X, Y and Z.'"""
        node = root
        while node.dep_ in {"conj", "appos"} and node.head != node:
            node = node.head
        verb = node.head
        if node.dep_ != "dobj" or verb.lemma_ not in gz.lexicon()["membership_verbs"]:
            return
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None or not gz.in_lexicon("group_nouns", subj.lemma_):
            return
        of = self._country_in(list(subj.subtree))
        self.add(
            eid,
            f"member of the {_phrase(list(subj.subtree))}",
            of,
            self.doc[verb.i : verb.i + 1],
            0.75,
        )

    def government(self, root: Token, eid: str) -> None:
        """ "X's regime collapsed" -> X headed that regime."""
        if root.dep_ == "poss" and gz.in_lexicon("government_nouns", root.head.lemma_):
            self.add(
                eid, f"head of the {root.head.lemma_}", None, self.doc[root.i : root.i + 1], 0.7
            )

    def offices(self, eid: str) -> None:
        """Offices a known leader held on the publication date."""
        ent = self.index.get(eid)
        if ent is None or not ent.mentions:
            return
        person = gz.known_person(ent.name)
        if person is None:
            return
        first = self.doc.char_span(
            ent.mentions[0].start, ent.mentions[0].end, alignment_mode="expand"
        )
        if first is None:
            return
        for office in person.offices:
            if self.published is not None and office.held_on(self.published):
                of = next(
                    (
                        e.id
                        for e in self.index.entities
                        if e.type == "COUNTRY" and e.country == office.country
                    ),
                    None,
                )
                self.add(eid, office.title, of, first, 0.6)


def extract_roles(doc: Doc, index: EntityIndex, published: date | None) -> list[tuple[str, Role]]:
    """Every (entity id, role) pair found in the article, deduplicated by title."""
    finder = RoleFinder(doc, index, published)
    seen_people = set()
    for ent in list(index.entities):
        if ent.type not in {"PERSON", "ORG", "PLACE"} or (ent.type == "PLACE" and ent.country):
            continue
        for m in ent.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            finder.prenominal(span.start, ent.id)
            for step in (
                finder.apposition,
                finder.relative_clause,
                finder.agent_passive,
                finder.membership,
                finder.government,
            ):
                step(span.root, ent.id)
        if ent.type == "PERSON" and ent.id not in seen_people:
            seen_people.add(ent.id)
            finder.offices(ent.id)
    return _dedupe(finder.found)


def _dedupe(found: list[tuple[str, Role]]) -> list[tuple[str, Role]]:
    """One role per (entity, title): the most confident, with 'of' from any duplicate."""
    out: dict[tuple[str, str], tuple[str, Role]] = {}
    for eid, role in found:
        key = (eid, norm(role.title))
        kept = out.get(key)
        if kept is None or kept[1].confidence < role.confidence:
            if kept is not None and role.of is None:
                role.of = kept[1].of
            out[key] = (eid, role)
        elif kept[1].of is None:
            kept[1].of = role.of
    return list(out.values())
