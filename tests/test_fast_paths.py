"""The fast paths of parse and extract find what the plain code they stand for finds.

Each test compares a fast path with a reference written the plain way (the code
it replaced) on generated input full of the awkward cases: typographic hyphens
and apostrophes, letters whose case folding is irregular ("ı", "ſ", "İ", "Σ"),
plural endings, odd white space, abbreviations.
"""

from __future__ import annotations

import random
import re
import sys
from datetime import datetime
from pathlib import Path

import pytest

from kg import names, parse, rules
from kg.names import KnownName, NameMatcher, words_of

DATA = Path(__file__).parent / "data"


# --- names: NameMatcher without a pattern per name ------------------------------------------------


def _fold(text: str) -> str:
    return re.sub(r"[\u2010-\u2015]", "-", text.replace("\u2019", "'"))


def _reference_find(known: list[KnownName], text: str, offset: int, exclude: tuple = ()) -> list[tuple]:
    """NameMatcher.find as a pattern per name, each after its cheap word test; a form's first key not excluded."""
    by_form, groups = {}, ([], [])
    for kn in known:
        form = " ".join((kn.name if kn.case_sensitive else kn.name.lower()).split())
        if form:
            by_form.setdefault((kn.case_sensitive, _fold(form)), []).append(kn.key)
            groups[0 if kn.case_sensitive else 1].append(form)
    lowered = _fold(text).lower()
    out = []
    for forms, cs in zip(groups, (True, False)):
        forms = sorted(set(forms))
        flags = 0 if cs else re.I
        patterns = [(names._compile(f, flags, not cs), _fold(f).split()[0].lower()) for f in forms]
        for pattern, needle in patterns:
            if needle and needle not in lowered:
                continue
            for m in pattern.finditer(text):
                form = _fold(" ".join(m.group(0).split()))
                keys = by_form.get((cs, form if cs else form.lower()))
                if keys is None and not cs:
                    low = form.lower()
                    keys = by_form.get((cs, low[:-1])) if low.endswith("s") else None  # "zones": "zone" + "s"
                    if keys is None and low.endswith("es"):
                        keys = by_form.get((cs, low[:-2]))  # "taxes": "tax" + "es"
                key = next((k for k in keys or () if k not in exclude), None)
                if key is not None:
                    out.append((offset + m.start(), offset + m.end(), m.group(0), key, names._is_prefixed(text, m.start())))
    return out


_ATOMS = ["war", "War", "WAR", "wars", "cross", "co", "operation", "o'neil", "o\u2019neil", "\u0130stanbul", "\u0131stanbul",
          "istanbul", "\u017ftate", "state", "States", "\u03a3igma", "\u03c3igma", "\u03c2igma", "\u00df", "\u1e9e", "ss",
          "KELVIN", "\u212aelvin", "kelvin", "crisis", "crises", "es", "s", "x", "the", "of", "Great", "great", "u.s.",
          "U.S.", "A&B", "a&b", "\u00e9", "\u00c9", "_x", "x_", "1955", "post"]
_GAPS = [" ", "  ", "\t", "\n", "\u00a0", "-", "\u2010", "\u2013", "_", ",", ". ", "'", "\u2019", "", "s ", "es ", "(", ")"]


def _random_name(rng: random.Random) -> str:
    words = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        word = rng.choice(_ATOMS)
        if rng.random() < 0.2:
            word += rng.choice(["-", "\u2010", "'", "\u2019"]) + rng.choice(_ATOMS)
        words.append(word)
    return " ".join(words)


def _random_text(rng: random.Random, forms: list[str]) -> str:
    parts = []
    for _ in range(rng.randint(1, 12)):
        if rng.random() < 0.5:
            form = rng.choice(forms)
            form = rng.choice([form, form, form.upper(), form.lower(), form.title()])
            form = form.replace(" ", rng.choice([" ", "  ", "\n", "\t", "\u00a0"]))
            if rng.random() < 0.2:
                form = form.replace("-", rng.choice(["\u2010", "\u2015"])).replace("'", "\u2019")
            parts.append(form)
        else:
            parts.append(rng.choice(_ATOMS))
        parts.append(rng.choice(_GAPS))
    return "".join(parts)


