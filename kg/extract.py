"""Stage 2: read entities, relations, years and misconceptions out of a Document.

Everything is generic: names come from curated background data, from the
article's own title and comparison heading, from capitalised names and from
acronyms and "formally ..." aliases the text defines; classes come from head
nouns and the article's definition; relations come from the cue phrases of
:mod:`kg.rules`. Each fact carries the sentence, the cue and the rule that
produced it. The misconceptions section is never mined for relations: its
sentences state what is false.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .background import Background
from .model import Document, Entity, Evidence, Extraction, Fact, Misconception, Sentence
from .names import KnownName, Mention, NameMatcher, capitalised_names, is_acronym, normalise, select, words_of
from .rules import (ANAPHOR, rx, CONTEXT_CUE, CORRECTION_SPLIT, DEFINITION_HEADS, DEFINITION_SKIP, EXAMPLE_INTRO,
                    EXAMPLE_INTRO_RULE, HEAD_NOUN_TYPES, MISCONCEPTION_CUE, SUBJECT_PRONOUN, YEAR_OF,
                    YEAR_PAREN, YEAR_PARTICIPLE, CUES, RelationRule)
from .vocab import RELATIONS

# Type evidence, strongest first. When an entity has type facts from several
# levels, only the strongest level counts (see kg.resolve).
TYPE_RULE_PRIORITY = (
    "type/background", "type/definition", "type/head-noun", "type/copula",
    "type/versus-same-kind", "type/relation-range", "type/subject-default",
)
CONCEPTUAL = {"Concept", "Mechanism"}
RELATION_NAMES = frozenset(RELATIONS)  # relations the extractor may assert
_NO_RELATION_KINDS = {"title", "heading", "misconceptions"}
_WINDOW_END = rx(
    r"[,;:.()]|\s(?:by|because|since|when|as|which|who|while|whereas|through|so|today|thus|and|but|where|if|to)\s", re.I)
_CLAUSE_BOUNDARY = rx(r"[;:]\s|\s(?:while|whereas|but|although|though)\s|,\s(?:which|who|whose|where|and)\s", re.I)
# ", which ... ," closed before the cue: a relative clause, not the clause the cue belongs to.
_RELATIVE_CLAUSE = rx(r",\s(?:which|who|whose|where)\s[^,;:]*,", re.I)
_NP_STOP = {
    "when", "which", "that", "because", "as", "by", "and", "but", "while", "since", "to", "with", "through",
    "in", "into", "for", "from", "on", "at", "is", "are", "was", "were", "be", "it", "its", "their", "them",
    "they", "this", "these", "those", "so", "if", "or", "than", "whereas", "who", "whom", "where",
}
_NP_SMALL = {"of", "and", "the", "for", "on", "in", "to", "a", "an"}
_CONCEPT_SUFFIX = re.compile(r"(?:ism|ity|ion|ence|ance|ing|ment|cy|ship|hood|ness|ty)$")
_ALIAS_CUE = rx(
    r"^\s*,?\s*(?:formally|officially|also known as|also called|known formally as|or)\s+(?:the\s+)?", re.I)
_ACRONYM_PAREN = re.compile(r"^\s*\((?P<acr>[A-Z][A-Za-z0-9&.\-]{1,11})\)")
_COPULA_TYPE = rx(
    r"^(?:\s*,[^,]{1,40},)?\s+(?:is|are|was|were|remains?)\s+(?:a|an|the)\s+(?P<words>(?:[\w-]+\s+){0,3}?)(?P<head>[\w-]+)\b", re.I)
_COORDINATION = rx(
    r"^(?:\s+of\s+\d{4})?(?:\s*,[^,;:]{1,60}?)?\s*(?:,\s*(?:and\s+)?|\s+and\s+|,?\s+as well as\s+|,?\s+or\s+)(?:the\s+)?$", re.I)
_APPOSITIVE_LEAD = rx(r"^,\s*(?:[\w-]+\s+){0,3}$")
_TITLE_OF = re.compile(r"(?P<head>[A-Za-z-]+) of (?P<noun>[A-Za-z -]+)")
_ABSTRACT_NOUN = re.compile(r"(?:ity|ness|ism|ion|ence|ance)$")
_BILITY = re.compile(r"(?:i|a)bility$")
_VERSUS = re.compile(r"^(?P<left>.+?)\s+(?:vs\.?|versus|v\.)\s+(?P<right>.+?)\s*:?$", re.I)
# A capitalised word after a lowercase word or a comma: "(?<=[a-z,;] )[A-Z][\w-]+", with the
# look-behind after the capital, so that the search can skip to capitals.
_MID_SENTENCE_CAPITAL = re.compile(r"[A-Z](?<=[a-z,;] [A-Z])[\w-]+")
_DIGIT = re.compile(r"[0-9]")
_DEFINITION_WORD = re.compile(r"[\w-]+")
_NAME_WORD = re.compile(r"[\w\u00c0-\u024f'-]+")
_NUMERAL = re.compile(r"[IVX]+|\d+")
_THAT_OR_OF = re.compile(r"\s+(?:that|of)\s")
_RELATIVE_PRONOUN = re.compile(r",\s(?:which|who|whose)\s")
_COMMA_AND_END = re.compile(r",\s*and\s*$")
_SEMICOLON = re.compile(r";\s+")


@dataclass
class _Context:
    """What the extractor knows while it reads one article."""

    doc: Document
    background: Background
    concepts: "CorpusConcepts"
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    names: list[KnownName] = field(default_factory=list)
    bg_by_key: dict = field(default_factory=dict)
    alias_of: dict[str, str] = field(default_factory=dict)  # normalised alias -> entity key
    subject: str = ""
    other: str | None = None
    mentions: dict[int, list[Mention]] = field(default_factory=dict)  # sentence index -> mentions
    # Look-ups kept with the facts by add(): the facts as a set, the classes of each
    # entity key, and (entity key, offset) of each altLabel fact.
    fact_set: set[Fact] = field(default_factory=set)
    types_of: dict[str, set[str]] = field(default_factory=dict)
    alt_label_at: set[tuple[str, int]] = field(default_factory=set)
    sentences: tuple[Sentence, ...] = field(init=False)  # doc.sentences, a property that builds the tuple

    def __post_init__(self):
        self.sentences = self.doc.sentences

    def evidence(self, sentence: Sentence, rule: str, start: int, end: int) -> Evidence:
        return Evidence(self.doc.slug, sentence, rule, self.doc.text[start:end], start, end)

    def entity(self, key: str, label: str) -> Entity:
        key = self.alias_of.get(key, key)
        if key not in self.entities:
            self.entities[key] = Entity(key=key, label=label)
            rec = self.bg_by_key.get(key)
            if rec is not None:
                self.entities[key].background = rec.iri
                self.entities[key].label = rec.label
        return self.entities[key]

    def add(self, subject: str, predicate: str, obj: str, evidence: Evidence) -> None:
        fact = Fact(subject, predicate, obj, evidence)
        if fact in self.fact_set:
            return
        self.facts.append(fact)
        self.fact_set.add(fact)
        if predicate == "type":
            self.types_of.setdefault(subject, set()).add(obj)
        elif predicate == "altLabel":
            self.alt_label_at.add((subject, evidence.cue_start))


def extract(doc: Document, background: Background, known_concepts: "tuple[str, ...] | CorpusConcepts" = ()) -> Extraction:
    """Entities, facts and misconceptions of ``doc``.

    ``known_concepts`` are names of concepts known from elsewhere in the
    corpus (e.g. the titles of the other articles); they are recognised in
    lower case like the article's own subject. A corpus passes them as one
    :class:`CorpusConcepts`, built once and shared by all its articles.
    """
    concepts = known_concepts if isinstance(known_concepts, CorpusConcepts) else CorpusConcepts(tuple(known_concepts))
    ctx = _Context(doc, background, concepts)
    _setup_known_names(ctx)
    matchers = _Matchers(ctx.background.index.matcher, NameMatcher(ctx.names), concepts.matcher,
                         exclude=(ctx.subject, ctx.other))
    initial_ok = _capitalised_mid_sentence(doc)
    capitalised = {s.index: capitalised_names(s.text, s.start, initial_ok)
                   for s in ctx.sentences if s.kind not in ("title", "heading")}
    # The curated, the article's and the corpus's names, found once and used by both passes.
    known = {s.index: matchers.find(s.text, s.start) for s in ctx.sentences if s.index in capitalised}
    defined_from = len(ctx.names)
    _collect_aliases(ctx, known, capitalised)
    defined = NameMatcher(ctx.names[defined_from:])  # the names the text defined
    for sentence in ctx.sentences:
        if sentence.index not in capitalised:
            continue
        found = known[sentence.index] + defined.find(sentence.text, sentence.start) + capitalised[sentence.index]
        ctx.mentions[sentence.index] = [_canonical(ctx, m) for m in select(found)]
    _type_subject(ctx)
    _type_names(ctx)
    _years(ctx)
    _relations(ctx)
    _historical_context(ctx)
    _copula_types(ctx)
    misconceptions = _misconceptions(ctx)
    _default_types(ctx)
    _prune(ctx)
    return Extraction(doc, ctx.subject, ctx.entities, ctx.facts, misconceptions, list(doc.warnings) + ctx.warnings)


# --- names ------------------------------------------------------------------------------


class CorpusConcepts:
    """The concepts a corpus names by itself (see :func:`corpus_concepts`), searched in each of its articles.

    Built once per corpus and shared, read-only, by the extraction of every
    article (and by forked workers): one :class:`NameMatcher` whose word
    index runs, in each sentence, only the searches for titles whose words
    the sentence has. Per article, the cost is that of its sentences, not of
    the size of the corpus.
    """

    def __init__(self, concepts: tuple[str, ...]):
        self.concepts = concepts
        self.labels: dict[str, str] = {}  # key -> label
        names: list[KnownName] = []
        for concept in concepts:
            self.labels.setdefault(normalise(concept), concept)
            names.extend(_concept_names(concept))
        self.matcher = NameMatcher(names)


class _Matchers:
    """The curated names (built once per background), the article's own names and the corpus's concepts,
    searched together.

    The article's own subject and compared concept are its own names, not
    corpus concepts (``exclude``); a span the own names found is not taken
    again from the corpus's (they share the article's title).
    """

    def __init__(self, curated: NameMatcher, own: NameMatcher, corpus: NameMatcher, exclude: tuple):
        self.curated, self.own, self.corpus, self.exclude = curated, own, corpus, exclude

    def find(self, text: str, offset: int = 0) -> list[Mention]:
        own = self.own.find(text, offset)
        spans = {(m.start, m.end) for m in own}
        corpus = [m for m in self.corpus.find(text, offset, self.exclude) if (m.start, m.end) not in spans]
        return self.curated.find(text, offset) + own + corpus


def _setup_known_names(ctx: _Context) -> None:
    doc = ctx.doc
    title_sentence = doc.sentences[0]
    ctx.subject = normalise(doc.title)  # doc.title has its white space collapsed
    ctx.entity(ctx.subject, doc.title)
    ctx.add(ctx.subject, "label", doc.title, ctx.evidence(title_sentence, "label/title", title_sentence.start, title_sentence.end))
    index = ctx.background.index
    ctx.bg_by_key = index.by_key  # shared, read only
    ctx.alias_of = {**index.alias_of, **ctx.alias_of}
    # The subject and the concept it is compared with are concepts: any case.
    for form in name_forms(doc.title):  # matched; an alias only where the text uses it (_type_names)
        ctx.names.append(KnownName(form, ctx.subject, False))
    versus = doc.section("versus")
    if versus and versus.sentences:
        heading = versus.sentences[0]
        other = _other_of_versus(heading.text, doc.title)
        if other:
            label, start = other
            label = " ".join(label.split())
            ctx.other = normalise(label)
            ctx.entity(ctx.other, label)
            ev = ctx.evidence(heading, "relation/contrastsWith/versus-heading", heading.start + start, heading.start + start + len(label))
            ctx.add(ctx.subject, "contrastsWith", ctx.other, ev)
            ctx.names.append(KnownName(label, ctx.other, False))


@lru_cache(maxsize=65536)
def _concept_names(concept: str) -> tuple[KnownName, ...]:
    """The names of a concept known from elsewhere in the corpus (the same for every article)."""
    return tuple(KnownName(form, normalise(concept), False) for form in _name_forms(concept))


def name_forms(title: str) -> list[str]:
    """The title and the other ways a glossary text names its subject.

    "Inviolability of Borders" is also "inviolability" (an abstract head
    noun on its own) and "borders are inviolable" (the adjective the noun
    was made from).
    """
    return list(_name_forms(title))


@lru_cache(maxsize=65536)
def _name_forms(title: str) -> tuple[str, ...]:
    forms = [title]
    m = _TITLE_OF.fullmatch(title.strip())
    if m:
        head, noun = m.group("head"), m.group("noun")
        if _ABSTRACT_NOUN.search(head.lower()):
            forms.append(head.lower())
        adjective = _BILITY.sub(lambda x: "ible" if x.group(0).startswith("i") else "able", head.lower())
        if adjective != head.lower():
            forms.append(f"{noun.lower()} is {adjective}")
    return tuple(forms)


def corpus_concepts(docs: list[Document]) -> tuple[str, ...]:
    """Concepts a corpus names by itself: each article's subject and the concept its "vs" heading compares."""
    names: dict[str, str] = {}
    for doc in docs:
        names.setdefault(normalise(doc.title), doc.title)
        versus = doc.section("versus")
        if versus and versus.sentences:
            other = _other_of_versus(versus.sentences[0].text, doc.title)
            if other:
                names.setdefault(normalise(other[0]), " ".join(other[0].split()))
    return tuple(names.values())


