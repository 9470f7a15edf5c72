"""Finding the names in a sentence: known names (curated data, the article's
subject, names defined earlier in the article) and capitalised names.

The rules are about English names in general: connectors inside names ("of",
"for", "on", "and" in long formal names), a leading article that is not part
of the name, a Roman numeral that ends a name ("Great War III"), a lowercase
prefix that is not part of it ("post-Great War III").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .rules import DEMONYM, DEMONYM_EVENT, NON_NAME_WORDS, ROMAN

_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f0-9][\w\u00c0-\u024f'\u2019&.\-]*")
_CONNECTORS = {"of", "for", "on", "and", "the", "in", "to", "de", "du", "des", "la", "a"}
_FORMAL_CONNECTORS = {"of", "for", "on", "to"}
_DETERMINERS = {"the", "a", "an"}
_ACRONYM = re.compile(r"^(?:[A-Z][A-Z0-9&]{1,9}s?|(?:[A-Z]\.){2,5})$")
_PREFIXED = re.compile(r"^(?P<prefix>[a-z]+-)(?P<rest>[A-Z].*)$")


@lru_cache(maxsize=65536)
def normalise(label: str) -> str:
    """The identity of a name: case, leading article, punctuation and spacing ignored."""
    text = label.strip().lower().replace("\u2019", "'")
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = re.sub(r"^(?:the|a|an)\s+", "", text)
    text = re.sub(r"[^\w\s-]", "", text)
    text = re.sub(r"-", " ", text)
    return " ".join(text.split())


def is_acronym(word: str) -> bool:
    return bool(_ACRONYM.match(word))


@dataclass(frozen=True)
class Mention:
    start: int  # absolute offsets into the document text
    end: int
    text: str
    key: str  # normalised name, or the key of the known entity it names
    known: bool  # matched a known name (curated, subject, defined in the article)
    prefixed: bool = False  # preceded by a lowercase prefix such as "post-"


@dataclass(frozen=True)
class KnownName:
    name: str
    key: str
    case_sensitive: bool


class NameMatcher:
    """Finds known names in text: longest first, word-bounded.

    Proper names and acronyms match case-sensitively; concept names (the
    article subjects, compared concepts) case-insensitively, with an optional
    plural ending.
    """

    # Above this many names one alternation is compiled for the set (the curated
    # data, once per build); below it each name has its own cached pattern, so an
    # article's few names cost no compilation when other articles used them before.
    _ONE_PATTERN_FROM = 64

    def __init__(self, names: list[KnownName]):
        self._by_form: dict[tuple[bool, str], str] = {}
        sensitive, insensitive = [], []
        for kn in names:
            form = kn.name if kn.case_sensitive else kn.name.lower()
            form = " ".join(form.split())
            if not form:
                continue
            self._by_form.setdefault((kn.case_sensitive, _fold(form)), kn.key)
            (sensitive if kn.case_sensitive else insensitive).append(form)
        # (pattern, case-sensitive, a word the text must contain for the pattern to match, or "")
        self._patterns: list[tuple[re.Pattern, bool, str]] = []
        for forms, cs in ((sensitive, True), (insensitive, False)):
            forms = sorted(set(forms))
            if len(forms) >= self._ONE_PATTERN_FROM:
                self._patterns.append((_compile(tuple(forms), 0 if cs else re.I, not cs), cs, ""))
            else:
                self._patterns.extend((_compile((f,), 0 if cs else re.I, not cs), cs, _fold(f).split()[0].lower())
                                      for f in forms)

    def find(self, text: str, offset: int = 0) -> list[Mention]:
        out = []
        lowered = _fold(text).lower()
        for rx, cs, needle in self._patterns:
            if needle and needle not in lowered:
                continue  # cheap test first: most names are not in most sentences
            for m in rx.finditer(text):
                form = _fold(" ".join(m.group(0).split()))
                key = self._by_form.get((cs, form if cs else form.lower()))
                if key is None and not cs:
                    key = self._by_form.get((cs, re.sub(r"(?:es|s)$", "", form.lower())))
                if key is None:
                    continue
                out.append(Mention(offset + m.start(), offset + m.end(), m.group(0), key, True,
                                   _is_prefixed(text, m.start())))
        return out


def _fold(form: str) -> str:
    return re.sub(r"[\u2010-\u2015]", "-", form.replace("\u2019", "'"))


@lru_cache(maxsize=65536)
def _compile(forms: tuple[str, ...], flags: int, plural: bool) -> re.Pattern:
    parts = []
    for form in sorted(set(forms), key=lambda f: (-len(f), f)):
        pattern = r"\s+".join(re.escape(w) for w in form.split())
        pattern = pattern.replace(r"\-", r"[-\u2010-\u2015]").replace("'", "['\u2019]")
        if plural and not form.endswith("s"):
            pattern += "(?:s|es)?"
        parts.append(pattern)
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", flags)


def _is_prefixed(text: str, start: int) -> bool:
    return start > 0 and text[start - 1] == "-" and start > 1 and text[start - 2].isalpha()


def capitalised_names(text: str, offset: int = 0, sentence_initial_ok: set[str] | None = None) -> list[Mention]:
    """Capitalised name candidates in one sentence ``text`` (not matched against anything)."""
    tokens = []
    for m in _TOKEN.finditer(text):
        word, start = m.group(0), m.start()
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", word):
            word = word.rstrip(".")
        pm = _PREFIXED.match(word)
        prefixed = False
        if pm:  # "post-World" -> "World", marked as a modified use
            start += len(pm.group("prefix"))
            word = pm.group("rest")
            prefixed = True
        tokens.append((word, start, start + len(word), prefixed))

    def cap(word: str) -> bool:
        return word[:1].isupper() or bool(ROMAN.match(word)) and word[:1].isupper()

    runs: list[list[tuple]] = []
    i = 0
    while i < len(tokens):
        word = tokens[i][0]
        if not cap(word):
            i += 1
            continue
        run = [tokens[i]]
        j = i + 1
        while j < len(tokens):
            w = tokens[j][0]
            gap = text[run[-1][2]:tokens[j][1]]
            if gap.strip():  # punctuation between tokens ends a name
                break
            if ROMAN.match(run[-1][0]) and len(run) > 1:
                break  # "Great War III" ends at its numeral
            if cap(w) and not w.isdigit():
                run.append(tokens[j])
                j += 1
                continue
            # connectors: "of", "of the", "for", "on the", "and" (only in long formal names), "in"
            k = j
            conn = []
            while k < len(tokens) and tokens[k][0] in _CONNECTORS and len(conn) < 2 \
                    and not text[(conn[-1] if conn else run[-1])[2]:tokens[k][1]].strip():
                conn.append(tokens[k])
                k += 1
            if not conn or k >= len(tokens) or not cap(tokens[k][0]) or tokens[k][0].isdigit() \
                    or text[conn[-1][2]:tokens[k][1]].strip():
                break
            words = [c[0] for c in conn]
            if words[0] == "and" and not any(t[0] in _FORMAL_CONNECTORS for t in run):
                break
            if words[0] in ("the", "a") or (words[0] == "in" and len(run) < 2):
                break
            if ROMAN.match(tokens[k][0]):
                break
            run.extend(conn)
            run.append(tokens[k])
            j = k + 1
        runs.append(run)
        i = j

    mentions = []
    for run in runs:
        # Drop leading words that do not start names ("The", "Similarly", "In").
        while run and (run[0][0].lower() in NON_NAME_WORDS or run[0][0].lower() in _CONNECTORS):
            run = run[1:]
        while run and run[-1][0].lower() in _CONNECTORS:
            run = run[:-1]
        if not run:
            continue
        start, end = run[0][1], run[-1][2]
        if len(run) == 1 and DEMONYM.match(run[0][0]):
            event = DEMONYM_EVENT.match(text[end:])
            if event:  # "the Kenyan crisis of 2008"
                end += event.end()
        name = text[start:end]
        if len(run) == 1 and not is_acronym(run[0][0]) and end == run[0][2]:
            at_start = not text[:start].strip(" \"'\u201c\u2018(")
            introduces_clause = re.match(r"\s*(?:,\s*(?:which|who|whose)\b|\()", text[end:])
            if at_start and not introduces_clause and (sentence_initial_ok is None or run[0][0] not in sentence_initial_ok):
                continue  # a capitalised first word of a sentence is not evidence of a name
        mentions.append(Mention(offset + start, offset + end, name, normalise(name), False, run[0][3]))
    return mentions


def select(mentions: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions, longest first; a known name wins a tie.

    A capitalised run made of two or more known names side by side
    ("Great War III Allied Council") yields those names, not one long one.
    """
    known = [m for m in mentions if m.known]
    keep = []
    for m in mentions:
        if not m.known and _tiled_by(m, known):
            continue
        keep.append(m)
    keep.sort(key=lambda m: (-(m.end - m.start), not m.known, m.start))
    chosen: list[Mention] = []
    for m in keep:
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def _tiled_by(run: Mention, known: list[Mention]) -> bool:
    inside = sorted((k for k in known if k.start >= run.start and k.end <= run.end), key=lambda k: k.start)
    if len(inside) < 2:
        return False
    pos = run.start
    for k in inside:
        if k.start < pos:
            continue
        if k.start - pos > 1:
            return False
        pos = k.end
    return pos == run.end
