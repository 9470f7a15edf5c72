"""One node per real-world entity across articles; aliases recorded; IRIs stable as articles are added."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, SKOS

from kg.names import normalise
from kg.vocab import SECKG

from .kgtest import CORPUS, DATA, build_graph, relations

EXTRA = DATA / "resolution" / "mutual-reassurance.txt"


@pytest.fixture(scope="module")
def merged():
    return build_graph(CORPUS + [EXTRA])


def nodes_named(graph, name: str) -> set:
    wanted = normalise(name)
    return {s for p in (SKOS.prefLabel, SKOS.altLabel) for s, o in graph.subject_objects(p)
            if normalise(str(o)) == wanted and (s, RDF.type, SECKG.Article) not in graph}


@pytest.mark.parametrize("names", [
    ["Indivisibility of Security", "the indivisibility of security", "security is indivisible"],
    ["Helsinki Accords", "Helsinki Final Act"],
    ["OSCE", "Organization for Security and Co-operation in Europe"],
    ["United Nations", "UN"],
    ["Baltic Assurance Council", "BAC"],
    ["Palme Commission", "Independent Commission on Disarmament and Security Issues"],
])
def test_names_of_one_entity_are_one_node(merged, names):
    found = set().union(*(nodes_named(merged, n) for n in names))
    assert len(found) == 1, found


def test_aliases_are_alt_labels(merged):
    (bac,) = nodes_named(merged, "Baltic Assurance Council")
    assert Literal("BAC", lang="en") in set(merged.objects(bac, SKOS.altLabel))
    (ios,) = nodes_named(merged, "Indivisibility of Security")
    assert {"indivisibility", "security is indivisible"} <= {str(a) for a in merged.objects(ios, SKOS.altLabel)}
    assert str(ios) == "https://w3id.org/seckg/id/indivisibility-of-security"


def test_relations_found_through_aliases(merged):
    rels = relations(merged, collapse_exemplifies=True)
    assert ("Mutual Reassurance", "derivedFrom", "Indivisibility of Security") in rels
    assert ("Helsinki Accords", "exemplifies", "Mutual Reassurance") in rels
    assert ("Baltic Assurance Council", "exemplifies", "Mutual Reassurance") in rels
    assert ("Deterrence", "contrastsWith", "Mutual Reassurance") in rels


def test_adding_articles_never_renames_a_node():
    def iris(graph):
        return {(str(s), str(o)) for s, o in graph.subject_objects(SKOS.prefLabel)
                if (s, RDF.type, SECKG.Article) not in graph and "/misconception/" not in str(s) and "/rule/" not in str(s)}

    small = iris(build_graph(CORPUS[:2]))
    larger = iris(build_graph(CORPUS))
    largest = iris(build_graph(CORPUS + [EXTRA]))
    assert small <= larger <= largest