def _other_of_versus(heading: str, title: str) -> tuple[str, int] | None:
    m = _VERSUS.match(heading)
    if not m:
        return None
    left, right = m.group("left").strip(), m.group("right").strip()
    if normalise(right) == normalise(title) and normalise(left) != normalise(title):
        return left, m.start("left")
    return right, m.start("right")


def _collect_aliases(ctx: _Context, known: dict[int, list[Mention]], capitalised: dict[int, list[Mention]]) -> None:
    """Aliases the article defines: "Name (ACRONYM)" and "Name, formally the Other Name".

    ``known``: the known names found in each sentence."""
    for sentence in ctx.sentences:
        if sentence.index not in capitalised:
            continue
        found = select(known[sentence.index] + capitalised[sentence.index])
        for i, m in enumerate(found):
            after = ctx.doc.text[m.end:sentence.end]
            key = ctx.alias_of.get(m.key, m.key)
            acr = _ACRONYM_PAREN.match(after)
            if acr and is_acronym(acr.group("acr")):
                a0 = m.end + acr.start("acr")
                _add_alias(ctx, key, m.text, acr.group("acr"), sentence, a0)
                continue
            cue = _ALIAS_CUE.match(after)
            if cue and i + 1 < len(found) and found[i + 1].start == m.end + cue.end():
                nxt = found[i + 1]
                if not nxt.known and cue.group(0).strip(" ,").lower() != "or":
                    _add_alias(ctx, key, m.text, nxt.text, sentence, nxt.start)


