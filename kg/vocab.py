"""The project's vocabularies, in one place.

``SECKG`` is a closed :class:`rdflib.namespace.DefinedNamespace` (``_fail = True``):
a misspelt term raises ``AttributeError`` instead of silently minting a new IRI.
The test suite checks that every term listed here is declared in
``ontology/seckg.ttl`` and the other way round.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = URIRef("https://w3id.org/seckg/ontology")
ID = Namespace("https://w3id.org/seckg/id/")
GRAPH = Namespace("https://w3id.org/seckg/graph/")
ASSERTED_GRAPH = GRAPH.asserted
INFERRED_GRAPH = GRAPH.inferred


class SECKG(DefinedNamespace):
    _NS = Namespace("https://w3id.org/seckg/ontology#")
    _fail = True

    # domain classes
    Concept: URIRef
    Mechanism: URIRef
    Institution: URIRef
    Treaty: URIRef
    HistoricalEvent: URIRef
    Region: URIRef
    State: URIRef
    Misconception: URIRef
    ConceptOrMechanism: URIRef
    # provenance classes
    Article: URIRef
    Sentence: URIRef
    Evidence: URIRef
    ExtractionRule: URIRef
    BackgroundSource: URIRef
    # relations
    derivedFrom: URIRef
    hasDerivative: URIRef
    exemplifies: URIRef
    exemplifiedBy: URIRef
    embodies: URIRef
    reflects: URIRef
    illustrates: URIRef
    contrastsWith: URIRef
    partOf: URIRef
    hasPart: URIRef
    hasHistoricalContext: URIRef
    misconceptionAbout: URIRef
    # data properties
    year: URIRef
    statement: URIRef
    correction: URIRef
    # provenance properties
    sourceFile: URIRef
    sha256: URIRef
    section: URIRef
    sentenceIndex: URIRef
    statedIn: URIRef
    extractedBy: URIRef
    cue: URIRef
    cueStart: URIRef
    cueEnd: URIRef
    fromBackground: URIRef
    mentionedIn: URIRef
    factSubject: URIRef
    factPredicate: URIRef
    factObject: URIRef


class OA(DefinedNamespace):
    """The part of the W3C Web Annotation vocabulary that seckg uses."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef


# Classes an extracted entity may carry, by local name (the gold files and the
# extractor speak in local names).
ENTITY_CLASSES = {
    "Concept": SECKG.Concept,
    "Mechanism": SECKG.Mechanism,
    "Institution": SECKG.Institution,
    "Treaty": SECKG.Treaty,
    "HistoricalEvent": SECKG.HistoricalEvent,
    "Region": SECKG.Region,
    "State": SECKG.State,
}

# Relations the extractor may produce, by local name.
RELATIONS = {
    "derivedFrom": SECKG.derivedFrom,
    "exemplifies": SECKG.exemplifies,
    "embodies": SECKG.embodies,
    "reflects": SECKG.reflects,
    "illustrates": SECKG.illustrates,
    "contrastsWith": SECKG.contrastsWith,
    "partOf": SECKG.partOf,
    "hasHistoricalContext": SECKG.hasHistoricalContext,
}

PREFIXES = {
    "seckg": str(SECKG._NS),
    "id": str(ID),
    "oa": str(OA._NS),
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class Interned:
    """A namespace whose terms are looked up once and then kept: the same object each time.

    For code that makes a triple per call (the assembler): a closed namespace's
    attribute lookup costs a few microseconds and mints a new ``URIRef``, and
    dictionaries keyed by terms compare distinct but equal objects in Python.
    A misspelt term still fails, on its first use.
    """

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term
