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
    # Passive voice: "Y is exemplified by X" -- the subject X follows the cue and the object Y precedes it.
    passive: bool = False
    phrase_words: int = 1  # the fewest words a phrase after the cue needs to be taken as a new concept
    # Words (letters a-z) of which every match contains one, in lower case: a
    # sentence without any of them is not searched (see CueIndex). Empty: every
    # sentence is searched.
    needs: tuple[str, ...] = ()


def rx(pattern: str, flags: int = re.I) -> re.Pattern:
    """Compile a cue pattern in which a space stands for any run of white space (double spaces, line breaks)."""
    return re.compile(pattern.replace(" ", r"\s+"), flags)


def _rule(id_, predicate, regex, object_from_phrase=True, description="", object_is_subject=False, needs=(), passive=False,
          phrase_words=1):
    return RelationRule(id_, predicate, rx(regex), object_from_phrase=object_from_phrase, description=description,
                        object_is_subject=object_is_subject, passive=passive, needs=needs, phrase_words=phrase_words)


# A participle in the passive voice, not a verb of the clause: "exemplified by", "reflected in".
_NOT_PASSIVE = r"(?! (?:by|in)\b)"
# "is", "is best understood as", "can be seen as": what stands before "an outgrowth of", "an extension of".
_IS_OR_SEEN_AS = r"(?:(?:is|are|was|were|remains?) (?:(?:best|perhaps best|often|usually|commonly|generally|widely|sometimes|also) )*(?:(?:understood|regarded|seen|described|viewed|treated|considered|read) as )?|can be (?:understood|regarded|seen|described) as )"


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
    _rule("derived-from", "derivedFrom", r"\b(?:is|are|was|were|be|been)?\s*(?:(?:in turn|itself|also|ultimately|partly|largely|directly|originally|often|usually) )?derived from\b",
          description="'X is derived from Y', 'a mechanism derived from Y'",
          needs=("derived",)),
    _rule("derives-from", "derivedFrom", r"\bderives? (?:(?:both|chiefly|mainly|largely|partly|directly|ultimately) )?from\b",
          needs=("derive",)),
    _rule("stems-from", "derivedFrom", r"\b(?:stems?|stemmed|stemming) from\b",
          needs=("stem",)),
    _rule("springs-from", "derivedFrom", r"\b(?:springs?|sprang|sprung) from\b",
          needs=("spring", "sprang", "sprung")),
    _rule("builds-on", "derivedFrom", r"\b(?:builds?|built|building) (?:up)?on\b",
          needs=("build", "built")),
    _rule("grew-out-of", "derivedFrom", r"\b(?:grows?|grew|grown|growing|developed|develops?|evolved|evolves?|emerged|emerges?|arose|arises?) (?:(?:directly|largely|partly|naturally|gradually|originally|mainly|chiefly) )?(?:out of|from)\b",
          needs=("grow", "grew", "develop", "evolve", "emerge", "arose", "arise")),
    _rule("rooted-in", "derivedFrom", r"\b(?:is|are|was|were|remains?) (?:firmly |deeply )?(?:rooted|grounded|anchored) in\b",
          needs=("rooted", "grounded", "anchored")),
    _rule("has-roots-in", "derivedFrom",
          r"\b(?:has|have|had) (?:its|their) (?:intellectual |historical |philosophical |deep |ideological )?(?:roots|origins?) in\b"
          r"|\b(?:roots|origins?) (?:lie|lies|lay) in\b",
          needs=("roots", "origin")),
    _rule("outgrowth-of", "derivedFrom", r"\b" + _IS_OR_SEEN_AS + r"(?:an?|the) (?:(?:natural|direct|logical|regional|later|modern|practical|[a-z]+-[a-z]+) )?(?:outgrowth|offshoot|offspring|descendant) of\b",
          needs=("outgrowth", "offshoot", "offspring", "descendant")),
    _rule("extension-of", "derivedFrom", r"\b" + _IS_OR_SEEN_AS + r"(?:an?|the) (?:(?:natural|direct|logical|regional|later|modern|practical) )?(?:product|extension|consequence|corollary|refinement|adaptation) of\b",
          phrase_words=2,
          needs=("product", "extension", "consequence", "corollary", "refinement", "adaptation")),
    _rule("originates-in", "derivedFrom", r"\b(?:originates?|originated) (?:in|from)\b",
          needs=("originate",)),
    _rule("draws-on", "derivedFrom", r"\b(?:draws?|drew|drawn) (?:on|upon)\b", object_from_phrase=False,
          needs=("draw", "drew")),
    _rule("based-on", "derivedFrom", r"\b(?:is|are|was|were) (?:largely |partly )?based on\b", object_from_phrase=False,
          needs=("based",)),
    _rule("applies", "derivedFrom", r"\b(?:is|are|was|were) an? (?:practical )?application of\b", object_from_phrase=False,
          needs=("application",)),
    _rule("owes-to", "derivedFrom",
          r"\b(?:owes?|owed|owing) (?:much|a great deal|a lot|a (?:great |large |heavy )?debt|most|something|its (?:origins?|existence|shape)|their (?:origins?|existence|shape)) to\b",
          description="'X owes much to Y'", needs=("owe", "owing")),
    _rule("traces-to", "derivedFrom", r"\b(?:traces?|traced|tracing) (?:its|their) (?:origins?|roots|lineage|ancestry|history|pedigree) (?:back )?to\b",
          description="'X traces its origins to Y'", needs=("trace",)),
    _rule("took-shape-as", "derivedFrom",
          r"\b(?:took|takes?|taking) shape as (?:an?|the) (?:natural |direct |logical |practical )?(?:extension|outgrowth|offshoot|product|refinement|adaptation|development|application|variant) of\b"
          r"|\b(?:emerged|emerges?|developed|develops?|began|begins?|started|starts?|arose|arises?|originated|came about) as (?:an?|the) (?:natural |direct |logical |practical )?(?:extension|outgrowth|offshoot|refinement|adaptation|variant) of\b",
          description="'X took shape as an extension of Y'",
          needs=("extension", "outgrowth", "offshoot", "product", "refinement", "adaptation", "development", "application", "variant")),
    _rule("born-of", "derivedFrom", r"\b(?:is|are|was|were) born (?:of|out of|from)\b", needs=("born",)),
    _rule("inspired-by", "derivedFrom", r"\b(?:is|are|was|were) (?:directly |partly |largely |heavily |loosely |originally )?inspired by\b",
          needs=("inspired",)),
    _rule("shaped-by", "derivedFrom", r"\b(?:is|are|was|were) (?:deeply |heavily |largely |partly )?(?:shaped|informed) by\b",
          object_from_phrase=False, needs=("shaped", "informed")),
    _rule("borrows-from", "derivedFrom", r"\b(?:borrows?|borrowed|borrowing) (?:heavily |much |freely |widely )?from\b", needs=("borrow",)),
    _rule("descended-from", "derivedFrom", r"\b(?:(?:is|are|was|were) (?:directly |ultimately )?descended|descends?) from\b",
          needs=("descended", "descend")),
    _rule("modelled-on", "derivedFrom", r"\b(?:is|are|was|were) (?:closely |loosely |partly |explicitly )?model(?:l)?ed (?:on|upon|after)\b",
          object_from_phrase=False, needs=("modelled", "modeled")),
    _rule("takes-cue-from", "derivedFrom", r"\b(?:takes?|took|taking) (?:its|their) cue from\b", needs=("cue",)),
    _rule("follows-from", "derivedFrom", r"\b(?:follows?|followed) (?:directly |logically |naturally )?from\b", needs=("follow",)),
    _rule("inherits-from", "derivedFrom", r"\b(?:inherits?|inherited) (?:much |a great deal |its [a-z]+ |their [a-z]+ )?from\b",
          needs=("inherit",)),
    _rule("adapted-from", "derivedFrom", r"\b(?:is|are|was|were) (?:adapted|borrowed|drawn|taken) from\b", object_from_phrase=False,
          needs=("adapted", "borrowed", "drawn", "taken")),
    _rule("rests-on-foundations", "derivedFrom", r"\b(?:rests?|rested|built|builds?) (?:up)?on the (?:foundations?|basis|bedrock) of\b",
          needs=("foundation", "basis", "bedrock")),
    # exemplifies and its sub-properties -----------------------------------------
    _rule("exemplifies", "exemplifies", r"\bexemplif(?:y|ies|ied|ying)\b" + _NOT_PASSIVE,
          needs=("exemplif",)),
    _rule("example-of", "exemplifies",
          r"\b(?:is|are|was|were|remains?|stands? as|stood as|stands? out as|stood out as|serve[sd]? as|seen as|regarded as|considered|described as|cited as|counts? as"
          r"|(?:has |have |had )?(?:since |now |long |quickly )?(?:become|became)"
          r"|offers?|offered|provides?|provided|gives?|gave|presents?|presented|furnish(?:es|ed)?|makes?|made)\s+"
          r"(?:(?:widely|often|commonly|generally|frequently|usually|perhaps|arguably|still|also|probably|certainly)\s+)*"
          r"(?:(?:seen|regarded|considered|described|cited|viewed|treated|held up|hailed|remembered|recognised|recognized) as\s+)?"
          r"(?:among\s+)?(?:(?:an?|the|one|one of the)\s+)?(?:[\w-]+\s+){0,3}?"
          r"(?:(?:example|instance|case|illustration|model|embodiment|demonstration|manifestation|expression|application|exemplar|specimen)s?\s+of"
          r"|(?:attempt|experiment|exercise)s?\s+(?:at|in))\b",
          needs=("example", "instance", "case", "illustration", "model", "embodiment", "demonstration", "manifestation",
                 "expression", "application", "exemplar", "specimen", "attempt", "experiment", "exercise")),
    _rule("and-example-of", "exemplifies",
          r"\b(?:is|are|was|were|remains?)\b[^,;:.]{0,80}?\band (?:an?|the|one) (?:[\w-]+ ){0,2}?(?:example|instance|illustration|model|case) of\b",
          description="'X is the cornerstone of the regime and a clear example of Y'",
          needs=("example", "instance", "illustration", "model", "case")),
    _rule("typifies", "exemplifies", r"\b(?:typif(?:y|ies|ied)|epitomi[sz](?:e|es|ed)|demonstrat(?:e|es|ed)|instantiat(?:e|es|ed)|exhibit(?:s|ed)?)\b" + _NOT_PASSIVE,
          object_from_phrase=False,
          needs=("typif", "epitomi", "demonstrat", "instantiat", "exhibit")),
    _rule("puts-into-practice", "exemplifies",
          r"\b(?:puts?|putting|brings?|brought|turns?|turned) (?:the|this|that) (?:idea|principle|concept|approach|logic) (?:into|in) (?:practice|action|effect)\b",
          object_from_phrase=False, object_is_subject=True,
          needs=("practice", "action", "effect")),
    _rule("embodies", "embodies", r"\b(?:embod(?:y|ies|ied|ying)|personif(?:y|ies|ied)|incarnat(?:e|es|ed))\b" + _NOT_PASSIVE,
          needs=("embod", "personif", "incarnat")),
    _rule("reflects", "reflects", r"\b(?:reflect(?:s|ed|ing)?|mirror(?:s|ed|ing)?)\b" + _NOT_PASSIVE, object_from_phrase=False,
          needs=("reflect", "mirror")),
    _rule("illustrates", "illustrates", r"\billustrat(?:e|es|ed|ing)\b" + _NOT_PASSIVE,
          needs=("illustrat",)),
    _rule("puts-x-into-practice", "exemplifies",
          r"\b(?:puts?|putting|brought|brings?|turned|turns?)\b(?=[^,;:.]{1,50}?\b(?:into|in) (?:practice|action|effect|operation)\b)",
          object_from_phrase=False, description="'X put Y into practice'", needs=("practice", "action", "effect", "operation")),
    _rule("shows-at-work", "exemplifies",
          r"\b(?:shows?|showed|shown|showing|displays?|displayed|reveals?|revealed)\b(?=[^,;:.]{1,60}?\b(?:at work|in action|in practice|in operation)\b)",
          object_from_phrase=False, description="'X shows Y at work'", needs=("work", "action", "practice", "operation")),
    # passive voice: the example follows the cue ------------------------------------
    _rule("exemplified-by", "exemplifies",
          r"\b(?:(?:is|are|was|were|has been|have been|can be|could be|may be|might be) )?(?:(?:best|perhaps best|well|clearly|often|also|most clearly|perhaps most clearly|vividly|neatly) )?"
          r"(?:exemplified|typified|epitomi[sz]ed|demonstrated|instantiated) (?:by|in)\b",
          passive=True, description="'Y is exemplified by X'", needs=("exemplified", "typified", "epitomi", "demonstrated", "instantiated")),
    _rule("illustrated-by", "illustrates",
          r"\b(?:(?:is|are|was|were|has been|have been|can be|could be|may be) )?(?:(?:best|well|clearly|often|also|vividly|neatly) )?illustrated (?:by|in)\b",
          passive=True, needs=("illustrated",)),
    _rule("embodied-by", "embodies",
          r"\b(?:(?:is|are|was|were|has been|have been|can be|may be) )?(?:(?:best|well|clearly|often|also|perhaps best) )?(?:embodied|personified|incarnated) (?:by|in)\b",
          passive=True, needs=("embodied", "personified", "incarnated")),
    _rule("reflected-in", "reflects",
          r"\b(?:(?:is|are|was|were|has been|have been|can be|may be) )?(?:(?:clearly|also|well|often) )?(?:reflected|mirrored) (?:by|in)\b",
          passive=True, needs=("reflected", "mirrored")),
    _rule("seen-in", "exemplifies",
          r"\b(?:can|could|may|might) (?:also )?be (?:seen|observed|found|traced) (?:at work |in action |in practice |in operation )?in\b"
          r"|\b(?:is|are|was|were) (?:seen|observed|visible) (?:at work|in action|in practice|in operation) in\b",
          passive=True, object_from_phrase=False, description="'Y can be seen in X'", needs=("seen", "observed", "found", "traced", "visible")),
    # contrastsWith beyond the "vs" heading --------------------------------------------
    _rule("differs-from", "contrastsWith",
          r"\b(?:differs?|differed|differing) (?:sharply |fundamentally |markedly |clearly |mainly |chiefly )?from\b"
          r"|\b(?:is|are) (?:quite |very |fundamentally )?(?:distinct|different) from\b"
          r"|\b(?:is|are|was|were) (?:usually |often |commonly |sharply |best )?(?:set against|distinguished from|contrasted with|set apart from|set in opposition to)\b",
          needs=("differ", "distinct", "different", "against", "distinguished", "contrasted", "apart", "opposition")),
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
    r"\b(?:(?:one|an?|the|another|a further)\s+(?:[\w-]+\s+){0,3}?)?(?:examples?|illustrations?|instances?|cases?|demonstrations?|exemplars?)"
    r"(?:\s+of\s+(?P<of>[^,;:]+?))?\s+(?:is|was|are|were|includes?|included|would be|comes? from|came from)\s+",
    re.I)
