"""kg.export: reproducible bytes, lossless round trips, compact JSON-LD, a golden graph, atomic writes."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import shutil
import time
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

import kg.export
from kg.errors import DocumentError
from kg.export import load_context
from kg.paths import DOCUMENTS_DIR
from kg.pipeline import build
from kg.query import run_sparql
from kg.vocab import ASSERTED_GRAPH, INFERRED_GRAPH

from .conftest import EXPORT_FILES, SEED, TESTS_DATA, Built

GOLDEN = TESTS_DATA / "golden"


def assert_isomorphic(got: Graph, want: Graph) -> None:
    """Isomorphism, with the triples each side has alone when it fails."""
    if isomorphic(got, want):
        return
    _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
    show = lambda g: sorted(" ".join(t.n3() for t in triple) for triple in g)[:20]  # noqa: E731
    pytest.fail(f"graphs differ\nonly in the result: {show(only_got)}\nonly in the expectation: {show(only_want)}")


@pytest.fixture(scope="module")
def second_seed_build(tmp_path_factory):
    """Another build of the seed, in another folder, in this process.

    Without the HermiT check, which decides whether a build fails, never what it writes.
    """
    out = tmp_path_factory.mktemp("seed-build-again")
    return Built(out, build([SEED], out, consistency=False))


@pytest.mark.parametrize("name", EXPORT_FILES)
def test_two_builds_give_identical_bytes(seed_build, second_seed_build, name):
    assert seed_build.read(name) == second_seed_build.read(name)


@pytest.mark.parametrize("name, fmt", [("kg.ttl", "turtle"), ("kg.nt", "nt"), ("kg.jsonld", "json-ld")])
def test_export_parses_back_to_the_built_graph(seed_build, name, fmt):
    assert_isomorphic(Graph().parse(seed_build.out / name, format=fmt), seed_build.graph)


def trig_graphs(path: Path) -> tuple[Graph, Graph]:
    ds = Dataset()
    ds.parse(path, format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == {str(ASSERTED_GRAPH), str(INFERRED_GRAPH)}
    copy = lambda g: Graph() + g  # noqa: E731 - detach from the dataset
    return copy(ds.graph(ASSERTED_GRAPH)), copy(ds.graph(INFERRED_GRAPH))


def test_trig_holds_the_asserted_and_the_inferred_graph(seed_build):
    asserted, inferred = trig_graphs(seed_build.out / "kg.trig")
    assert_isomorphic(asserted, seed_build.graph)
    assert_isomorphic(inferred, seed_build.inferred)
    assert len(inferred) == len(seed_build.inferred) > 0


def test_turtle_export_holds_the_ontology(seed_build, ontology):
    """DESIGN: a consumer of build/kg.ttl can reason with it alone."""
    exported = Graph().parse(seed_build.out / "kg.ttl", format="turtle")
    named = {t for t in ontology if not any(isinstance(x, BNode) for x in t)}
    assert named - set(exported) == set()


@pytest.fixture(scope="module")
def jsonld(seed_build) -> dict:
    return json.loads(seed_build.read("kg.jsonld"))


def test_jsonld_context_is_inline_and_the_projects(jsonld):
    assert jsonld["@context"] == load_context()
    assert isinstance(jsonld["@context"], dict)


def node(jsonld: dict, compact_id: str) -> dict:
    (found,) = [n for n in jsonld["@graph"] if n.get("@id") == compact_id]
    return found


@pytest.mark.parametrize("compact_id, key, value", [
    ("id:united-nations", "@type", "Institution"),
    ("id:united-nations", "prefLabel", "United Nations"),
    ("id:united-nations", "embodies", "id:indivisibility-of-security"),
    ("id:collective-security", "@type", "Mechanism"),
    ("id:collective-security", "derivedFrom", "id:indivisibility-of-security"),
    ("id:collective-security", "contrastsWith", "id:indivisibility-of-security"),
    ("id:helsinki-accords", "exemplifies", "id:indivisibility-of-security"),
    ("id:helsinki-accords", "hasHistoricalContext", "id:cold-war"),
    ("id:helsinki-accords", "year", "1975"),
    ("id:indivisibility-of-security", "@type", "Concept"),
])
def test_jsonld_uses_the_compact_terms_of_the_context(jsonld, compact_id, key, value):
    assert node(jsonld, compact_id)[key] == value


def test_jsonld_has_no_expanded_seckg_keys(jsonld):
    keys = {k for n in jsonld["@graph"] for k in n}
    assert sorted(k for k in keys if k.startswith(("https://w3id.org/seckg/", "seckg:"))) == []


def test_seed_entities_match_the_golden_file(second_seed_build):
    query = (GOLDEN / "seed-entities.rq").read_text(encoding="utf-8")
    got = run_sparql(second_seed_build.graph, query).graph
    assert_isomorphic(got, Graph().parse(GOLDEN / "seed-entities.ttl", format="turtle"))


# --- atomicity ------------------------------------------------------------------------------


class SimulatedFailure(Exception):
    pass


def fail_third_call(real, only=lambda *args: True):
    """``real``, except that its third relevant call raises."""
    calls = []

    def wrapper(*args, **kwargs):
        if only(*args):
            calls.append(args)
            if len(calls) == 3:
                raise SimulatedFailure(f"simulated failure of call 3 to {real.__name__}")
        return real(*args, **kwargs)

    return wrapper


class FullDisk:
    """A file whose every write fails as on a full disk (the file itself has been created)."""

    def __init__(self, fh):
        self.fh = fh

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")


# Each failure: how to cause it (given monkeypatch, the output folder and a scratch folder;
# returns extra articles to build) and what the build raises.


def writing_fails_on_third_file(monkeypatch, out: Path, scratch: Path) -> list[Path]:
    monkeypatch.setattr(kg.export, "_write_format", fail_third_call(kg.export._write_format))
    return []


def disk_full_writing_third_file(monkeypatch, out: Path, scratch: Path) -> list[Path]:
    opened = []

    def fake_open(path, mode="r", *args, **kwargs):
        fh = open(path, mode, *args, **kwargs)
        if "w" in mode and Path(path).parent == out:
            opened.append(path)
            if len(opened) == 3:
                return FullDisk(fh)
        return fh

    monkeypatch.setattr(kg.export, "open", fake_open, raising=False)  # shadows the builtin in kg.export only
    return []


def rename_fails_on_third_file(monkeypatch, out: Path, scratch: Path) -> list[Path]:
    # kg.export.os is the os module itself: count only the renames into the output folder.
    monkeypatch.setattr(kg.export.os, "replace",
                        fail_third_call(os.replace, only=lambda src, dst: Path(dst).parent == out))
    return []


def document_not_utf8(monkeypatch, out: Path, scratch: Path) -> list[Path]:
    bad = scratch / "latin-1.txt"
    bad.write_bytes("Sécurité collective\nUne définition.\n".encode("latin-1"))
    return [bad]


FAILURES = {
    "writing-fails-on-third-file": (writing_fails_on_third_file, SimulatedFailure),
    "disk-full-writing-third-file": (disk_full_writing_third_file, OSError),
    "rename-fails-on-third-file": (rename_fails_on_third_file, SimulatedFailure),
    "document-not-utf8": (document_not_utf8, DocumentError),
}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def previous_build(seed_build, tmp_path) -> Path:
    """A folder holding the seed's export and a file of the user's."""
    out = tmp_path / "build"
    out.mkdir()
    for name in EXPORT_FILES:
        shutil.copyfile(seed_build.out / name, out / name)
    (out / "notes.txt").write_text("the user's own file: seckg must not touch it\n", encoding="utf-8")
    return out


@pytest.mark.parametrize("jobs", [1, 2], ids=["one-process", "with-helper"])  # 2: the export's helper process
@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_failed_build_leaves_the_previous_output_as_it_was(previous_build, tmp_path, monkeypatch, failure, jobs):
    before = snapshot(previous_build)
    cause, error = FAILURES[failure]
    # Another article: its output differs from the seed's, so a file written by mistake shows.
    documents = [DOCUMENTS_DIR / "peacekeeping.txt", *cause(monkeypatch, previous_build, tmp_path)]
    with pytest.raises(error):
        build(documents, previous_build, consistency=False, shacl=False, jobs=jobs)
    after = snapshot(previous_build)
    assert sorted(after) == sorted(before), "files were added (temporaries?) or removed"
    assert [name for name in before if after[name] != before[name]] == []


def test_successful_build_replaces_its_files_and_keeps_the_users(previous_build):
    before = snapshot(previous_build)
    build([DOCUMENTS_DIR / "peacekeeping.txt"], previous_build, consistency=False, shacl=False)
    after = snapshot(previous_build)
    assert sorted(after) == sorted([*EXPORT_FILES, "notes.txt"])
    assert [name for name in EXPORT_FILES if after[name] == before[name]] == []
    assert (previous_build / "notes.txt").read_text(encoding="utf-8").startswith("the user's own file")


def test_validation_failing_while_the_helper_writes_leaves_the_previous_output(previous_build, monkeypatch):
    """SHACL runs while the export's helper process writes: a violation stops the helper and writes nothing."""
    import kg.pipeline
    from kg.errors import ValidationFailed
    from kg.validate import ValidationReport

    before = snapshot(previous_build)
    started = []

    def failing_validate(graph, **kwargs):
        started.append(multiprocessing.active_children())
        time.sleep(0.5)  # the helper is writing its temporaries meanwhile
        raise ValidationFailed("SHACL: 1 violation(s); simulated", ValidationReport(False, []))

    monkeypatch.setattr(kg.pipeline, "validate", failing_validate)
    with pytest.raises(ValidationFailed):
        build([DOCUMENTS_DIR / "peacekeeping.txt"], previous_build, consistency=False, jobs=2)
    assert started and started[0], "the helper process was not running during validation"
    after = snapshot(previous_build)
    assert sorted(after) == sorted(before), "files were added (temporaries?) or removed"
    assert [name for name in before if after[name] != before[name]] == []
    assert not multiprocessing.active_children(), "the helper process was left running"


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_export_with_or_without_its_helper_writes_the_same_bytes(seed_build, tmp_path, jobs):
    from kg.export import export

    written = export(seed_build.result.triples, seed_build.result.inferred, tmp_path, jobs=jobs)
    assert [p.name for p in written] == sorted(EXPORT_FILES)
    for name in EXPORT_FILES:
        assert (tmp_path / name).read_bytes() == (seed_build.out / name).read_bytes(), name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(EXPORT_FILES)  # no temporaries left