def _add_alias(ctx: _Context, key: str, label: str, alias: str, sentence: Sentence, start: int) -> None:
    entity = ctx.entity(key, label)
    entity.aliases.add(alias)
    ctx.alias_of.setdefault(normalise(alias), entity.key)
    ctx.names.append(KnownName(alias, entity.key, True))
    ctx.names.append(KnownName(entity.label, entity.key, True))
    ctx.add(entity.key, "altLabel", alias, ctx.evidence(sentence, "label/alias-in-text", start, start + len(alias)))


def _capitalised_mid_sentence(doc: Document) -> set[str]:
    """Words the article capitalises where a sentence does not start: names, not sentence openers."""
    words = set()
    for s in doc.sentences:
        if s.kind in ("title", "heading"):
            continue
        for m in _MID_SENTENCE_CAPITAL.finditer(s.text):
            words.add(m.group(0))
    return words


def _canonical(ctx: _Context, m: Mention) -> Mention:
    key = ctx.alias_of.get(m.key, m.key)
    return Mention(m.start, m.end, m.text, key, m.known, m.prefixed) if key != m.key else m


def _concept_label(ctx: _Context, key: str) -> str | None:
    """The label of a concept the corpus names (not the article's subject or compared concept), else None."""
    return ctx.concepts.labels.get(key) if key not in (ctx.subject, ctx.other) else None


