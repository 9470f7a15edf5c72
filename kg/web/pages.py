"""What the HTML pages show, read from the dataset: plain data for the templates.

These functions run in a query worker (``fn(dataset, ...)``), so a page is
bound by the same time limit as a query. A relation is *inferred* when it is
in the inferred graph and not in the asserted one; it then shows the evidence
of the asserted facts between the same two entities that it follows from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from ..store import asserted, inferred
from ..vocab import ENTITY_CLASSES, OA, ONTOLOGY_IRI, SECKG
from . import svg
from .describe import evidence_of, ontology_terms
from .present import Cell, Link, cell, label_of, link, local_href

# Shown in the page header or elsewhere on the page, not in the list of properties.
HEADER_PROPERTIES = {RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.definition, SECKG.year}
# Links that are shown another way: types in the header, articles under "Mentioned in",
# evidence next to the fact it supports, an article's sentences under "Sentences".
HIDDEN_OUTGOING = {RDF.type, SECKG.mentionedIn}
HIDDEN_INCOMING = {SECKG.factSubject, SECKG.factObject, SECKG.mentionedIn, OA.hasSource}

HOME_SECTIONS = (
    ("Concepts", SECKG.Concept),
    ("Mechanisms", SECKG.Mechanism),
    ("Institutions", SECKG.Institution),
    ("Treaties", SECKG.Treaty),
    ("Historical events", SECKG.HistoricalEvent),
    ("Regions", SECKG.Region),
)


# --- text with highlighted cues ----------------------------------------------------------


def marked_parts(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, highlighted) parts; overlapping spans merge."""
    parts, pos = [], 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        if start > pos:
            parts.append((text[pos:start], False))
        parts.append((text[start:end], True))
        pos = end
    if pos < len(text):
        parts.append((text[pos:], False))
    return parts


def cue_span(text: str, sentence_start: int | None, cue: str, cue_start: int | None) -> tuple[int, int] | None:
    """The cue's place in the sentence: by its offsets (absolute, in the source text) if they agree, else by search."""
    if sentence_start is not None and cue_start is not None:
        rel = cue_start - sentence_start
        if 0 <= rel and text[rel:rel + len(cue)] == cue:
            return rel, rel + len(cue)
    found = text.find(cue) if cue else -1
    return (found, found + len(cue)) if found >= 0 else None


@dataclass(frozen=True)
class SentenceText:
    iri: str
    text: str
    start: int | None
    index: int | None
    section: str
    article: URIRef | None


def sentence_text(ds: Dataset, sentence) -> SentenceText:
    text, start = "", None
    for selector in ds.objects(sentence, OA.hasSelector):
        exact = ds.value(selector, OA.exact)
        if exact is not None:
            text = str(exact)
        begin = ds.value(selector, OA.start)
        if begin is not None:
            start = int(begin)
    index = ds.value(sentence, SECKG.sentenceIndex)
    return SentenceText(str(sentence), text, start, int(index) if index is not None else None,
                        str(ds.value(sentence, SECKG.section) or ""), ds.value(sentence, OA.hasSource))


def sentence_href(s: SentenceText) -> str:
    if s.article is None or s.index is None:
        return local_href(s.iri)
    return f"{local_href(str(s.article))}#sentence-{s.index}"


# --- entity pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceView:
    iri: str
    href: str
    parts: list[tuple[str, bool]]  # the sentence, with the cue highlighted
    sentence_href: str
    article: Link | None
    section: str
    rule: str
    fact: tuple[Link, Link, Link]


@dataclass
class RelationView:
    predicate: Link
    other: Link
    inferred: bool
    evidence: list[EvidenceView] = field(default_factory=list)


@dataclass
class SentenceView:
    index: int | None
    anchor: str
    parts: list[tuple[str, bool]]
    facts: list[tuple[Link, Link, Link]]


@dataclass
class ArticleView:
    sections: list[tuple[str, list[SentenceView]]]


