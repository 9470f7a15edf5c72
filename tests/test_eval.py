"""kg eval: scores against gold, and the quality bar of the corpus."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.evaluate import evaluate, format_report, load_gold
from kg.vocab import SECKG

from .kgtest import CORPUS, DATA, build_graph

KG = str(Path(sys.executable).with_name("kg"))


@pytest.fixture(scope="module")
def corpus():
    return build_graph(CORPUS)


def test_corpus_meets_the_quality_bar(corpus):
    report = evaluate(corpus, load_gold(DATA / "gold"))
    overall = report.overall
    assert len(report.articles) == 5
    assert overall.f1 >= 0.95
    assert overall.type_accuracy >= 0.95
    assert overall.year_accuracy >= 0.9
    assert report.misconceptions_exact
    assert overall.split == []


# Written blind (by someone who had not read the extractor), then scored before any rule was made
# for them, and only then used to develop rules: each folder's first score is in its README. The floors are what they score now, less a margin, so a regression fails.
BLIND = {  # folder: (relation F1, entity types, years, misconceptions found of the gold total)
    "heldout4": (0.95, 0.85, 0.80, 14),
    "heldout5": (0.95, 0.90, 0.85, 13),
    "heldout6": (0.95, 0.80, 0.80, 13),
    "heldout7": (0.90, 0.75, 0.65, 19),
    "heldout8": (0.75, 0.75, 0.55, 16),  # the last written: its floors are its first, blind score
}


@pytest.mark.parametrize("folder", sorted(BLIND))
def test_articles_written_blind(folder):
    f1, types, years, misconceptions = BLIND[folder]
    graph = build_graph(CORPUS + sorted((DATA / folder).glob("*.txt")))
    report = evaluate(graph, load_gold(DATA / folder / "gold"))
    assert report.overall.f1 >= f1
    assert report.overall.type_accuracy >= types
    assert report.overall.year_accuracy >= years
    assert sum(min(a.misconceptions_found, a.misconceptions_gold) for a in report.articles) >= misconceptions
    assert [entry.split(":")[0] for entry in report.overall.split] == KNOWN_SPLITS.get(folder, [])


# The gold file takes the Conference on Security and Co-operation in Europe for the OSCE it became; the curated
# background keeps them as two records (data/background.ttl), and a record's IRI never changes.
KNOWN_SPLITS = {"heldout7": ["Conference on Security and Co-operation in Europe"]}


@pytest.mark.parametrize("folder", ["heldout", "heldout2", "heldout3"])
def test_held_out_articles(folder):
    # Articles written with phrasings the dev set does not use; see the folder's gold files.
    graph = build_graph(CORPUS + sorted((DATA / folder).glob("*.txt")))
    report = evaluate(graph, load_gold(DATA / folder / "gold"))
    assert report.overall.f1 >= 0.9
    assert report.overall.type_accuracy >= 0.9
    assert report.misconceptions_exact
    assert report.overall.split == []


def test_missed_and_spurious_relations_are_listed(corpus):
    graph = corpus
    damaged = type(graph)()
    damaged += graph
    # drop every piece of evidence for "Collective Security derivedFrom Indivisibility of Security"
    cs, ios = URIRef("https://w3id.org/seckg/id/collective-security"), URIRef("https://w3id.org/seckg/id/indivisibility-of-security")
    for ev in list(damaged.subjects(SECKG.factPredicate, SECKG.derivedFrom)):
        if (ev, SECKG.factSubject, cs) in damaged and (ev, SECKG.factObject, ios) in damaged:
            damaged.remove((ev, None, None))
    # a spurious one: copy an evidence record of another fact onto a false relation
    ev = next(iter(damaged.subjects(SECKG.factPredicate, SECKG.contrastsWith)))
    fake = URIRef(str(ev) + "-fake")
    for p, o in damaged.predicate_objects(ev):
        damaged.add((fake, p, o))
    damaged.set((fake, SECKG.factPredicate, SECKG.exemplifies))
    report = evaluate(damaged, load_gold(DATA / "gold"))
    text = format_report(report)
    assert "missed    [collective-security] Collective Security --derivedFrom--> Indivisibility of Security" in text
    assert text.count("spurious") == 1
    assert report.overall.f1 < 1.0


def test_cli_eval_prints_a_table_per_article_and_overall(tmp_path):
    run = subprocess.run([KG, "eval", "--gold", str(DATA / "gold"), "--fail-under", "0.95", *map(str, CORPUS)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["article", "P", "R", "F1", "types", "years", "miscon.", "split"]
    assert [line.split()[0] for line in lines[2:7]] == ["collective-security", "common-security",
                                                        "confidence-building-measures", "indivisibility-of-security",
                                                        "peacekeeping"]
    assert any(line.startswith("overall") for line in lines)