def _mention_entity(ctx: _Context, m: Mention) -> Entity:
    label = _concept_label(ctx, m.key)
    if label is not None:  # "security is indivisible" names the concept, it is not its label
        return ctx.entity(m.key, label)
    label = " ".join(m.text.split())
    if m.known and label.islower():
        label = _title_case(label)
    return ctx.entity(m.key, label)


# --- types -------------------------------------------------------------------------------


def _type_subject(ctx: _Context) -> None:
    """The article's subject: its class from the head of its definition ("The concept that ...")."""
    definition = ctx.doc.section("definition")
    subject = ctx.entities[ctx.subject]
    if not definition or not definition.sentences:
        return
    first = definition.sentences[0]
    subject.definition = " ".join(s.text for s in definition.sentences)
    ctx.add(ctx.subject, "definition", subject.definition, ctx.evidence(first, "definition/first-paragraph", first.start, first.end))
    words = list(_DEFINITION_WORD.finditer(first.text))
    for w in words[:6]:
        low = w.group(0).lower()
        found = next((cls for cls, heads in DEFINITION_HEADS.items() if low in heads), None)
        if found:
            ctx.add(ctx.subject, "type", found, ctx.evidence(first, "type/definition", first.start + w.start(), first.start + w.end()))
            return
        if low not in DEFINITION_SKIP:
            break
    if any(w.group(0).lower().endswith("ing") for w in words[:1]):
        # A gerund defines an activity: "Deploying observers to ..." is a mechanism.
        w = words[0]
        ctx.add(ctx.subject, "type", "Mechanism", ctx.evidence(first, "type/definition", first.start + w.start(), first.start + w.end()))