@pytest.mark.parametrize("seed", range(4))
def test_name_search_finds_what_the_patterns_find(seed):
    rng = random.Random(seed)
    for _ in range(600):
        forms = [_random_name(rng) for _ in range(rng.randint(1, 6) if rng.random() < 0.97 else 70)]
        case_sensitive = rng.random() < 0.4
        # Some forms twice, under two keys: a match takes the first key not excluded.
        known = [KnownName(f, f"k{i}", case_sensitive) for i, f in enumerate(forms + rng.sample(forms, len(forms) // 2))]
        exclude = tuple(rng.sample([kn.key for kn in known], rng.randint(0, min(2, len(known)))))
        text, offset = _random_text(rng, forms), rng.randint(0, 9)
        found = [(m.start, m.end, m.text, m.key, m.prefixed) for m in NameMatcher(known).find(text, offset, exclude)]
        assert found == _reference_find(known, text, offset, exclude), (forms, case_sensitive, text, exclude)


def test_case_fold_table_is_pythons():
    casefix = pytest.importorskip("re._casefix")
    extras = {chr(c) for k, v in casefix._EXTRA_CASES.items() for c in (k, *v)}
    assert names._CASE_FOLD_EXTRAS == {c for c in extras if not c.isascii()}
    # The letters a case-insensitive pattern matches as "i" or "s" though they lower-case otherwise.
    for letter in "is":
        for other in casefix._EXTRA_CASES[ord(letter)]:
            assert rules.has_case_traps(chr(other))
    # Only "İ" lower-cases to more than one character, which would shift offsets.
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if len(c.lower()) != 1] == ["\u0130"]
    assert rules.has_case_traps("\u0130")


# --- rules: the cue index ---------------------------------------------------------------------


def _corpus_sentences() -> list[str]:
    sentences = []
    for path in sorted(DATA.rglob("*.txt")):
        try:
            doc = parse.parse_document(path)
        except Exception:
            continue
        sentences += [s.text for s in doc.sentences]
    return sentences


def test_cue_index_keeps_every_rule_that_matches():
    samples = _corpus_sentences()
    samples += [s.upper() for s in samples[:200]] + [s.replace("s", "\u017f") for s in samples[:200]]
    matched = 0
    for text in samples:
        candidates = rules.CUES.candidates(text, words_of(text))
        for rule in rules.CUES.rules:
            if rule.pattern.search(text):
                matched += 1
                assert any(r is rule for r in candidates), (rule.id, text)
    assert matched > 50


# --- parse -----------------------------------------------------------------------------------------


def _reference_split(text: str, start: int) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in parse._SENTENCE_END.finditer(text):
        word = re.search(r"([A-Za-z.]+)\.$", text[pos:m.start() + 1])
        if text[m.start()] == "." and word:
            token = word.group(1).lower().rstrip(".")
            if token in parse._ABBREVIATIONS or re.fullmatch(r"[a-z]", token):
                continue
        spans.append((pos, m.end()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for a, b in spans:
        chunk = text[a:b]
        if chunk.strip():
            out.append((start + a + len(chunk) - len(chunk.lstrip()), start + b - (len(chunk) - len(chunk.rstrip()))))
    return out


def _reference_lines(text: str) -> list[tuple[int, int, str]]:
    out = []
    for number, m in enumerate(re.finditer(r"[^\r\n]*(?:\r\n|\r|\n)?", text), start=1):
        if m.start() == len(text):
            break
        out.append((number, m.start(), m.group(0).rstrip("\r\n")))
    return out


def test_sentence_split_and_lines_as_before():
    rng = random.Random(0)
    atoms = ["a", "\n", "\r", "\r\n", " ", "b.", "X", "\t", ". ", "! ", "e.g. ", "\u00a0", "\u2029", "Mr. ", "A. ", "? ",
             ".\" ", ".) ", "1", "U.S.", "etc.", "...", "abc", "Z", " (", "\u201c", "\u00e9.", "..", "x.", "5.", "Approx. "]
    for _ in range(20000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 25)))
        assert parse.split_sentences(text, 7) == _reference_split(text, 7), text
        assert parse._lines(text) == _reference_lines(text), text


def test_dates_as_strptime_reads_them():
    def reference(value):
        value = " ".join(value.replace("\u00a0", " ").split()).rstrip(".")
        for fmt in parse._DATE_FORMATS:
            try:
                return datetime.strptime(value, fmt).date().isoformat()
            except ValueError:
                continue
        return None

    rng = random.Random(0)
    months = list(parse._MONTHS) + ["Sept", "Jan", "january", "MAY"]
    for _ in range(3000):
        month, year = rng.choice(months), rng.choice(["2026", "1999", "0000", "26", str(rng.randint(1000, 2999))])
        day = rng.choice([str(rng.randint(0, 40)), f"0{rng.randint(0, 9)}", " 3"])
        value = rng.choice([f"{month} {day}, {year}", f"{month} {day} {year}", f"{day} {month} {year}",
                            f"{month} {day},\u00a0{year}.", f"{year}-{day}-{day}"])
        assert parse._parse_date(value) == reference(value), value
