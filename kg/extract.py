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
from .names import (KnownName, Mention, NameMatcher, capitalised_names, is_acronym, normalise, select, singulars,
                    surface_form, without_brackets, words_of)
from .rules import (ANAPHOR, BRACKETED_NAME, CLASS_NOUNS, CONCEPT_KIND_RULE, CONCEPT_YEAR, CONTEXT_CUE, CONTRAST_LEAD,
                    CONTRAST_RULE, COPULA_BEFORE_KIND, CORRECTION_SPLIT, CUES, DEFINITION_HEADS, DEFINITION_SKIP,
                    EVENT_NOUNS, EXAMPLE_INTRO, EXAMPLE_INTRO_RULE, HEAD_NOUN_TYPES, KINDS, KNOWN_AS, MISCONCEPTION_CUE,
                    NAME_HEAD_NOUNS, PARTICIPLE_TYPES, SUBJECT_PRONOUN, TREATED_AS, TREATED_AS_RULE, YEAR_EVENT_IN,
                    YEAR_OF, YEAR_PAREN, YEAR_PARTICIPLE, YEAR_RELATIVE, YEAR_SINCE, RelationRule, rx)
from .vocab import RELATIONS

# Type evidence, strongest first. When an entity has type facts from several
# levels, only the strongest level counts (see kg.resolve).
TYPE_RULE_PRIORITY = (
    "type/background", "type/definition", "type/head-noun", "type/copula", "type/participle", "type/name-noun",
    "type/phrase-head", "type/versus-same-kind", "type/relation-range", "type/subject-default",
)
CONCEPTUAL = {"Concept", "Mechanism"}
RELATION_NAMES = frozenset(RELATIONS)  # relations the extractor may assert
_NO_RELATION_KINDS = {"title", "heading", "misconceptions"}
_WINDOW_END = rx(
    r"[,;:.()]|\s(?:by|because|since|when|as|which|who|that|while|whereas|through|so|today|thus|and|but|where|if|to)\s", re.I)
_CLAUSE_BOUNDARY = rx(r"[;:]\s|\s(?:while|whereas|but|although|though)\s|,\s(?:which|who|whose|where|and)\s", re.I)
# ", which ... ," closed before the cue: a relative clause, not the clause the cue belongs to.
_RELATIVE_CLAUSE = rx(r",\s(?:which|who|whose|where|when|in which)\s[^,;:]*,", re.I)
_NP_STOP = {
    "when", "which", "that", "because", "as", "by", "and", "but", "while", "since", "to", "with", "through",
    "in", "into", "for", "from", "on", "at", "is", "are", "was", "were", "be", "it", "its", "their", "them",
    "they", "this", "these", "those", "so", "if", "or", "than", "whereas", "who", "whom", "where",
}
# Single words that name a mechanism of international security though they have no abstract ending
_CONCEPT_WORDS = {"truce", "armistice", "détente", "detente", "embargo", "blockade", "sanctions", "ceasefire"}
_NP_ADVERBS = {"also", "too", "still", "only", "even", "already", "often", "always", "never", "usually", "mainly",
               "largely", "chiefly", "thus", "therefore", "however", "instead", "itself", "themselves"}
_NP_SMALL = {"of", "and", "the", "for", "on", "in", "to", "a", "an"}
_CONCEPT_SUFFIX = re.compile(r"(?:ism|ity|ion|ence|ance|ing|ment|cy|ship|hood|ness|ty)$")
_ALIAS_CUE = rx(
    r"^\s*[,(]?\s*(?:formally|officially|also known as|also called|known formally as|or)\s+(?:the\s+)?", re.I)
_SHORT_NAME_PAREN = re.compile(r"^\s*\((?:the\s+)?(?P<alias>[A-Z][\w'-]*(?:\s+[A-Z0-9][\w'-]*){1,3})\)")
_ACRONYM_PAREN = re.compile(r"^\s*\((?P<acr>[A-Z][A-Za-z0-9&.\-]{1,11})\)")
_COPULA_TYPE = rx(
    r"^(?:\s*,[^,]{1,40},)?\s+(?:is|are|was|were|remains?)\s+(?:a|an|the)\s+(?P<words>(?:[\w-]+\s+){0,3}?)(?P<head>[\w-]+)\b", re.I)
# A member of a list of examples that is an action of the named thing: "and the deployment of the Varn Group"
_LIST_EVENT = (r"(?:(?:deployment|dispatch|intervention|mission|operation|work|role|creation|establishment)\s+(?:of|by)\s+(?:the\s+)?"
               r"|(?:[a-z-]+\s+){1,3}(?:known|referred to) as\s+(?:the\s+)?)")
_COORDINATION = rx(
    r"^(?:\s*\([^()]{1,40}\))?(?:\s+of\s+\d{4})?(?:\s*\([^()]{1,40}\))?(?:\s*,[^,;:]{1,60}?)?"
    r"\s*(?:[,;]\s*(?:and\s+)?|\s+and\s+|[,;]?\s+as well as\s+|,?\s+or\s+)(?:the\s+)?"
    r"(?:(?:first|second|third|later|original|so-called|revised|new|current)\s+)?(?:" + _LIST_EVENT + r")?$", re.I)
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
# What may stand between a cue and the name it introduces: "the", "the first", "the long-running".
_LEAD_TO_NAME = rx(r"\s*(?:(?:the|a|an)\s+)?(?:[a-z][a-z-]*\s+){0,2}?")
# The subject phrase of a clause, as _concept_subject reads it.
_SUBJECT_PHRASE = rx(
    r"\s*(?:(?:in practice|in theory|historically|today|originally|in turn|similarly|likewise|by contrast|for its part),?\s+)?"
    r"(?:(?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*(?:'s|\u2019s)\s+)?"  # a possessive: "Smith's"
    r"(?P<phrase>(?:[\w-]+\s+){1,5}?[\w-]+)(?:\s+of (?:this|that|the same) (?:kind|sort|type))?\s*,?\s*")