EXAMPLE_INTRO_RULE = RelationRule("example-intro", "exemplifies", EXAMPLE_INTRO,
                                  needs=("example", "illustration", "instance", "case", "demonstration", "exemplar"))
# "Unlike X, Y ...", "In contrast to X, Y ...": Y contrasts with X.
CONTRAST_LEAD = rx(r"(?:^|[;:]\s+|,\s+)(?P<cue>unlike|in contrast to|in contrast with|as opposed to|contrary to|compared with|compared to|by contrast with)\s+"
                   r"|^(?P<whereas>whereas|while)\s+")
CONTRAST_RULE = RelationRule("contrast-lead", "contrastsWith", CONTRAST_LEAD,
                             needs=("unlike", "contrast", "opposed", "contrary", "compared", "whereas", "while"))

# "X and Y are widely regarded as mutual restraint agreements": a concept used as the kind of thing X is.
KINDS = frozenset(
    "agreement agreements arrangement arrangements treaty treaties institution institutions organization organizations "
    "organisation organisations mechanism mechanisms measure measures regime regimes instrument instruments tool tools "
    "body bodies framework frameworks pact pacts initiative initiatives operation operations mission missions force "
    "forces system systems structure structures".split())
KIND_AFTER_CONCEPT = rx(r"\s+(?:" + "|".join(sorted(KINDS, key=len, reverse=True)) + r")\b")
COPULA_BEFORE_KIND = rx(r"\b(?:is|are|was|were|remains?|serves? as|stands? as|functions? as|acts? as)\s+"
                        r"(?:(?:widely|often|commonly|generally|frequently|usually|perhaps|arguably|still|also|rightly)\s+)*"
                        r"(?:(?:regarded|seen|described|considered|viewed|treated|classed|classified|counted|cited) as\s+)?"
                        r"(?:(?:an?|the|one of the|among the)\s+)?(?:(?:early|classic|typical|textbook|prime|clear|good|leading|first|successful|model)\s+)?$")
