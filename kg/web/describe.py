"""Linked-data descriptions: the RDF a server returns for one IRI.

An entity's description holds every triple about it (as subject or object,
asserted or inferred) plus its evidence: each Evidence record of a fact it
takes part in, with the sentence it was read from, the sentence's selectors
and the extraction rule. The ontology's description is every triple of the
ontology's terms, with the blank nodes they lead to.
"""

from __future__ import annotations

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF

from ..vocab import OA, ONTOLOGY_IRI, PREFIXES, SECKG
from .sparql import GRAPH_FORMATS

RDF_MEDIA_TYPES = tuple(GRAPH_FORMATS)


def _new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def _add_subject(ds: Dataset, out: Graph, subject) -> None:
    for _, p, o in ds.triples((subject, None, None)):
        out.add((subject, p, o))


def _add_closure(ds: Dataset, out: Graph, node) -> None:
    """``node``'s triples and, recursively, those of the blank nodes they lead to."""
    todo, seen = [node], set()
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for _, p, o in ds.triples((n, None, None)):
            out.add((n, p, o))
            if isinstance(o, BNode):
                todo.append(o)


def evidence_of(ds: Dataset, entity: URIRef) -> list:
    """The Evidence records of facts ``entity`` is the subject or object of, sorted."""
    records = set(ds.subjects(SECKG.factSubject, entity)) | set(ds.subjects(SECKG.factObject, entity))
    return sorted(r for r in records if (r, RDF.type, SECKG.Evidence) in ds)


def describe_entity(ds: Dataset, iri: str) -> Graph | None:
    """The description of ``iri``, or ``None`` when the graph says nothing about it."""
    entity = URIRef(iri)
    out = _new_graph()
    _add_closure(ds, out, entity)
    for s, p, _ in ds.triples((None, None, entity)):
        out.add((s, p, entity))
    if not len(out):
        return None
    for record in evidence_of(ds, entity):
        _add_subject(ds, out, record)
        for sentence in ds.objects(record, SECKG.statedIn):
            _add_subject(ds, out, sentence)
            for selector in ds.objects(sentence, OA.hasSelector):
                _add_subject(ds, out, selector)
        for rule in ds.objects(record, SECKG.extractedBy):
            _add_subject(ds, out, rule)
    return out


def ontology_terms(ds: Dataset) -> list[URIRef]:
    """The ontology IRI and every term of the seckg namespace that has triples, sorted."""
    ns = str(SECKG._NS)
    terms = {s for s in ds.subjects() if isinstance(s, URIRef) and s.startswith(ns)}
    return [ONTOLOGY_IRI, *sorted(terms)] if (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ds else sorted(terms)


def describe_ontology(ds: Dataset) -> Graph | None:
    out = _new_graph()
    for term in ontology_terms(ds):
        _add_closure(ds, out, term)
    # Axioms whose subject is a blank node (owl:AllDisjointClasses) name seckg terms among their members.
    for axiom in set(ds.subjects(RDF.type, OWL.AllDisjointClasses)):
        _add_closure(ds, out, axiom)
    return out if len(out) else None


def entity_rdf(ds: Dataset, iri: str, media_type: str) -> bytes | None:
    graph = describe_entity(ds, iri)
    return None if graph is None else graph.serialize(format=GRAPH_FORMATS[media_type], encoding="utf-8")


def ontology_rdf(ds: Dataset, media_type: str) -> bytes | None:
    graph = describe_ontology(ds)
    return None if graph is None else graph.serialize(format=GRAPH_FORMATS[media_type], encoding="utf-8")
