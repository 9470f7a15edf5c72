"""Stage 4: the one place that turns the resolved corpus into triples.

The asserted graph holds the ontology, the background source, every article,
every sentence that is evidence for something, the entities, their relations,
misconceptions, and one ``seckg:Evidence`` node per (fact, sentence, rule):

    ?ev a seckg:Evidence ;
        seckg:factSubject ?s ; seckg:factPredicate ?p ; seckg:factObject ?o ;
        seckg:statedIn ?sentence ; seckg:extractedBy ?rule ;
        seckg:cue "derived from" ; seckg:cueStart 812 ; seckg:cueEnd 824 .
    ?sentence a seckg:Sentence ; oa:hasSource ?article ;
        oa:hasSelector ?position , ?quote ; seckg:section "..." .
    ?position a oa:TextPositionSelector ; oa:start 700 ; oa:end 860 .
    ?quote a oa:TextQuoteSelector ; oa:exact "..." .

IRIs are derived from content (no blank nodes outside the ontology), so two
builds of the same input give the same graph.
"""

from __future__ import annotations

import hashlib

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from . import vocab
from .errors import DataError
from .model import Evidence, Sentence
from .paths import ONTOLOGY
from .resolve import Corpus
from .vocab import ENTITY_CLASSES, ID, PREFIXES, RELATIONS, Interned

# One object per term (see Interned): the assembler makes every triple of the graph.
DCTERMS, PROV, RDF, RDFS, SKOS, XSD = map(Interned, (DCTERMS, PROV, RDF, RDFS, SKOS, XSD))
OA, SECKG = Interned(vocab.OA), Interned(vocab.SECKG)



def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


# IRIs as plain strings: the assembler makes one URIRef per IRI (``_Assembler.iri``), and a URIRef
# made only to be looked up costs a validation and, as a dictionary key, Python-level comparisons.
_ID = str(ID)


def article_iri(slug: str) -> str:
    return f"{_ID}doc/{slug}"


def sentence_iri(slug: str, sentence: Sentence) -> str:
    return f"{_ID}doc/{slug}/sentence/{sentence.index}"


def rule_iri(rule: str) -> str:
    return f"{_ID}rule/{rule}"


def to_graph(triples) -> Graph:
    """An rdflib ``Graph`` (with the project's prefixes) holding ``triples``."""
    g = new_graph()
    g.addN((s, p, o, g) for s, p, o in triples)
    return g


class _Triples(dict):
    """Triples, each once, in the order they were added: an insertion-ordered set.

    rdflib's ``Graph.add`` costs ~25 µs a triple, this ~0.1 µs. The order
    keeps the triples of one article together, so the later stages, which
    look every term of every triple up in dictionaries, find one article's
    entries near each other in memory: iterating a set (hash order) jumps
    across the whole graph for each triple, which at 10,000 articles costs a
    third more time than the same work at 1,000.
    """

    def add(self, triple: tuple) -> None:
        self[triple] = None