CONCEPT_KIND_RULE = RelationRule("concept-as-kind", "exemplifies", KIND_AFTER_CONCEPT,
                                 description="'X is a mutual restraint arrangement': X exemplifies mutual restraint")
# "Historians treat the Treaty of X as an early illustration of Y": X, between the verb and "as", exemplifies Y.
TREATED_AS = rx(r"\b(?:treats?|treated|treating|regards?|regarded|sees?|saw|describes?|described|cites?|cited|considers?|considered"
                r"|views?|viewed|holds? up|held up|presents?|presented|points? to|pointed to)\s+(?P<x>[^;:]{3,160}?)\s+as\s+"
                r"(?:(?:an?|the|one of the)\s+)?(?:[\w-]+\s+){0,3}?(?:example|illustration|instance|case|model|embodiment|exemplar)s?\s+of\s+")
TREATED_AS_RULE = RelationRule("treated-as-example", "exemplifies", TREATED_AS, needs=("example", "illustration", "instance", "case", "model", "embodiment", "exemplar"))
# The cue rules a sentence can match: a cheap test first, as most sentences have no cue of most rules.
CUES = CueIndex(FORWARD_RULES + (EXAMPLE_INTRO_RULE, CONTRAST_RULE, TREATED_AS_RULE))

# Words that, after a cue, stand for the article's own subject ("embodies the
# principle", "derived from that understanding", "reflects the same idea").
ANAPHOR = rx(
    r"^(?:(?:how|what|why)\s+)?(?:the|this|that|these|those|its|their)\s+(?:same\s+|very\s+|underlying\s+|core\s+|broader\s+|central\s+|basic\s+|classical\s+|classic\s+|traditional\s+|original\s+|older\s+|earlier\s+|established\s+|conventional\s+)?"
    r"(?:idea|ideas|principle|principles|concept|notion|understanding|approach|logic|insight|view|thinking|doctrine|mechanism|arrangement|model|measures|practice|philosophy|premise|concern|spirit|ethos|vision|commitment|goal|aim|ideal|policy|reasoning)\b",
    re.I)