_NEXT_WORD = re.compile(r" ([a-z][a-z-]*)\b")
# "the (long-standing) practice of ...": a word for a body of ideas, then the concept it is about
_GENERIC_HEAD = rx(
    r"(?:the|a|an|its|their|[A-Z][\w-]*(?:'s|\u2019s))\s+(?:[a-z][\w-]*\s+){0,2}?(?:practice|tradition|idea|concept|notion|principle|doctrine|theory|school|art|philosophy|logic|system|form|kind|type|version|brand|strategy|policy)\s+of\s+(?!this\b|that\b|its\b|their\b)")
# A lowercase phrase, then "of" (and "the"), before a name: "the fiscal warfare of the "
# ", in which member states ...": the phrase before it is being defined
_DEFINING_CLAUSE = rx(r",\s(?:in which|where|whereby|under which|by which)\s")
# "two earlier ideas, A and B": what the ideas are comes after the comma
_COUNTED_IDEAS = rx(r"(?:two|three|four|several|various|a number of|a few|older|earlier)\s+(?:[a-z-]+\s+)?"
                    r"(?:ideas|concepts|traditions|sources|strands|schools|doctrines|theories|approaches|notions|currents),\s+(?:namely\s+)?")
_AND_OBJECT = rx(r"\s*,?\s*(?:and|as well as)\s+(?:also\s+)?(?:from\s+|on\s+|upon\s+|in\s+)?")
_PREPOSITIONS = {"over", "about", "around", "between", "against", "within", "of", "on", "in", "into", "for", "with",
                 "from", "at", "by", "to", "under", "after", "before", "during", "among"}
_MODIFIERS_BEFORE = rx(r"(?:(?:the|a|an)\s+)?(?P<mods>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+")
_HEAD_BEFORE_OF = rx(r"(?:(?:the|a|an)\s+)?(?P<np>(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*)\s+of\s+(?:the\s+)?")
_OPENING_CONCEPT = rx(r"(?:The\s+)?(?P<np>[A-Za-z][a-z-]*(?: [a-z][a-z-]*){0,2})\s*,?\s*")
_CLAUSE_CONCEPT = rx(r"(?P<np>[a-z][\w-]*(?: [a-z][\w-]*){1,2}?) (?:is|are|was|were|has|have|had|can|may|will|would|does|must|should|[a-z]+s)\b")
_QUANTIFIERS = {"both", "all", "some", "many", "most", "each", "such", "these", "those", "several", "few", "other", "no"}
# Prepositions that open an adverbial phrase: "Outside Varnland, ...", "With its forces across the Varn Peninsula, ..."
_LEADING_PREPOSITIONS = ("with|in|outside|inside|beyond|across|throughout|after|before|during|since|following|under|within|"
                         "among|between|from|at|for|without|despite|near|along|around|by|until|through|like|amid")
_OPENING_PHRASE = rx(r"(?:" + _LEADING_PREPOSITIONS + r")\b[^,;:]{0,120}?,\s")
_GENERIC_SUBJECT = rx(r"\s*(?:the|this|its)\s+(?:[a-z][\w-]*\s+)?(?:logic|idea|principle|spirit|concept|notion|practice|essence|core|philosophy)\s+of\s+(?:the\s+)?")
_ADVERBIAL_LEAD = rx(r"\s*(?:" + _LEADING_PREPOSITIONS + r")\s+(?:the\s+)?")
_RESTRICTIVE_RELATIVE = rx(r"[a-z] (?:that|which|who) (?=[a-z])")
# After names skipped inside a member's clause: the clause closes with a comma before the next member.
_COORDINATION_AFTER_CLAUSE = rx(
    r"(?:\s+of\s+\d{4})?(?:\s*\([^()]{1,40}\))?\s*,[^;:]{1,120}?[,;]\s*(?:and\s+|or\s+)?(?:the\s+)?"
    r"(?:(?:first|second|third|later|original|so-called|revised|new|current)\s+)?(?:" + _LIST_EVENT + r")?$")
