"""Named queries: exact answers on the seed, parameters bound (never pasted), refusals."""

from __future__ import annotations

import pytest

from kg.errors import ForbiddenQuery, MissingParameter, QueryError, UnknownQuery, UnresolvedParameter
from kg.pipeline import build
from kg.query import check_query, load_named_queries, run_named, run_sparql
from kg.render import term_text
from kg.store import load_build

from .kgtest import SEED


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed-build")
    build([SEED], out)
    return load_build(out)


def rows(result):
    return [tuple(term_text(v) for v in row) for row in result.rows]


def test_every_named_query_has_a_header_and_order_by():
    queries = load_named_queries()
    assert set(queries) >= {"derived-from", "exemplifies", "contrasts", "misconceptions", "timeline", "evidence", "describe"}
    for q in queries.values():
        assert q.question and q.examples, q.name
        assert "ORDER BY" in q.text and "PREFIX" in q.text, q.name
        for p in q.parameters:
            assert f"?{p.name}" in q.text, (q.name, p.name)
    assert queries["derived-from"].parameter_names == ("concept",)
    assert queries["exemplifies"].parameter_names == ("concept",)
    assert queries["evidence"].parameter_names == ("subject", "object")


def test_derived_from(seed):
    assert rows(run_named(seed, "derived-from", {"concept": "Indivisibility of Security"})) == [
        ("id:collective-security", "Collective Security", "Indivisibility of Security")]


def test_exemplifies_includes_sub_properties(seed):
    assert rows(run_named(seed, "exemplifies", {"concept": "indivisibility of security"})) == [
        ("id:helsinki-accords", "Helsinki Accords", "Treaty", "exemplifies"),
        ("id:organization-for-security-and-co-operation-in-europe", "Organization for Security and Co-operation in Europe",
         "Institution", "reflects"),
        ("id:united-nations", "United Nations", "Institution", "embodies"),
    ]


def test_parameter_by_iri_gives_the_same_answer(seed):
    by_label = rows(run_named(seed, "exemplifies", {"concept": "Indivisibility of Security"}))
    by_iri = rows(run_named(seed, "exemplifies", {"concept": "https://w3id.org/seckg/id/indivisibility-of-security"}))
    by_curie = rows(run_named(seed, "exemplifies", {"concept": "id:indivisibility-of-security"}))
    assert by_label == by_iri == by_curie


def test_contrasts_is_symmetric_and_listed_once(seed):
    assert rows(run_named(seed, "contrasts")) == [
        ("id:collective-security", "Collective Security", "id:indivisibility-of-security", "Indivisibility of Security")]


def test_misconceptions_with_corrections(seed):
    result = rows(run_named(seed, "misconceptions"))
    assert [(r[1], r[3][:40], r[4][:30]) for r in result] == [
        ("Indivisibility of Security", "A common misunderstanding is that indivi", "Instead, it means that securit"),
        ("Indivisibility of Security", "Another misconception is that it elimina", "rather, it encourages states t"),
    ]


def test_timeline(seed):
    assert rows(run_named(seed, "timeline")) == [("1975", "id:helsinki-accords", "Helsinki Accords", "Treaty")]


def test_evidence_gives_sentence_offsets_and_rule(seed):
    result = rows(run_named(seed, "evidence", {"subject": "Collective Security", "object": "Indivisibility of Security"}))
    assert [(r[0], r[1], r[2], r[4], r[5], r[6], r[7]) for r in result] == [
        ("contrasts with", "data/documents/indivisibility-of-security.txt", "Indivisibility of Security vs Collective Security",
         "1416", "1465", "Collective Security", "relation/contrastsWith/versus-heading"),
        ("derived from", "data/documents/indivisibility-of-security.txt", "Indivisibility of Security vs Collective Security",
         "1783", "1921", "derived from", "relation/derivedFrom/derived-from"),
    ]
    assert result[1][3].endswith("while collective security is a mechanism derived from that understanding.")


def test_describe_card(seed):
    result = rows(run_named(seed, "describe", {"entity": "Helsinki Final Act"}))
    assert ("out", "exemplifies", "id:indivisibility-of-security", "Indivisibility of Security") in result
    assert ("out", "has historical context", "id:cold-war", "Cold War") in result
    assert ("out", "year", "1975", "") in result
    assert ("in", "exemplified by", "id:indivisibility-of-security", "Indivisibility of Security") in result
    assert ("out", "rdf:type", "seckg:Treaty", "") in result


def test_values_are_bound_not_pasted(seed):
    hostile = 'x" } } UNION { ?s ?p ?o } #'
    with pytest.raises(UnresolvedParameter, match="no entity is labelled"):
        run_named(seed, "exemplifies", {"concept": hostile})
    # bound as a value, a hostile string is just a string: no rows, no syntax error
    from rdflib import Literal
    result = run_sparql(seed, "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?x } ORDER BY ?s",
                        {"x": Literal(hostile)})
    assert result.rows == []


def test_missing_and_unknown(seed):
    with pytest.raises(MissingParameter, match=r"needs --param concept=.*concept \(the concept or mechanism"):
        run_named(seed, "exemplifies", {})
    with pytest.raises(UnknownQuery, match="unknown query 'nope'; known queries: contrasts"):
        run_named(seed, "nope", {})
    with pytest.raises(QueryError, match="has no parameter 'colour'"):
        run_named(seed, "timeline", {"colour": "red"})


@pytest.mark.parametrize("text,error,message", [
    ("SELECT ?s WHERE { ?s ?p }", QueryError, "SPARQL syntax error"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", ForbiddenQuery, "SERVICE is not allowed"),
    ("SELECT * FROM <http://127.0.0.1:9/x.ttl> WHERE { ?s ?p ?o }", ForbiddenQuery, "FROM / FROM NAMED is not allowed"),
    ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }", ForbiddenQuery, "FROM / FROM NAMED"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", ForbiddenQuery, "updates are not allowed"),
    ("LOAD <http://127.0.0.1:9/x.ttl>", ForbiddenQuery, "updates are not allowed"),
    ("PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }", ForbiddenQuery, "updates are not allowed"),
])
def test_refused_before_running(text, error, message):
    with pytest.raises(error, match=message):
        check_query(text)
