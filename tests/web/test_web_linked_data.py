"""Every IRI of a real build resolves on the server: instances under /id/, ontology terms at /ontology#Term."""

from rdflib import Graph, URIRef

from kg.store import load_build
from kg.vocab import ID, SECKG

from .dom import parse


def iris_in(build_dir, namespace: str) -> set[URIRef]:
    ds = load_build(build_dir)
    return {n for triple in ds.triples((None, None, None)) for n in triple
            if isinstance(n, URIRef) and str(n).startswith(namespace) and str(n) != namespace}


def test_every_instance_iri_resolves(seed_server, seed_build):
    instances = iris_in(seed_build.out, str(ID))
    assert len(instances) > 30
    with seed_server.client() as c:
        for iri in sorted(instances):
            path = "/id/" + iri[len(ID):]
            page = c.get(path, headers={"Accept": "text/html"})
            assert page.status_code == 200, iri
            data = c.get(path, headers={"Accept": "application/n-triples"})  # the quickest RDF to read
            assert data.status_code == 200, iri
            g = Graph().parse(data=data.text, format="nt")
            assert (iri, None, None) in g or (None, None, iri) in g, iri


def test_every_ontology_term_has_its_anchor(seed_server, seed_build):
    terms = iris_in(seed_build.out, str(SECKG._NS))
    with seed_server.client() as c:
        doc = parse(c.get("/ontology", headers={"Accept": "text/html"}).text)
    anchors = {s.attrs["id"] for s in doc.all("section", cls="term")}
    assert {t[len(SECKG._NS):] for t in terms} <= anchors
