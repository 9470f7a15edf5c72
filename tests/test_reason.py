"""kg.reason: HermiT consistency, OWL 2 RL materialisation (both backends), and queries that rely on it."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.errors import InconsistentOntology
from kg.query import run_named
from kg.reason import REASONERS, check_consistency, materialise
from kg.store import load_build
from kg.vocab import ID, SECKG

SECKG_NS = str(SECKG._NS)
ID_NS = str(ID)

# Hand-made instance graphs (added to the ontology) and exactly what OWL 2 RL
# must infer from them, as (subject, predicate, object) with id: local names.
ENTAILMENTS = {
    "embodies-is-a-way-of-exemplifying": (
        [("united-nations", SECKG.embodies, "indivisibility"), ("indivisibility", RDF.type, SECKG.Concept)],
        {("united-nations", SECKG.exemplifies, "indivisibility"),
         ("indivisibility", SECKG.exemplifiedBy, "united-nations"),
         ("indivisibility", RDF.type, SECKG.ConceptOrMechanism)},
    ),
    "exemplifiedBy-is-the-inverse": (
        [("helsinki-accords", SECKG.exemplifies, "indivisibility"), ("indivisibility", RDF.type, SECKG.Concept)],
        {("indivisibility", SECKG.exemplifiedBy, "helsinki-accords"),
         ("indivisibility", RDF.type, SECKG.ConceptOrMechanism)},
    ),
    "contrastsWith-is-symmetric": (
        [("indivisibility", SECKG.contrastsWith, "collective-security"),
         ("indivisibility", RDF.type, SECKG.Concept), ("collective-security", RDF.type, SECKG.Mechanism)],
        {("collective-security", SECKG.contrastsWith, "indivisibility"),
         ("indivisibility", RDF.type, SECKG.ConceptOrMechanism),
         ("collective-security", RDF.type, SECKG.ConceptOrMechanism)},
    ),
    "partOf-is-transitive-and-hasPart-its-inverse": (
        [("a", SECKG.partOf, "b"), ("b", SECKG.partOf, "c")],
        {("a", SECKG.partOf, "c"),
         ("b", SECKG.hasPart, "a"), ("c", SECKG.hasPart, "b"), ("c", SECKG.hasPart, "a")},
    ),
    "derivedFrom-has-hasDerivative-as-inverse": (
        [("collective-security", SECKG.derivedFrom, "indivisibility"),
         ("indivisibility", RDF.type, SECKG.Concept), ("collective-security", RDF.type, SECKG.Mechanism)],
        {("indivisibility", SECKG.hasDerivative, "collective-security"),
         ("indivisibility", RDF.type, SECKG.ConceptOrMechanism),
         ("collective-security", RDF.type, SECKG.ConceptOrMechanism)},
    ),
    "institution-is-a-schema-organization": (
        [("osce", RDF.type, SECKG.Institution)],
        {("osce", RDF.type, URIRef("https://schema.org/Organization"))},
    ),
}


def term(value):
    return value if isinstance(value, URIRef) else ID[value]


def triples(spec) -> set:
    return {(term(s), p, term(o)) for s, p, o in spec}


@pytest.mark.parametrize("reasoner", REASONERS)
@pytest.mark.parametrize("case", sorted(ENTAILMENTS))
def test_entailments(ontology_copy, case, reasoner):
    asserted, inferred = ENTAILMENTS[case]
    for t in triples(asserted):
        ontology_copy.add(t)
    assert set(materialise(ontology_copy, reasoner)) == triples(inferred)


def test_entity_typed_treaty_and_institution_is_inconsistent(ontology_copy):
    x = ID["helsinki-accords"]
    ontology_copy.add((x, RDF.type, SECKG.Treaty))
    ontology_copy.add((x, RDF.type, SECKG.Institution))
    with pytest.raises(InconsistentOntology) as caught:
        check_consistency(ontology_copy)
    message = str(caught.value)
    assert str(x) in message
    assert "Treaty" in message and "Institution" in message
    assert caught.value.individuals == [str(x)]
    assert caught.value.classes == [str(SECKG.Institution), str(SECKG.Treaty)]


def test_seed_graph_is_consistent(seed_build):
    check_consistency(seed_build.graph)


def test_reasoners_agree_on_the_corpus(corpus_build):
    by_reasoner = {r: set(materialise(corpus_build.graph, r)) for r in REASONERS}
    assert by_reasoner["reasonable"] == by_reasoner["owlrl"]
    assert by_reasoner["reasonable"] == set(corpus_build.inferred)


@pytest.mark.parametrize("build", ["seed_build", "corpus_build"])
def test_inferred_graph_holds_only_instance_triples(request, build):
    inferred = request.getfixturevalue(build).inferred
    assert len(inferred) > 0
    not_about_instances = [t for t in inferred if not str(t[0]).startswith(ID_NS)]
    assert not_about_instances == []
    assert [t for t in inferred if t[1] == OWL.sameAs] == []
    assert [t for t in inferred if RDFS.Resource in t or OWL.Thing in t] == []
    predicates = {p for _, p, _ in inferred}
    assert {p for p in predicates if p != RDF.type and not str(p).startswith(SECKG_NS)} == set()


@pytest.mark.parametrize("build", ["seed_build", "corpus_build"])
def test_asserted_and_inferred_are_disjoint(request, build):
    built = request.getfixturevalue(build)
    assert set(built.graph) & set(built.inferred) == set()


def test_seed_inferred_graph(seed_build):
    """The seed's entailments, exactly: inverses, the embodied exemplification, schema.org types."""
    schema = "https://schema.org/"
    expected = {
        ("cold-war", RDF.type, URIRef(schema + "Event")),
        ("world-war-ii", RDF.type, URIRef(schema + "Event")),
        ("europe", RDF.type, URIRef(schema + "Place")),
        ("helsinki-accords", RDF.type, URIRef(schema + "Legislation")),
        ("organization-for-security-and-co-operation-in-europe", RDF.type, URIRef(schema + "Organization")),
        ("united-nations", RDF.type, URIRef(schema + "Organization")),
        ("doc/indivisibility-of-security", RDF.type, URIRef(schema + "Article")),
        ("doc/indivisibility-of-security", RDF.type, URIRef("http://www.w3.org/ns/prov#Entity")),
        ("indivisibility-of-security", RDF.type, SECKG.ConceptOrMechanism),
        ("collective-security", RDF.type, SECKG.ConceptOrMechanism),
        ("united-nations", SECKG.exemplifies, "indivisibility-of-security"),
        ("indivisibility-of-security", SECKG.exemplifiedBy, "united-nations"),
        ("indivisibility-of-security", SECKG.exemplifiedBy, "helsinki-accords"),
        ("indivisibility-of-security", SECKG.exemplifiedBy, "organization-for-security-and-co-operation-in-europe"),
        ("indivisibility-of-security", SECKG.hasDerivative, "collective-security"),
        ("indivisibility-of-security", SECKG.contrastsWith, "collective-security"),
    }
    assert set(seed_build.inferred) == triples(expected)