@dataclass
class EntityPage:
    iri: str
    label: str
    alt_labels: list[str]
    types: list[Link]
    definition: str | None
    year: str | None
    properties: list[tuple[Link, list[Cell]]]
    outgoing: list[RelationView]
    incoming: list[RelationView]
    mentioned_in: list[Link]  # the articles that name this entity
    mentions: list[Link]  # for an article: the entities it names
    diagram: svg.Diagram
    article: ArticleView | None


def _cue(ds: Dataset, record, s: SentenceText) -> tuple[int, int] | None:
    cue_start = ds.value(record, SECKG.cueStart)
    return cue_span(s.text, s.start, str(ds.value(record, SECKG.cue) or ""),
                    int(cue_start) if cue_start is not None else None)


def _fact(ds: Dataset, record) -> tuple[Link, Link, Link]:
    return tuple(link(ds, ds.value(record, p)) for p in (SECKG.factSubject, SECKG.factPredicate, SECKG.factObject))


def _evidence_view(ds: Dataset, record) -> EvidenceView:
    sentence = ds.value(record, SECKG.statedIn)
    s = sentence_text(ds, sentence) if sentence is not None else SentenceText("", "", None, None, "", None)
    span = _cue(ds, record, s)
    rule = ds.value(record, SECKG.extractedBy)
    return EvidenceView(
        str(record), local_href(str(record)), marked_parts(s.text, [span] if span else []), sentence_href(s),
        link(ds, s.article) if s.article is not None else None, s.section,
        label_of(ds, rule) if rule is not None else "", _fact(ds, record),
    )


def _type_kind(ds: Dataset, node) -> str:
    for name, cls in ENTITY_CLASSES.items():
        if (node, RDF.type, cls) in ds:
            return name
    return "Other"


def entails(ds: Dataset, stated, inferred_predicate, reverse: bool) -> bool:
    """Whether a fact with predicate ``stated`` yields one with ``inferred_predicate``, reversed or not.

    By the ontology: sub-properties (``reflects`` -> ``exemplifies``), inverses
    (``exemplifies`` reversed -> ``exemplifiedBy``) and symmetric properties.
    """
    implied = set(ds.transitive_objects(stated, RDFS.subPropertyOf))
    if not reverse:
        return inferred_predicate in implied
    inverses = {i for q in implied for i in (*ds.objects(q, OWL.inverseOf), *ds.subjects(OWL.inverseOf, q))}
    symmetric = {q for q in implied if (q, RDF.type, OWL.SymmetricProperty) in ds}
    return inferred_predicate in inverses | symmetric


def _relations(ds: Dataset, entity: URIRef, records: list) -> tuple[list[RelationView], list[RelationView]]:
    told, entailed = asserted(ds), inferred(ds)
    facts = {}  # (s, p, o) -> evidence records
    for r in records:
        key = (ds.value(r, SECKG.factSubject), ds.value(r, SECKG.factPredicate), ds.value(r, SECKG.factObject))
        facts.setdefault(key, []).append(r)

    def view(s, p, o, other) -> RelationView:
        is_inferred = (s, p, o) in entailed and (s, p, o) not in told
        supporting = facts.get((s, p, o), [])
        if not supporting and is_inferred:  # the facts between the same two that it follows from
            supporting = [r for (fs, fp, fo), rs in facts.items()
                          if {fs, fo} == {s, o} and entails(ds, fp, p, reverse=fs != s) for r in rs]
        return RelationView(link(ds, p), link(ds, other), is_inferred,
                            [_evidence_view(ds, r) for r in sorted(set(supporting))])

    outgoing = [view(entity, p, o, o) for p, o in set(ds.predicate_objects(entity))
                if isinstance(o, URIRef) and p not in HIDDEN_OUTGOING]
    incoming = [view(s, p, entity, s) for s, p in set(ds.subject_predicates(entity))
                if isinstance(s, URIRef) and p not in HIDDEN_INCOMING]
    order = lambda r: (r.inferred, r.predicate.label.lower(), r.other.label.lower(), r.other.iri)  # noqa: E731
    return sorted(outgoing, key=order), sorted(incoming, key=order)


