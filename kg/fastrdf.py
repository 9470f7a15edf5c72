"""The bridge from rdflib to pyoxigraph, for the stages that handle every triple.

rdflib's ``Graph`` is the project's currency, but its SPARQL engine and its
Python serialisers take seconds to minutes on a graph of a few hundred
thousand triples. Oxigraph (Rust) runs the same SPARQL and writes Turtle,
TriG and N-Triples in a fraction of that; these helpers convert the terms.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef


class OxigraphTerms:
    """rdflib terms to pyoxigraph terms and back, memoised (a graph repeats its terms a lot)."""

    def __init__(self):
        self._to: dict = {}

    def to_oxigraph(self, term):
        out = self._to.get(term)
        if out is None:
            if isinstance(term, URIRef):
                out = ox.NamedNode(str(term))
            elif isinstance(term, BNode):
                out = ox.BlankNode(str(term))
            elif isinstance(term, Literal):
                if term.language:
                    out = ox.Literal(str(term), language=term.language)
                elif term.datatype is not None:
                    out = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
                else:
                    out = ox.Literal(str(term))
            else:
                raise TypeError(f"not an RDF term: {term!r}")
            self._to[term] = out
        return out

    def triple(self, triple) -> ox.Triple:
        s, p, o = triple
        return ox.Triple(self.to_oxigraph(s), self.to_oxigraph(p), self.to_oxigraph(o))

    def quad(self, triple) -> ox.Quad:
        """The triple as a quad in the default graph."""
        s, p, o = triple
        return ox.Quad(self.to_oxigraph(s), self.to_oxigraph(p), self.to_oxigraph(o))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def from_oxigraph(term):
    """The rdflib term for a pyoxigraph term (a plain string literal has no datatype, as rdflib's own)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype in (_XSD_STRING, _RDF_LANGSTRING) else URIRef(datatype))
    raise TypeError(f"not a pyoxigraph term: {term!r}")


def oxigraph_store(graph_triples: Iterable[tuple], terms: OxigraphTerms | None = None) -> ox.Store:
    """An in-memory Oxigraph store holding ``graph_triples`` in its default graph."""
    terms = terms or OxigraphTerms()
    store = ox.Store()
    store.bulk_extend(terms.quad(t) for t in graph_triples)
    return store