def test_an_abandoned_export_leaves_no_folder_it_made(tmp_path, monkeypatch):
    import kg.pipeline
    from kg.errors import ValidationFailed
    from kg.validate import ValidationReport

    def failing_validate(graph, **kwargs):
        time.sleep(0.3)
        raise ValidationFailed("SHACL: 1 violation(s); simulated", ValidationReport(False, []))

    monkeypatch.setattr(kg.pipeline, "validate", failing_validate)
    with pytest.raises(ValidationFailed):
        build([DOCUMENTS_DIR / "peacekeeping.txt"], tmp_path / "new" / "build", consistency=False, jobs=2)
    assert not (tmp_path / "new" / "build").exists()


@pytest.mark.parametrize("jobs", [1, 2])
def test_streamed_files_are_what_serialise_gives_for_an_odd_graph(tmp_path, jobs):
    # A blank node, a literal with line breaks and a tab, and an IRI the TriG's graph: prefix abbreviates
    # (so TriG takes its general way): each file streamed by the export is serialise()'s bytes.
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, SKOS
    from kg.export import FORMATS, export, serialise
    from kg.vocab import ID

    odd, node = Graph(), BNode()
    odd.add((ID["x"], SKOS.note, Literal("two\nlines\tand a tab }", lang="en")))
    odd.add((ID["x"], SKOS.related, node))
    odd.add((node, RDF.value, URIRef("https://w3id.org/seckg/graph/asserted")))
    inferred = Graph()
    inferred.add((ID["x"], RDF.type, SKOS.Concept))
    for graph in (odd, Graph().parse(data=serialise(odd, "turtle"), format="turtle") - odd):  # and an empty one
        out = tmp_path / f"{jobs}-{len(graph)}"
        export(graph, inferred, out, jobs=jobs)
        for fmt, name in FORMATS.items():
            assert (out / name).read_bytes() == serialise(graph, fmt, inferred), (fmt, len(graph))
