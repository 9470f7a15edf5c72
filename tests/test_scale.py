"""The fast paths of the build give the same results as the plain ones.

Each stage that was made to scale keeps its plain path (pySHACL on the whole
graph, owlready2 + HermiT, all titles handed to the extractor, rdflib's
serialisers); these tests run both on the dev corpus, and on graphs broken on
purpose, and compare. Speed itself is measured by ``make bench``, not here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SH, SKOS, XSD

from kg.background import load_background
from kg.export import FORMATS, canonical, export, serialise
from kg.extract import CorpusConcepts, extract
from kg.names import normalise
from kg.parse import parse_document
from kg.pipeline import build, discover
from kg.shacl import FastValidator
from kg.store import load_build, load_graph_file
from kg.validate import load_shapes, validate
from kg.vocab import ID, OA, SECKG

CORPUS = Path(__file__).parent / "data" / "corpus"


@pytest.fixture(scope="module")
def dev():
    return build([CORPUS], None, consistency=False, shacl=False)


# --- extraction: the corpus's concepts, searched once per corpus ---------------------------------


def _extractions(paths, titles_for):
    background = load_background()
    docs = [parse_document(p) for p in paths]
    titles = tuple(d.title for d in docs)
    return [extract(d, background, titles_for(titles)) for d in docs]


def test_shared_corpus_concepts_give_the_per_article_extractions():
    paths = discover([CORPUS])
    per_article = _extractions(paths, lambda titles: titles)
    shared = _extractions(paths, lambda titles, concepts={}: concepts.setdefault(titles, CorpusConcepts(titles)))
    assert shared == per_article


def test_titles_an_article_does_not_name_change_nothing(tmp_path):
    """Extraction costs and finds the same whatever the size of the corpus around the article."""
    from bench.synth import generate

    unrelated = tuple(parse_document(p).title for p in generate(400, seed=3, out_dir=tmp_path))
    paths = discover([CORPUS])
    alone = _extractions(paths, lambda titles: titles)
    among_many = _extractions(paths, lambda titles: CorpusConcepts(unrelated + titles))
    assert among_many == alone


def test_corpus_concepts_are_found_written_differently():
    titles = ("Confidence-Building Measures", "Collective Security", "State's Duty", "Arms Control")
    concepts = CorpusConcepts(titles)
    text = "Confidence\u2011building measures work; collective\nsecurity and the state\u2019s duty."

    def keys(**kw):
        return [m.key for m in sorted(concepts.matcher.find(text, **kw), key=lambda m: m.start)]

    assert keys() == [normalise(t) for t in titles[:3]]
    # The article's own subject is its own name, not the corpus concept of that name.
    assert keys(exclude=(normalise("Collective Security"),)) == [normalise(titles[0]), normalise(titles[2])]


# --- SHACL: the fast engine and pySHACL -----------------------------------------------------------


def _broken(graph: Graph) -> Graph:
    """The dev graph with every shape of ontology/shapes.ttl made to fire at least once."""
    g = Graph()
    g += graph
    concepts = sorted(set(g.subjects(RDF.type, SECKG.Concept)) | set(g.subjects(RDF.type, SECKG.Mechanism)))
    institutions = sorted(g.subjects(RDF.type, SECKG.Institution))
    treaties = sorted(g.subjects(RDF.type, SECKG.Treaty))
    misconceptions = sorted(g.subjects(RDF.type, SECKG.Misconception))
    evidence = sorted(g.subjects(RDF.type, SECKG.Evidence))
    sentences = sorted(g.subjects(RDF.type, SECKG.Sentence))
    articles = sorted(g.subjects(RDF.type, SECKG.Article))
    # labels: none, two, untagged, French alias, untagged alias
    g.remove((concepts[0], SKOS.prefLabel, None))
    g.add((concepts[1], SKOS.prefLabel, Literal("Second label", lang="en")))
    g.set((concepts[2], SKOS.prefLabel, Literal("No language")))
    g.add((concepts[3], SKOS.altLabel, Literal("Alias", lang="fr")))
    g.add((concepts[3], SKOS.altLabel, Literal("Plain alias")))
    # relation targets that are not concepts, one a literal
    g.add((concepts[4], SECKG.derivedFrom, institutions[0]))
    g.add((concepts[4], SECKG.exemplifies, Literal("a string")))
    # years
    g.add((institutions[1], SECKG.year, Literal("nineteen", datatype=None)))
    g.add((treaties[0], SECKG.year, Literal(1975)))
    g.add((treaties[0], SECKG.year, Literal("1976", datatype=XSD.gYear)))
    # misconceptions
    g.remove((misconceptions[0], SECKG.misconceptionAbout, None))
    g.set((misconceptions[1], SECKG.statement, Literal("")))
    g.add((misconceptions[2], SECKG.statement, Literal("another statement")))
    g.remove((misconceptions[3], SECKG.correction, None))
    g.add((misconceptions[4], SECKG.misconceptionAbout, institutions[2]))
    # a relation without evidence (the SPARQL constraint)
    g.add((concepts[5], SECKG.contrastsWith, concepts[6]))
    # evidence
    g.remove((evidence[0], SECKG.factSubject, None))
    g.set((evidence[1], SECKG.factPredicate, Literal("derivedFrom")))
    g.set((evidence[2], SECKG.statedIn, articles[0]))
    g.set((evidence[3], SECKG.cueStart, Literal(-1)))
    g.set((evidence[4], SECKG.cueEnd, Literal("12")))
    g.add((evidence[5], SECKG.extractedBy, ID["rule/unknown"]))
    g.set((evidence[6], SECKG.cue, Literal("cue", lang="en")))
    # sentences: no section, a second start, a string end, an empty quote, no article
    g.remove((sentences[0], SECKG.section, None))
    position = URIRef(f"{sentences[1]}/position")
    g.add((position, OA.start, Literal(7)))
    g.set((URIRef(f"{sentences[2]}/position"), OA.end, Literal("40")))
    g.set((URIRef(f"{sentences[3]}/quote"), OA.exact, Literal("")))
    g.remove((sentences[4], OA.hasSource, None))
    # articles
    g.remove((articles[0], SECKG.sourceFile, None))
    g.set((articles[1], DCTERMS.modified, Literal("yesterday")))
    return g


def test_the_fast_engine_implements_the_project_shapes():
    assert FastValidator.for_shapes(load_shapes()) is not None


def test_fast_and_pyshacl_agree_on_the_dev_corpus(dev):
    shapes = load_shapes()
    fast, plain = validate(dev.graph, shapes, engine="fast"), validate(dev.graph, shapes, engine="pyshacl")
    assert fast == plain
    assert fast.conforms and fast.results == []


def test_fast_and_pyshacl_agree_on_a_broken_graph(dev):
    broken = _broken(dev.graph)
    shapes = load_shapes()  # one parse for both: property shapes are blank nodes, reported by their ids
    fast, plain = validate(broken, shapes, engine="fast"), validate(broken, shapes, engine="pyshacl")
    assert fast.results == plain.results
    assert not fast.conforms and not plain.conforms
    # every shape of the project fired
    fired = {r.shape for r in fast.results}
    for node_shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        parts = {str(node_shape)} | {str(p) for p in shapes.objects(node_shape, SH.property)}
        assert parts & fired, node_shape
    assert len(fast.results) >= 30


def test_fast_and_pyshacl_agree_on_warnings(dev):
    shapes = load_shapes()
    # make the label shape's alias check a warning, and break it
    for prop in shapes.objects(None, SH.property):
        if shapes.value(prop, SH.path) == SKOS.altLabel:
            shapes.add((prop, SH.severity, SH.Warning))
    g = Graph()
    g += dev.graph
    g.add((sorted(g.subjects(RDF.type, SECKG.Concept))[0], SKOS.altLabel, Literal("Alias", lang="de")))
    fast, plain = validate(g, shapes, engine="fast"), validate(g, shapes, engine="pyshacl")
    assert fast == plain
    assert fast.conforms and [r.severity.value for r in fast.results] == ["Warning"]


def test_shapes_the_fast_engine_does_not_implement_go_to_pyshacl(dev):
    shapes = load_shapes()
    prop = next(p for p in shapes.objects(None, SH.property) if shapes.value(p, SH.path) == SECKG.sourceFile)
    shapes.add((prop, SH.pattern, Literal("^nowhere/")))
    assert FastValidator.for_shapes(shapes) is None
    g = Graph()
    g += dev.graph
    report = validate(g, shapes, engine="fast")
    assert report == validate(g, shapes, engine="pyshacl")
    assert len(report.results) == 5 and all(r.focus.startswith(f"{ID}doc/") for r in report.results)


# --- export: fast serialisers, same graph ---------------------------------------------------------


def test_canonical_relabels_only_the_blank_nodes_the_whole_graph_would(dev):
    from rdflib.compare import _TripleCanonicalizer

    whole = set(_TripleCanonicalizer(dev.graph).canonical_triples())
    assert set(canonical(dev.graph)) == whole
    assert any(isinstance(t, BNode) for triple in whole for t in triple)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_export_reads_back_as_the_built_graph(dev, fmt, tmp_path):
    path = tmp_path / FORMATS[fmt]
    path.write_bytes(serialise(dev.graph, fmt, dev.inferred))
    if fmt == "trig":
        path = tmp_path / "kg.trig"
        ds = load_build(tmp_path)
        asserted = Graph()
        asserted += ds.graph(URIRef("https://w3id.org/seckg/graph/asserted"))
        inferred = Graph()
        inferred += ds.graph(URIRef("https://w3id.org/seckg/graph/inferred"))
        assert isomorphic(asserted, dev.graph)
        assert isomorphic(inferred, dev.inferred)
    else:
        assert isomorphic(load_graph_file(path), dev.graph)


def _oxigraph_trig(asserted: Graph, inferred: Graph) -> bytes:
    """The TriG export as Oxigraph's own TriG writer writes the two graphs' sorted N-Triples."""
    import pyoxigraph as ox
    from kg.export import _GRAPH_NS, _PREFIXES, _canonical_triples, _sorted_ntriples

    quads = []
    for name, graph in (("asserted", asserted), ("inferred", inferred)):
        g = ox.NamedNode(_GRAPH_NS + name)
        for t in ox.parse(_sorted_ntriples(_canonical_triples(graph)), format=ox.RdfFormat.N_TRIPLES):
            quads.append(ox.Quad(t.subject, t.predicate, t.object, g))
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes={**_PREFIXES, "graph": _GRAPH_NS})


def test_trig_is_what_oxigraphs_trig_writer_writes(dev):
    assert serialise(dev.graph, "trig", dev.inferred) == _oxigraph_trig(dev.graph, dev.inferred)
    # Blank nodes, a literal with line breaks and tabs, a graph IRI among the data, no inferred triples.
    odd = Graph()
    node = BNode()
    odd.add((ID["x"], SKOS.note, Literal("two\nlines\tand a tab }", lang="en")))
    odd.add((ID["x"], SKOS.related, node))
    odd.add((node, RDF.value, URIRef("https://w3id.org/seckg/graph/asserted")))
    assert serialise(odd, "trig", Graph()) == _oxigraph_trig(odd, Graph())


def test_the_json_ld_uses_the_project_context(dev):
    doc = json.loads(serialise(dev.graph, "json-ld"))
    context = json.loads((Path(__file__).parent.parent / "ontology" / "context.jsonld").read_text())["@context"]
    assert doc["@context"] == context
    ids = [node["@id"] for node in doc["@graph"]]
    assert ids == sorted(ids)
    article = next(n for n in doc["@graph"] if n["@id"] == "id:doc/collective-security")
    assert article["@type"] == "Article"
    assert article["prefLabel"] == "Collective Security"


def test_two_exports_are_byte_identical(tmp_path):
    a = build([CORPUS], tmp_path / "a", consistency=False)
    b = build([CORPUS], tmp_path / "b", consistency=False)
    for name in FORMATS.values():
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert len(a.files) == len(b.files) == 4


# --- reasoning ------------------------------------------------------------------------------------


def test_the_module_is_computed_once_and_gives_the_same_inferences(dev):
    from kg.reason import domain_module, materialise

    module = domain_module(dev.graph)
    assert set(materialise(dev.graph, module=module)) == set(materialise(dev.graph)) == set(dev.inferred)
    assert set(module) == set(domain_module(dev.graph))


def test_the_fast_engine_takes_triples_as_well_as_a_graph(dev):
    shapes = load_shapes()
    assert validate(dev.triples, shapes) == validate(dev.graph, shapes)
    broken = _broken(dev.graph)
    report = validate(set(broken), shapes)
    assert report == validate(set(broken), shapes, engine="pyshacl")
    assert report.results and all(r.focus_label for r in report.results)


_PROJECT_SPARQL = FastValidator.for_shapes(load_shapes()).shapes


@pytest.mark.parametrize("query", [
    "SELECT $this WHERE { OPTIONAL { $this ?p ?o } }",  # $this may stay unbound
    "SELECT $this ?o WHERE { { $this ?p ?o } UNION { ?s ?p ?o } }",  # bound in one branch only
    "SELECT ?o WHERE { $this ?p ?o }",  # not projected: results cannot be grouped by focus node
    "SELECT $this ?o WHERE { $this ?p ?o } LIMIT 1",  # one row per focus node, not one in all
    "SELECT $this (COUNT(?o) AS ?n) WHERE { $this ?p ?o } GROUP BY $this",  # aggregates
    "SELECT $this ?o WHERE { $this ?p ?o { SELECT ?o WHERE { ?o ?q ?r } LIMIT 1 } }",  # a sub-query's scope
])
def test_sparql_constraints_run_once_only_where_that_equals_pre_binding(query):
    from kg.shacl import _SparqlConstraint, _Unsupported

    with pytest.raises(_Unsupported):
        _SparqlConstraint(URIRef("urn:x:c"), query, {}, [])
    # the project's own constraint is one that may run once
    constraints = [c for shape in _PROJECT_SPARQL for c in shape.sparql]
    assert constraints and all(isinstance(c, _SparqlConstraint) for c in constraints)


_A, _B, _C = (URIRef(f"http://x/{n}") for n in "abC")


@pytest.mark.parametrize("query, selectors", [
    ("SELECT $this WHERE { $this <http://x/a> ?o . ?o a <http://x/C> }",
     [(frozenset({_A}), None), (frozenset({RDF.type}), _C)]),
    ("SELECT $this WHERE { $this ?p ?o . FILTER (?p IN (<http://x/a>, <http://x/b>) && ?o != 1) }",
     [(frozenset({_A, _B}), None)]),
    # any triple can match: a free predicate, NOT IN, a path, a restriction that does not cover the
    # pattern (OPTIONAL), a pattern inside EXISTS
    ("SELECT $this WHERE { $this ?p ?o }", None),
    ("SELECT $this WHERE { $this ?p ?o . FILTER (?p NOT IN (<http://x/a>)) }", None),
    ("SELECT $this WHERE { $this <http://x/a>/<http://x/b> ?o }", None),
    ("SELECT $this WHERE { $this a <http://x/C> OPTIONAL { $this ?p ?o } FILTER (?p IN (<http://x/a>)) }", None),
    ("SELECT $this WHERE { $this a <http://x/C> FILTER NOT EXISTS { $this <http://x/a> ?o } }", None),
])
def test_the_sparql_store_holds_every_triple_a_pattern_can_match(query, selectors):
    from kg.shacl import _SparqlConstraint

    found = _SparqlConstraint(URIRef("urn:x:c"), query, {}, []).selectors
    assert (set(found) if found is not None else None) == (set(selectors) if selectors is not None else None)


# --- parse and extract on several cores ------------------------------------------------------------


def test_the_build_does_not_depend_on_the_number_of_processes(tmp_path):
    from bench.synth import generate
    from kg.pipeline import PARALLEL_FROM

    generate(PARALLEL_FROM + 6, seed=3, out_dir=tmp_path / "corpus")
    one = build([tmp_path / "corpus"], tmp_path / "one", consistency=False, jobs=1)
    two = build([tmp_path / "corpus"], tmp_path / "two", consistency=False, jobs=2)
    def named(triples):  # the ontology's blank nodes differ between any two builds; the exports show them equal
        return {t for t in triples if not any(isinstance(x, BNode) for x in t)}

    assert named(one.triples) == named(two.triples) and one.warnings == two.warnings
    for name in FORMATS.values():
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_a_bad_article_among_many_stops_the_build_with_its_path(tmp_path):
    from bench.synth import generate
    from kg.errors import DocumentError
    from kg.pipeline import PARALLEL_FROM

    paths = generate(PARALLEL_FROM + 6, seed=3, out_dir=tmp_path / "corpus")
    paths[40].write_bytes(b"\xff\xfe not UTF-8 \xc3\x28")
    with pytest.raises(DocumentError) as caught:
        build([tmp_path / "corpus"], tmp_path / "out", consistency=False, jobs=2)
    assert paths[40].name in str(caught.value) and caught.value.path.endswith(paths[40].name)
    assert not (tmp_path / "out").exists()


def test_a_document_error_survives_the_trip_from_a_worker_process():
    import pickle

    from kg.errors import DocumentError

    error = pickle.loads(pickle.dumps(DocumentError("a/b.txt", "not UTF-8", line=3)))
    assert (str(error), error.path, error.message, error.line) == ("a/b.txt:3: not UTF-8", "a/b.txt", "not UTF-8", 3)


def test_the_build_pauses_the_cyclic_collector_and_restores_it(monkeypatch):
    import gc

    import kg.pipeline
    from kg.errors import DocumentError

    seen, made = [], []

    def discover(paths):
        seen.append(gc.isenabled())
        made.append([object()])  # an object the build makes and that outlives it
        raise DocumentError("x.txt", "unreadable")

    monkeypatch.setattr(kg.pipeline, "discover", discover)
    assert gc.isenabled()
    with pytest.raises(DocumentError):
        build(["x.txt"], None)
    assert seen == [False] and gc.isenabled()
    # it went straight to the oldest generation: the next young collections do not scan it
    assert any(o is made[0] for o in gc.get_objects(generation=2))
    assert not any(o is made[0] for g in (0, 1) for o in gc.get_objects(generation=g))
