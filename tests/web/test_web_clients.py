"""Real clients against the endpoint: SPARQLWrapper and the curl command line."""

from __future__ import annotations

import json
import shutil
import subprocess
from urllib.error import HTTPError

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

from kg.vocab import ID, SECKG

PREFIXES = ("PREFIX seckg: <https://w3id.org/seckg/ontology#>\n"
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n")
YEARS = PREFIXES + "SELECT ?t ?year WHERE { ?t a seckg:Treaty ; seckg:year ?year } ORDER BY ?year"
YEARS_CSV = f"t,year\r\n{ID['helsinki-accords']},1975\r\n{ID['script-pact']},1999\r\n"
TREATY_GRAPH = PREFIXES + "CONSTRUCT { ?t seckg:year ?y } WHERE { ?t a seckg:Treaty ; seckg:year ?y }"


def treaty_graph() -> Graph:
    g = Graph()
    g.add((ID["helsinki-accords"], SECKG.year, Literal("1975", datatype=XSD.gYear)))
    g.add((ID["script-pact"], SECKG.year, Literal("1999", datatype=XSD.gYear)))
    return g


@pytest.fixture
def wrapper(server, monkeypatch):
    monkeypatch.setenv("no_proxy", "*")  # urllib must not send 127.0.0.1 through a proxy
    monkeypatch.setenv("NO_PROXY", "*")

    def make(query: str, fmt, method=None) -> SPARQLWrapper:
        sw = SPARQLWrapper(server.url + "/sparql")
        sw.setQuery(query)
        sw.setReturnFormat(fmt)
        if method == POSTDIRECTLY:
            sw.setMethod(POST)
            sw.setRequestMethod(POSTDIRECTLY)
        elif method:
            sw.setMethod(method)
        return sw

    return make


# --- SPARQLWrapper ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", [None, POST, POSTDIRECTLY])
def test_sparqlwrapper_select_json(wrapper, method):
    result = wrapper(YEARS, JSON, method).queryAndConvert()
    assert [(b["t"]["value"], b["year"]["value"], b["year"]["datatype"]) for b in result["results"]["bindings"]] == [
        (str(ID["helsinki-accords"]), "1975", str(XSD.gYear)),
        (str(ID["script-pact"]), "1999", str(XSD.gYear)),
    ]


def test_sparqlwrapper_select_xml(wrapper):
    doc = wrapper(YEARS, XML).queryAndConvert()
    assert [n.firstChild.data for n in doc.getElementsByTagName("literal")] == ["1975", "1999"]


def test_sparqlwrapper_select_csv_and_tsv(wrapper):
    assert wrapper(YEARS, CSV).queryAndConvert().decode() == YEARS_CSV
    assert wrapper(YEARS, TSV).queryAndConvert().decode() == (
        f"?t\t?year\n<{ID['helsinki-accords']}>\t\"1975\"^^<{XSD.gYear}>\n"
        f"<{ID['script-pact']}>\t\"1999\"^^<{XSD.gYear}>\n")


def test_sparqlwrapper_ask(wrapper):
    assert wrapper(PREFIXES + "ASK { ?t a seckg:Treaty }", JSON).queryAndConvert()["boolean"] is True
    unlabelled = wrapper(PREFIXES + "ASK { ?t a seckg:Misconception ; skos:prefLabel ?l }", JSON)
    assert unlabelled.queryAndConvert()["boolean"] is False


@pytest.mark.parametrize("fmt, rdflib_format", [(TURTLE, "turtle"), (N3, "turtle"), (JSONLD, "json-ld")])
def test_sparqlwrapper_construct(wrapper, fmt, rdflib_format):
    converted = wrapper(TREATY_GRAPH, fmt).queryAndConvert()
    g = converted if isinstance(converted, Graph) else Graph().parse(data=converted, format=rdflib_format)
    assert isomorphic(g, treaty_graph())


def test_sparqlwrapper_describe(wrapper):
    g = wrapper(PREFIXES + "DESCRIBE <https://w3id.org/seckg/id/cold-war>", TURTLE).queryAndConvert()
    g = Graph().parse(data=g, format="turtle")
    assert (ID["cold-war"], RDF.type, SECKG.HistoricalEvent) in g


def test_sparqlwrapper_update_is_refused(wrapper):
    sw = wrapper("INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }", JSON, POST)
    with pytest.raises(HTTPError) as refused:
        sw.query()
    assert refused.value.code == 403
    assert wrapper("ASK { <http://example.org/s> ?p ?o }", JSON).queryAndConvert()["boolean"] is False


# --- curl ----------------------------------------------------------------------------------------

needs_curl = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


def curl(*args: str, stdin: str | None = None) -> str:
    """curl's output, line endings untouched (CSV answers end lines with CRLF)."""
    done = subprocess.run(["curl", "-sS", "--noproxy", "*", "--max-time", "30", *args],
                          input=stdin.encode() if stdin is not None else None, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


@needs_curl
def test_curl_get_json(server):
    out = curl("-G", server.url + "/sparql", "--data-urlencode", f"query={YEARS}",
               "-H", "Accept: application/sparql-results+json")
    assert [b["year"]["value"] for b in json.loads(out)["results"]["bindings"]] == ["1975", "1999"]


@needs_curl
def test_curl_post_form_and_direct(server):
    form = curl(server.url + "/sparql", "--data-urlencode", f"query={YEARS}", "-H", "Accept: text/csv")
    direct = curl(server.url + "/sparql", "-H", "Content-Type: application/sparql-query", "-H", "Accept: text/csv",
                  "--data-binary", "@-", stdin=YEARS)
    assert form == direct == YEARS_CSV


@needs_curl
def test_curl_status_codes(server):
    code = lambda *a: curl("-o", "/dev/null", "-w", "%{http_code}", *a)  # noqa: E731
    assert code("-G", server.url + "/sparql", "--data-urlencode", "query=SELECT * {") == "400"
    assert code("-G", server.url + "/sparql", "--data-urlencode", "query=ASK {}", "-H", "Accept: text/csv") == "406"
    assert code(server.url + "/sparql", "--data-urlencode", "update=CLEAR ALL") == "403"
    update = ("-H", "Content-Type: application/sparql-update", "--data-binary", "CLEAR ALL")
    assert code(server.url + "/sparql", *update) == "403"


@needs_curl
def test_curl_linked_data(server):
    turtle = curl("-H", "Accept: text/turtle", server.url + "/id/helsinki-accords")
    g = Graph().parse(data=turtle, format="turtle")
    assert (ID["helsinki-accords"], SECKG.hasHistoricalContext, ID["cold-war"]) in g
    html = curl(server.url + "/id/helsinki-accords")  # curl sends */*: a page
    assert "<h1>Helsinki Accords</h1>" in html