def labels(result, variable: str) -> set[str]:
    i = result.variables.index(variable)
    return {str(row[i]) for row in result.rows}


def test_exemplifies_query_finds_what_only_embodies(seed_build):
    ds = load_build(seed_build.out)
    result = run_named(ds, "exemplifies", {"concept": "Indivisibility of Security"})
    assert labels(result, "exampleLabel") == {
        "Helsinki Accords", "Organization for Security and Co-operation in Europe", "United Nations"}
    # the United Nations is asserted only with seckg:embodies: the answer needs the inferred graph
    assert (ID["united-nations"], SECKG.exemplifies, ID["indivisibility-of-security"]) not in seed_build.graph


def test_exemplifies_query_needs_the_inferred_graph(seed_build):
    """Over the asserted graph alone the United Nations is missing: the dataset's union is what answers."""
    result = run_named(seed_build.graph, "exemplifies", {"concept": "Indivisibility of Security"})
    assert labels(result, "exampleLabel") == {
        "Helsinki Accords", "Organization for Security and Co-operation in Europe"}


def test_materialise_refuses_an_unknown_reasoner(seed_build):
    from kg.errors import ReasonerError

    with pytest.raises(ReasonerError, match="unknown reasoner 'hermit'"):
        materialise(seed_build.graph, "hermit")