@lru_cache(maxsize=65536)
def head_noun(name: str) -> tuple[str, int] | None:
    """The head word of a name and its offset: the word before "of"/"on"/"for", else the last word."""
    words = list(_NAME_WORD.finditer(name))
    head = None
    for w in words:
        if w.group(0) in ("of", "on", "for", "to") and head is not None:
            break
        if _NUMERAL.fullmatch(w.group(0)):
            continue
        head = w
    return (head.group(0), head.start()) if head else None


def _type_names(ctx: _Context) -> None:
    for sentence in ctx.sentences:
        for m in ctx.mentions.get(sentence.index, []):
            rec = ctx.bg_by_key.get(m.key)
            entity = _mention_entity(ctx, m)
            if entity.mentions == [] or entity.mentions[-1].sentence.index != sentence.index:
                entity.mentions.append(ctx.evidence(sentence, "mention", m.start, m.end))
            surface = " ".join(m.text.split())
            already = (entity.key, m.start) in ctx.alt_label_at
            if normalise(surface) not in (normalise(entity.label), entity.key) and not m.prefixed and not already:
                # "inviolability", "UN", a short or older name: another name the article uses
                ctx.add(entity.key, "altLabel", surface, ctx.evidence(sentence, "label/variant-in-text", m.start, m.end))
            if rec is not None:
                continue  # typed by the curated record (kg.assemble), not by the text
            if m.key in (ctx.subject, ctx.other) or _concept_label(ctx, m.key) is not None:
                continue
            head = head_noun(m.text)
            if head:
                word, off = head
                cls = next((c for c, heads in HEAD_NOUN_TYPES.items() if word.lower() in heads), None)
                if cls and (word[:1].isupper() or cls == "HistoricalEvent" and m.text[:1].isupper()):
                    ctx.add(entity.key, "type", cls, ctx.evidence(sentence, "type/head-noun", m.start + off, m.start + off + len(word)))


def _copula_types(ctx: _Context) -> None:
    """'X is a practical arrangement ...' types a concept-like X as a Mechanism (or Concept)."""
    for sentence in _relation_sentences(ctx):
        for m in ctx.mentions.get(sentence.index, []):
            entity = ctx.entities.get(m.key)
            if entity is None or _strong_type(ctx, m.key) - CONCEPTUAL:
                continue
            cm = _COPULA_TYPE.match(ctx.doc.text[m.end:sentence.end])
            if not cm:
                continue
            words = cm.group("words").split()
            if any(w.lower() not in DEFINITION_SKIP and w.lower() not in ("more", "less", "most") for w in words):
                continue
            head = cm.group("head").lower()
            cls = next((c for c, heads in DEFINITION_HEADS.items() if head in heads), None)
            if cls:
                s = m.end + cm.start("head")
                ctx.add(m.key, "type", cls, ctx.evidence(sentence, "type/copula", s, s + len(cm.group("head"))))


def _strong_type(ctx: _Context, key: str) -> set[str]:
    types = set(ctx.types_of.get(key, ()))
    if key in ctx.bg_by_key:
        types.add(ctx.bg_by_key[key].type)
    return types


def _default_types(ctx: _Context) -> None:
    """Weak defaults, used only where nothing better is known (kg.resolve drops them otherwise)."""
    if not _strong_type(ctx, ctx.subject):
        # A glossary article defines a concept unless its definition says otherwise.
        title = ctx.sentences[0]
        ctx.add(ctx.subject, "type", "Concept", ctx.evidence(title, "type/subject-default", title.start, title.end))
    subject_types = _strong_type(ctx, ctx.subject) & CONCEPTUAL
    if ctx.other and not _strong_type(ctx, ctx.other) and subject_types:
        heading = ctx.doc.section("versus").sentences[0]
        for cls in sorted(subject_types):
            # The template compares like with like: a mechanism with a mechanism.
            ev = ctx.evidence(heading, "type/versus-same-kind", heading.start, heading.end)
            ctx.add(ctx.other, "type", cls, ev)
    for fact in list(ctx.facts):
        if fact.predicate in RELATION_NAMES - {"partOf", "hasHistoricalContext"}:
            ends = [fact.object] + ([fact.subject] if fact.predicate in ("derivedFrom", "contrastsWith") else [])
            for key in ends:
                if not _strong_type(ctx, key):
                    ctx.add(key, "type", "Concept", Evidence(fact.evidence.document, fact.evidence.sentence, "type/relation-range",
                                                            fact.evidence.cue, fact.evidence.cue_start, fact.evidence.cue_end))


# --- years ---------------------------------------------------------------------------------