_SUBORDINATE_GAP = rx(r"(?:\s+of\s+\d{4})?(?:\s*\([^()]{1,40}\))?\s*,\s*(?!and\b|or\b|as well\b)[a-z][^,;:]{0,80}$")
# After a name: an optional lowercase word, a class noun, and what it is against or of ("against Tessly")
_CODE_NAMED_OPERATION = re.compile(r"Operation(?= [A-Z])")
_AS_ABSTRACT = rx(r" as (?!a\b|an\b|the\b)[a-z]+(?:ity|ion|ence|ance|ment|ship|ness|ism)\b")
_OWNED_EVENT = rx(r"(?:'s|\u2019s) (?P<noun>[a-z]+)(?: of [a-z]+)?\b")
_EVENT_JOINS = (" of ", " in ", " against ", " on ", " over ", " of the ", " in the ", " against the ", " on the ", " over the ")
_EVENT_BEFORE = rx(r"\b(?:the|a|an|its|their|[A-Z][\w-]*(?:'s|\u2019s))\s+(?P<noun>[a-z][a-z-]*)\s+(?:of|in|against|on|over)\s+(?:the\s+)?$")
_NAME_HEAD = rx(r" (?P<noun>[a-z]+)\b(?: (?:against|on|over|in|with|for) (?:the )?[A-Z][\w-]*(?:(?: of the| of| and)? [A-Z][\w-]*)*)?")
_NAME_ADJ_HEAD = rx(r" [a-z][a-z-]* (?P<noun>[a-z]+)\b(?: (?:against|on|over|in|with|for) (?:the )?[A-Z][\w-]*(?:(?: of the| of| and)? [A-Z][\w-]*)*)?")
_TRAILING_RELATIVE = rx(r"(?:,\s(?:which|who|whose|an?|the|[a-z]+ed)\s[^,;:]*,|\s*\([^()]{1,40}\))\s*$")  # a relative clause, an apposition, a bracket
_CLASS_WORDS = {"theory", "concept", "idea", "doctrine", "principle", "approach", "model", "notion", "school", "thesis"}
# Words before a concept's name that do not make a narrower concept of it ("modern restraint" is restraint)
_PHRASE_ADJUNCTS = {"the", "a", "an", "modern", "contemporary", "early", "later", "today's", "such", "its", "their",
                    "traditional", "classic", "classical", "original", "broader", "wider", "narrow", "narrower", "strict",
                    "pure", "simple", "genuine", "true", "effective", "older", "earlier", "same", "very", "whole",
                    "successful", "failed", "real", "practical", "formal", "informal", "any", "every", "this", "that"}


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
    # Names made of a lowercase phrase around a name ("the intervention in Varnland"): key -> (class, start, end of its noun)
    phrase_types: dict[str, tuple[str, int, int]] = field(default_factory=dict)
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
        ctx.mentions[sentence.index] = _with_head_nouns(ctx, sentence, [_canonical(ctx, m) for m in select(found)])
    _type_subject(ctx)
    _type_names(ctx)
    _years(ctx)
    _concept_years(ctx)
    _relations(ctx)
    _historical_context(ctx)
    _copula_types(ctx)
    _known_as(ctx)
    _name_noun_types(ctx)
    _phrase_types(ctx)
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
            short = _SHORT_NAME_PAREN.match(after)
            if short and short.group("alias").split()[-1].lower() in CLASS_NOUNS and short.group("alias") != m.text:
                # "the Inter-Varnian Treaty of Mutual Aid (Varn Treaty)": the short name it goes by
                _add_alias(ctx, key, m.text, short.group("alias"), sentence, m.end + short.start("alias"))
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


