"""The synthetic corpus of ``make bench``: deterministic, in the template, invented names that link up."""

from __future__ import annotations

from bench.synth import generate
from kg.background import load_background
from kg.names import normalise
from kg.parse import parse_document
from kg.pipeline import build


def test_same_seed_same_bytes_and_prefix_stable(tmp_path):
    a = generate(12, seed=3, out_dir=tmp_path / "a")
    b = generate(12, seed=3, out_dir=tmp_path / "b")
    c = generate(5, seed=3, out_dir=tmp_path / "c")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert [p.read_bytes() for p in a[:5]] == [p.read_bytes() for p in c]
    assert [p.read_bytes() for p in generate(12, seed=4, out_dir=tmp_path / "d")] != [p.read_bytes() for p in a]


def test_articles_follow_the_template_without_warnings(tmp_path):
    for path in generate(20, seed=1, out_dir=tmp_path):
        doc = parse_document(path)
        assert doc.warnings == ()
        assert [s.kind for s in doc.sections] == ["title", "definition", "practice", "importance", "versus",
                                                  "examples", "misconceptions", "example"]


def test_titles_are_unique_and_invented(tmp_path):
    paths = generate(300, seed=1, out_dir=tmp_path)
    titles = [p.read_text(encoding="utf-8").splitlines()[0] for p in paths]
    assert len({normalise(t) for t in titles}) == 300
    known = {normalise(name) for name, _ in load_background().names()}
    assert not known & {normalise(t) for t in titles}


def test_articles_refer_to_each_other_and_the_build_validates(tmp_path):
    generate(30, seed=1, out_dir=tmp_path / "corpus")
    result = build([tmp_path / "corpus"], None, consistency=False)
    assert result.report.conforms
    corpus = result.corpus
    shared = [e for e in corpus.entities.values() if len(e.documents) > 1]
    assert len(shared) >= 10  # concepts and institutions merged across articles
    assert any(r.predicate == "derivedFrom" for r in corpus.relations)
