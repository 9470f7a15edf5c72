"""Messy input: the same article written messily yields the same facts; odd files never break a build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.parse import parse_document
from kg.pipeline import build

from .kgtest import CORPUS, relations

DASHES = re.compile(r"[\u2010-\u2015]")


def _sections(text: str) -> list[tuple[str, str]]:
    """(heading, body) blocks after the Updated line; the head (title, definition, Updated) as the first."""
    lines = text.split("\n")
    head_end = next(i for i, line in enumerate(lines) if line.startswith("Updated ")) + 1
    blocks, i = [("", "\n".join(lines[:head_end]))], head_end
    while i < len(lines):
        blocks.append((lines[i], lines[i + 1] if i + 1 < len(lines) else ""))
        i += 2
    return blocks


def _reorder(text: str) -> str:
    head, *rest = _sections(text)
    rest = rest[::-1]  # every section in the opposite order
    return head[1] + "\n" + "\n".join(f"{h}\n{b}" for h, b in rest)


def _drop_why(text: str) -> str:
    head, *rest = _sections(text)
    return head[1] + "\n" + "\n".join(f"{h}\n{b}" for h, b in rest if h != "Why It Matters")


TRANSFORMS = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "bom": lambda t: "\ufeff" + t,
    "curly": lambda t: t.replace("'", "\u2019").replace("-", "\u2011").replace(", on the other hand,", " \u2014 on the other hand \u2014"),
    "double-spaces": lambda t: t.replace(" ", "  "),
    "trailing-spaces": lambda t: t.replace("\n", "  \t\n"),
    "extra-blank-lines": lambda t: t.replace("\n", "\n\n"),
    "missing-section": _drop_why,
    "reordered": _reorder,
}


def _normalised(rels):
    return {tuple(DASHES.sub("-", x) for x in r) for r in rels}


@pytest.fixture(scope="module")
def clean():
    return {p.name: _normalised(relations(build([p], None, consistency=False, shacl=False).graph)) for p in CORPUS}


@pytest.mark.parametrize("name", sorted(TRANSFORMS))
@pytest.mark.parametrize("article", [p.name for p in CORPUS])
def test_messy_article_gives_the_same_relations(tmp_path, clean, name, article):
    source = next(p for p in CORPUS if p.name == article).read_text(encoding="utf-8")
    path = tmp_path / article
    path.write_text(TRANSFORMS[name](source), encoding="utf-8", newline="")
    result = build([path], None, consistency=False, shacl=False)
    assert _normalised(relations(result.graph)) == clean[article]
    assert len(result.corpus.misconceptions) == 2
    text = path.read_bytes().decode("utf-8")
    for s in parse_document(path).sentences:
        assert text[s.start:s.end] == s.text


def test_all_messy_variants_together_are_consistent_and_valid(tmp_path):
    paths = []
    for name, transform in sorted(TRANSFORMS.items()):
        for article in CORPUS:
            path = tmp_path / f"{name}-{article.name}"
            path.write_text(transform(article.read_text(encoding="utf-8")), encoding="utf-8", newline="")
            paths.append(path)
    result = build(paths, None, consistency=True, shacl=True)  # raises on inconsistency or any violation
    assert result.report.conforms
    assert len(result.corpus.documents) == len(TRANSFORMS) * len(CORPUS)
    assert len(result.corpus.misconceptions) == 2 * len(paths)


def test_text_outside_the_template_yields_title_definition_and_warnings(tmp_path):
    notes = tmp_path / "field-notes.txt"
    notes.write_text("Field Notes on Border Security\nA collection of observations gathered during a border visit. "
                     "They are not yet organised.\n\nSome more text without any headings at all.\n", encoding="utf-8")
    result = build([notes, CORPUS[0]], tmp_path / "out", consistency=True, shacl=True)
    titles = {d.title for d in result.corpus.documents}
    assert titles == {"Field Notes on Border Security", "Collective Security"}
    warned = [w for w in result.warnings if "field-notes.txt" in w]
    assert any("no 'Common Misconceptions' section" in w for w in warned)
    assert any("no 'Updated <date>' line" in w for w in warned)
    subject = result.corpus.entities["https://w3id.org/seckg/id/field-notes-on-border-security"]
    assert subject.definition.startswith("A collection of observations")
    # the other article is intact
    assert ("Collective Security", "derivedFrom", "Indivisibility of Security") in relations(result.graph)
    assert (tmp_path / "out" / "kg.ttl").is_file()
