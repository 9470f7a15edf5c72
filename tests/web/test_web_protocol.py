"""The SPARQL 1.1 Protocol endpoint over the fixture graph: formats, negotiation, errors, dataset, limits."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from kg.vocab import ASSERTED_GRAPH, ID, INFERRED_GRAPH, SECKG

TREATIES = "SELECT ?t ?label WHERE { ?t a seckg:Treaty ; skos:prefLabel ?label } ORDER BY ?label"
SCRIPT_PACT = "<script>alert('pwned')</script> Pact"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
SD = "http://www.w3.org/ns/sparql-service-description#"


def get(live, query, accept=None, **params):
    headers = {"Accept": accept} if accept else {}
    with live.client() as c:
        return c.get("/sparql", params={"query": query, **params}, headers=headers)


def test_select_as_json(server):
    r = get(server, TREATIES, "application/sparql-results+json")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/sparql-results+json"
    assert "accept" in r.headers["vary"].lower()
    assert r.json() == {
        "head": {"vars": ["t", "label"]},
        "results": {"bindings": [
            {"t": {"type": "uri", "value": str(ID["script-pact"])},
             "label": {"type": "literal", "value": SCRIPT_PACT, "xml:lang": "en"}},
            {"t": {"type": "uri", "value": str(ID["helsinki-accords"])},
             "label": {"type": "literal", "value": "Helsinki Accords", "xml:lang": "en"}},
        ]},
    }


def test_select_as_xml(server):
    r = get(server, TREATIES, "application/sparql-results+xml")
    assert r.headers["content-type"] == "application/sparql-results+xml"
    root = ET.fromstring(r.content)
    assert [v.get("name") for v in root.iter(RESULTS_NS + "variable")] == ["t", "label"]
    rows = [[(b.get("name"), b[0].text) for b in result] for result in root.iter(RESULTS_NS + "result")]
    assert rows == [
        [("t", str(ID["script-pact"])), ("label", SCRIPT_PACT)],
        [("t", str(ID["helsinki-accords"])), ("label", "Helsinki Accords")],
    ]


def test_select_as_csv(server):
    r = get(server, TREATIES, "text/csv")
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert list(csv.reader(io.StringIO(r.text))) == [
        ["t", "label"],
        [str(ID["script-pact"]), SCRIPT_PACT],
        [str(ID["helsinki-accords"]), "Helsinki Accords"],
    ]


def test_select_as_tsv(server):
    r = get(server, TREATIES, "text/tab-separated-values")
    assert r.headers["content-type"] == "text/tab-separated-values; charset=utf-8"
    assert r.text == (
        "?t\t?label\n"
        f"<{ID['script-pact']}>\t\"{SCRIPT_PACT}\"@en\n"
        f"<{ID['helsinki-accords']}>\t\"Helsinki Accords\"@en\n"
    )


def test_tsv_escapes_tabs_and_typed_literals(server):
    r = get(server, 'SELECT ?x ?n WHERE { BIND("a\\tb" AS ?x) BIND(1975 AS ?n) }', "text/tab-separated-values")
    assert r.text == f'?x\t?n\n"a\\tb"\t"1975"^^<{XSD.integer}>\n'


@pytest.mark.parametrize("accept, parse", [
    ("application/sparql-results+json", lambda r: r.json()["boolean"]),
    ("application/sparql-results+xml", lambda r: ET.fromstring(r.content).find(RESULTS_NS + "boolean").text == "true"),
])
def test_ask(server, accept, parse):
    r = get(server, "ASK { id:helsinki-accords seckg:year ?y }", accept)
    assert r.status_code == 200 and r.headers["content-type"] == accept
    assert parse(r) is True


CONSTRUCT = "CONSTRUCT { ?t a seckg:Treaty ; seckg:year ?y } WHERE { ?t a seckg:Treaty ; seckg:year ?y }"


def expected_treaty_graph() -> Graph:
    g = Graph()
    for slug, year in (("helsinki-accords", "1975"), ("script-pact", "1999")):
        g.add((ID[slug], RDF.type, SECKG.Treaty))
        g.add((ID[slug], SECKG.year, Literal(year, datatype=XSD.gYear)))
    return g


@pytest.mark.parametrize("accept, rdflib_format", [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
])
def test_construct_in_each_rdf_format(server, accept, rdflib_format):
    r = get(server, CONSTRUCT, accept)
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == accept
    assert isomorphic(Graph().parse(data=r.content, format=rdflib_format), expected_treaty_graph())


def test_construct_default_is_turtle(server):
    r = get(server, CONSTRUCT, "*/*")
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"


def test_describe(server):
    r = get(server, "DESCRIBE id:helsinki-accords", "application/n-triples")
    g = Graph().parse(data=r.text, format="nt")
    assert (ID["helsinki-accords"], SECKG.hasHistoricalContext, ID["cold-war"]) in g
    assert (ID["helsinki-accords"], SECKG.year, Literal("1975", datatype=XSD.gYear)) in g


@pytest.mark.parametrize("query, accept", [
    (TREATIES, "text/turtle"),
    (TREATIES, "image/png"),
    ("ASK {}", "text/csv"),  # SPARQL CSV/TSV are defined for SELECT only
    (CONSTRUCT, "application/sparql-results+json"),
])
def test_unsupported_format_is_406(server, query, accept):
    r = get(server, query, accept)
    assert r.status_code == 406
    assert "can be answered as" in r.text


@pytest.mark.parametrize("fmt, expected", [
    ("csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    (["tsv", "text/tab-separated-values"], "text/tab-separated-values"),  # as SPARQLWrapper sends it
    ("turtle", "application/sparql-results+xml"),  # names no result format: Accept decides
])
def test_format_parameter_overrides_accept(server, fmt, expected):
    r = get(server, TREATIES, "application/sparql-results+xml", format=fmt)
    assert r.headers["content-type"].split(";")[0] == expected


def test_syntax_error_is_400_with_parser_message(server):
    r = get(server, "SELECT ?x WHERE { ?x ?y }")
    assert r.status_code == 400
    assert r.text.startswith("SPARQL syntax error at line 1, column")
    assert "Expected" in r.text


def test_unknown_prefix_is_400(server):
    r = get(server, "SELECT * WHERE { ?x nope:p ?y }")
    assert r.status_code == 400 and "nope" in r.text


def test_post_form_and_direct(server):
    with server.client() as c:
        form = c.post("/sparql", data={"query": TREATIES}, headers={"Accept": "text/csv"})
        direct = c.post("/sparql", content=TREATIES.encode(), headers={
            "Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert form.status_code == direct.status_code == 200
    assert form.text == direct.text == get(server, TREATIES, "text/csv").text


@pytest.mark.parametrize("headers, body, status", [
    ({"Content-Type": "text/plain"}, b"ASK {}", 415),
    ({}, b"query=ASK%20%7B%7D", 415),
    ({"Content-Type": "application/sparql-query; charset=UTF-16"}, "ASK {}".encode("utf-16"), 415),
    ({"Content-Type": "application/sparql-query"}, b"ASK { \xff }", 400),
    ({"Content-Type": "application/x-www-form-urlencoded"}, b"query=ASK%7B%7D&query=ASK%7B%7D", 400),
    ({"Content-Type": "application/x-www-form-urlencoded"}, b"nothing=here", 400),
])
def test_bad_posts(server, headers, body, status):
    with server.client() as c:
        assert c.post("/sparql", content=body, headers=headers).status_code == status


def test_other_methods_are_405(server):
    with server.client() as c:
        assert c.put("/sparql", params={"query": "ASK {}"}).status_code == 405
        assert c.delete("/sparql").status_code == 405


def test_predeclared_prefixes_and_trailing_slash(server):
    with server.client() as c:
        r = c.get("/sparql/", params={"query": "ASK { id:united-nations a seckg:Institution }"},
                  headers={"Accept": "application/sparql-results+json"})
    assert r.json()["boolean"] is True


# --- the RDF dataset: the protocol's graphs and FROM name graphs held here -------------------

INFERRED_ONLY = "ASK { id:united-nations seckg:exemplifies id:indivisibility-of-security }"


@pytest.mark.parametrize("params, expected", [
    ({}, True),  # the default graph is the union
    ({"default-graph-uri": str(ASSERTED_GRAPH)}, False),
    ({"default-graph-uri": str(INFERRED_GRAPH)}, True),
    ({"default-graph-uri": [str(ASSERTED_GRAPH), str(INFERRED_GRAPH)]}, True),
    ({"named-graph-uri": str(INFERRED_GRAPH)}, False),  # named graphs only: the default graph is empty
])
def test_protocol_dataset(server, params, expected):
    r = get(server, INFERRED_ONLY, "application/sparql-results+json", **params)
    assert r.status_code == 200 and r.json()["boolean"] is expected


def test_from_and_from_named_select_local_graphs(server):
    asked = "ASK FROM <%s> { id:united-nations seckg:exemplifies id:indivisibility-of-security }"
    assert get(server, asked % ASSERTED_GRAPH, "application/sparql-results+json").json()["boolean"] is False
    assert get(server, asked % INFERRED_GRAPH, "application/sparql-results+json").json()["boolean"] is True
    named = ("SELECT DISTINCT ?g FROM NAMED <%s> FROM NAMED <%s> WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
             % (ASSERTED_GRAPH, INFERRED_GRAPH))
    rows = get(server, named, "application/sparql-results+json").json()["results"]["bindings"]
    assert [b["g"]["value"] for b in rows] == [str(ASSERTED_GRAPH), str(INFERRED_GRAPH)]


def test_protocol_dataset_overrides_from(server):
    query = f"ASK FROM <{ASSERTED_GRAPH}> {{ id:united-nations seckg:exemplifies id:indivisibility-of-security }}"
    r = get(server, query, "application/sparql-results+json", **{"default-graph-uri": str(INFERRED_GRAPH)})
    assert r.json()["boolean"] is True


# --- the service description --------------------------------------------------------------


def test_service_description(server, fixture_build):
    with server.client() as c:
        r = c.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    service = URIRef(server.url + "/sparql")
    sd = lambda local: URIRef(SD + local)  # noqa: E731
    assert (service, RDF.type, sd("Service")) in g
    assert (service, sd("endpoint"), service) in g
    assert (service, sd("supportedLanguage"), sd("SPARQL11Query")) in g
    assert (service, sd("feature"), sd("UnionDefaultGraph")) in g
    formats = {str(f).rpartition("/")[2] for f in g.objects(service, sd("resultFormat"))}
    assert {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
            "Turtle", "N-Triples", "JSON-LD"} <= formats
    named = {str(g.value(n, sd("name"))) for n in g.objects(None, sd("namedGraph"))}
    assert named == {str(ASSERTED_GRAPH), str(INFERRED_GRAPH)}


def test_service_description_for_a_browser_is_the_query_page(server):
    with server.client() as c:
        r = c.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 303 and r.headers["location"] == "/query"


# --- row cap ---------------------------------------------------------------------------------


def test_truncated_select_says_so(limited_server):
    r = get(limited_server, "SELECT ?e WHERE { ?e skos:prefLabel ?l } ORDER BY ?e", "application/sparql-results+json")
    assert r.status_code == 200
    assert r.headers["results-truncated"] == "2"
    assert len(r.json()["results"]["bindings"]) == 2


def test_untruncated_select_has_no_header(limited_server):
    r = get(limited_server, TREATIES, "application/sparql-results+json")
    assert "results-truncated" not in r.headers
    assert len(r.json()["results"]["bindings"]) == 2


def test_truncated_construct_says_so(limited_server):
    r = get(limited_server, "CONSTRUCT WHERE { ?e skos:prefLabel ?l }", "application/n-triples")
    assert r.headers["results-truncated"] == "2"
    assert len(Graph().parse(data=r.text, format="nt")) == 2
