"""The extractor's knowledge of English, as tables: cue phrases and head nouns.

Nothing here names an entity of any article. Each rule has a stable id that
the graph records (``seckg:extractedBy``), so every fact says which rule made
it. To teach the extractor a new phrasing, add a row here and a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class RelationRule:
    id: str  # stable, recorded in the graph
    predicate: str  # seckg local name
    pattern: re.Pattern  # matches the cue; group "cue" is the cue itself when present
    object_from_phrase: bool = True  # may create a new concept from the noun phrase after the cue
    description: str = ""
    object_is_subject: bool = False  # the cue itself refers to the article's subject ("puts the principle into practice")
    # Words (letters a-z) of which every match contains one, in lower case: a
    # sentence without any of them is not searched (see CueIndex). Empty: every
    # sentence is searched.
    needs: tuple[str, ...] = ()


def rx(pattern: str, flags: int = re.I) -> re.Pattern:
    """Compile a cue pattern in which a space stands for any run of white space (double spaces, line breaks)."""
    return re.compile(pattern.replace(" ", r"\s+"), flags)


def _rule(id_, predicate, regex, object_from_phrase=True, description="", object_is_subject=False, needs=()):
    return RelationRule(id_, predicate, rx(regex), object_from_phrase, description, object_is_subject, needs)


# Letters that a case-insensitive pattern matches as "i" or "s" though their lower
# case is not "i" or "s" ("ı", "ſ"; "İ" lower-cases to two characters): the lower-case
# text of a sentence with one of them does not show every word a pattern can match.
CASE_TRAPS = re.compile("[\u0130\u0131\u017f]")


def has_case_traps(text: str) -> bool:
    return not text.isascii() and CASE_TRAPS.search(text) is not None


class CueIndex:
    """Which of a list of rules can match a sentence: those with a word of their
    ``needs`` in the sentence's lower-case text (and those without ``needs``).

    A needed word is made of the letters a-z, so it occurs inside one word (run
    of word characters) of the lower-case text; the rules a word can serve are
    worked out once per distinct word and remembered, so a sentence costs a
    look-up per word rather than a substring search per needed word.
    """

    def __init__(self, rules: tuple[RelationRule, ...]):
        for rule in rules:
            assert all(re.fullmatch("[a-z]+", word) for word in rule.needs), rule.id
        self.rules = rules
        self._always = sum(1 << i for i, rule in enumerate(rules) if not rule.needs)
        # Any needed word at all: most words have none, one search tells.
        self._any = re.compile("|".join(sorted({w for rule in rules for w in rule.needs})))
        self._by_word: dict[str, int] = {}  # word -> bit set of the rules it can serve
        self._by_bits: dict[int, tuple[RelationRule, ...]] = {}

    def _bits(self, word: str) -> int:
        bits = 0
        if self._any.search(word):
            bits = sum(1 << i for i, rule in enumerate(self.rules) if any(need in word for need in rule.needs))
        if len(self._by_word) < 100_000:
            self._by_word[word] = bits
        return bits

    def candidates(self, text: str, words: set[str]) -> tuple[RelationRule, ...]:
        """The rules, in order, whose patterns can match ``text``, whose words
        (runs of word characters) in lower case are ``words``."""
        if has_case_traps(text):
            return self.rules
        bits = self._always
        by_word = self._by_word
        for word in words:
            word_bits = by_word.get(word)
            bits |= self._bits(word) if word_bits is None else word_bits
        rules = self._by_bits.get(bits)
        if rules is None:
            rules = tuple(rule for i, rule in enumerate(self.rules) if bits >> i & 1)
            if len(self._by_bits) < 10_000:
                self._by_bits[bits] = rules
        return rules


# "X <cue> Y": subject on the left of the cue, object on the right.
FORWARD_RULES: tuple[RelationRule, ...] = (
    # derivedFrom -----------------------------------------------------------------
    _rule("derived-from", "derivedFrom", r"\b(?:is|are|was|were|be|been)?\s*derived from\b",
          description="'X is derived from Y', 'a mechanism derived from Y'",
          needs=("derived",)),
    _rule("derives-from", "derivedFrom", r"\bderives? from\b",
          needs=("derive",)),
    _rule("stems-from", "derivedFrom", r"\b(?:stems?|stemmed|stemming) from\b",
          needs=("stem",)),
    _rule("springs-from", "derivedFrom", r"\b(?:springs?|sprang|sprung) from\b",
          needs=("spring", "sprang", "sprung")),
    _rule("builds-on", "derivedFrom", r"\b(?:builds?|built|building) (?:up)?on\b",
          needs=("build", "built")),
    _rule("grew-out-of", "derivedFrom", r"\b(?:grows?|grew|grown|growing|developed|develops?|evolved|evolves?|emerged|emerges?|arose|arises?) (?:out of|from)\b",
          needs=("grow", "grew", "develop", "evolve", "emerge", "arose", "arise")),
    _rule("rooted-in", "derivedFrom", r"\b(?:is|are|was|were|remains?) (?:firmly |deeply )?(?:rooted|grounded|anchored) in\b",
          needs=("rooted", "grounded", "anchored")),
    _rule("has-roots-in", "derivedFrom", r"\b(?:has|have|had) (?:its|their) (?:roots|origins?) in\b",
          needs=("roots", "origin")),
    _rule("outgrowth-of", "derivedFrom", r"\b(?:is|are|was|were) (?:an?|the) (?:natural |direct |logical )?(?:outgrowth|offshoot|offspring|descendant) of\b",
          needs=("outgrowth", "offshoot", "offspring", "descendant")),
    _rule("extension-of", "derivedFrom", r"\b(?:is|are|was|were) (?:an?|the) (?:natural |direct |logical )?(?:product|extension|consequence|corollary) of\b",
          object_from_phrase=False,
          needs=("product", "extension", "consequence", "corollary")),
    _rule("originates-in", "derivedFrom", r"\b(?:originates?|originated) (?:in|from)\b",
          needs=("originate",)),
    _rule("draws-on", "derivedFrom", r"\b(?:draws?|drew|drawn) (?:on|upon)\b", object_from_phrase=False,
          needs=("draw", "drew")),
    _rule("based-on", "derivedFrom", r"\b(?:is|are|was|were) (?:largely |partly )?based on\b", object_from_phrase=False,
          needs=("based",)),
    _rule("applies", "derivedFrom", r"\b(?:is|are|was|were) an? (?:practical )?application of\b", object_from_phrase=False,
          needs=("application",)),
    # exemplifies and its sub-properties -----------------------------------------
    _rule("exemplifies", "exemplifies", r"\bexemplif(?:y|ies|ied|ying)\b",
          needs=("exemplif",)),
    _rule("example-of", "exemplifies",
          r"\b(?:is|are|was|were|remains?|stands? as|serves? as|seen as|regarded as|considered|described as|cited as|counts? as)\s+(?:(?:widely|often|commonly|generally|frequently|usually|perhaps|arguably|still)\s+)*(?:(?:seen|regarded|considered|described|cited|viewed|treated) as\s+)?(?:an?|the|one)\s+(?:[\w-]+\s+){0,3}?(?:example|instance|case|illustration|model|embodiment|demonstration|manifestation|expression|application)s?\s+of\b",
          needs=("example", "instance", "case", "illustration", "model", "embodiment", "demonstration", "manifestation", "expression", "application")),
    _rule("and-example-of", "exemplifies",
          r"\b(?:is|are|was|were|remains?)\b[^,;:.]{0,80}?\band (?:an?|the|one) (?:[\w-]+ ){0,2}?(?:example|instance|illustration|model|case) of\b",
          description="'X is the cornerstone of the regime and a clear example of Y'",
          needs=("example", "instance", "illustration", "model", "case")),
    _rule("typifies", "exemplifies", r"\b(?:typif(?:y|ies|ied)|epitomi[sz](?:e|es|ed)|demonstrat(?:e|es|ed)|instantiat(?:e|es|ed)|exhibit(?:s|ed)?)\b",
          object_from_phrase=False,
          needs=("typif", "epitomi", "demonstrat", "instantiat", "exhibit")),
    _rule("puts-into-practice", "exemplifies",
          r"\b(?:puts?|putting|brings?|brought|turns?|turned) (?:the|this|that) (?:idea|principle|concept|approach|logic) (?:into|in) (?:practice|action|effect)\b",
          object_from_phrase=False, object_is_subject=True,
          needs=("practice", "action", "effect")),
    _rule("embodies", "embodies", r"\b(?:embod(?:y|ies|ied|ying)|personif(?:y|ies|ied)|incarnat(?:e|es|ed))\b",
          needs=("embod", "personif", "incarnat")),
    _rule("reflects", "reflects", r"\b(?:reflect(?:s|ed|ing)?|mirror(?:s|ed|ing)?)\b", object_from_phrase=False,
          needs=("reflect", "mirror")),
    _rule("illustrates", "illustrates", r"\billustrat(?:e|es|ed|ing)\b",
          needs=("illustrat",)),
    # partOf --------------------------------------------------------------------------
    _rule("part-of", "partOf", r"\b(?:is|are|was|were|forms?|formed|became|becomes?) (?:an? )?(?:integral |constituent |key |central )?part of\b",
          object_from_phrase=False,
          needs=("part",)),
    _rule("organ-of", "partOf", r"\b(?:is|are|was|were) (?:an?|the|one of the) (?:principal |main |subsidiary |specialized |specialised )?(?:organs?|bodies|body|components?|agency|agencies|arms?) of\b",
          object_from_phrase=False,
          needs=("organ", "bodies", "body", "component", "agenc", "arm")),
)

# "An example is X" / "Examples include X and Y": the object comes first (or is
# the article's subject), the subjects follow the cue.
EXAMPLE_INTRO = rx(
    r"\b(?:(?:one|an?|the|another|a further)\s+(?:[\w-]+\s+){0,3}?)?examples?"
    r"(?:\s+of\s+(?P<of>[^,;:]+?))?\s+(?:is|was|are|were|includes?|included|would be)\s+",
    re.I)
EXAMPLE_INTRO_RULE = RelationRule("example-intro", "exemplifies", EXAMPLE_INTRO, needs=("example",))

# The cue rules a sentence can match: a cheap test first, as most sentences have no cue of most rules.
CUES = CueIndex(FORWARD_RULES + (EXAMPLE_INTRO_RULE,))

# Words that, after a cue, stand for the article's own subject ("embodies the
# principle", "derived from that understanding", "reflects the same idea").
ANAPHOR = rx(
    r"^(?:(?:how|what|why)\s+)?(?:the|this|that|these|those|its|their)\s+(?:same\s+|very\s+|underlying\s+|core\s+|broader\s+|central\s+|basic\s+)?"
    r"(?:idea|ideas|principle|principles|concept|notion|understanding|approach|logic|insight|view|thinking|doctrine|mechanism|arrangement|model|measures|practice|philosophy|premise|concern|spirit|ethos|vision|commitment|goal|aim|ideal|policy|reasoning)\b",
    re.I)

# Pronouns at the start of a clause that refer to the article's subject in a
# glossary entry ("It challenges ...", "This concept builds on ...").
SUBJECT_PRONOUN = rx(
    r"^(?:it|this|this (?:concept|idea|principle|approach|mechanism|arrangement|practice|notion))\b", re.I)

# Historical context: "<entity> ... during the Long Winter War".
CONTEXT_CUE = rx(r"\b(?:during|amid|amidst|at the height of|at the end of|in the aftermath of|in the wake of|in the shadow of|throughout)\s+(?:the\s+)?$", re.I)

# A year attached to the name right before it.
YEAR_OF = rx(r"^\s+of\s+(?P<year>1[0-9]{3}|20[0-9]{2})\b")
YEAR_PARTICIPLE = rx(
    r"^(?:\s+(?:on|of|for|in)\s+[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,3})?"  # "Agreement on strategic arms, signed in ..."
    r"\s*,?\s*(?P<shared>both\s+|all\s+|each\s+)?(?:(?:first|originally|formally|eventually|later|finally|jointly)\s+)?"
    r"(?P<verb>founded|established|created|signed|adopted|opened for signature|concluded|set up|launched|formed|ratified|agreed|fought|held|begun|started|negotiated|drafted|proclaimed|inaugurated|deployed|convened)"
    r"\s+(?:in\s+(?P<year>1[0-9]{3}|20[0-9]{2})\b|(?:in|during|at|after)\s+(?P<event>[^,;]{3,80}?)\s+of\s+(?P<eyear>1[0-9]{3}|20[0-9]{2})\b)",
    re.I)
YEAR_PAREN = rx(r"^\s*\((?P<year>1[0-9]{3}|20[0-9]{2})\)")

# Head nouns of names (the word before "of"/"on"/"for", or the last word) and
# the class they signal.
HEAD_NOUN_TYPES = {
    "Institution": {
        "organization", "organisation", "council", "commission", "committee", "union", "nations", "league",
        "agency", "bank", "court", "tribunal", "assembly", "secretariat", "force", "forces", "mission",
        "office", "fund", "programme", "program", "group", "forum", "association", "community", "parliament",
        "institute", "ministry", "department", "administration", "command", "body", "board", "alliance",
        "coalition", "cooperation", "co-operation", "partnership", "directorate", "authority", "observers",
        "centre", "center", "initiative", "bureau", "corps", "panel", "network", "project",
    },
    "Treaty": {
        "treaty", "treaties", "accords", "accord", "act", "charter", "pact", "convention", "conventions",
        "document", "agreement", "agreements", "protocol", "declaration", "covenant", "statute", "memorandum",
        "settlement", "resolution", "code", "framework", "communique", "communiqué", "understanding",
    },
    "HistoricalEvent": {
        "war", "wars", "crisis", "revolution", "conflict", "invasion", "battle", "uprising", "genocide",
        "blockade", "embargo", "massacre", "siege", "occupation", "intervention", "airlift", "incident",
        "offensive", "bombing", "bombings", "attacks", "attack", "summit", "conference", "congress", "talks",
        "negotiations", "spring", "détente",
    },
    "Mechanism": {"hotline", "mechanism", "process", "regime", "format", "dialogue"},
    "Region": {"region", "peninsula", "sea", "ocean", "basin", "gulf", "continent", "area", "zone", "corridor"},
}
# Heads of the phrase that names a thing in a definition ("The concept that",
# "An arrangement in which", "Practical steps that") and the class they signal.
DEFINITION_HEADS = {
    "Concept": {
        "concept", "idea", "principle", "notion", "view", "doctrine", "theory", "belief", "understanding",
        "proposition", "philosophy", "norm", "value", "ideal", "premise", "thesis", "condition", "state",
        "situation", "perspective", "outlook", "school", "paradigm", "term", "quality",
    },
    "Mechanism": {
        "arrangement", "arrangements", "mechanism", "mechanisms", "system", "method", "methods", "practice",
        "practices", "process", "procedure", "procedures", "steps", "step", "measures", "measure", "deployment",
        "tool", "tools", "instrument", "instruments", "framework", "regime", "policy", "policies", "strategy",
        "strategies", "technique", "techniques", "operation", "operations", "alliance", "alliances", "pact",
        "scheme", "programme", "program", "use", "application", "effort", "efforts", "activity", "activities",
        "action", "actions", "intervention", "interventions", "negotiation", "negotiations", "reduction",
        "limitation", "restraint", "approach", "means", "set", "network", "exchange", "mediation",
    },
}
# A definition phrase starts after these (determiners and evaluative adjectives).
DEFINITION_SKIP = {
    "a", "an", "the", "any", "practical", "formal", "informal", "political", "diplomatic", "military",
    "international", "collective", "cooperative", "standing", "broad", "broader", "general", "legal", "basic",
    "key", "core", "central", "fundamental", "strategic", "security", "common", "joint", "shared", "mutual",
    "global", "regional", "multilateral", "long-standing", "established", "systematic", "deliberate",
    "organised", "organized", "coordinated", "specific", "particular", "modern", "classic", "traditional",
    "philosophical", "theoretical", "normative", "new", "institutional", "voluntary", "legally",
    "binding", "legally-binding", "peaceful", "impartial", "temporary",
}

# Misconceptions: the sentence that states one, and the words that start its correction.
MISCONCEPTION_CUE = rx(
    r"\b(?:misconception|misunderstanding|mistake|myth|misreading|misperception|fallacy|misapprehension|"
    r"confusion|error|misconceived|wrongly|mistakenly|falsely)s?\b"
    r"|^(?:another|one|a further|a second|a third|a final|a related)\b[^.]*?\bis (?:that|to)\b"
    r"|^(?:many|some|people|critics|observers|it is often)\b[^.]*?\b(?:believe|assume|think|thought|suppose|claim|say)\b",
    re.I)
CORRECTION_SPLIT = rx(
    r";\s*(?=(?:rather|in fact|in practice|in reality|instead|actually|but|however|on the contrary|yet|in truth)\b)", re.I)

# "the Kenyan crisis", "the Bosnian war": a demonym and a lowercase event noun name an event.
DEMONYM_EVENT = rx(r"^ ((?:civil |border |missile |hostage |refugee |financial )?(?:crisis|war|conflict|uprising|revolution|genocide|invasion|famine|insurgency|emergency))\b", 0)
DEMONYM = re.compile(r"^[A-Z][a-z]+(?:an|ian|ese|ish|i|ic)$")

# A name that ends in a Roman numeral or number ("Great War III") ends there:
# a capitalised word after it starts another name.
ROMAN = re.compile(r"^(?:[IVX]+|\d+)$")

# Capitalised words that start sentences or name no entity on their own.
NON_NAME_WORDS = {
    "the", "a", "an", "this", "that", "these", "those", "it", "its", "in", "on", "at", "by", "for", "from",
    "to", "of", "and", "or", "but", "while", "whereas", "when", "where", "which", "who", "what", "why",
    "how", "one", "another", "each", "every", "some", "many", "most", "both", "all", "no", "not",
    "similarly", "instead", "however", "hence", "thus", "therefore", "also", "even", "yet", "still",
    "under", "over", "after", "before", "during", "since", "because", "as", "if", "unlike", "like",
    "example", "examples", "for example", "in short", "rather", "there", "here", "their", "they", "we",
    "our", "his", "her", "such", "other", "others", "any", "more", "less", "first", "second", "third",
    "today", "later", "earlier", "meanwhile", "together", "although", "though", "so", "then", "yes",
    "studies", "missions", "states", "state", "nations", "members", "member", "leaders", "ignoring",
    "common", "real-world", "why", "modern", "critics", "supporters", "historically", "originally",
    "traditionally", "initially", "finally", "again", "above", "below", "within", "without", "across",
    "between", "among", "against", "toward", "towards", "via", "per", "whether", "now",
}