def _years(ctx: _Context) -> None:
    text = ctx.doc.text
    for sentence in ctx.sentences:
        if not _DIGIT.search(sentence.text):
            continue  # no year in it
        mentions = ctx.mentions.get(sentence.index, [])
        for i, m in enumerate(mentions):
            after = text[m.end:sentence.end]
            for pattern, rule in ((YEAR_OF, "year/of-year"), (YEAR_PAREN, "year/parenthesis"), (YEAR_PARTICIPLE, "year/participle")):
                ym = pattern.match(after)
                if not ym:
                    continue
                year = ym.group("year") or ym.groupdict().get("eyear")
                group = "year" if ym.group("year") else "eyear"
                start = m.end + ym.start(group)
                owners = [m]
                if ym.groupdict().get("shared"):
                    owners = [x for x in mentions[:i + 1] if x in _with_coordinated(ctx, mentions[0], mentions, m.end)] or [m]
                for owner in owners:
                    ctx.add(owner.key, "year", year, ctx.evidence(sentence, rule, start, start + 4))
                break


# --- relations ---------------------------------------------------------------------------------


def _relation_sentences(ctx: _Context) -> list[Sentence]:
    return [s for s in ctx.sentences if s.kind not in _NO_RELATION_KINDS]


def _eligible(ctx: _Context, mentions: list[Mention], sentence: Sentence) -> list[Mention]:
    """Mentions that can be the subject of a clause: not a modifier, not in brackets."""
    text = ctx.doc.text
    out = []
    for i, m in enumerate(mentions):
        if m.prefixed:
            continue
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt and not text[m.end:nxt.start].strip():
            continue  # "Great War III Allied Council system": the first name modifies the second
        if text[sentence.start:m.start].count("(") > text[sentence.start:m.start].count(")"):
            continue
        out.append(m)
    return out


def _with_coordinated(ctx: _Context, first: Mention, mentions: list[Mention], limit: int) -> list[Mention]:
    group = [first]
    later = [m for m in mentions if m.start > first.start and m.end <= limit]
    for m in later:
        if _COORDINATION.match(ctx.doc.text[group[-1].end:m.start]):
            group.append(m)
        else:
            break
    return group


def _object_after(ctx: _Context, sentence: Sentence, pos: int, rule: RelationRule | None) -> tuple[str | None, int, int]:
    """(entity key, start, end) of what follows a cue at ``pos``; None when nothing fits."""
    text = ctx.doc.text
    rest = text[pos:sentence.end]
    lead = len(rest) - len(rest.lstrip())
    body = rest.lstrip()
    am = ANAPHOR.match(body)
    if am:
        # "the idea that security is indivisible": a named concept after the anaphor wins.
        rest_start = pos + lead + am.end()
        if _THAT_OR_OF.match(text, rest_start, sentence.end):
            wm = _WINDOW_END.search(text, rest_start + 6, sentence.end)
            limit = wm.start() if wm else sentence.end
            for m in ctx.mentions.get(sentence.index, []):
                if rest_start <= m.start < limit and _strong_type(ctx, m.key) <= CONCEPTUAL and m.key != ctx.subject:
                    return m.key, m.start, m.end
        return ctx.subject, pos + lead, pos + lead + am.end()
    wm = _WINDOW_END.search(body)
    limit = pos + lead + (wm.start() if wm else len(body))
    for m in ctx.mentions.get(sentence.index, []):
        if pos <= m.start < limit and not m.prefixed:
            return m.key, m.start, m.end
    if rule is None or not rule.object_from_phrase:
        return None, 0, 0
    phrase = _noun_phrase(body[: limit - pos - lead])
    if phrase is None:
        return None, 0, 0
    p_start = pos + lead + body.index(phrase)
    key = normalise(phrase)
    ctx.entity(key, _title_case(phrase))
    ctx.entities[ctx.alias_of.get(key, key)].mentions.append(ctx.evidence(sentence, "mention", p_start, p_start + len(phrase)))
    return ctx.alias_of.get(key, key), p_start, p_start + len(phrase)


def _noun_phrase(window: str) -> str | None:
    """A short concept phrase ("mutual restraint") at the start of ``window``, or None."""
    words = list(_NAME_WORD.finditer(window))
    taken = []
    for w in words:
        low = w.group(0).lower()
        if not taken and low in ("the", "a", "an"):
            continue
        if low in _NP_STOP or len(taken) >= 5:
            break
        taken.append(w)
    while taken and taken[-1].group(0).lower() in _NP_SMALL:
        taken.pop()
    if not taken:
        return None
    phrase = window[taken[0].start():taken[-1].end()]
    if len(taken) == 1 and not _CONCEPT_SUFFIX.search(taken[0].group(0).lower()):
        return None
    return phrase


def _title_case(phrase: str) -> str:
    out = []
    for i, word in enumerate(phrase.split()):
        if i and word.lower() in _NP_SMALL:
            out.append(word.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in word.split("-")))
    return " ".join(out)