def _with_head_nouns(ctx: _Context, sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
    """A name followed by a lowercase class noun names one thing with it: "the Varnholm embargo against
    Tessly", "the Eldmoor massacre of 1990" (kg.rules.NAME_HEAD_NOUNS). Concepts are left as they are."""
    text = ctx.doc.text
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            continue  # inside the name before, now extended
        event = _EVENT_BEFORE.search(text[max(sentence.start, m.start - 60):m.start]) \
            if text.endswith(_EVENT_JOINS, sentence.start, m.start) else None
        if event and event.group("noun").lower() in EVENT_NOUNS and not _is_concept(ctx, m.key):
            # "the intervention in Varnland in 2011": the event, named after the place
            start = m.start - (event.end() - event.start("noun"))  # the slice ends at the name
            name = text[start:m.end]
            key = normalise(name)
            ctx.phrase_types[key] = ("HistoricalEvent", start, start + len(event.group("noun")))
            out.append(Mention(start, m.end, name, key, False, False))
            continue
        as_what = _AS_ABSTRACT.match(text, m.end, sentence.end) if text.startswith(" as ", m.end) and _is_concept(ctx, m.key) else None
        if as_what:  # "restraint as obligation": a concept of its own
            name = text[m.start:as_what.end()]
            key = normalise(name)
            ctx.phrase_types[key] = ("Concept", m.start, as_what.end())
            out.append(Mention(m.start, as_what.end(), name, key, False, m.prefixed))
            continue
        owned = _OWNED_EVENT.match(text, m.end, sentence.end) if text.startswith(("'s ", "\u2019s "), m.end) else None
        if owned and owned.group("noun").lower() in EVENT_NOUNS | {"declaration", "recognition", "accession"}:
            # "Varnland's declaration of independence": the event, named with its owner
            name = text[m.start:owned.end()]
            key = normalise(name)
            ctx.phrase_types[key] = ("HistoricalEvent", m.end + owned.start("noun") - owned.start(), owned.end("noun"))
            out.append(Mention(m.start, owned.end(), name, key, False, m.prefixed))
            continue
        hm = None
        if m.text[:1].isupper() and text[m.end + 1:m.end + 2].islower() and text.startswith(" ", m.end) \
                and not m.prefixed and not _is_concept(ctx, m.key):
            hm = next((h for h in (_NAME_HEAD.match(text, m.end, sentence.end), _NAME_ADJ_HEAD.match(text, m.end, sentence.end))
                       if h is not None and h.group("noun") in NAME_HEAD_NOUNS), None)
        if hm is None:
            out.append(m)
            continue
        end = hm.end()
        name = text[m.start:end]
        out.append(Mention(m.start, end, name, normalise(name), False, m.prefixed))
    return out


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
    label = without_brackets(" ".join(m.text.split()))
    if m.known and label.islower() or m.key in ctx.phrase_types:
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
    found, w = _definition_head(words)
    if found:
        ctx.add(ctx.subject, "type", found, ctx.evidence(first, "type/definition", first.start + w.start(), first.start + w.end()))
        return
    if any(w.group(0).lower().endswith("ing") for w in words[:1]):
        # A gerund defines an activity: "Deploying observers to ..." is a mechanism.
        w = words[0]
        ctx.add(ctx.subject, "type", "Mechanism", ctx.evidence(first, "type/definition", first.start + w.start(), first.start + w.end()))


def _definition_head(words: list[re.Match]) -> tuple[str | None, re.Match | None]:
    """The class the head noun of the definition's first noun phrase gives: "Restrictive economic measures,
    such as ..." (measures), "Negotiated restraints on ..." (a plural), "A form of conflict management in
    which ..." (the head of what it is a form of)."""
    i = 0
    while i + 2 < len(words) and words[i].group(0).lower() in {"a", "an", "the"} | _KIND_OF:
        if words[i].group(0).lower() in _KIND_OF and words[i + 1].group(0).lower() == "of":
            i += 2
        else:
            i += 1
    phrase = []
    for w in words[i:i + 6]:
        if w.group(0).lower() in _NP_STOP | {"of", "such", "among", "between", "against", "on", "where", "whose"}:
            break
        phrase.append(w)
    if phrase:
        found = _head_class(phrase[-1].group(0))
        if found:
            return found, phrase[-1]
    return None, None


def _head_class(word: str) -> str | None:
    """The class DEFINITION_HEADS gives a head noun, or its singular ("restraints", "measures")."""
    forms = {word.lower(), *singulars(word.lower())}
    return next((cls for cls, heads in DEFINITION_HEADS.items() if forms & heads), None)


_KIND_OF = {"form", "kind", "type", "variety", "mode", "means", "way", "branch", "category"}


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
            if surface_form(surface) not in (surface_form(entity.label), entity.key) and not m.prefixed and not already:
                # "inviolability", "UN", a short or older name: another name the article uses
                ctx.add(entity.key, "altLabel", surface, ctx.evidence(sentence, "label/variant-in-text", m.start, m.end))
            if rec is not None:
                continue  # typed by the curated record (kg.assemble), not by the text
            if m.key in (ctx.subject, ctx.other) or _concept_label(ctx, m.key) is not None:
                continue
            if m.key in ctx.phrase_types:
                cls, start, end = ctx.phrase_types[m.key]
                ctx.add(entity.key, "type", cls, ctx.evidence(sentence, "type/head-noun", start, end))
                continue
            operation = _CODE_NAMED_OPERATION.match(m.text)
            if operation:  # "Operation Desert Shield": a military operation, an event
                ctx.add(entity.key, "type", "HistoricalEvent", ctx.evidence(sentence, "type/head-noun", m.start, m.start + operation.end()))
                continue
            head = head_noun(m.text)
            if head:
                word, off = head
                cls = next((c for c, heads in HEAD_NOUN_TYPES.items() if word.lower() in heads), None)
                if cls and (word[:1].isupper() or cls in ("HistoricalEvent", "Region") and m.text[:1].isupper()):
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


def _name_noun_types(ctx: _Context) -> None:
    """A name still untyped whose head is no class noun but which has one inside: "International Force
    Varnland", "Chief Commissioner for Rivers", "the Eldmoor programme" -- the rightmost class noun."""
    for sentence in ctx.sentences:
        for m in ctx.mentions.get(sentence.index, []):
            if m.key not in ctx.entities or _strong_type(ctx, m.key) or _is_concept(ctx, m.key) or not m.text[:1].isupper():
                continue
            for w in reversed(list(_NAME_WORD.finditer(m.text))):
                word = w.group(0)
                cls = next((c for c, heads in HEAD_NOUN_TYPES.items() if word.lower() in heads), None)
                if cls and (word[:1].isupper() or word in NAME_HEAD_NOUNS):
                    ctx.add(m.key, "type", cls, ctx.evidence(sentence, "type/name-noun", m.start + w.start(), m.start + w.end()))
                    break


def _phrase_types(ctx: _Context) -> None:
    """An idea named by a lowercase phrase, by its head noun: "focused tariffs", "forward stationing",
    "inner bracing" (an activity) are mechanisms; "convergence theory" is a concept."""
    for key, entity in ctx.entities.items():
        if _strong_type(ctx, key) or key in (ctx.subject, ctx.other) or not entity.mentions:
            continue
        ev = entity.mentions[0]
        if len(ev.cue.split()) < 2 or not ev.cue[:1].islower() and ev.cue_start != ev.sentence.start:
            continue  # a capitalised name, or a single word: not a concept phrase
        head = ev.cue.split()[-1].lower()
        cls = _head_class(head)
        if cls is None and head.endswith("ing") and len(head) > 5:
            cls = "Mechanism"
        if cls:
            at = ev.cue_end - len(head)
            ctx.add(key, "type", cls, ctx.evidence(ev.sentence, "type/phrase-head", at, ev.cue_end))


def _known_as(ctx: _Context) -> None:
    """'a condition known as mutual restraint (MR)': the phrase names a concept (and the acronym after it)."""
    text = ctx.doc.text
    for sentence in _relation_sentences(ctx):
        if " as " not in sentence.text and "called" not in sentence.text and "termed" not in sentence.text:
            continue
        for km in KNOWN_AS.finditer(sentence.text):
            group = "np" if km.group("np") else "np2"
            phrase = km.group(group)
            if phrase.split()[0] in _NP_STOP | _QUANTIFIERS | {"the", "a", "an"}:
                continue
            start = sentence.start + km.start(group)
            key = _phrase_concept(ctx, sentence, phrase, start, start + len(phrase))
            acr = _ACRONYM_PAREN.match(text[start + len(phrase):sentence.end])
            if acr and is_acronym(acr.group("acr")):
                _add_alias(ctx, key, ctx.entities[key].label, acr.group("acr"), sentence, start + len(phrase) + acr.start("acr"))


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
            end = m.end
            bracket = BRACKETED_NAME.match(text, end, sentence.end)
            if bracket:  # "the Treaty on Open Seas (TOS), signed in 1990": what follows is said of the treaty
                end = bracket.end()
            after = text[end:sentence.end]
            patterns = _YEAR_PATTERNS
            if "HistoricalEvent" in _strong_type(ctx, m.key):
                patterns = patterns + ((YEAR_EVENT_IN, "year/event-in"),)
            for pattern, rule in patterns:
                ym = pattern.match(after)
                if not ym:
                    continue
                year = ym.group("year") or ym.groupdict().get("eyear")
                group = "year" if ym.group("year") else "eyear"
                start = end + ym.start(group)
                owners = [m]
                if i and text[mentions[i - 1].end:m.start] == " of the " and _names_a_part(mentions[i - 1]):
                    owners = [mentions[i - 1]]  # "the Monitoring Unit of the Council (CV), set up in 1990": the unit's
                if ym.groupdict().get("shared"):
                    owners = [x for x in mentions[:i + 1] if x in _with_coordinated(ctx, mentions[0], mentions, m.end)] or [m]
                for owner in owners:
                    ctx.add(owner.key, "year", year, ctx.evidence(sentence, rule, start, start + 4))
                    if ym.groupdict().get("verb"):
                        _participle_type(ctx, owner, ym, sentence, end)
                break


def _names_a_part(m: Mention) -> bool:
    """A name of two or more words, not ending in a number: "Joint Monitoring Unit" (of the ...), not "Chapter VII"."""
    words = m.text.split()
    return len(words) >= 2 and not _NUMERAL.fullmatch(words[-1])


def _concept_years(ctx: _Context) -> None:
    """'who coined the term in 1950', 'The idea was first set out in 1992': the year of a concept."""
    for sentence in _relation_sentences(ctx):
        if not _DIGIT.search(sentence.text):
            continue
        for ym in CONCEPT_YEAR.finditer(sentence.text):
            year = ym.group("year") or ym.group("pyear")
            owner = ctx.subject
            if ym.group("of"):
                start = sentence.start + ym.start("of")
                inside = [m for m in ctx.mentions.get(sentence.index, []) if start <= m.start < sentence.start + ym.end("of")]
                if not inside or not _strong_type(ctx, inside[0].key) <= CONCEPTUAL:
                    continue  # "coined the idea of X": X must be a concept the article names
                owner = inside[0].key
            at = sentence.start + ym.start("year" if ym.group("year") else "pyear")
            ctx.add(owner, "year", year, ctx.evidence(sentence, "year/concept-coined", at, at + 4))


_YEAR_PATTERNS = ((YEAR_OF, "year/of-year"), (YEAR_PAREN, "year/parenthesis"), (YEAR_PARTICIPLE, "year/participle"),
                  (YEAR_SINCE, "year/since"), (YEAR_RELATIVE, "year/relative-clause"))


def _participle_type(ctx: _Context, owner: Mention, ym: re.Match, sentence: Sentence, offset: int) -> None:
    """'X, signed in 1987': an otherwise untyped X is a treaty (founded: an institution; broke out: an event)."""
    if _strong_type(ctx, owner.key) or _concept_label(ctx, owner.key) is not None or owner.key in (ctx.subject, ctx.other):
        return
    verb = " ".join(ym.group("verb").lower().split())
    cls = next((c for c, verbs in PARTICIPLE_TYPES.items() if verb in verbs), None)
    if cls:
        start = offset + ym.start("verb")
        ctx.add(owner.key, "type", cls, ctx.evidence(sentence, "type/participle", start, offset + ym.end("verb")))


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
        if _is_modifier(text, m):
            continue
        if text[sentence.start:m.start].count("(") > text[sentence.start:m.start].count(")"):
            continue
        out.append(m)
    return out


def _is_modifier(text: str, m: Mention) -> bool:
    """A name that modifies the noun after it: a possessive ("Varn's opening to ..."), or a name before a
    lowercase class noun ("the Varnholm embargo against ..."): it is not what the clause is about."""
    if text.startswith(("'s ", "\u2019s "), m.end):
        return True  # "Varnland's opening to ...", the possessive after the name
    after = _NEXT_WORD.match(text, m.end)
    if after is None:
        return False
    return m.text.endswith(("'s", "\u2019s")) or after.group(1) in CLASS_NOUNS


def _with_coordinated(ctx: _Context, first: Mention, mentions: list[Mention], limit: int) -> list[Mention]:
    group = [first]
    later = [m for m in mentions if m.start > first.start and m.end <= limit]
    skipped = False
    for m in later:
        gap = ctx.doc.text[group[-1].end:m.start]
        if (_COORDINATION_AFTER_CLAUSE if skipped else _COORDINATION).match(gap):
            group.append(m)
            skipped = False
        elif _SUBORDINATE_GAP.match(gap):
            skipped = True  # "A of 1981, through which Varn ended the Tessly crisis, and B": a name inside A's clause
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
        after_of = _GENERIC_HEAD.match(body)
        if not (after_of and _noun_phrase(body[after_of.end():])):
            return ctx.subject, pos + lead, pos + lead + am.end()
        # "the older practice of quiet mediation": the concept named after "of" (below), not the article's
    generic = _GENERIC_HEAD.match(body) or _COUNTED_IDEAS.match(body)
    if generic:  # "the long-standing practice of quiet mediation": the practice is the concept named after "of"
        lead += generic.end()
        body = body[generic.end():]
    wm = _WINDOW_END.search(body)
    limit = pos + lead + (wm.start() if wm else len(body))
    for m in ctx.mentions.get(sentence.index, []):
        if pos + lead <= m.start < limit and not m.prefixed and not _is_modifier(text, m):
            modified = _MODIFIERS_BEFORE.fullmatch(text, pos + lead, m.start)
            narrower = modified and (normalise(text[modified.start("mods"):m.end]) in ctx.entities
                                     or _DEFINING_CLAUSE.match(text, m.end, sentence.end))
            if modified and rule is not None and (rule.predicate in ("derivedFrom", "contrastsWith") or narrower) \
                    and _is_concept(ctx, m.key) \
                    and not set(modified.group("mods").lower().split()) & (_NP_STOP | _PHRASE_ADJUNCTS | _QUANTIFIERS | _PREPOSITIONS):
                # "follows from the theory of nuclear restraint": derived from the narrower concept (an example
                # of "armed restraint", though, is an example of restraint)
                start = modified.start("mods")
                return _phrase_concept(ctx, sentence, " ".join(text[start:m.end].split()), start, m.end), start, m.end
            head = _HEAD_BEFORE_OF.fullmatch(text, pos + lead, m.start)
            if head and (generic or rule is not None and rule.object_from_phrase) and _noun_phrase(head.group("np")) \
                    and not _is_concept(ctx, m.key):
                limit = head.end("np")  # "the fiscal warfare of the Great War": the phrase is the object, the name modifies it
                break
            return m.key, m.start, m.end
    if not generic and (rule is None or not rule.object_from_phrase):
        return None, 0, 0
    phrase = _noun_phrase(body[: limit - pos - lead])
    if phrase is None or rule is not None and not generic and len(phrase.replace("-", " ").split()) < rule.phrase_words:
        return None, 0, 0
    p_start = pos + lead + body.index(phrase)
    return _phrase_concept(ctx, sentence, phrase, p_start, p_start + len(phrase)), p_start, p_start + len(phrase)


def _phrase_concept(ctx: _Context, sentence: Sentence, phrase: str, start: int, end: int) -> str:
    """The concept a lowercase phrase of the text names ("mutual restraint"), made if it is new, with this
    mention of it; its key."""
    entity = ctx.entity(normalise(phrase), _title_case(phrase))
    entity.mentions.append(ctx.evidence(sentence, "mention", start, end))
    return entity.key


def _noun_phrase(window: str) -> str | None:
    """A short concept phrase ("mutual restraint") at the start of ``window``, or None."""
    words = list(_NAME_WORD.finditer(window))
    taken = []
    for w in words:
        low = w.group(0).lower()
        if not taken and low in ("the", "a", "an"):
            continue
        if low in _NP_STOP or low in _NP_ADVERBS or len(taken) >= 5:
            break
        if taken and low == "of" and _NAME_WORD.match(window, w.end() + 1) and \
                window[w.end() + 1:].split(None, 1)[0].lower() in ("the", "a", "an"):
            break  # "the truce of the laws of war": the truce
        taken.append(w)
    while taken and taken[-1].group(0).lower() in _NP_SMALL:
        taken.pop()
    if not taken:
        return None
    phrase = window[taken[0].start():taken[-1].end()]
    if len(taken) == 1 and not _CONCEPT_SUFFIX.search(taken[0].group(0).lower()) and taken[0].group(0).lower() not in _CONCEPT_WORDS:
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


def _opens_clause(text: str, boundary: int, m: Mention, cue_start: int) -> bool:
    """A name that is the whole subject of the cue's clause: "The Varnland is a cautionary example of ..."."""
    return text[boundary:m.start].strip().lower() in ("", "the") and not text[m.end:cue_start].strip()


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
    opening = _OPENING_PHRASE.match(text, sentence.start, cue_start)
    if opening and boundary < opening.end():
        boundary = opening.end()  # "With its forces across the Varn Peninsula, the Treaty ...": the subject comes after
    candidates = [m for m in eligible if boundary <= m.start and m.end <= cue_start
                  and (_can_be_subject(ctx, m) or _opens_clause(text, boundary, m, cue_start))]
    # "Outside Varnland, the Treaty of ...": a name in an opening adverbial phrase is not the subject;
    # "The naval race that preceded the Great War is ...": nor is one inside a restrictive relative clause.
    restrictive = _RESTRICTIVE_RELATIVE.search(text, boundary, cue_start)
    candidates = [m for m in candidates if not (_ADVERBIAL_LEAD.fullmatch(text, boundary, m.start) and text.startswith(",", m.end))
                  and not (restrictive and m.start >= restrictive.end())]
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
            if rule is EXAMPLE_INTRO_RULE or rule is CONTRAST_RULE or rule is TREATED_AS_RULE:
                continue  # their subjects follow the cue: below
            for cm in rule.pattern.finditer(body):
                cue_start, cue_end = sentence.start + cm.start(), sentence.start + cm.end()
                cue_start += len(body[cm.start():cm.end()]) - len(body[cm.start():cm.end()].lstrip())
                if any(m.start <= cue_start < m.end for m in ctx.mentions.get(sentence.index, [])):
                    continue  # the cue word is part of a name ("Act", "Document" ...)
                if rule.passive:
                    _passive_relation(ctx, sentence, rule, cue_start, cue_end)
                    continue
                participle = text[cue_start:cue_end].split()[0].lower().endswith("ing")
                subjects = _subjects_before(ctx, sentence, cue_start, participle)
                if rule.predicate in ("derivedFrom", "contrastsWith") or _GENERIC_HEAD.match(text, sentence.start, cue_start):
                    # "Extended restraint is an offshoot of restraint": the phrase, not the name inside it
                    phrase = _concept_subject(ctx, sentence, cue_start)
                    if phrase is not None and (subjects is None or isinstance(subjects, str) or isinstance(phrase, str) or (
                            len(subjects) == 1
                            and phrase[0].start <= subjects[0].start and subjects[0].end <= phrase[0].end)):
                        subjects = phrase
                if rule.object_is_subject:
                    obj = ctx.subject
                else:
                    obj, o_start, o_end = _object_after(ctx, sentence, cue_end, rule)
                if subjects is None or obj is None:
                    continue
                keys = [subjects] if isinstance(subjects, str) else [m.key for m in subjects]
                if isinstance(subjects, str) and rule.predicate not in ("derivedFrom", "contrastsWith"):
                    continue  # "It reflects ..." names no example
                objects = [obj]
                if rule.predicate == "derivedFrom" and not rule.object_is_subject:
                    while (more := _AND_OBJECT.match(text, o_end, sentence.end)) and len(objects) < 4:
                        nxt, n_start, n_end = _object_after(ctx, sentence, more.end(), rule)
                        if nxt is None or text[more.end():n_start].strip().lower() not in ("", "the"):
                            break
                        objects.append(nxt)
                        o_end = n_end  # "derives both from A and from B"
                for key in keys:
                    for o in objects:
                        _add_relation(ctx, key, rule, o, sentence, cue_start, cue_end)
        for em in EXAMPLE_INTRO.finditer(body) if any(r is EXAMPLE_INTRO_RULE for r in candidates) else ():
            _example_intro(ctx, sentence, em)
        for cm in CONTRAST_LEAD.finditer(body) if any(r is CONTRAST_RULE for r in candidates) else ():
            _contrast(ctx, sentence, cm)
        for tm in TREATED_AS.finditer(body) if any(r is TREATED_AS_RULE for r in candidates) else ():
            _treated_as(ctx, sentence, tm)
        if not KINDS.isdisjoint(words_of(body)):  # a cheap test first: "... regarded as X agreements"
            _concept_as_kind(ctx, sentence)


def _concept_as_kind(ctx: _Context, sentence: Sentence) -> None:
    """'X and Y are widely regarded as mutual restraint agreements': X and Y exemplify mutual restraint."""
    text = ctx.doc.text
    for c in ctx.mentions.get(sentence.index, []):
        if not _is_concept(ctx, c.key):
            continue
        kind = CONCEPT_KIND_RULE.pattern.match(text, c.end, sentence.end)
        copula = COPULA_BEFORE_KIND.search(text, sentence.start, c.start) if kind else None
        if copula is None or copula.end() != c.start:
            continue
        subjects = _subjects_before(ctx, sentence, copula.start(), False)
        if subjects is None or isinstance(subjects, str):
            continue  # "It is a mutual restraint measure" names no example
        for m in subjects:
            _add_relation(ctx, m.key, CONCEPT_KIND_RULE, c.key, sentence, copula.start(), kind.end())


def _treated_as(ctx: _Context, sentence: Sentence, tm: re.Match) -> None:
    """'Historians treat the Treaty of X, which ..., as an early illustration of Y': X exemplifies Y."""
    start, end = sentence.start + tm.start(), sentence.start + tm.end()
    subjects = _mentions_after(ctx, sentence, sentence.start + tm.start("x"))
    subjects = [m for m in subjects if m.end <= sentence.start + tm.end("x")]
    obj, _, _ = _object_after(ctx, sentence, end, TREATED_AS_RULE)
    if obj is None:
        return
    for m in subjects:
        _add_relation(ctx, m.key, TREATED_AS_RULE, obj, sentence, start, end)


def _mentions_after(ctx: _Context, sentence: Sentence, pos: int) -> list[Mention]:
    """The names right after ``pos`` (after "the" and up to two lowercase words), with those coordinated with the first."""
    text = ctx.doc.text
    mentions = [m for m in _eligible(ctx, ctx.mentions.get(sentence.index, []), sentence) if m.start >= pos]
    if not mentions or not _LEAD_TO_NAME.fullmatch(text[pos:mentions[0].start]):
        return []
    return _with_coordinated(ctx, mentions[0], mentions, sentence.end)


def _passive_relation(ctx: _Context, sentence: Sentence, rule: RelationRule, cue_start: int, cue_end: int) -> None:
    """'Y is exemplified by X (and Z)', 'Y can be seen in X': X exemplifies Y, the concept the clause is about."""
    subjects = _mentions_after(ctx, sentence, cue_end)
    if not subjects:
        return
    before = _subjects_before(ctx, sentence, cue_start, False)
    if before is None:
        generic = _GENERIC_SUBJECT.match(text, sentence.start, cue_start)  # "The logic of the X can be seen in ..."
        inside = [m for m in ctx.mentions.get(sentence.index, []) if generic and m.start == generic.end()]
        if not inside:
            return
        before = inside
    if before is None:
        return
    obj = before if isinstance(before, str) else before[0].key
    if not _strong_type(ctx, obj) <= CONCEPTUAL:
        return  # the clause is about a thing, not the idea it exemplifies
    for m in subjects:
        _add_relation(ctx, m.key, rule, obj, sentence, cue_start, cue_end)


def _contrast(ctx: _Context, sentence: Sentence, cm: re.Match) -> None:
    """'Unlike X, Y ...' and 'In contrast to X, Y ...': Y contrasts with X (a pronoun: the article's subject)."""
    text = ctx.doc.text
    group = "cue" if cm.group("cue") else "whereas"
    start, end = sentence.start + cm.start(group), sentence.start + cm.end()
    if group == "whereas":  # "Whereas X does ..., Y ...": X opens a whole clause, so it must clearly be a concept
        other, o_start, o_end = _clause_subject_concept(ctx, sentence, end)
    else:
        other, o_start, o_end = _object_after(ctx, sentence, end, CONTRAST_RULE)
    if other is None:
        return
    comma = text.find(",", o_end, sentence.end)
    if cm.group(0)[:1] == ",":
        # "Y, unlike X, ...": Y is the name before the cue
        before = [m for m in _eligible(ctx, ctx.mentions.get(sentence.index, []), sentence) if m.end <= start]
        subject = before[-1].key if before and not text[before[-1].end:start].strip(" ,") else None
        if subject is None:  # "Encirclement, unlike isolation, is ...": a concept word opening the sentence
            subject = _opening_concept(ctx, sentence, start)
    elif comma < 0:
        return
    else:
        relative = _RELATIVE_CLAUSE.match(text, comma, sentence.end)
        rest = relative.end() if relative else comma + 1
        following = [m for m in _eligible(ctx, ctx.mentions.get(sentence.index, []), sentence) if m.start >= rest]
        lead = text[rest:following[0].start] if following else ""
        if following and _LEAD_TO_NAME.fullmatch(lead):
            subject = following[0].key
        else:
            subject = ctx.subject if SUBJECT_PRONOUN.match(text[rest:sentence.end].strip()) else None
    if subject is None or subject == other:
        return
    if not (_strong_type(ctx, subject) <= CONCEPTUAL and _strong_type(ctx, other) <= CONCEPTUAL):
        return  # the template compares ideas and mechanisms
    ctx.add(subject, "contrastsWith", other, ctx.evidence(sentence, f"relation/contrastsWith/{CONTRAST_RULE.id}", start, end))


def _is_concept(ctx: _Context, key: str) -> bool:
    """A concept or mechanism the extractor knows as such: typed so, or a concept the corpus names."""
    return bool(_strong_type(ctx, key) & CONCEPTUAL) or key in (ctx.subject, ctx.other) or _concept_label(ctx, key) is not None


def _is_own_head(ctx: _Context, word: str) -> bool:
    """Whether ``word`` is the plural head noun of the article's title ("measures" of "Calming Measures"):
    used on its own, a plural head names the article's subject; a mass noun ("security") does not."""
    title = ctx.doc.title.split()
    return len(title) >= 2 and word.lower() == title[-1].lower() and word.lower().endswith("s") and not word.lower().endswith("ss")


def _opening_concept(ctx: _Context, sentence: Sentence, end: int) -> str | None:
    """The concept a sentence opens with, up to ``end``: "Encirclement", "Operational restraint" (one to three
    words, the last an abstract noun), made a concept of the article."""
    text = ctx.doc.text
    om = _OPENING_CONCEPT.fullmatch(text, sentence.start, end)
    if not om or not _CONCEPT_SUFFIX.search(om.group("np").split()[-1].lower()):
        return None
    return _phrase_concept(ctx, sentence, om.group("np"), om.start("np"), om.end("np"))


def _clause_subject_concept(ctx: _Context, sentence: Sentence, pos: int) -> tuple[str | None, int, int]:
    """The subject of the clause at ``pos`` if it is a concept: a named one ("mutual restraint is ..."),
    or a phrase of two or three lowercase words ending in an abstract noun and followed by a verb
    ("mutual defence divides ...")."""
    text = ctx.doc.text
    for m in ctx.mentions.get(sentence.index, []):
        if m.start >= pos:
            if not text[pos:m.start].strip().lower() in ("", "the") or not _strong_type(ctx, m.key) <= CONCEPTUAL:
                break
            return m.key, m.start, m.end
    cm = _CLAUSE_CONCEPT.match(text, pos, sentence.end)
    if not cm or not _CONCEPT_SUFFIX.search(cm.group("np").split()[-1]) or cm.group("np").split()[0] in _NP_STOP | _QUANTIFIERS:
        return None, 0, 0
    return _phrase_concept(ctx, sentence, cm.group("np"), cm.start("np"), cm.end("np")), cm.start("np"), cm.end("np")


def _concept_subject(ctx: _Context, sentence: Sentence, cue_start: int) -> list[Mention] | str | None:
    """A lowercase concept phrase that opens the clause of a cue: "Targeted measures evolved from ...".

    Only for relations between ideas (derivedFrom): the phrase is the clause's whole subject (after
    "In practice," and the like), two to five words without a verb, ending in a noun, possibly
    after a possessive ("Smith's balance of menace theory") and before "of this kind". A new
    concept is made of it, as :func:`_object_after` does for a phrase after a cue.
    """
    text = ctx.doc.text
    left = text[sentence.start:cue_start]
    relative = _TRAILING_RELATIVE.search(left)
    if relative:  # "Offence theory, which asks when ..., grew out of": the phrase before the clause
        left = left[:relative.start()] + " "
    that = left.rfind(" that ")
    if that >= 0:  # "Notice, too, that the principle of X follows from ...": the clause after "that"
        left = " " * (that + 6) + left[that + 6:]
    boundary = 0
    for b in _CLAUSE_BOUNDARY.finditer(left):
        boundary = b.end()
    clause = left[boundary:]
    generic = _GENERIC_HEAD.match(clause.lstrip())
    if generic:  # "The doctrine of robust restraint borrows from ...": the concept after "of"
        boundary += len(clause) - len(clause.lstrip()) + generic.end()
        clause = left[boundary:]
    m = _SUBJECT_PHRASE.fullmatch(clause)
    if not m:
        return None
    words = m.group("phrase").split()
    while words and (words[-1].lower().endswith("ly") or words[-1].lower() in _NP_ADVERBS) and len(words) > 1:
        words = words[:-1]  # "the guard paradox accordingly has its roots in ...", "Restraint also differs from ..."
    if words and words[-1].lower() in _CLASS_WORDS and len(words) > 2:
        words = words[:-1]  # "balance of menace theory": the theory of a concept is that concept
    while words and words[0].lower() in _PHRASE_ADJUNCTS:
        words = words[1:]
    if len(words) == 1 and _is_own_head(ctx, words[0]):
        return ctx.subject  # "Modern measures owe much to ..." in the article on Confidence Measures
    if len(words) < 2 or words[-1].lower() in _NP_STOP or any(w.lower() in _NP_STOP for w in words):
        return None
    if not all(w.islower() for w in words[1:]) or (words[0][:1].isupper() and boundary and not left[:boundary].endswith((", ", ": ", "; "))):
        return None
    phrase = " ".join(words)
    p_start = sentence.start + boundary + m.start("phrase") + m.group("phrase").index(words[0])
    key = ctx.alias_of.get(normalise(phrase), normalise(phrase))
    inside = [x for x in ctx.mentions.get(sentence.index, []) if p_start <= x.start and x.end <= p_start + len(phrase)]
    if inside and inside[0].key == key or key == ctx.subject:
        return inside[:1] or ctx.subject  # "Modern arms control grew out of ...": the name itself
    key = _phrase_concept(ctx, sentence, phrase, p_start, p_start + len(phrase))
    return [Mention(p_start, p_start + len(phrase), phrase, key, False)]


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