# Pronouns at the start of a clause that refer to the article's subject in a
# glossary entry ("It challenges ...", "This concept builds on ...").
SUBJECT_PRONOUN = rx(
    r"^(?:it|this|(?:this|the) (?:concept|idea|principle|approach|mechanism|arrangement|practice|notion|doctrine|term|theory|policy|strategy|framework|model|norm))\b", re.I)

# Historical context: "<entity> ... during the Long Winter War".
CONTEXT_CUE = rx(r"\b(?:during|amid|amidst|at the height of|at the end of|in the aftermath of|in the wake of|in the shadow of|throughout)\s+(?:the\s+)?$", re.I)

# A year attached to the name right before it.
# "in March 1947", "in early 1990": what may stand between "in" and a year.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
_MONTH = r"(?:(?:early|mid|late|mid-)\s*)?(?:(?:" + "|".join(MONTHS) + r")\s+(?:[0-9]{1,2},?\s+)?)?"
YEAR_OF = rx(r"^\s+of\s+(?P<year>1[0-9]{3}|20[0-9]{2})\b")
YEAR_PARTICIPLE = rx(
    r"^(?:\s+(?:on|of|for|in)\s+[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,3})?"  # "Agreement on strategic arms, signed in ..."
    r"\s*,?\s*(?P<shared>both\s+|all\s+|each\s+)?"
    r"(?:(?:a|an)\s+[a-z][a-z-]*(?:\s+[a-z][a-z-]*)?\s+)?"  # an apposition: "X, a post created in 1992"
    r"(?:(?:was|were|is|are|had been|has been|have been)\s+)?"  # "X was signed in 1713"
    r"(?:(?:first|originally|formally|eventually|later|finally|jointly|officially)\s+)?"
    r"(?P<verb>founded|established|created|signed|adopted|opened for signature|concluded|set up|launched|formed|ratified|agreed|fought|held|begun|started|negotiated|drafted|proclaimed|inaugurated|deployed|convened"
    r"|completed|reached|brokered|passed|enacted|imposed|declared|entered into force|came into force|took effect|carried out|conducted|announced"
    r"|broke out|began|erupted|took place|occurred|unfolded|coined|introduced|formulated|set out|articulated|proposed|put forward)"
    r"(?:\s+[a-z]+ly)?"  # "set out systematically in 1992"
    r"(?:\s+by\s+[^,;]{1,60}?)?"  # the agent: "signed by the two governments in 2010"
    r"(?:\s+(?:at|in)\s+(?:The\s+|the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})?"  # the place: "signed at Eldmoor in 1990"
    r"\s+(?:in\s+" + _MONTH + r"(?P<year>1[0-9]{3}|20[0-9]{2})\b|(?:in|during|at|after)\s+(?P<event>[^,;]{3,80}?)\s+of\s+(?P<eyear>1[0-9]{3}|20[0-9]{2})\b)",
    re.I)