def _can_be_subject(ctx: _Context, m: Mention) -> bool:
    """A typed or known entity, or a multi-word name: not a stray capitalised word ("Article 5")."""
    return m.known or bool(_strong_type(ctx, m.key)) or len(m.text.split()) > 1


def _subjects_before(ctx: _Context, sentence: Sentence, cue_start: int, participle: bool) -> list[Mention] | str | None:
    """Who the cue at ``cue_start`` is about: mentions, the article subject (a pronoun), or None."""
    text = ctx.doc.text
    mentions = ctx.mentions.get(sentence.index, [])
    eligible = _eligible(ctx, mentions, sentence)
    left = text[sentence.start:cue_start]
    # Relative clauses that close before the cue are skipped: their names are not the subject.
    hidden = [(sentence.start + r.start(), sentence.start + r.end()) for r in _RELATIVE_CLAUSE.finditer(left)]
    eligible = [m for m in eligible if not any(a <= m.start < b for a, b in hidden)]
    boundary = sentence.start
    for b in _CLAUSE_BOUNDARY.finditer(left):
        if any(a <= sentence.start + b.start() < e for a, e in hidden):
            continue
        boundary = sentence.start + b.end()
        if _RELATIVE_PRONOUN.match(b.group(0)):
            # "X, which embodies Y": the relative pronoun stands for X.
            before = [m for m in eligible if m.end <= sentence.start + b.start() and _can_be_subject(ctx, m)]
            if before and not text[before[-1].end:sentence.start + b.start()].strip():
                return [before[-1]]
    if participle:
        boundary = sentence.start
    candidates = [m for m in eligible if boundary <= m.start and m.end <= cue_start and _can_be_subject(ctx, m)]
    if candidates:
        # "X, signed in 1955, and Y both demonstrate ...": the ", and" was coordination, not a new clause.
        earlier = [m for m in eligible if m.end <= boundary and _can_be_subject(ctx, m)]
        if earlier and _COMMA_AND_END.search(text[sentence.start:boundary]):
            group = _with_coordinated(ctx, earlier[0], earlier + candidates, cue_start)
            if candidates[0] in group:
                return group
        return _with_coordinated(ctx, candidates[0], candidates, cue_start)
    clause = text[boundary:cue_start].strip(" ,")
    if SUBJECT_PRONOUN.match(clause):
        return ctx.subject
    return None


def _relations(ctx: _Context) -> None:
    for sentence in _relation_sentences(ctx):
        text = ctx.doc.text
        body = sentence.text
        candidates = CUES.candidates(body, words_of(body))  # a cheap test first: most sentences have no cue of most rules
        for rule in candidates:
            if rule is EXAMPLE_INTRO_RULE:
                continue  # its subjects follow the cue: below
            for cm in rule.pattern.finditer(body):
                cue_start, cue_end = sentence.start + cm.start(), sentence.start + cm.end()
                cue_start += len(body[cm.start():cm.end()]) - len(body[cm.start():cm.end()].lstrip())
                if any(m.start <= cue_start < m.end for m in ctx.mentions.get(sentence.index, [])):
                    continue  # the cue word is part of a name ("Act", "Document" ...)
                participle = text[cue_start:cue_end].split()[0].lower().endswith("ing")
                subjects = _subjects_before(ctx, sentence, cue_start, participle)
                if rule.object_is_subject:
                    obj = ctx.subject
                else:
                    obj, o_start, o_end = _object_after(ctx, sentence, cue_end, rule)
                if subjects is None or obj is None:
                    continue
                keys = [subjects] if isinstance(subjects, str) else [m.key for m in subjects]
                if isinstance(subjects, str) and rule.predicate != "derivedFrom":
                    continue  # "It reflects ..." names no example
                for key in keys:
                    _add_relation(ctx, key, rule, obj, sentence, cue_start, cue_end)
        for em in EXAMPLE_INTRO.finditer(body) if any(r is EXAMPLE_INTRO_RULE for r in candidates) else ():
            _example_intro(ctx, sentence, em)


def _example_intro(ctx: _Context, sentence: Sentence, em: re.Match) -> None:
    """'One clear example is X, ...' / 'Examples include X and Y': X exemplifies the subject (or the 'of' phrase)."""
    start, end = sentence.start + em.start(), sentence.start + em.end()
    if em.group("of"):
        obj, _, _ = _object_after(ctx, sentence, sentence.start + em.start("of"), None)
    else:
        obj = ctx.subject
    if obj is None:
        return
    mentions = [m for m in _eligible(ctx, ctx.mentions.get(sentence.index, []), sentence) if m.start >= end]
    if not mentions or ctx.doc.text[end:mentions[0].start].strip().lower() not in ("", "the"):
        return
    for m in _with_coordinated(ctx, mentions[0], mentions, sentence.end):
        _add_relation(ctx, m.key, EXAMPLE_INTRO_RULE, obj, sentence, start, end)


