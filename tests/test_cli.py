"""The ``kg`` command as a user runs it: the venv's console script, in a subprocess.

Errors are one line on stderr with a non-zero exit status and no traceback
(unless ``--verbose``); outputs in json/csv/nt are what other programs parse.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from kg.query import describe_parameters, get_named_query, run_named
from kg.store import load_build
from kg.vocab import ASSERTED_GRAPH, ID

KG = Path(sys.executable).parent / "kg"  # the console script installed next to this interpreter
EXAMPLES = {"Helsinki Accords", "Organization for Security and Co-operation in Europe", "United Nations"}


def kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    # the timeout only stops a hung process from stalling the suite; it is not a speed check
    return subprocess.run([str(KG), *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300)


def assert_one_line_error(proc: subprocess.CompletedProcess, status: int, *fragments: str) -> str:
    lines = proc.stderr.splitlines()
    assert proc.returncode == status, proc.stderr
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


@pytest.mark.parametrize("command", ["build", "query", "sparql", "validate", "export", "eval"])
def test_help_of_each_command_shows_an_example(command):
    proc = kg(command, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "Example" in proc.stdout
    assert f"kg {command}" in proc.stdout.split("Example", 1)[1]


# --- kg query / kg sparql: refusals ---------------------------------------------------------


def test_query_without_its_parameter_lists_the_parameters(seed_build):
    proc = kg("query", "exemplifies", "--build", seed_build.out)
    parameters = describe_parameters(get_named_query("exemplifies"))
    assert_one_line_error(proc, 2, "--param concept=", f"parameters: {parameters}")


def test_unknown_query_name(seed_build):
    proc = kg("query", "no-such-query", "--build", seed_build.out)
    line = assert_one_line_error(proc, 2, "unknown query 'no-such-query'")
    assert "exemplifies" in line  # the known queries are listed


@pytest.mark.parametrize("text, fragments", [
    ("SELECT ?x WHERE { ?x ", ("SPARQL syntax error", "line 1")),
    ("PREFIX seckg: <https://w3id.org/seckg/ontology#>\nSELECT ?s\nWHERE {\n  ?s seckg:partOf ?o ?x .\n}",
     ("SPARQL syntax error", "line 4")),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", ("SERVICE is not allowed",)),
    ("SELECT * FROM <http://example.org/graph> WHERE { ?s ?p ?o }", ("FROM / FROM NAMED is not allowed",)),
    ("SELECT * FROM NAMED <http://example.org/graph> WHERE { GRAPH ?g { ?s ?p ?o } }",
     ("FROM / FROM NAMED is not allowed",)),
    ("INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
     ("updates are not allowed",)),
], ids=["syntax", "syntax-line-4", "service", "from", "from-named", "update"])
def test_sparql_refusals(seed_build, text, fragments):
    assert_one_line_error(kg("sparql", text, "--build", seed_build.out), 2, *fragments)


@pytest.mark.parametrize("value", [
    'Bob\'s "x"',
    'x" } UNION { ?example ?p ?o } #',
    "x' . ?s ?p ?o . FILTER('1'='1",
])
def test_parameter_values_are_bound_not_pasted(seed_build, value):
    proc = kg("query", "exemplifies", "--param", f"concept={value}", "--build", seed_build.out)
    line = assert_one_line_error(proc, 2, "no entity is labelled")
    assert "syntax" not in line.lower()
    assert proc.stdout == ""


# --- kg query: output formats ---------------------------------------------------------------


def exemplifies(seed_build, fmt: str) -> subprocess.CompletedProcess:
    proc = kg("query", "exemplifies", "--param", "concept=Indivisibility of Security", "--format", fmt,
              "--build", seed_build.out)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return proc


@pytest.fixture(scope="module")
def exemplifies_variables(seed_build) -> list[str]:
    """The columns of queries/exemplifies.rq, from the library (the CLI must print the same)."""
    return run_named(load_build(seed_build.out), "exemplifies", {"concept": "Indivisibility of Security"}).variables


def test_query_json_is_sparql_results_json(seed_build, exemplifies_variables):
    doc = json.loads(exemplifies(seed_build, "json").stdout)
    assert doc["head"]["vars"] == exemplifies_variables
    assert exemplifies_variables[:2] == ["example", "exampleLabel"]
    bindings = doc["results"]["bindings"]
    assert [b["exampleLabel"]["value"] for b in bindings] == sorted(EXAMPLES, key=str.lower)
    assert {b["example"]["type"] for b in bindings} == {"uri"}
    un = next(b for b in bindings if b["exampleLabel"]["value"] == "United Nations")
    assert un["example"]["value"] == str(ID["united-nations"])
    assert un["exampleLabel"]["xml:lang"] == "en"


def test_query_csv_has_the_variables_as_header(seed_build, exemplifies_variables):
    rows = list(csv.reader(io.StringIO(exemplifies(seed_build, "csv").stdout)))
    assert rows[0] == exemplifies_variables
    assert [r[1] for r in rows[1:]] == sorted(EXAMPLES, key=str.lower)


def test_query_table_ends_with_the_row_count(seed_build):
    lines = exemplifies(seed_build, "table").stdout.splitlines()
    assert lines[-1] == "(3 rows)"


# --- kg build: unreadable articles ------------------------------------------------------------

BAD_DOCUMENTS = {
    "latin-1.txt": ("Sécurité collective\nUne définition.\n".encode("latin-1"), "is not UTF-8 text"),
    "empty.txt": (b"", "is empty"),
    "no-title.txt": (b"This article starts with a whole sentence instead of a title, which is wrong.\n"
                     b"Updated April 23, 2026\n", "has no title"),
}


@pytest.mark.parametrize("name", sorted(BAD_DOCUMENTS))
def test_build_refuses_an_unreadable_article_in_one_line(tmp_path, name):
    content, problem = BAD_DOCUMENTS[name]
    (tmp_path / name).write_bytes(content)
    proc = kg("build", name, "--out", "out", cwd=tmp_path)
    line = assert_one_line_error(proc, 1, name, problem)
    assert line.startswith(f"kg: error: {name}")
    assert not (tmp_path / "out").exists(), "a failed build must not write output"


def test_verbose_shows_the_traceback(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = kg("--verbose", "build", "empty.txt", "--out", "out", cwd=tmp_path)
    assert proc.returncode != 0
    assert "Traceback (most recent call last)" in proc.stderr
    assert proc.stderr.rstrip().splitlines()[-1] == "kg.errors.DocumentError: empty.txt: is empty"


# --- kg validate ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["kg.trig", "kg.ttl", "kg.nt", "kg.jsonld"])
def test_validate_the_seed_build(seed_build, name):
    """Any of the exported files validates (the help's own example is ``kg validate build/kg.ttl``)."""
    proc = kg("validate", seed_build.out / name)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1].endswith("SHACL conforms; 3 checks; 0 violation(s), 0 warning(s)")


def test_validate_a_broken_build(seed_build, tmp_path):
    un = ID["united-nations"]
    ds = load_build(seed_build.out)
    ds.graph(ASSERTED_GRAPH).remove((un, SKOS.prefLabel, None))
    path = tmp_path / "kg.trig"
    ds.serialize(path, format="trig")
    proc = kg("validate", path)
    # severity, the focus node's label (rdfs:label when the prefLabel is missing), path, message
    assert "Violation: United Nations <https://w3id.org/seckg/id/united-nations> skos:prefLabel: " \
           "needs exactly one English skos:prefLabel" in proc.stdout.splitlines()
    assert_one_line_error(proc, 1, str(path), "1 violation(s)")


# --- kg export ------------------------------------------------------------------------------


def test_export_nt_to_stdout_parses_to_the_built_graph(seed_build):
    proc = subprocess.run([str(KG), "export", "--format", "nt", "--build", str(seed_build.out)],
                          capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert isomorphic(Graph().parse(data=proc.stdout.decode("utf-8"), format="nt"), seed_build.graph)
