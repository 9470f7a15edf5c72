"""The W3C SPARQL 1.1 Protocol test suite, read from its manifest, against a server holding its data.

Query tests run as written. This endpoint is read-only, so in the update
tests every update request must be refused (4xx) and leave the data as it
was; the follow-up queries that check an update's effect do not apply.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF

from .conftest import W3C

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
MANIFEST = W3C / "manifest.ttl"

RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
             "application/rdf+xml": "xml"}


@dataclass(frozen=True)
class ProtocolRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[int]  # acceptable status classes: 2 for 2xx, ...
    format: str | None  # "boolean", "tabular" or "RDF"
    boolean: bool | None

    @property
    def is_query(self) -> bool:
        direct = self.headers.get("content-type", "").startswith("application/sparql-query")
        return direct or (self.body or b"").startswith(b"query=") or "query=" in self.path


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    requests: tuple[ProtocolRequest, ...]

    @property
    def is_update_test(self) -> bool:
        return "update" in self.name


def _request(g: Graph, node) -> ProtocolRequest:
    headers = {}
    if (node, HT.headers, None) in g:
        for header in Collection(g, g.value(node, HT.headers)):
            headers[str(g.value(header, HT.fieldName)).lower()] = str(g.value(header, HT.fieldValue))
    body = None
    if (node, HT.body, None) in g:
        content = g.value(node, HT.body)
        encoding = str(g.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(g.value(content, CNT.chars)).encode(encoding)
    response = g.value(node, HT.resp)
    statuses = frozenset(int(str(s).rpartition("StatusCode")[2][0]) for s in g.objects(response, MF.expectedStatus))
    expected_format = g.value(response, MF.expectedFormat)
    expected_boolean = g.value(response, MF.expectedBoolean)
    return ProtocolRequest(str(g.value(node, HT.methodName)), str(g.value(node, HT.absolutePath)), headers, body,
                           statuses, str(expected_format) if expected_format else None,
                           expected_boolean.toPython() if expected_boolean is not None else None)


def load_tests() -> list[ProtocolTest]:
    if not MANIFEST.is_file():
        return []
    g = Graph().parse(MANIFEST, format="turtle")
    manifest = g.value(predicate=RDF.type, object=MF.Manifest)
    tests = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        action = g.value(entry, MF.action)
        requests = tuple(_request(g, r) for r in Collection(g, g.value(action, HT.requests)))
        tests.append(ProtocolTest(str(entry).rpartition("#")[2], requests))
    return tests


TESTS = load_tests()


def test_the_suite_is_all_there():
    assert len(TESTS) == 34
    assert sum(not t.is_update_test for t in TESTS) == 20


def check_format(response, request: ProtocolRequest) -> None:
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    if request.format == "boolean":
        if media_type == "application/sparql-results+json":
            answer = json.loads(response.content)["boolean"]
        else:
            assert media_type == "application/sparql-results+xml", media_type
            element = ET.fromstring(response.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
            answer = element.text == "true"
        assert isinstance(answer, bool)
        if request.boolean is not None:
            assert answer is request.boolean
    elif request.format == "tabular":
        assert media_type in RESULT_TYPES, media_type
    elif request.format == "RDF":
        assert media_type in RDF_TYPES, media_type
        Graph().parse(data=response.content, format=RDF_TYPES[media_type])


def dataset_is_intact(client) -> bool:
    query = ("ASK { GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { ?a a ?t } "
             "GRAPH <http://kasei.us/2009/09/sparql/data/data2.rdf> { ?b a ?t } "
             "GRAPH <http://kasei.us/2009/09/sparql/data/data3.rdf> { ?c a ?t } "
             "FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } FILTER (?s NOT IN (?a, ?b, ?c)) } }")
    r = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    return r.json()["boolean"] is True


@pytest.mark.parametrize("case", [t for t in TESTS if not t.is_update_test], ids=lambda t: t.name)
def test_query_side(w3c_server, case):
    with w3c_server.client() as c:
        for request in case.requests:
            r = c.request(request.method, request.path, headers=request.headers, content=request.body)
            assert r.status_code // 100 in request.statuses, (request, r.status_code, r.text)
            if r.status_code < 300 and request.format:
                check_format(r, request)


@pytest.mark.parametrize("case", [t for t in TESTS if t.is_update_test], ids=lambda t: t.name)
def test_updates_are_refused(w3c_server, case):
    updates = [r for r in case.requests if not r.is_query]  # the rest check an update's effect
    assert updates, "every update test starts with an update request"
    with w3c_server.client() as c:
        for request in updates:
            r = c.request(request.method, request.path, headers=request.headers, content=request.body)
            assert r.status_code // 100 == 4, (request, r.status_code, r.text)
        assert dataset_is_intact(c)
