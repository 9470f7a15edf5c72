"""How RDF terms are shown on pages: labels, local links and table cells.

Pages link to this server rather than to w3id.org: an instance
``https://w3id.org/seckg/id/X`` is shown at ``/id/X`` and an ontology term
``seckg:T`` at ``/ontology#T``. Nothing here escapes HTML: the templates do
(Jinja autoescape), so every string may hold markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS, XSD

from ..vocab import ID, OA, ONTOLOGY_IRI, PREFIXES, SECKG

LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, DCTERMS.title)
ONTOLOGY_NS = str(SECKG._NS)
SHORT_LABEL = 90  # characters of a statement shown where a label is expected


def local_href(iri: str) -> str:
    """Where this server shows ``iri``: a local path for seckg IRIs, the IRI itself otherwise."""
    if iri.startswith(str(ID)):
        return "/id/" + iri[len(ID):]
    if iri.startswith(ONTOLOGY_NS):
        return "/ontology#" + iri[len(ONTOLOGY_NS):]
    if iri == str(ONTOLOGY_IRI):
        return "/ontology"
    return iri


def curie(iri: str) -> str:
    """``prefix:local`` for the project's prefixes, else the IRI in angle brackets."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _best_literal(values: Iterable) -> str | None:
    """English first, then untagged, then anything; lexical order breaks ties so pages are stable."""
    literals = [v for v in values if isinstance(v, Literal)]
    if not literals:
        return None
    rank = {"en": 0, None: 1}
    return str(min(literals, key=lambda lit: (rank.get(lit.language, 2), str(lit))))


def label_of(graph: Graph, node) -> str:
    """A human name for ``node``: its preferred label, label or title; a misconception's statement or a
    sentence's text (shortened); else a CURIE."""
    for prop in LABEL_PROPERTIES:
        label = _best_literal(graph.objects(node, prop))
        if label:
            return label
    text = _best_literal(graph.objects(node, SECKG.statement))  # a misconception
    if not text:  # a sentence: its verbatim text
        text = _best_literal(o for s in graph.objects(node, OA.hasSelector) for o in graph.objects(s, OA.exact))
    if text:
        return text if len(text) <= SHORT_LABEL else text[: SHORT_LABEL - 1] + "\u2026"
    if isinstance(node, BNode):
        return "(anonymous)"
    return curie(str(node))


@dataclass(frozen=True)
class Link:
    label: str
    href: str  # empty for a literal
    iri: str


def link(graph: Graph, node) -> Link:
    """A link to ``node``; a literal (the object of some facts) is plain text, with no ``href``."""
    if isinstance(node, Literal):
        return Link(str(node), "", "")
    return Link(label_of(graph, node), local_href(str(node)), str(node))


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    note: str = ""  # a literal's language or datatype, shown small


def cell(graph: Graph, term) -> Cell | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return Cell(label_of(graph, term), local_href(str(term)))
    if isinstance(term, Literal):
        if term.language:
            note = "@" + term.language
        elif term.datatype and term.datatype != XSD.string:
            note = curie(str(term.datatype))
        else:
            note = ""
        return Cell(str(term), None, note)
    return Cell(f"_:{term}")


@dataclass
class Table:
    """An answer ready for an HTML page: a SELECT table, an ASK boolean or CONSTRUCT triples."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[list[Cell | None]] = field(default_factory=list)
    boolean: bool | None = None
    truncated: bool = False
    limit: int = 0


def tabulate(graph: Graph, kind: str, variables: list[str], rows: Iterable[Iterable],
             boolean: bool | None, truncated: bool, limit: int) -> Table:
    """Rows of rdflib terms as cells labelled from ``graph``."""
    return Table(kind, list(variables), [[cell(graph, t) for t in row] for row in rows], boolean, truncated, limit)