YEAR_PAREN = rx(r"^\s*\((?P<year>1[0-9]{3}|20[0-9]{2})(?:\s*[-\u2013\u2014]\s*(?:1[0-9]{3}|20[0-9]{2}|[0-9]{2}))?\)")
# "X, which the assembly established in 1991", "X, which deployed its troops in March 1995": X's year.
YEAR_RELATIVE = rx(r"^\s*,\s*(?:which|that)\s+(?:[^,;]{0,50}?\s+)?(?P<verb>established|founded|created|signed|adopted|set up|launched|deployed|ratified|concluded|negotiated)"
                   r"(?:\s+[^,;]{0,40}?)?\s+in\s+" + _MONTH + r"(?P<year>1[0-9]{3}|20[0-9]{2})\b")
# "X, in force since 1962": the year it started.
YEAR_SINCE = rx(r"^\s*,?\s*(?:(?:in force|in place|in effect|in operation|active|operating|functioning)\s+)since\s+(?P<year>1[0-9]{3}|20[0-9]{2})\b")
# An event's own year right after its name: "the invasion of Kuwait in 1990".
YEAR_EVENT_IN = rx(r"^\s+in\s+" + _MONTH + r"(?P<year>1[0-9]{3}|20[0-9]{2})\b")
# "who coined the term in 1950", "introduced the idea of a joint guarantee in 1957": a concept's own year.
CONCEPT_YEAR = rx(r"\b(?:coined|introduced|proposed|formulated|articulated|popularised|popularized|put forward|set out|first used)\s+"
                  r"(?:the\s+)?(?:term|phrase|expression|concept|idea|notion)(?:\s+of\s+(?P<of>[^,;]{3,60}?))?"
                  r"(?:\s+[a-z]+ly)?\s+in\s+" + _MONTH + r"(?P<year>1[0-9]{3}|20[0-9]{2})\b"
                  r"|^(?:the|this)\s+(?:concept|idea|term|notion|doctrine|approach|principle)\s+(?:was|were)\s+(?:first\s+)?"
                  r"(?:coined|introduced|set out|formulated|articulated|proposed|developed|put forward|advanced|defined)"
                  r"(?:\s+[a-z]+ly)?(?:\s+by\s+[^,;]{1,60}?)?\s+in\s+" + _MONTH + r"(?P<pyear>1[0-9]{3}|20[0-9]{2})\b")
