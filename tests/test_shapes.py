"""ontology/shapes.ttl: every shape passes good data and fires, alone and exactly, on broken data.

The cases are folders of tests/data/shapes/ in the W3C SHACL test suite's
manner: ``data.ttl`` (validated together with the ontology, so ``sh:class``
sees the ontology's sub-classes) and ``expected.json``::

    {"shape": "<the shape the case is about>", "description": "...", "conforms": false,
     "results": [{"shape": ..., "severity": "Violation", "focus": ..., "path": ..., "message": ...}]}

A shape added to shapes.ttl without a conforming and a broken case fails
``test_every_shape_has_a_conforming_and_a_broken_case``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from kg.assemble import load_ontology
from kg.validate import ValidationReport, load_shapes, validate

CASES_DIR = Path(__file__).resolve().parent / "data" / "shapes"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())
SHAPES = load_shapes()
NODE_SHAPES = sorted(str(s) for s in SHAPES.subjects(RDF.type, SH.NodeShape))


def expected(case: str) -> dict:
    return json.loads((CASES_DIR / case / "expected.json").read_text(encoding="utf-8"))


def case_graph(case: str) -> Graph:
    g = load_ontology()
    g.parse(CASES_DIR / case / "data.ttl", format="turtle")
    return g


@lru_cache(maxsize=None)
def case_report(case: str) -> ValidationReport:
    return validate(case_graph(case), SHAPES)


def ordered(results: list[dict]) -> list[dict]:
    return sorted(results, key=lambda d: json.dumps(d, sort_keys=True))


def as_dicts(report: ValidationReport) -> list[dict]:
    return ordered([{"shape": r.shape, "severity": r.severity.value, "focus": r.focus, "path": r.path,
                     "message": r.message} for r in report.results])


def focus_nodes(shape: URIRef, data: Graph) -> set:
    """The nodes ``shape`` targets in ``data`` (SHACL 2.1.3; sh:targetClass includes sub-classes)."""
    nodes = set(SHAPES.objects(shape, SH.targetNode))
    for cls in SHAPES.objects(shape, SH.targetClass):
        for sub in data.transitive_subjects(RDFS.subClassOf, cls):
            nodes |= set(data.subjects(RDF.type, sub))
    for prop in SHAPES.objects(shape, SH.targetSubjectsOf):
        nodes |= set(data.subjects(prop, None))
    for prop in SHAPES.objects(shape, SH.targetObjectsOf):
        nodes |= set(data.objects(None, prop))
    return nodes


@pytest.mark.parametrize("shape", NODE_SHAPES, ids=lambda s: s.rsplit("#", 1)[-1])
def test_every_shape_has_a_conforming_and_a_broken_case(shape):
    kinds = {expected(c)["conforms"] for c in CASES if expected(c)["shape"] == shape}
    assert kinds == {True, False}, f"tests/data/shapes/ needs a conforming and a broken case for {shape}"


@pytest.mark.parametrize("case", CASES)
def test_case_is_about_one_shape_of_shapes_ttl(case):
    """A case names a shape that exists, and a broken case expects that shape alone to fire."""
    want = expected(case)
    assert want["shape"] in NODE_SHAPES
    assert want["conforms"] is (want["results"] == [])
    assert {r["shape"] for r in want["results"]} <= {want["shape"]}


@pytest.mark.parametrize("case", CASES)
def test_shape_case(case):
    want = expected(case)
    report = case_report(case)
    assert as_dicts(report) == ordered(want["results"])
    assert report.conforms is want["conforms"]


@pytest.mark.parametrize("case", [c for c in CASES if expected(c)["conforms"]])
def test_conforming_case_gives_its_shape_something_to_check(case):
    """A conforming case whose data the shape does not target would prove nothing."""
    assert focus_nodes(URIRef(expected(case)["shape"]), case_graph(case))


@pytest.mark.parametrize("build", ["seed_build", "corpus_build"])
def test_built_graph_conforms(request, build):
    """The report kg.pipeline.build made with these shapes over the asserted graph: no results at all."""
    report = request.getfixturevalue(build).result.report
    assert [str(r) for r in report.results] == []
    assert report.conforms is True
