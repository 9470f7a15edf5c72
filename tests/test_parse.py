"""Parsing: sections, sentences, offsets into the exact source text, tolerance and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import DocumentError
from kg.parse import parse_document, split_sentences

DATA = Path(__file__).parent / "data"
SEED = Path(__file__).parent.parent / "data" / "documents" / "indivisibility-of-security.txt"


def test_seed_sections_and_metadata():
    doc = parse_document(SEED)
    assert doc.title == "Indivisibility of Security"
    assert doc.updated == "2026-04-23"
    assert [(s.kind, s.title) for s in doc.sections] == [
        ("title", "Title"),
        ("definition", "Definition"),
        ("practice", "How It Works in Practice"),
        ("importance", "Why It Matters"),
        ("versus", "Indivisibility of Security vs Collective Security"),
        ("examples", "Real-World Examples"),
        ("misconceptions", "Common Misconceptions"),
        ("example", "Example"),
    ]
    assert [len(s.sentences) for s in doc.sections] == [1, 2, 4, 4, 4, 2, 3, 1]
    assert doc.warnings == ()


def test_every_sentence_offset_reproduces_its_text_in_code_points():
    doc = parse_document(SEED)
    source = SEED.read_bytes().decode("utf-8")
    for s in doc.sentences:
        assert source[s.start:s.end] == s.text
    assert doc.sentences[-1].text == (
        "The Helsinki Accords of 1975 exemplify indivisibility of security by promoting cooperation "
        "and respect for security concerns across Europe during the Cold War.")
    assert [s.index for s in doc.sentences] == list(range(1, len(doc.sentences) + 1))


def test_sentence_splitter_keeps_abbreviations_and_initials():
    text = "The U.S. and the U.K. signed it, e.g. in 1990. Then J. Smith left. Next one!"
    spans = split_sentences(text, 100)
    assert [text[a - 100:b - 100] for a, b in spans] == [
        "The U.S. and the U.K. signed it, e.g. in 1990.", "Then J. Smith left.", "Next one!"]


def _variant(tmp_path: Path, name: str, transform) -> Path:
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_bytes(transform(text))
    return path


@pytest.mark.parametrize("name,transform", [
    ("crlf.txt", lambda t: t.replace("\n", "\r\n").encode()),
    ("bom.txt", lambda t: ("\ufeff" + t).encode()),
    ("blank-lines.txt", lambda t: ("\n\n" + t.replace("\n", "\n\n\n") + "\n\n").encode()),
    ("curly.txt", lambda t: t.replace("others'", "others\u2019").replace("Co-operation", "Co\u2011operation").encode()),
    ("spaces.txt", lambda t: t.replace(". ", ".  ").replace("\n", "   \n").encode()),
])
def test_tolerates_messy_text_and_keeps_offsets(tmp_path, name, transform):
    path = _variant(tmp_path, name, transform)
    doc = parse_document(path)
    source = path.read_bytes().decode("utf-8")
    assert doc.title == "Indivisibility of Security"
    assert doc.updated == "2026-04-23"
    assert [s.kind for s in doc.sections] == ["title", "definition", "practice", "importance", "versus",
                                              "examples", "misconceptions", "example"]
    assert len(doc.sentences) == 21
    for s in doc.sentences:
        assert source[s.start:s.end] == s.text
        assert s.text == s.text.strip()


def test_missing_optional_section_is_a_warning(tmp_path):
    path = _variant(tmp_path, "no-why.txt", lambda t: t.split("Why It Matters\n")[0].encode()
                    + ("Indivisibility of Security vs" + t.split("Indivisibility of Security vs", 1)[1]).encode())
    doc = parse_document(path)
    assert "importance" not in [s.kind for s in doc.sections]
    assert any("'Why It Matters'" in w for w in doc.warnings)


@pytest.mark.parametrize("content,message", [
    (b"\xff\xfeIndivisibility\x00", "is not UTF-8 text"),
    (b"Title\nAbout caf\xe9 culture.\n", "is not UTF-8 text"),
    (b"", "is empty"),
    (b"  \n\r\n\t\n", "is empty"),
    (b"This first line is a whole sentence about security, so the file has no title at all.\nMore.\n", "has no title"),
])
def test_refuses_bad_input_with_one_line_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as info:
        parse_document(path)
    text = str(info.value)
    assert str(path) in text and message in text
    assert "\n" not in text