# "a condition known as mutual assured restraint": the phrase names a concept.
KNOWN_AS = rx(r"\b(?:known|referred to|described) as (?P<np>[a-z][a-z-]*(?: [a-z][a-z-]*){1,3})(?=\s*(?:\(|,|;|\.|$| and\b| or\b))|\b(?:called|termed|dubbed) (?P<np2>[a-z][a-z-]*(?: [a-z][a-z-]*){1,3})(?=\s*(?:\(|,|;|\.|$))")
# A name's acronym, or another short bracketed name, between the name and what is said of it:
# "the Treaty on Open Seas (TOS), signed in 1990".
BRACKETED_NAME = re.compile(r"\s*\((?![^)]*\d)[^()]{1,40}\)")
# The class a participle gives something otherwise untyped: what is signed is a treaty, what is
# founded an institution, what breaks out an event.
PARTICIPLE_TYPES = {
    "Treaty": {"signed", "ratified", "opened for signature", "concluded", "negotiated", "drafted",
               "entered into force", "came into force"},
    "Institution": {"founded", "established", "set up", "inaugurated", "deployed"},
    "HistoricalEvent": {"fought", "broke out", "erupted", "took place", "occurred", "unfolded", "carried out", "conducted"},
}

# Head nouns of names (the word before "of"/"on"/"for", or the last word) and
# the class they signal.
HEAD_NOUN_TYPES = {
    "Institution": {
        "organization", "organisation", "council", "commission", "committee", "union", "nations", "league",
        "agency", "bank", "court", "tribunal", "assembly", "secretariat", "force", "forces", "mission",
        "office", "fund", "programme", "program", "group", "forum", "association", "community", "parliament",
        "institute", "ministry", "department", "administration", "command", "body", "board", "alliance",
        "coalition", "cooperation", "co-operation", "partnership", "directorate", "authority", "observers",
        "centre", "center", "initiative", "bureau", "corps", "panel", "network", "project", "unit", "brigade",
        "battalion", "division", "fleet", "army", "operation", "team", "contingent", "tribunals", "commissioner",
        "ombudsman", "rapporteur", "envoy", "presence", "corporation", "foundation", "university", "institution",
    },
    "Treaty": {
        "treaty", "treaties", "accords", "accord", "act", "charter", "pact", "convention", "conventions",
        "document", "agreement", "agreements", "protocol", "declaration", "covenant", "statute", "memorandum",
        "settlement", "resolution", "code", "framework", "communique", "communiqué", "understanding", "peace", "entente",
    },
    "HistoricalEvent": {
        "war", "wars", "crisis", "revolution", "conflict", "invasion", "battle", "uprising", "genocide",
        "blockade", "embargo", "massacre", "siege", "occupation", "intervention", "airlift", "incident",
        "offensive", "bombing", "bombings", "attacks", "attack", "summit", "conference", "congress", "talks",
        "negotiations", "spring", "détente", "race", "scare", "rivalry", "standoff", "stand-off", "dispute",
        "confrontation", "scramble", "partition", "dissolution", "annexation", "withdrawal", "liberation",
        "reunification", "evacuation", "campaign", "truce", "secession",
    },
    "Mechanism": {"hotline", "mechanism", "process", "regime", "format", "dialogue", "plan", "regimes"},
    "Concept": {"doctrine"},
    "Region": {"region", "peninsula", "sea", "ocean", "basin", "gulf", "continent", "area", "zone", "corridor",
               "countries", "islands", "republics", "channel", "strait", "straits", "isthmus", "valley", "highlands"},
}
# Lowercase nouns that, right after a name, make one name with it: "the Varnholm embargo against Tessly",
# "the Eldmoor massacre of 1990", "the Kestria programme". The name before such a noun modifies it.
NAME_HEAD_NOUNS = frozenset({
    "embargo", "programme", "program", "massacre", "mission", "crisis", "war", "genocide", "invasion", "summit",
    "accords", "agreement", "treaty", "doctrine", "plan", "initiative", "operation", "blockade", "airlift", "uprising",
    "revolution", "incident", "offensive", "conference", "talks", "protocol", "declaration", "convention", "pact",
    "force", "forces", "sanctions", "regime", "siege", "bombing", "coup", "famine", "referendum",
    "race", "scare", "rivalry", "standoff", "stand-off", "dispute", "confrontation", "scramble", "truce", "armistice",
})
# Lowercase nouns of events that, with "of"/"in"/"against" and a name after them, name the event:
# "the intervention in Varnland", "the partition of Eldmoor".
EVENT_NOUNS = frozenset({
    "intervention", "invasion", "occupation", "partition", "dissolution", "annexation", "bombing", "blockade",
    "siege", "liberation", "reunification", "unification", "withdrawal", "remilitarization", "remilitarisation",
    "conquest", "breakup", "break-up", "campaign", "genocide", "massacre", "airlift", "evacuation", "uprising",
    "secession", "declaration",
})
# Every class noun of HEAD_NOUN_TYPES, lower case: "the Council" after a name is no name of its own.
CLASS_NOUNS = frozenset(w for words in HEAD_NOUN_TYPES.values() for w in words)
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
        "limitation", "restraint", "approach", "means", "set", "network", "exchange", "mediation", "management",
        "restraints", "sanctions", "restrictions", "agreements", "arrangement", "commitments", "guarantees",
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
    r"confusion|confused|error|misconceived|wrongly|mistakenly|mistaken|misleading|falsely|assumption|misplaced belief)s?\b"
    r"|^(?:an?|one|another|the)\s+(?:[a-z]+\s+){0,2}(?:belief|view|notion|idea|impression)\s+(?:is|holds)\s+that\b"
    r"|^nor\b"  # "Nor is it simply ...": the list of misconceptions goes on
    r"|^(?:another|one|a further|a second|a third|a final|a related)\b[^.]*?\bis (?:that|to)\b"
    r"|^(?:(?:finally|lastly|also|similarly|likewise|again|moreover),\s+)?(?:many|some|others|people|critics|observers|commentators|students|readers|analysts|policymakers|journalists|newcomers|"
    r"it is (?:also |still )?(?:often|commonly|widely|sometimes|frequently|easy|tempting)|it would (?:also |equally )?be (?:wrong|a mistake)|it is (?:also |equally )?wrong|one might)\b[^.]*?"
    r"\b(?:believe[sd]?|assume[sd]?|think|thought|suppose[sd]?|claim(?:s|ed)?|say|said|held|holds?|argue[sd]?|conclude[sd]?|imagine[sd]?|equate[sd]?|confuse[sd]?|expect(?:s|ed)?|see|seen|view(?:s|ed)?|treat(?:s|ed)?"
    r"|take|took|mistake|mistook|regard(?:s|ed)?|portray(?:s|ed)?|picture[sd]?|describe[sd]?)\b",
    re.I)
CORRECTION_SPLIT = rx(
    r";\s*(?=(?:rather|in fact|in practice|in reality|instead|actually|but|however|on the contrary|yet|in truth)\b)"
    r"|,\s*(?=(?:yet|whereas|when|while in fact|but in fact|but in reality|but actually)\b)", re.I)

# "the Varnian crisis", "the Eldic war": a demonym and a lowercase event noun name an event.
DEMONYM_EVENT = rx(r"^ ((?:civil |border |missile |hostage |refugee |financial )?(?:crisis|war|conflict|uprising|revolution|genocide|invasion|famine|insurgency|emergency))\b"
                   r"(?: of (?:the )?[A-Z][\w-]+(?: [A-Z][\w-]+)*)?", 0)  # "the Varnian invasion of Eldmoor"
# "the Eldic countries", "the Varnian states": a demonym and a lowercase word for a group of countries name a region.
DEMONYM_REGION = rx(r"^ (?:countries|states|nations|islands|republics|region|peninsula)\b", 0)
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
    "between", "among", "against", "toward", "towards", "via", "per", "whether", "now", "outside", "inside", "beyond",
    "throughout", "despite", "following", "until", "along", "around", "near", "besides", "amid", "upon", "through",
}
