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


class NTriplesWriter:
    """rdflib terms written as N-Triples by Oxigraph, memoised (a graph repeats its terms a lot).

    Oxigraph is handed text, not terms: building a pyoxigraph triple from
    Python costs microseconds, joining a line of memoised UTF-8 byte strings
    a fraction of that, and Oxigraph parses the text in Rust.

    The memo is keyed by object identity, not by value: an rdflib term's
    hash and equality are Python code (a ``Literal`` hashes its value,
    language and datatype), and looking up three terms a triple that way
    costs more than writing them. The memo holds each term it has seen, so
    an identity is never reused for another object while it lives; equal
    terms that are distinct objects are written once each, the same way.
    """

    def __init__(self):
        # id(term) -> (term, b"<the term> ", b"<the term> .\n"): the term in N-Triples, as a subject or
        # predicate and as an object, so a line is two concatenations
        self._nt: dict[int, tuple] = {}

    def _written(self, term) -> tuple:
        text = str(_convert(term)).encode()
        out = self._nt[id(term)] = (term, text + b" ", text + b" .\n")
        return out

    def ntriples(self, triples: Iterable[tuple]) -> list[bytes]:
        """The N-Triples line of each triple (UTF-8), as Oxigraph's N-Triples writer writes it."""
        get, written = self._nt.get, self._written
        lines = []
        append = lines.append
        for s, p, o in triples:
            hs, hp, ho = get(id(s)), get(id(p)), get(id(o))
            if hs is None:
                hs = written(s)
            if hp is None:
                hp = written(p)
            if ho is None:
                ho = written(o)
            append(hs[1] + hp[1] + ho[2])
        return lines


def _convert(term):
    """The pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


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


def split_blank_nodes(triples: Iterable[tuple]) -> tuple[list[tuple], list[tuple]]:
    """``triples`` without and with a blank node (subject or object)."""
    is_bnode: dict[type, bool] = {}  # by the term's type: isinstance on rdflib's ABC terms is slow when false
    plain, with_bnodes = [], []
    for triple in triples:
        s, o = type(triple[0]), type(triple[2])
        bs, bo = is_bnode.get(s), is_bnode.get(o)
        if bs is None:
            bs = is_bnode[s] = issubclass(s, BNode)
        if bo is None:
            bo = is_bnode[o] = issubclass(o, BNode)
        (with_bnodes if bs or bo else plain).append(triple)
    return plain, with_bnodes


def oxigraph_store(graph_triples: Iterable[tuple], terms: NTriplesWriter | None = None) -> ox.Store:
    """An in-memory Oxigraph store holding ``graph_triples`` in its default graph.

    Loaded from N-Triples text (``terms`` shares the terms' rendering with
    the export). ``Store.load`` parses and indexes in Rust without holding the
    GIL, so this can run in a thread beside Python work; but it renames
    blank nodes, and results could then not be traced back to the data's
    nodes. So the triples with a blank node (a handful: the ontology's
    axioms) are parsed with their labels kept and added after.
    """
    terms = terms or NTriplesWriter()
    plain, with_bnodes = split_blank_nodes(graph_triples)
    store = ox.Store()
    store.load(b"".join(terms.ntriples(plain)), format=ox.RdfFormat.N_TRIPLES)
    if with_bnodes:
        text = b"".join(terms.ntriples(with_bnodes))
        store.extend(ox.parse(text, format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=False))
    return store