def _neighbours(ds: Dataset, outgoing: list[RelationView], incoming: list[RelationView]) -> list[svg.Neighbour]:
    """One neighbour per entity linked, drawn with its first asserted relation (else its first inferred one)."""
    chosen: dict[str, tuple[RelationView, bool]] = {}
    for rel, out in sorted([(r, True) for r in outgoing] + [(r, False) for r in incoming],
                           key=lambda ro: (ro[0].inferred, not ro[1], ro[0].predicate.label, ro[0].other.label)):
        chosen.setdefault(rel.other.iri, (rel, out))
    return [svg.Neighbour(rel.other.label, rel.other.href, _type_kind(ds, URIRef(rel.other.iri)),
                          rel.predicate.label, out, rel.inferred)
            for rel, out in sorted(chosen.values(), key=lambda ro: (ro[0].other.label.lower(), ro[0].other.iri))]


def _article_view(ds: Dataset, article: URIRef) -> ArticleView:
    sentences = sorted((sentence_text(ds, s) for s in ds.subjects(OA.hasSource, article)
                        if (s, RDF.type, SECKG.Sentence) in ds),
                       key=lambda s: (s.index if s.index is not None else 1 << 30, s.iri))
    sections: dict[str, list[SentenceView]] = {}
    for s in sentences:
        records = sorted(ds.subjects(SECKG.statedIn, URIRef(s.iri)))
        spans = [span for span in (_cue(ds, r, s) for r in records) if span]
        facts = [_fact(ds, r) for r in records]
        sections.setdefault(s.section, []).append(
            SentenceView(s.index, f"sentence-{s.index}", marked_parts(s.text, spans), facts))
    return ArticleView(list(sections.items()))


def entity_page(ds: Dataset, iri: str) -> EntityPage | None:
    """Everything the page of ``iri`` shows, or ``None`` when the graph has no triple about it."""
    entity = URIRef(iri)
    if (entity, None, None) not in ds and (None, None, entity) not in ds:
        return None
    label = label_of(ds, entity)
    types = sorted((link(ds, t) for t in set(ds.objects(entity, RDF.type)) if isinstance(t, URIRef)),
                   key=lambda l: (not l.href.startswith("/ontology#"), l.label.lower()))
    properties = defaultdict(list)
    for p, o in sorted(set(ds.predicate_objects(entity))):
        if isinstance(o, Literal) and p not in HEADER_PROPERTIES:
            properties[p].append(cell(ds, o))
    outgoing, incoming = _relations(ds, entity, evidence_of(ds, entity))
    definition = ds.value(entity, SKOS.definition)
    year = ds.value(entity, SECKG.year)
    return EntityPage(
        iri=iri,
        label=label,
        alt_labels=sorted({str(a) for a in ds.objects(entity, SKOS.altLabel)} - {label}),
        types=types,
        definition=str(definition) if definition is not None else None,
        year=str(year) if year is not None else None,
        properties=sorted(((link(ds, p), cells) for p, cells in properties.items()), key=lambda pc: pc[0].label),
        outgoing=outgoing,
        incoming=incoming,
        mentioned_in=_sorted_links(ds, ds.objects(entity, SECKG.mentionedIn)),
        mentions=_sorted_links(ds, ds.subjects(SECKG.mentionedIn, entity)),
        diagram=svg.layout(label, local_href(iri), _type_kind(ds, entity), _neighbours(ds, outgoing, incoming)),
        article=_article_view(ds, entity) if (entity, RDF.type, SECKG.Article) in ds else None,
    )


# --- home page -------------------------------------------------------------------------------


@dataclass
class HomePage:
    sections: list[tuple[str, list[Link]]]
    timeline: list[tuple[str, list[Link]]]  # (year, entities), earliest first
    articles: list[Link]


def _sorted_links(ds: Dataset, nodes) -> list[Link]:
    return sorted((link(ds, n) for n in set(nodes) if isinstance(n, URIRef)), key=lambda l: (l.label.lower(), l.iri))