class _Assembler:
    """Collects the triples (:class:`_Triples`)."""

    def __init__(self, corpus: Corpus, ontology: Graph):
        self.corpus = corpus
        self.g = _Triples.fromkeys(ontology)
        self._sentences_done: set[URIRef] = set()
        self._rules_done: set[str] = set()
        self._paths = {d.slug: d.path for d in corpus.documents}
        self._iris: dict[str, URIRef] = {}
        self._literals: dict[tuple, Literal] = {}

    def iri(self, value: str) -> URIRef:
        """The one ``URIRef`` object for ``value`` (entities recur in many triples)."""
        value = str(value)  # a plain str key: a URIRef's == is Python code
        term = self._iris.get(value)
        if term is None:
            term = self._iris[value] = URIRef(value)
        return term

    def lit(self, value, lang: str | None = None, datatype: URIRef | None = None) -> Literal:
        """The one ``Literal`` object for a value (offsets, years and labels recur; making one costs µs)."""
        key = (type(value), value, lang, datatype)  # the type too: 1 == True, and Literal(True) is a boolean
        term = self._literals.get(key)
        if term is None:
            term = self._literals[key] = Literal(value, lang=lang, datatype=datatype)
        return term

    def run(self) -> _Triples:
        self._background()
        for doc in self.corpus.documents:
            self._article(doc)
        for entity in self.corpus.entities.values():
            self._entity(entity)
        for rel in self.corpus.relations:
            s, o = self.iri(rel.subject), self.iri(rel.object)
            p = RELATIONS[rel.predicate]
            self.g.add((s, p, o))
            for ev in rel.evidence:
                self._evidence(s, p, o, ev)
        for rm in self.corpus.misconceptions:
            self._misconception(rm)
        return self.g

    def _background(self) -> None:
        bg = self.corpus.background
        src = self.iri(bg.source_iri)
        for p, o in bg.graph.predicate_objects(src):
            self.g.add((src, p, o))
        self.g.add((src, SKOS.prefLabel, self.lit(str(bg.graph.value(src, RDFS.label) or "background knowledge"), lang="en")))

    def _article(self, doc) -> None:
        a = self.iri(article_iri(doc.slug))
        g = self.g
        g.add((a, RDF.type, SECKG.Article))
        g.add((a, RDFS.label, self.lit(doc.title, lang="en")))
        g.add((a, SKOS.prefLabel, self.lit(doc.title, lang="en")))
        g.add((a, DCTERMS.title, self.lit(doc.title, lang="en")))
        if doc.updated:
            g.add((a, DCTERMS.modified, self.lit(doc.updated, datatype=XSD.date)))
        g.add((a, SECKG.sourceFile, self.lit(doc.path)))
        g.add((a, SECKG.sha256, self.lit(doc.sha256)))

    def _sentence(self, ev: Evidence) -> URIRef:
        s = self.iri(sentence_iri(ev.document, ev.sentence))
        if s in self._sentences_done:
            return s
        self._sentences_done.add(s)
        g = self.g
        sent = ev.sentence
        position, quote = self.iri(f"{s}/position"), self.iri(f"{s}/quote")
        g.add((s, RDF.type, SECKG.Sentence))
        g.add((s, OA.hasSource, self.iri(article_iri(ev.document))))
        g.add((s, OA.hasSelector, position))
        g.add((s, OA.hasSelector, quote))
        g.add((s, SECKG.section, self.lit(sent.section)))
        g.add((s, SECKG.sentenceIndex, self.lit(sent.index)))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, self.lit(sent.start)))
        g.add((position, OA.end, self.lit(sent.end)))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, self.lit(sent.text)))
        return s

    def _rule(self, rule: str) -> URIRef:
        r = self.iri(rule_iri(rule))
        if rule not in self._rules_done:
            self._rules_done.add(rule)
            self.g.add((r, RDF.type, SECKG.ExtractionRule))
            self.g.add((r, RDFS.label, self.lit(rule, lang="en")))
            self.g.add((r, SKOS.prefLabel, self.lit(rule, lang="en")))
        return r

    def _evidence(self, s, p, o, ev: Evidence) -> URIRef:
        digest = hashlib.sha1("\x1f".join(map(str, (s, p, o, ev.document, ev.sentence.index, ev.rule, ev.cue_start, ev.cue_end))).encode()).hexdigest()[:20]
        e = URIRef(f"{_ID}evidence/{digest}")  # one per evidence: not worth interning
        g = self.g
        g.add((e, RDF.type, SECKG.Evidence))
        g.add((e, SECKG.factSubject, s))
        g.add((e, SECKG.factPredicate, p))
        g.add((e, SECKG.factObject, o))
        g.add((e, SECKG.statedIn, self._sentence(ev)))
        g.add((e, SECKG.extractedBy, self._rule(ev.rule)))
        g.add((e, SECKG.cue, self.lit(ev.cue)))
        g.add((e, SECKG.cueStart, self.lit(ev.cue_start)))
        g.add((e, SECKG.cueEnd, self.lit(ev.cue_end)))
        return e

    def _entity(self, entity) -> None:
        g = self.g
        e = self.iri(entity.iri)
        g.add((e, RDFS.label, self.lit(entity.label, lang="en")))
        g.add((e, SKOS.prefLabel, self.lit(entity.label, lang="en")))
        for alias in sorted(entity.aliases):
            g.add((e, SKOS.altLabel, self.lit(alias, lang="en")))
        for alias, ev in entity.alias_evidence:
            self._evidence(e, SKOS.altLabel, self.lit(alias, lang="en"), ev)
        for cls in entity.types:
            g.add((e, RDF.type, ENTITY_CLASSES[cls]))
        for cls, ev in entity.type_evidence:
            self._evidence(e, RDF.type, ENTITY_CLASSES[cls], ev)
        if entity.year is not None:
            year = self.lit(f"{entity.year:04d}", datatype=XSD.gYear)
            g.add((e, SECKG.year, year))
            for ev in entity.year_evidence:
                self._evidence(e, SECKG.year, year, ev)
        if entity.definition:
            definition = self.lit(entity.definition, lang="en")
            g.add((e, SKOS.definition, definition))
            if entity.definition_evidence:
                self._evidence(e, SKOS.definition, definition, entity.definition_evidence)
        if entity.background:
            g.add((e, PROV.wasDerivedFrom, self.iri(self.corpus.background.source_iri)))
            if entity.background_source:
                g.add((e, DCTERMS.source, self.iri(entity.background_source)))
        for slug in sorted(entity.documents):
            g.add((e, SECKG.mentionedIn, self.iri(article_iri(slug))))

    def _misconception(self, rm) -> None:
        g = self.g
        m = self.iri(rm.iri)
        mc = rm.misconception
        about = self.iri(rm.about)
        label = self.corpus.entities[rm.about].label
        g.add((m, RDF.type, SECKG.Misconception))
        name = f"Misconception {mc.index} about {label}"
        g.add((m, RDFS.label, self.lit(name, lang="en")))
        g.add((m, SKOS.prefLabel, self.lit(name, lang="en")))
        g.add((m, SECKG.statement, self.lit(mc.statement)))
        g.add((m, SECKG.correction, self.lit(mc.correction)))
        g.add((m, SECKG.misconceptionAbout, about))
        self._evidence(m, SECKG.misconceptionAbout, about, mc.evidence)
        self._evidence(m, SECKG.statement, self.lit(mc.statement), mc.evidence)
        if mc.correction_evidence:
            self._evidence(m, SECKG.correction, self.lit(mc.correction), mc.correction_evidence)


def assemble_triples(corpus: Corpus, ontology: Graph):
    """The asserted triples: ontology + background source + articles + entities + evidence.

    A set of rdflib term triples (a ``dict`` keys view: each once, in the
    order they were made) rather than a ``Graph``: the build's fast path
    indexes them itself (SHACL), hands them to Oxigraph (SPARQL constraints,
    export) and never needs rdflib's store.
    """
    return _Assembler(corpus, ontology).run().keys()


def assemble(corpus: Corpus, ontology: Graph) -> Graph:
    """The asserted graph, as an rdflib ``Graph``."""
    return to_graph(assemble_triples(corpus, ontology))


def load_ontology(path=None) -> Graph:
    path = path or ONTOLOGY
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:
        raise DataError(f"{path}: the ontology is not valid Turtle: {exc}") from None

