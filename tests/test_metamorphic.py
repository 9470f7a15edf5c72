"""No name-specific code, proven: rename every proper name and the same relations come out.

tests/data/metamorphic/renames.json maps each proper name of the seed and dev
articles to an invented one of the same shape ("Treaty on Open Skies" ->
"Treaty on Clear Horizons"). Invented names are in no curated data, so the
extractor must find them by the rules alone.
"""

from __future__ import annotations

import json
import re

import pytest

from .kgtest import CORPUS, DATA, build_graph, relations

RENAMES = {k: v for k, v in json.loads((DATA / "metamorphic" / "renames.json").read_text()).items() if not k.startswith("_")}


def rename(text: str) -> str:
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in sorted(RENAMES, key=len, reverse=True)) + r")(?![\w-])")
    return pattern.sub(lambda m: RENAMES[m.group(1)], text)


def test_the_renamed_text_has_no_original_name_left():
    for path in CORPUS:
        renamed = rename(path.read_text(encoding="utf-8"))
        left = [k for k in RENAMES if re.search(r"(?<![\w-])" + re.escape(k) + r"(?![\w-])", renamed)]
        assert left == [], path.name


def _names(graph) -> dict[str, set[str]]:
    """Every label and alias of each node, keyed by its preferred label."""
    from rdflib.namespace import SKOS

    out: dict[str, set[str]] = {}
    for s, label in graph.subject_objects(SKOS.prefLabel):
        out[str(label)] = {str(label)} | {str(a) for a in graph.objects(s, SKOS.altLabel)}
    return out


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_renamed_article_gives_the_same_relations(tmp_path, path):
    original = build_graph([path])
    renamed_path = tmp_path / path.name
    renamed_path.write_text(rename(path.read_text(encoding="utf-8")), encoding="utf-8")
    renamed = build_graph([renamed_path])
    names = _names(original)

    def back(label: str) -> str:
        # the renamed entity's label, mapped back to the original label of the node it stands for
        inverse = {v: k for k, v in RENAMES.items()}
        original_name = inverse.get(label, label)
        for pref, forms in names.items():
            if original_name in forms:
                return pref
        return original_name

    expected = relations(original)
    got = set()
    for s, p, o in relations(renamed):
        a, b = back(s), back(o)
        if p == "contrastsWith" and a > b:
            a, b = b, a
        got.add((a, p, b))
    assert got == expected
