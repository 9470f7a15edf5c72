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

from .rules import CLASS_NOUNS, DEMONYM, DEMONYM_EVENT, DEMONYM_REGION, MONTHS, NON_NAME_WORDS, ROMAN, has_case_traps

_ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth"}
_LED_BY = re.compile(r"^[A-Za-z][\w.&]*-(?:led|backed|sponsored|brokered|based|run|funded|dominated|supported|mandated|controlled|aligned|sanctioned)$")
_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f0-9][\w\u00c0-\u024f'\u2019&.\-\u2013]*")  # an en dash joins names: "Varn\u2013Tessly Treaty"
_CONNECTORS = {"of", "for", "on", "and", "the", "in", "to", "de", "du", "des", "la", "a"}
_FORMAL_CONNECTORS = {"of", "for", "on", "to"}
_DETERMINERS = {"the", "a", "an"}
_ACRONYM = re.compile(r"^(?:[A-Z][A-Z0-9&]{1,9}s?|(?:[A-Z]\.){2,5})$")
_PREFIXED = re.compile(r"^(?P<prefix>[a-z]+-)(?P<rest>[A-Z].*)$")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_INTRODUCES_CLAUSE = re.compile(r"\s*(?:,\s*(?:which|who|whose)\b|\()")
_DASH = re.compile(r"[\u2010-\u2015]")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_NOT_NAME_CHAR = re.compile(r"[^\w\s-]")


@lru_cache(maxsize=65536)
def surface_form(label: str) -> str:
    """How a name is written, with case, a leading article, punctuation and spacing ignored."""
    text = label.strip().lower().replace("\u2019", "'")
    text = _DASH.sub("-", text)
    text = _LEADING_ARTICLE.sub("", text)
    text = _NOT_NAME_CHAR.sub("", text)
    text = text.replace("-", " ")
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def normalise(label: str) -> str:
    """The identity of a name: its :func:`surface_form` with British and American spellings made one
    ("Mutual Defence" is "Mutual Defense", "Co-operation" is "Cooperation")."""
    text = surface_form(label)
    return _SPELLING.sub(lambda m: _SPELLINGS.get(m.group(0)) or m.group(0)[:-6] + "zation", text) if _SPELLING.search(text) else text


# British and American spellings of one word are one name: "Mutual Defence" is "Mutual Defense".
_SPELLINGS = {"defence": "defense", "offence": "offense", "programme": "program", "programmes": "programs",
              "centre": "center", "centres": "centers", "licence": "license", "co operation": "cooperation",
              "labour": "labor", "armour": "armor", "harbour": "harbor"}
_SPELLING = re.compile(r"\b(?:" + "|".join(sorted(_SPELLINGS, key=len, reverse=True)) + r"|\w+isation)\b")


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

    What a name matches is defined by the pattern :func:`_compile` makes for
    it. Names are searched one by one, each with :class:`_Form`, which finds
    exactly what the name's own pattern would find but by plain string
    search: compiling one pattern for many names takes milliseconds per name,
    and the word index below runs only the searches that can succeed. So a
    name is found the same way in a set of five names or of fifty thousand.

    Several keys may share a form (two titles with the same head noun): a
    match takes the first key, in the order of ``names``, that ``find`` is
    not told to exclude.

    A word index tells which searches can find anything in a sentence. A
    name's pattern matches only where the lower-case sentence has each of the
    name's words (runs of word characters) as a whole word, the last one
    perhaps with a plural ending (see :attr:`_Form.last`), and the name's
    first two words follow each other in the sentence's words. So a name of
    one word is filed under that word, a longer one under its first two
    (each form of the second if it is the last); a search runs only if it is
    filed under a word or a pair of adjacent words of the sentence
    (:attr:`_View.words`, :attr:`_View.pairs`) and the sentence has all that
    name's words. Filing by pairs keeps the lists the index hands out short
    however many names share a word ("... security"). Names the index cannot
    tell about (see :attr:`_Form.exact`) always run.
    """

    def __init__(self, names: list[KnownName]):
        self._by_form: dict[tuple[bool, str], tuple[str, ...]] = {}  # form -> its keys, in order
        sensitive, insensitive = [], []
        for kn in names:
            form = kn.name if kn.case_sensitive else kn.name.lower()
            form = " ".join(form.split())
            if not form:
                continue
            keys = self._by_form.get((kn.case_sensitive, _fold(form)), ())
            if kn.key not in keys:
                self._by_form[(kn.case_sensitive, _fold(form))] = (*keys, kn.key)
            (sensitive if kn.case_sensitive else insensitive).append(form)
        # In the order of the results: case-sensitive names, then the others.
        self._searches: list[_Form] = []
        for forms, cs in ((sensitive, True), (insensitive, False)):
            self._searches.extend(_form(f, cs) for f in sorted(set(forms)))
        # The index: a word or a pair of words -> (position of the search, the words it
        # needs, the forms its last word may take).
        self._by_word: dict[str, list[tuple[int, frozenset[str], tuple[str, ...]]]] = {}
        self._by_pair: dict[tuple[str, str], list[tuple[int, frozenset[str], tuple[str, ...]]]] = {}
        self._unindexed: list[int] = []  # searches for a name the index cannot tell about: always run
        self._insensitive: list[int] = []  # run them all in a sentence with case traps (_View)
        for i, search in enumerate(self._searches):
            if search.last is None:
                self._unindexed.append(i)
            else:
                entry = (i, search.needs, search.last)
                if len(search.runs) == 1:
                    for word in search.last:
                        self._by_word.setdefault(word, []).append(entry)
                else:
                    first, second = search.runs[:2]
                    for word in search.last if len(search.runs) == 2 else (second,):
                        self._by_pair.setdefault((first, word), []).append(entry)
            if not search.case_sensitive:
                self._insensitive.append(i)
        self._words = frozenset(self._by_word)
        self._pairs = frozenset(self._by_pair)

    def _candidates(self, view: _View) -> list[int]:
        """Positions of the searches that can find a name in ``view``, in order."""
        words = view.words
        filed = [self._by_word[w] for w in self._words.intersection(words)]
        filed += [self._by_pair[p] for p in self._pairs.intersection(view.pairs)]
        if not filed and not self._unindexed and not view.case_traps:
            return []
        found = set(self._unindexed)
        for entries in filed:
            found.update(i for i, needs, last in entries if needs <= words and not words.isdisjoint(last))
        if view.case_traps:
            found.update(self._insensitive)
        return sorted(found)

    def find(self, text: str, offset: int = 0, exclude: tuple[str, ...] = ()) -> list[Mention]:
        """The names in ``text`` (its offsets shifted by ``offset``), not resolved to a key in ``exclude``."""
        if not self._searches:
            return []
        out = []
        view = _view(text)
        for i in self._candidates(view):
            search = self._searches[i]
            cs = search.case_sensitive
            for start, end in search.spans(view):
                matched = text[start:end]
                form = _fold(" ".join(matched.split()))
                keys = self._by_form.get((cs, form if cs else form.lower()))
                if keys is None and not cs:
                    keys = next(filter(None, (self._by_form.get((cs, singular)) for singular in singulars(form.lower()))), None)
                key = next((k for k in keys if k not in exclude), None) if keys else None
                if key is None:
                    continue
                out.append(Mention(offset + start, offset + end, matched, key, True, _is_prefixed(text, start)))
        return out


# Hyphens and the typographic apostrophe, written as "-" and "'" for comparing names.
_FOLD_TABLE = str.maketrans({**{chr(c): "-" for c in range(0x2010, 0x2016)}, "\u2019": "'"})
def singulars(form: str) -> tuple[str, ...]:
    """The forms a plural ending may have been added to, "-s" tried first: "zones" is "zone" + "s" (not
    "zon" + "es"), "taxes" is "tax" + "es"."""
    if form.endswith("es"):
        return form[:-1], form[:-2]
    return (form[:-1],) if form.endswith("s") else ()
_WORD = re.compile(r"\w+")


def _fold(form: str) -> str:
    return form if form.isascii() else form.translate(_FOLD_TABLE)


class _View:
    """A sentence as the name searches read it, computed once per sentence and
    shared by every matcher: as written, folded (hyphens and apostrophes as "-"
    and "'"), folded in lower case, and the words (runs of word characters) of
    the lower-case text."""

    __slots__ = ("text", "folded", "lowered", "case_traps", "_runs", "_words", "_pairs")

    def __init__(self, text: str):
        self.text = text
        self.folded = _fold(text)
        self.lowered = self.folded.lower()
        # Letters whose lower case is not what a case-insensitive pattern compares
        # (kg.rules.CASE_TRAPS): such a sentence is searched with the patterns.
        self.case_traps = has_case_traps(text)
        self._runs = self._words = self._pairs = None

    @property
    def words(self) -> set[str]:
        if self._words is None:
            self._runs = _WORD.findall(self.lowered)
            self._words = set(self._runs)
        return self._words

    @property
    def pairs(self) -> set[tuple[str, str]]:
        """Each word of the lower-case text with the word after it."""
        if self._pairs is None:
            runs = self._runs if self._runs is not None else _WORD.findall(self.lowered)
            self._pairs = set(zip(runs, runs[1:]))
        return self._pairs


_view = lru_cache(maxsize=4096)(_View)


def words_of(text: str) -> set[str]:
    """The words (runs of word characters) of ``text`` in lower case, computed once per sentence."""
    return _view(text).words


# Characters that a case-insensitive pattern equates with characters other than
# those of the same lower case (Python's re/_casefix.py: "s" and the long s,
# Greek and Cyrillic letter variants). A name containing one is searched with its
# pattern. A sentence is searched with the patterns when it contains the only
# characters that can meet such a pattern from outside the table ("ı", "ſ" match
# "i", "s") or whose lower case is two characters long ("İ"), which would shift
# the offsets of the lower-case text (kg.rules.CASE_TRAPS).
_CASE_FOLD_EXTRAS = frozenset(
    "\xb5\u0131\u017f\u0345\u0390\u03b0\u03b2\u03b5\u03b8\u03b9\u03ba\u03bc\u03c0\u03c1\u03c2\u03c3\u03c6\u03d0\u03d1"
    "\u03d5\u03d6\u03f0\u03f1\u03f5\u0432\u0434\u043e\u0441\u0442\u044a\u0463\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85"
    "\u1c86\u1c87\u1c88\u1e61\u1e9b\u1fbe\u1fd3\u1fe3\ua64b\ufb05\ufb06")
# Characters a name's pattern matches only literally, though the folded text no longer tells them apart.
_FOLD_SENSITIVE = frozenset(chr(c) for c in _FOLD_TABLE)


def _is_name_char(ch: str) -> bool:
    """What the patterns' ``(?<![\\w-])`` and ``(?![\\w-])`` do not allow next to a name."""
    return ch.isalnum() or ch == "_" or ch == "-"


class _Form:
    """One name, found where its own pattern (:func:`_compile` of the name alone) would find it.

    The pattern is ``(?<![\\w-])w1\\s+w2...\\s+wn(?:s|es)?(?![\\w-])``: the
    name's words, any white space between them, an optional plural ending for
    case-insensitive names, and no word character or hyphen on either side;
    "-" and "'" in the name also match the typographic hyphens and apostrophe.
    The search is the same in plain string operations on the folded sentence
    (lower-cased for a case-insensitive name): each occurrence of the first
    word, then the rest checked in place, left to right without overlaps as
    ``finditer`` does. Names and sentences with characters where lower case
    and case-insensitive matching part ways are searched with the pattern.
    """

    __slots__ = ("form", "case_sensitive", "words", "plural", "needle", "exact", "runs", "last", "needs")

    def __init__(self, form: str, case_sensitive: bool):
        self.form, self.case_sensitive = form, case_sensitive
        self.words = form.split()
        self.plural = not case_sensitive and not form.endswith("s")
        # A word the text must contain for the name to be in it: the cheap test first.
        self.needle = _fold(form).split()[0].lower()
        # Searched without the pattern unless the name has a character the folded or
        # lower-case text would misrepresent (see above; "Σ" lower-cases by context).
        chars = set() if form.isascii() else set(form) | set(form.lower())
        self.exact = (not chars & _FOLD_SENSITIVE and not chars & _CASE_FOLD_EXTRAS and "\u03a3" not in chars
                      and (case_sensitive or form == form.lower()))
        # For the index (NameMatcher): where the name is found, the lower-case sentence
        # has each run of word characters of the lower-case name as a whole run (the
        # name is bounded by white space or other non-word characters), the last one
        # perhaps with a plural ending, and these runs follow each other in the sentence's
        # runs. ``runs``: the runs; ``last``: the forms the last one can take; ``needs``:
        # the others. None: a name the index cannot tell about.
        self.runs = runs = tuple(_WORD.findall(form.lower())) if self.exact else ()
        self.last = None if not runs else (runs[-1], runs[-1] + "s", runs[-1] + "es") if self.plural else (runs[-1],)
        self.needs = frozenset(runs[:-1])

    def spans(self, view: _View) -> list[tuple[int, int]]:
        if self.needle not in view.lowered:
            return []
        if not self.exact or view.case_traps and not self.case_sensitive:
            pattern = _compile(self.form, 0 if self.case_sensitive else re.I, not self.case_sensitive)
            return [m.span() for m in pattern.finditer(view.text)]
        text = view.text
        folded = view.folded if self.case_sensitive else view.lowered
        first, rest = self.words[0], self.words[1:]
        out = []
        pos = 0
        while (start := folded.find(first, pos)) >= 0:
            pos = start + 1
            if start and _is_name_char(text[start - 1]):
                continue
            end = _words_end(text, folded, start + len(first), rest)
            if end is not None:
                end = self._ending(text, folded, end)
            if end is not None:
                out.append((start, end))
                pos = end
        return out

    def _ending(self, text: str, folded: str, end: int) -> int | None:
        """Where the match ends: after a plural ending if it may have one, before no name character."""
        if self.plural:
            for suffix in ("s", "es"):
                stop = end + len(suffix)
                if folded.startswith(suffix, end) and (stop == len(text) or not _is_name_char(text[stop])):
                    return stop
        return end if end == len(text) or not _is_name_char(text[end]) else None


def _words_end(text: str, folded: str, pos: int, words: list[str]) -> int | None:
    """The end of ``words`` in ``folded`` from ``pos``, each after white space; None if they are not there."""
    n = len(text)
    for word in words:
        gap = pos
        while gap < n and text[gap].isspace():
            gap += 1
        if gap == pos or not folded.startswith(word, gap):
            return None
        pos = gap + len(word)
    return pos


@lru_cache(maxsize=65536)
def _form(form: str, case_sensitive: bool) -> _Form:
    """The search for one name (read-only after it is made, so shared: corpus titles recur in many articles)."""
    return _Form(form, case_sensitive)


@lru_cache(maxsize=65536)
def _compile(form: str, flags: int, plural: bool) -> re.Pattern:
    """What a name matches (the definition :class:`_Form` follows): its words with any white space
    between them, "-" and "'" also as typographic hyphens and apostrophe, an optional plural ending,
    and no word character or hyphen on either side."""
    pattern = r"\s+".join(re.escape(w) for w in form.split())
    pattern = pattern.replace(r"\-", r"[-\u2010-\u2015]").replace("'", "['\u2019]")
    if plural and not form.endswith("s"):
        pattern += "(?:s|es)?"
    return re.compile(r"(?<![\w-])" + pattern + r"(?![\w-])", flags)


def _is_prefixed(text: str, start: int) -> bool:
    return start > 0 and text[start - 1] == "-" and start > 1 and text[start - 2].isalpha()


def _tokens(text: str) -> list[tuple[str, int, int, bool]]:
    """(word, start, end, prefixed) for each word of ``text``; a full stop ends a word
    only in initials ("U.S."), a lowercase prefix ("post-") is not part of it."""
    return [(word, m.start(), m.end(), False) if (word := m.group())[-1] != "." and "-" not in word
            else _token(word, m.start()) for m in _TOKEN.finditer(text)]  # most words are as found


def _token(word: str, start: int) -> tuple[str, int, int, bool]:
    if word[-1] == "." and not _INITIALS.fullmatch(word):
        word = word.rstrip(".")
    if _LED_BY.match(word):  # "Varn-led Monitoring Force": the force is led by Varn, and named after the modifier
        return word.lower(), start, start + len(word), False
    pm = _PREFIXED.match(word) if "-" in word else None
    prefixed = False
    if pm:  # "post-World" -> "World", marked as a modified use
        start += len(pm.group("prefix"))
        word = pm.group("rest")
        prefixed = True
    return word, start, start + len(word), prefixed


def capitalised_names(text: str, offset: int = 0, sentence_initial_ok: set[str] | None = None) -> list[Mention]:
    """Capitalised name candidates in one sentence ``text`` (not matched against anything)."""
    tokens = _tokens(text)

    def cap(word: str) -> bool:
        return word[:1].isupper()

    runs: list[list[tuple]] = []
    n = len(tokens)
    j = 0
    for i in [i for i, token in enumerate(tokens) if token[0][:1].isupper()]:
        if i < j:
            continue  # in the name before
        run = [tokens[i]]
        j = i + 1
        while j < n:
            w = tokens[j][0]
            gap = text[run[-1][2]:tokens[j][1]]
            if gap.strip():  # punctuation between tokens ends a name
                break
            if len(run) > 1 and ROMAN.match(run[-1][0]):
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
            if words[0] == "and" and not any(t[0] in _FORMAL_CONNECTORS for t in run) \
                    and not (words == ["and"] and _names_one_thing(text, run, tokens, k)):
                break
            if words[0] in ("the", "a") or (words[0] == "in" and len(run) < 2):
                break
            if ROMAN.match(tokens[k][0]) or tokens[k][0] in MONTHS:
                break  # "Battle of Varn in October 1993": a date, not more of the name
            run.extend(conn)
            run.append(tokens[k])
            j = k + 1
        runs.append(run)

    mentions = []
    for run in runs:
        # Drop leading words that do not start names ("The", "Similarly", "In"); an ordinal before
        # more of a name is part of it ("Second Varn Mission").
        while run and (run[0][0].lower() in NON_NAME_WORDS or run[0][0].lower() in _CONNECTORS) \
                and not (len(run) > 1 and run[0][0].lower() in _ORDINALS and run[1][0][:1].isupper()):
            run = run[1:]
        while run and run[-1][0].lower() in _CONNECTORS:
            run = run[:-1]
        if not run:
            continue
        start, end = run[0][1], run[-1][2]
        if len(run) == 1 and DEMONYM.match(run[0][0]):
            event = DEMONYM_EVENT.match(text[end:]) or DEMONYM_REGION.match(text[end:])
            if event:  # "the Varnian crisis of 2008", "the Eldic countries"
                end += event.end()
        elif len(run) == 1 and run[0][0].lower() in CLASS_NOUNS and text[:start].rstrip().lower().endswith(" the"):
            continue  # "the League", "the Council": a class noun standing for a name used before, not a name
        inner = _INNER_ACRONYM.match(text, end)
        if inner and inner.group("noun").lower() in CLASS_NOUNS:
            end = inner.end()  # "the Anti-Missile (AM) Treaty": one name, its acronym inside
        name = text[start:end]
        if len(run) == 1 and not is_acronym(run[0][0]) and end == run[0][2]:
            at_start = not text[:start].strip(" \"'\u201c\u2018(")
            if at_start and not _INTRODUCES_CLAUSE.match(text, end) \
                    and (sentence_initial_ok is None or run[0][0] not in sentence_initial_ok):
                continue  # a capitalised first word of a sentence is not evidence of a name
        mentions.append(Mention(offset + start, offset + end, name, normalise(without_brackets(name)), False, run[0][3]))
    return mentions


_ABSTRACT_SUFFIX = re.compile(r"(?:tion|sion|ment|ity|ance|ence|ness|ship|ism|ogue)$")


def _names_one_thing(text: str, run: list[tuple], tokens: list[tuple], k: int) -> bool:
    """Whether the name ``run``, then "and", then the capitalised words from ``tokens[k]`` are one name:
    "Varnian Salt and Iron Community" (the words after "and" end in a class noun), "Peace and
    Stability Council" (an abstract noun after "and"), but not "Varnia and Eldmoor", nor two names
    of which the first is complete ("the Standing Council and Grand Assembly")."""
    first = tokens[k][0].lower()
    alone = k + 1 >= len(tokens) or not tokens[k + 1][0][:1].isupper() or text[tokens[k][2]:tokens[k + 1][1]].strip()
    if _ABSTRACT_SUFFIX.search(first) and first not in CLASS_NOUNS and alone:
        return True  # "Dialogue and Reconciliation", "Peace and Security"
    if run[-1][0].lower() in CLASS_NOUNS:
        return False
    last = k
    while last + 1 < len(tokens) and tokens[last + 1][0][:1].isupper() and not text[tokens[last][2]:tokens[last + 1][1]].strip():
        last += 1
    return last > k and tokens[last][0].lower() in CLASS_NOUNS


_INNER_ACRONYM = re.compile(r" \((?P<acr>[A-Z][A-Z0-9]{1,9})\) (?P<noun>[A-Z][a-z]+)\b")
_BRACKETED = re.compile(r"\s*\([^()]*\)")


def without_brackets(name: str) -> str:
    """A name without what it has in brackets: "Anti-Missile (AM) Treaty" is the "Anti-Missile Treaty"."""
    return " ".join(_BRACKETED.sub("", name).split()) if "(" in name else name


def select(mentions: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions, longest first; a known name wins a tie.

    A capitalised run made of two or more known names side by side
    ("Great War III Allied Council") yields those names, not one long one.
    """
    known = [m for m in mentions if m.known]
    if len(known) < 2:  # nothing is tiled by known names
        keep = list(mentions)
    else:
        keep = [m for m in mentions if m.known or not _tiled_by(m, known)]
    if known:
        keep = [_head_of(m, known) if not m.known else m for m in keep]
    keep.sort(key=lambda m: (-(m.end - m.start), not m.known, m.start))
    chosen: list[Mention] = []
    for m in keep:
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def _head_of(run: Mention, known: list[Mention]) -> Mention:
    """A capitalised run "A of the B" that ends in a known name B of two or more words, with A of two or
    more words, names A (of the thing B): "Joint Monitoring Unit of the Council of Varn" is that unit; B
    stays a mention of its own. A name of one word before "of" is kept whole ("Charter of the ..."), and
    so is "Standing Court of Conciliation" (no "the": one formal name)."""
    for k in known:
        if k.end != run.end or k.start <= run.start:
            continue
        head = run.text[:k.start - run.start]
        text = head.removesuffix(" of the ")
        if text != head and len(text.split()) >= 2 and len(k.text.split()) >= 2:
            return Mention(run.start, run.start + len(text), text, normalise(text), False, run.prefixed)
    return run


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
