"""Fixtures shared by the whole suite.

The two real builds are expensive (HermiT, pySHACL): each is made once per
session into its own temporary folder and must be treated as read-only. A
test that needs to change a build copies its files first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph

from kg.assemble import load_ontology
from kg.export import FORMATS
from kg.paths import DOCUMENTS_DIR
from kg.pipeline import BuildResult, build

TESTS_DATA = Path(__file__).resolve().parent / "data"
SEED = DOCUMENTS_DIR / "indivisibility-of-security.txt"
EXPORT_FILES = tuple(FORMATS.values())  # kg.ttl, kg.nt, kg.jsonld, kg.trig


@dataclass(frozen=True)
class Built:
    """A finished build: the folder ``kg build`` wrote and the in-memory result."""

    out: Path
    result: BuildResult

    @property
    def graph(self) -> Graph:
        """The asserted graph (ontology + instances + provenance)."""
        return self.result.graph

    @property
    def inferred(self) -> Graph:
        return self.result.inferred

    def read(self, name: str) -> bytes:
        return (self.out / name).read_bytes()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Built:
    """The seed article (data/documents/indivisibility-of-security.txt), built once."""
    out = tmp_path_factory.mktemp("seed-build")
    return Built(out, build([SEED], out))  # the real pipeline: HermiT and SHACL included


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory) -> Built:
    """The whole corpus (every article of data/documents), built once."""
    out = tmp_path_factory.mktemp("corpus-build")
    return Built(out, build([DOCUMENTS_DIR], out))


@pytest.fixture(scope="session")
def ontology() -> Graph:
    """ontology/seckg.ttl, parsed once. Read-only: copy it (``ontology_copy``) to add triples."""
    return load_ontology()


@pytest.fixture
def ontology_copy(ontology) -> Graph:
    """A fresh graph holding the ontology, for a test to add its own instances to."""
    g = Graph()
    for prefix, ns in ontology.namespaces():
        g.bind(prefix, ns)
    g += ontology
    return g
