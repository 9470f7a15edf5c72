"""Every fact from a document leads, by SPARQL, to its sentence; every offset is checked against the source."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kg.query import run_sparql

from .kgtest import CORPUS, ROOT, build_graph

PREFIXES = """
PREFIX seckg: <https://w3id.org/seckg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

EVIDENCE = PREFIXES + """
SELECT ?evidence ?file ?sha ?exact ?start ?end ?cue ?cueStart ?cueEnd ?section ?rule WHERE {
  ?evidence a seckg:Evidence ;
      seckg:statedIn ?sentence ; seckg:cue ?cue ; seckg:cueStart ?cueStart ; seckg:cueEnd ?cueEnd ;
      seckg:extractedBy/rdfs:label ?rule .
  ?sentence seckg:section ?section ; oa:hasSource ?article .
  ?sentence oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end .
  ?sentence oa:hasSelector ?q . ?q oa:exact ?exact .
  ?article seckg:sourceFile ?file ; seckg:sha256 ?sha .
}
"""


@pytest.fixture(scope="module")
def corpus():
    return build_graph(CORPUS)


def test_every_offset_reproduces_its_text_from_the_source_file(corpus):
    rows = run_sparql(corpus, EVIDENCE).rows
    assert len(rows) == 102  # every piece of evidence of the dev corpus, each checked below
    sources: dict[str, str] = {}
    for ev, file, sha, exact, start, end, cue, cue_start, cue_end, section, rule in rows:
        path = Path(str(file))
        path = path if path.is_absolute() else ROOT / path
        if str(file) not in sources:
            data = path.read_bytes()
            assert hashlib.sha256(data).hexdigest() == str(sha)
            sources[str(file)] = data.decode("utf-8")
        text = sources[str(file)]
        assert text[int(start):int(end)] == str(exact), ev
        assert text[int(cue_start):int(cue_end)] == str(cue), ev
        assert int(start) <= int(cue_start) <= int(cue_end) <= int(end), ev
        assert str(section) and str(rule)


def test_every_relation_leads_to_its_sentence_by_sparql(corpus):
    query = PREFIXES + """
    SELECT ?s ?p ?o (COUNT(?sentence) AS ?n) WHERE {
      ?s ?p ?o .
      FILTER (?p IN (seckg:derivedFrom, seckg:exemplifies, seckg:embodies, seckg:reflects, seckg:illustrates,
                     seckg:contrastsWith, seckg:partOf, seckg:hasHistoricalContext, seckg:misconceptionAbout))
      OPTIONAL { ?e seckg:factSubject ?s ; seckg:factPredicate ?p ; seckg:factObject ?o ; seckg:statedIn ?sentence . }
    } GROUP BY ?s ?p ?o
    """
    rows = run_sparql(corpus, query).rows
    assert len(rows) == 33
    assert [r for r in rows if int(r[3]) == 0] == []


def test_a_relation_in_two_articles_has_both_pieces_of_evidence(corpus):
    query = PREFIXES + """
    SELECT ?title WHERE {
      ?s seckg:derivedFrom ?o .
      ?s rdfs:label "Collective Security"@en . ?o rdfs:label "Indivisibility of Security"@en .
      ?e seckg:factSubject ?s ; seckg:factPredicate seckg:derivedFrom ; seckg:factObject ?o ;
         seckg:statedIn/oa:hasSource/dcterms:title ?title .
    } ORDER BY ?title
    """
    assert [str(r[0]) for r in run_sparql(corpus, query).rows] == ["Collective Security", "Indivisibility of Security"]


def test_evidence_names_section_and_rule_of_a_known_fact(corpus):
    query = PREFIXES + """
    SELECT ?section ?cue ?rule ?exact WHERE {
      ?e seckg:factPredicate seckg:reflects ; seckg:cue ?cue ; seckg:extractedBy/rdfs:label ?rule ;
         seckg:statedIn ?s .
      ?s seckg:section ?section ; oa:hasSelector/oa:exact ?exact .
    } ORDER BY ?cue
    """
    rows = [tuple(map(str, r)) for r in run_sparql(corpus, query).rows]
    assert rows[0][:3] == ("Real-World Examples", "reflecting", "relation/reflects/reflects")
    assert rows[0][3].startswith("One clear example is the Organization for Security and Co-operation in Europe (OSCE)")