def _year_key(year: str) -> tuple[int, str]:
    """Chronological order of xsd:gYear lexical forms: signed, maybe with a time zone ("1975Z", "-0500")."""
    number = re.match(r"-?\d+", year)
    return (int(number.group()) if number else 0), year


def home(ds: Dataset) -> HomePage:
    sections = [(title, _sorted_links(ds, ds.subjects(RDF.type, cls))) for title, cls in HOME_SECTIONS]
    by_year = defaultdict(list)
    for entity, year in ds.subject_objects(SECKG.year):
        if isinstance(entity, URIRef):
            by_year[str(year)].append(entity)
    timeline = [(year, _sorted_links(ds, by_year[year])) for year in sorted(by_year, key=_year_key)]
    return HomePage([s for s in sections if s[1]], timeline, _sorted_links(ds, ds.subjects(RDF.type, SECKG.Article)))


# --- the ontology page ---------------------------------------------------------------------------


@dataclass
class TermView:
    anchor: str
    iri: str
    label: str
    kinds: list[str]  # Class, ObjectProperty, SymmetricProperty, ...
    definition: str | None
    facts: list[tuple[str, list[Link]]]  # ("subclass of", [...]), ("domain", [...]), ...
    instances: int


@dataclass
class OntologyPage:
    title: str
    description: str | None
    version: str | None
    terms: list[TermView]


_TERM_FACTS = (
    ("subclass of", RDFS.subClassOf),
    ("equivalent to", OWL.equivalentClass),
    ("subproperty of", RDFS.subPropertyOf),
    ("inverse of", OWL.inverseOf),
    ("domain", RDFS.domain),
    ("range", RDFS.range),
)


def ontology_page(ds: Dataset) -> OntologyPage | None:
    terms = [t for t in ontology_terms(ds) if t != ONTOLOGY_IRI]
    if not terms:
        return None
    views = []
    for term in terms:
        kinds = sorted(str(k).rpartition("#")[2] for k in ds.objects(term, RDF.type) if str(k).startswith(str(OWL)))
        facts = []
        for name, prop in _TERM_FACTS:
            targets = [link(ds, t) for t in ds.objects(term, prop) if isinstance(t, URIRef)]
            targets += [link(ds, t) for t in ds.subjects(prop, term) if prop == OWL.inverseOf and isinstance(t, URIRef)]
            if targets:
                facts.append((name, sorted(set(targets), key=lambda l: l.label)))
        definition = ds.value(term, SKOS.definition)
        views.append(TermView(
            str(term).rpartition("#")[2], str(term), label_of(ds, term), kinds,
            str(definition) if definition is not None else None, facts,
            len(set(ds.subjects(RDF.type, term))) if "Class" in kinds else 0,
        ))
    order = {"Class": 0, "ObjectProperty": 1, "DatatypeProperty": 2, "AnnotationProperty": 3}
    views.sort(key=lambda v: (min((order.get(k, 4) for k in v.kinds), default=4), v.label.lower()))
    title = ds.value(ONTOLOGY_IRI, DCTERMS.title)
    description = ds.value(ONTOLOGY_IRI, DCTERMS.description)
    version = ds.value(ONTOLOGY_IRI, OWL.versionInfo)
    return OntologyPage(str(title or "seckg ontology"), str(description) if description else None,
                        str(version) if version else None, views)


# --- the query page ----------------------------------------------------------------------------------


def parameter_choices(ds: Dataset) -> list[tuple[str, list[Link]]]:
    """The entities a named query's parameter can name, grouped by class, for drop-downs."""
    return [(name, _sorted_links(ds, ds.subjects(RDF.type, cls))) for name, cls in ENTITY_CLASSES.items()]


def choices_for(parameter: str, choices: list[tuple[str, list[Link]]]) -> list[tuple[str, list[Link]]]:
    """The groups for one parameter: the class it is named after first (``concept`` -> Concept)."""
    wanted = parameter.lower().replace("_", "")
    return sorted((g for g in choices if g[1]), key=lambda g: g[0].lower() != wanted)
