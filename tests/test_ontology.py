"""ontology/seckg.ttl: header, documentation of every term, axioms, agreement with kg/vocab.py, OWL 2 DL."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

import kg
from kg.reason import check_consistency
from kg.vocab import ONTOLOGY_IRI, SECKG

SCHEMA = "https://schema.org/"
NS = str(SECKG._NS)
DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def declared(ontology, *kinds) -> set[URIRef]:
    """seckg terms the ontology declares as one of ``kinds`` (default: any kind)."""
    kinds = kinds or DECLARATIONS
    return {s for k in kinds for s in ontology.subjects(RDF.type, k)
            if isinstance(s, URIRef) and str(s).startswith(NS)}


def test_ontology_iri_is_an_owl_ontology(ontology):
    assert list(ontology.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY_IRI]


@pytest.mark.parametrize("prop, expected", [
    (DCTERMS.title, Literal("seckg: an ontology of international security concepts", lang="en")),
    (DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")),
    (DCTERMS.creator, Literal("The seckg team")),
    (OWL.versionIRI, URIRef(f"https://w3id.org/seckg/ontology/{kg.__version__}")),
    (OWL.versionInfo, Literal(kg.__version__)),
])
def test_ontology_header(ontology, prop, expected):
    assert list(ontology.objects(ONTOLOGY_IRI, prop)) == [expected]


def test_ontology_has_one_english_description(ontology):
    (description,) = ontology.objects(ONTOLOGY_IRI, DCTERMS.description)
    assert description.language == "en"
    assert str(description).startswith("Classes and relations for a knowledge graph built from expert glossary articles")


def seckg_terms_of_kind(*kinds):
    from kg.assemble import load_ontology  # parametrisation runs before fixtures exist

    return sorted(declared(load_ontology(), *kinds))


@pytest.mark.parametrize("term", seckg_terms_of_kind(),
                         ids=lambda t: t.fragment)
@pytest.mark.parametrize("prop", [RDFS.label, SKOS.definition], ids=["label", "definition"])
def test_every_seckg_term_has_one_english_label_and_definition(ontology, term, prop):
    values = list(ontology.objects(term, prop))
    assert len(values) == 1, f"{term.fragment}: {len(values)} {prop.fragment} value(s)"
    assert values[0].language == "en"
    assert str(values[0]).strip()


@pytest.mark.parametrize("name", ["Concept", "Mechanism", "Institution", "Treaty", "HistoricalEvent", "Region",
                                  "Misconception"])
def test_fixed_class_names_of_the_design_exist(ontology, name):
    assert (URIRef(NS + name), RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize("name", ["derivedFrom", "exemplifies", "contrastsWith", "partOf", "hasHistoricalContext",
                                  "misconceptionAbout"])
def test_fixed_relation_names_of_the_design_exist(ontology, name):
    assert (URIRef(NS + name), RDF.type, OWL.ObjectProperty) in ontology


def test_concept_or_mechanism_is_the_union_of_concept_and_mechanism(ontology):
    (union_class,) = ontology.objects(SECKG.ConceptOrMechanism, OWL.equivalentClass)
    assert list(ontology.items(ontology.value(union_class, OWL.unionOf))) == [SECKG.Concept, SECKG.Mechanism]


@pytest.mark.parametrize("prop, axiom, expected", [
    (SECKG.derivedFrom, RDFS.domain, [SECKG.ConceptOrMechanism]),
    (SECKG.derivedFrom, RDFS.range, [SECKG.ConceptOrMechanism]),
    # anything (a treaty, an institution, ...) can exemplify: no domain
    (SECKG.exemplifies, RDFS.domain, []),
    (SECKG.exemplifies, RDFS.range, [SECKG.ConceptOrMechanism]),
    (SECKG.contrastsWith, RDFS.domain, [SECKG.ConceptOrMechanism]),
    (SECKG.contrastsWith, RDFS.range, [SECKG.ConceptOrMechanism]),
    (SECKG.misconceptionAbout, RDFS.domain, [SECKG.Misconception]),
    (SECKG.misconceptionAbout, RDFS.range, [SECKG.ConceptOrMechanism]),
    (SECKG.hasHistoricalContext, RDFS.range, [SECKG.HistoricalEvent]),
])
def test_domains_and_ranges(ontology, prop, axiom, expected):
    assert list(ontology.objects(prop, axiom)) == expected


@pytest.mark.parametrize("prop, inverse", [
    (SECKG.exemplifies, SECKG.exemplifiedBy),
    (SECKG.derivedFrom, SECKG.hasDerivative),
    (SECKG.partOf, SECKG.hasPart),
])
def test_inverse_properties(ontology, prop, inverse):
    assert list(ontology.objects(prop, OWL.inverseOf)) == [inverse]


@pytest.mark.parametrize("prop, characteristic", [
    (SECKG.contrastsWith, OWL.SymmetricProperty),
    (SECKG.partOf, OWL.TransitiveProperty),
    (SECKG.hasPart, OWL.TransitiveProperty),
])
def test_property_characteristics(ontology, prop, characteristic):
    assert (prop, RDF.type, characteristic) in ontology


@pytest.mark.parametrize("prop", [SECKG.embodies, SECKG.reflects, SECKG.illustrates], ids=lambda p: p.fragment)
def test_exemplifying_phrasings_are_sub_properties_of_exemplifies(ontology, prop):
    assert list(ontology.objects(prop, RDFS.subPropertyOf)) == [SECKG.exemplifies]


@pytest.mark.parametrize("cls, parent", [
    (SECKG.Institution, URIRef(SCHEMA + "Organization")),
    (SECKG.Treaty, URIRef(SCHEMA + "Legislation")),
    (SECKG.HistoricalEvent, URIRef(SCHEMA + "Event")),
    (SECKG.Region, URIRef(SCHEMA + "Place")),
])
def test_domain_classes_specialise_schema_org(ontology, cls, parent):
    assert (cls, RDFS.subClassOf, parent) in ontology


def test_vocab_module_and_ontology_declare_the_same_terms(ontology):
    in_vocab = set(dir(SECKG))
    in_ontology = declared(ontology)
    assert sorted(in_vocab - in_ontology) == [], "in kg/vocab.py but not declared in ontology/seckg.ttl"
    assert sorted(in_ontology - in_vocab) == [], "declared in ontology/seckg.ttl but missing from kg/vocab.py"


def test_every_seckg_iri_the_ontology_mentions_is_declared(ontology):
    mentioned = {t for triple in ontology for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert sorted(mentioned - declared(ontology)) == []


def test_every_term_is_declared_as_one_kind_only(ontology):
    """OWL 2 DL forbids, e.g., one IRI being both an object and a data property."""
    kinds = {t: [k.fragment for k in DECLARATIONS if (t, RDF.type, k) in ontology] for t in declared(ontology)}
    assert {t.fragment: k for t, k in kinds.items() if len(k) != 1} == {}


def test_every_predicate_of_the_ontology_is_built_in_or_declared(ontology):
    """An undeclared annotation (or other) property puts an ontology outside OWL 2 DL."""
    built_in = (str(RDF), str(RDFS), str(OWL))
    declared_anywhere = {s for k in DECLARATIONS for s in ontology.subjects(RDF.type, k)}
    undeclared = {p for p in ontology.predicates() if not str(p).startswith(built_in) and p not in declared_anywhere}
    assert sorted(undeclared) == []


def test_misspelt_term_raises():
    with pytest.raises(AttributeError, match="derivedFromm"):
        SECKG.derivedFromm  # noqa: B018 - the attribute access is the test


def test_owlready2_loads_the_ontology_from_n_triples(ontology, tmp_path):
    owlready2 = pytest.importorskip("owlready2")
    path = tmp_path / "seckg.nt"
    path.write_bytes(ontology.serialize(format="nt", encoding="utf-8"))
    world = owlready2.World()
    try:
        world.get_ontology(path.as_uri()).load(format="ntriples")
        loaded = {
            OWL.Class: {c.iri for c in world.classes()},
            OWL.ObjectProperty: {p.iri for p in world.object_properties()},
            OWL.DatatypeProperty: {p.iri for p in world.data_properties()},
        }
        for kind, iris in loaded.items():
            assert sorted(i for i in iris if i.startswith(NS)) == sorted(map(str, declared(ontology, kind))), kind
        contrasts = world[str(SECKG.contrastsWith)]
        part_of = world[str(SECKG.partOf)]
        assert owlready2.SymmetricProperty in contrasts.is_a
        assert owlready2.TransitiveProperty in part_of.is_a
        assert part_of.inverse_property.iri == str(SECKG.hasPart)
        assert [c.iri for c in world[str(SECKG.Institution)].is_a] == [SCHEMA + "Organization"]
    finally:
        world.close()


def test_ontology_alone_is_consistent_with_hermit(ontology):
    check_consistency(ontology)  # raises InconsistentOntology (or ReasonerError without Java)