def _add_relation(ctx: _Context, subject: str, rule: RelationRule, obj: str, sentence: Sentence, cue_start: int, cue_end: int) -> None:
    if subject == obj:
        return
    obj_types = _strong_type(ctx, obj)
    if rule.predicate in ("derivedFrom", "exemplifies", "embodies", "reflects", "illustrates") and obj_types - CONCEPTUAL:
        return  # the object of these relations is a concept or mechanism (ontology range)
    if rule.predicate == "derivedFrom" and _strong_type(ctx, subject) - CONCEPTUAL:
        return
    if rule.predicate == "partOf" and (not _strong_type(ctx, subject) or not obj_types):
        return
    ev = ctx.evidence(sentence, f"relation/{rule.predicate}/{rule.id}", cue_start, cue_end)
    ctx.add(subject, rule.predicate, obj, ev)


def _historical_context(ctx: _Context) -> None:
    """'<entity> ... during the Long Winter War': the entity has that historical context."""
    text = ctx.doc.text
    for sentence in _relation_sentences(ctx):
        mentions = ctx.mentions.get(sentence.index, [])
        for i, event in enumerate(mentions):
            if "HistoricalEvent" not in _strong_type(ctx, event.key):
                continue
            before = text[sentence.start:event.start]
            cue = CONTEXT_CUE.search(before)
            if not cue:
                continue
            cue_start = sentence.start + cue.start()
            subject = None
            previous = [m for m in mentions[:i] if m.end <= cue_start]
            if previous and _APPOSITIVE_LEAD.match(text[previous[-1].end:cue_start]):
                subject = previous[-1]
            else:
                eligible = [m for m in _eligible(ctx, mentions, sentence) if m.end <= cue_start]
                subject = eligible[0] if eligible else None
            if subject is None or subject.key == event.key:
                continue
            ev = ctx.evidence(sentence, "relation/hasHistoricalContext/during", cue_start, event.end)
            ctx.add(subject.key, "hasHistoricalContext", event.key, ev)


# --- misconceptions ------------------------------------------------------------------------------


def _misconceptions(ctx: _Context) -> list[Misconception]:
    section = ctx.doc.section("misconceptions")
    if not section:
        return []
    found: list[Misconception] = []
    pending: list[Sentence] = []

    def close():
        if found and found[-1].correction is None and pending:
            first = pending[0]
            found[-1].correction = " ".join(s.text for s in pending)
            found[-1].correction_evidence = ctx.evidence(first, "misconception/correction-next-sentence", first.start, first.end)

    for sentence in section.sentences:
        if MISCONCEPTION_CUE.search(sentence.text):
            close()
            pending = []
            split = CORRECTION_SPLIT.search(sentence.text) or _SEMICOLON.search(sentence.text)
            statement = sentence.text[: split.start()] if split else sentence.text
            ev = ctx.evidence(sentence, "misconception/statement", sentence.start, sentence.start + len(statement))
            mc = Misconception(len(found) + 1, statement, None, ctx.subject, ev)
            if split:
                c0 = sentence.start + split.end()
                mc.correction = ctx.doc.text[c0:sentence.end]
                mc.correction_evidence = ctx.evidence(sentence, "misconception/correction-after-semicolon", c0, sentence.end)
            found.append(mc)
        elif found:
            pending.append(sentence)
    close()
    kept = []
    for mc in found:
        if mc.correction is None:
            ctx.warnings.append(f"{ctx.doc.path}:{_line(ctx.doc, mc.evidence.cue_start)}: a misconception without a correction was left out")
            continue
        mc.index = len(kept) + 1
        kept.append(mc)
    return kept


def _line(doc: Document, offset: int) -> int:
    return doc.text.count("\n", 0, offset) + 1


# --- pruning ---------------------------------------------------------------------------------------


def _prune(ctx: _Context) -> None:
    """Keep the entities the graph can say something about: the subject, typed ones, those in a relation.

    A curated entity counts only if the article names it.
    """
    keep = {ctx.subject} | ({ctx.other} if ctx.other else set())
    for f in ctx.facts:
        if f.predicate in RELATION_NAMES:
            keep |= {f.subject, f.object}
        elif f.predicate == "type":
            keep.add(f.subject)
    for key, entity in ctx.entities.items():
        if key in ctx.bg_by_key and entity.mentions:
            keep.add(key)
    ctx.entities = {k: e for k, e in ctx.entities.items() if k in keep}
    ctx.facts = [f for f in ctx.facts if f.subject in ctx.entities]
