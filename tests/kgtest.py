"""Helpers shared by the extraction tests: build in memory, read relations back by label."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from kg.pipeline import build
from kg.vocab import SECKG

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "data" / "documents"
SEED = DOCUMENTS / "indivisibility-of-security.txt"
DATA = Path(__file__).resolve().parent / "data"
CORPUS = sorted((DATA / "corpus").glob("*.txt"))

RELATIONS = {
    SECKG.derivedFrom: "derivedFrom", SECKG.exemplifies: "exemplifies", SECKG.embodies: "embodies",
    SECKG.reflects: "reflects", SECKG.illustrates: "illustrates", SECKG.contrastsWith: "contrastsWith",
    SECKG.partOf: "partOf", SECKG.hasHistoricalContext: "hasHistoricalContext",
}


def build_graph(paths, **kwargs) -> Graph:
    """The asserted graph of ``paths``, built without writing files."""
    kwargs.setdefault("consistency", False)
    kwargs.setdefault("shacl", False)
    return build([Path(p) for p in paths], None, **kwargs).graph


def label(graph: Graph, node) -> str:
    return str(graph.value(node, SKOS.prefLabel))


def relations(graph: Graph, collapse_exemplifies: bool = False) -> set[tuple[str, str, str]]:
    """Asserted relations between entities as (subject label, relation, object label)."""
    out = set()
    for p, name in RELATIONS.items():
        if collapse_exemplifies and name in ("embodies", "reflects", "illustrates"):
            name = "exemplifies"
        for s, o in graph.subject_objects(p):
            a, b = label(graph, s), label(graph, o)
            if name == "contrastsWith" and a > b:
                a, b = b, a
            out.add((a, name, b))
    return out


def types(graph: Graph, name: str) -> set[str]:
    nodes = [s for s, l in graph.subject_objects(SKOS.prefLabel)
             if str(l) == name and (s, RDF.type, SECKG.Article) not in graph]
    return {str(t).rsplit("#", 1)[-1] for n in nodes for t in graph.objects(n, RDF.type) if str(t).startswith(str(SECKG._NS))}
