"""The phrasings of the template, one sentence at a time, with invented names only.

Each case puts one sentence into a minimal article in the glossary template and
checks what extraction reads from it: the relation, the year, the class -- and,
where a phrasing invites a wrong reading, that the wrong fact is not there. The
names are made up, so a rule passes only if it follows the language.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.background import load_background
from kg.extract import extract
from kg.parse import parse_document

ARTICLE = """{title}
{definition}
Updated March 3, 2026
How It Works in Practice
{practice}
Why It Matters
{importance}
{title} vs Open Rivalry
Open rivalry is a different matter.
Real-World Examples
{examples}
Common Misconceptions
{misconceptions}
Example
The Varnholm Accords of 1990 exemplify {lower}.
"""
DEFAULTS = {
    "title": "Mutual Restraint",
    "definition": "The idea that rival states limit their forces together.",
    "practice": "Mutual restraint asks much of governments.",
    "importance": "Mutual restraint keeps rivals talking.",
    "examples": "Mutual restraint has a long record.",
    "misconceptions": "A common misconception is that restraint is weakness. In fact it is a choice.",
}


def read(tmp_path: Path, **parts):
    """The extraction of an article made of DEFAULTS and ``parts``."""
    fields = {**DEFAULTS, **parts}
    fields["lower"] = fields["title"].lower()
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE.format(**fields), encoding="utf-8")
    return extract(parse_document(path), load_background())


def relations(x) -> set[tuple[str, str, str]]:
    label = lambda key: x.entities[key].label  # noqa: E731
    return {(label(f.subject), f.predicate, label(f.object)) for f in x.facts
            if f.predicate in ("derivedFrom", "exemplifies", "embodies", "reflects", "illustrates", "contrastsWith")
            and f.object in x.entities}


def facts(x, predicate: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in x.facts:
        if f.predicate == predicate and f.subject in x.entities:
            out.setdefault(x.entities[f.subject].label, set()).add(f.object)
    return out


MR = "Mutual Restraint"
# (section, sentence, relations that must be read, relations that must not)
CASES = {
    # derivedFrom ------------------------------------------------------------------------
    "traces-its-origins-to": ("practice", "Mutual restraint traces its origins to convergence theory.",
                              {(MR, "derivedFrom", "Convergence Theory")}, set()),
    "owes-much-to, the phrase before a modifier": (
        "practice", "Mutual restraint owes much to the fiscal diplomacy of the Great Varn War.",
        {(MR, "derivedFrom", "Fiscal Diplomacy")}, {(MR, "derivedFrom", "Great Varn War")}),
    "took-shape-as-an-extension-of": ("practice", "Mutual restraint took shape as an extension of quiet mediation.",
                                      {(MR, "derivedFrom", "Quiet Mediation")}, set()),
    "is-best-understood-as-an-offshoot-of": (
        "practice", "Mutual restraint is best understood as a regional offshoot of arms limitation.",
        {(MR, "derivedFrom", "Arms Limitation")}, set()),
    "the-concept-as-pronoun": ("practice", "The concept traces its origins to convergence theory.",
                               {(MR, "derivedFrom", "Convergence Theory")}, set()),
    "the-practice-of": ("practice", "It draws on the long-standing practice of good neighbourliness.",
                        {(MR, "derivedFrom", "Good Neighbourliness")}, set()),
    "a-narrower-concept-as-subject": (
        "practice", "Forward restraint is an offshoot of mutual restraint in which states pledge more.",
        {("Forward Restraint", "derivedFrom", MR)}, set()),
    "the-doctrine-of-as-subject": (
        "practice", "The doctrine of graduated restraint borrows from mutual restraint a readiness to wait.",
        {("Graduated Restraint", "derivedFrom", MR)}, set()),
    "a-narrower-concept-as-object": ("practice", "Mutual restraint follows from the theory of nuclear parity.",
                                     {(MR, "derivedFrom", "Nuclear Parity")}, set()),
    # exemplifies --------------------------------------------------------------------------
    "passive-exemplified-by": ("examples", "Mutual restraint is exemplified by the Varnholm Accords.",
                               {("Varnholm Accords", "exemplifies", MR)}, {(MR, "exemplifies", "Varnholm Accords")}),
    "can-be-seen-in": ("examples", "Mutual restraint in action can be seen in the Tessly Airlift of 1951.",
                       {("Tessly Airlift", "exemplifies", MR)}, set()),
    "the-logic-of-can-be-seen-in": ("examples", "The logic of mutual restraint can also be seen in the Dunmere Treaty.",
                                    {("Dunmere Treaty", "exemplifies", MR)}, set()),
    "shows-at-work": ("examples", "The Council of Eldmoor shows mutual restraint at work.",
                      {("Council of Eldmoor", "exemplifies", MR)}, set()),
    "put-into-practice, a bracketed alias": (
        "examples", "The Varnholm Plan (formally the Eldmoor Recovery Program), launched in 1948, and the Kestrian "
                    "Defence League (KDL), established in 1949, both put mutual restraint into practice.",
        {("Varnholm Plan", "exemplifies", MR), ("Kestrian Defence League", "exemplifies", MR)}, set()),
    "a-good-illustration-of-is": ("examples", "A good illustration of mutual restraint is the Orlo Dialogue of 2008.",
                                  {("Orlo Dialogue", "exemplifies", MR)}, set()),
    "a-list-with-semicolons-and-brackets": (
        "examples", "Examples include the Treaty of Dunmere of 1963; the Pact of Halvik (POH), opened for signature "
                    "in 1968; and the first Vey Arms Treaty (VAT I), signed in 1991.",
        {("Treaty of Dunmere", "exemplifies", MR), ("Pact of Halvik", "exemplifies", MR),
         ("Vey Arms Treaty", "exemplifies", MR)}, set()),
    "a-list-over-a-relative-clause": (
        "examples", "Among the best examples are the Algor Accords of 1981, through which Varnland ended the Tessly "
                    "hostage crisis, and the Treaty of Brannvik of 1984.",
        {("Algor Accords", "exemplifies", MR), ("Treaty of Brannvik", "exemplifies", MR)},
        {("Tessly hostage crisis", "exemplifies", MR)}),
    "a-concept-as-the-kind-of-thing": (
        "examples", "The Treaty of Lomvik (TOL), signed in 1990, and the Vey Convention (VC) of 1993 are widely "
                    "regarded as mutual restraint agreements.",
        {("Treaty of Lomvik", "exemplifies", MR), ("Vey Convention", "exemplifies", MR)}, set()),
    "a-name-before-a-class-noun": (
        "examples", "The Varnholm embargo against Tessly, in force since 1962, is one of the longest-running examples "
                    "of mutual restraint.",
        {("Varnholm embargo against Tessly", "exemplifies", MR)}, {("Varnholm", "exemplifies", MR)}),
    "an-event-named-after-a-place": (
        "examples", "The intervention in Kestria in 2011 is the case most often used to illustrate mutual restraint.",
        {("Intervention in Kestria", "illustrates", MR)}, {("Kestria", "illustrates", MR)}),
    "an-opening-adverbial-phrase": (
        "examples", "With its limits on forces across much of the Orl Peninsula, the Treaty of Skelmoor of 1979 serves "
                    "as an illustration of mutual restraint.",
        {("Treaty of Skelmoor", "exemplifies", MR)}, {("Orl Peninsula", "exemplifies", MR)}),
    "an-agent-inside-the-subject's-clause": (
        "examples", "The Eldor Compact, signed by Varnland and Tessly in 2010, illustrates mutual restraint.",
        {("Eldor Compact", "illustrates", MR)}, {("Tessly", "illustrates", MR), ("Varnland", "illustrates", MR)}),
    "a-possessive-is-no-example": (
        "examples", "Mutual restraint is exemplified by Varn Tolle's opening to Kestria in 1972.",
        set(), {("Varn Tolle's", "exemplifies", MR)}),
    # contrastsWith ------------------------------------------------------------------------
    "unlike": ("importance", "Unlike armed vigilance, which rewards the bold, mutual restraint rewards patience.",
               {(MR, "contrastsWith", "Armed Vigilance")}, set()),
    "in-contrast-to": ("importance", "In contrast to armed vigilance, mutual restraint relies on trust.",
                       {(MR, "contrastsWith", "Armed Vigilance")}, set()),
    "whereas": ("importance", "Whereas armed vigilance divides states into camps, mutual restraint treats rivals as partners.",
                {(MR, "contrastsWith", "Armed Vigilance")}, set()),
    "while-is-not-a-contrast-of-ideas": (
        "importance", "While both sides emphasize cooperation, mutual restraint is the broader idea.",
        set(), {(MR, "contrastsWith", "Both Sides Emphasize Cooperation")}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_phrasing(tmp_path, name):
    section, sentence, wanted, unwanted = CASES[name]
    found = relations(read(tmp_path, **{section: sentence}))
    assert wanted <= found
    assert not unwanted & found


@pytest.mark.parametrize("sentence,name,year", [
    ("The Pact of Halvik (POH), opened for signature in 1968, is an example of mutual restraint.", "Pact of Halvik", "1968"),
    ("The Treaty of Mirvik, signed at Dunhold in 1967, remains the best-known case of mutual restraint.", "Treaty of Mirvik", "1967"),
    ("The Eldor Compact, signed by Varnland and Tessly in 2010, illustrates mutual restraint.", "Eldor Compact", "2010"),
    ("The Varnholm embargo against Tessly, in force since 1962, is an example of mutual restraint.",
     "Varnholm embargo against Tessly", "1962"),
    ("The Varn Doctrine, proclaimed in March 1947, was an early instance of mutual restraint.", "Varn Doctrine", "1947"),
    ("The Kestrian Monitoring Unit, a post created in 1992, embodies mutual restraint.", "Kestrian Monitoring Unit", "1992"),
    ("The Orl Cooperation Programme, which the Varn Assembly established in 1991, reflects mutual restraint.",
     "Orl Cooperation Programme", "1991"),
    ("The Great Varn War broke out in 1914 and ended restraint for a generation.", "Great Varn War", "1914"),
    ("The intervention in Kestria in 2011 is the case most often used to illustrate mutual restraint.",
     "Intervention in Kestria", "2011"),
    ("The Halvik Wars (1914\u20131918) are a classic illustration of mutual restraint failing.", "Halvik Wars", "1914"),
])
def test_years(tmp_path, sentence, name, year):
    assert facts(read(tmp_path, examples=sentence), "year").get(name) == {year}


def test_a_concept_gets_the_year_it_was_named(tmp_path):
    x = read(tmp_path, practice="Tomas Vell, who coined the term in 1950, saw restraint as lasting.")
    assert facts(x, "year").get(MR) == {"1950"}


@pytest.mark.parametrize("sentence,name,cls", [
    ("The Eldor Compact, signed in 2010, illustrates mutual restraint.", "Eldor Compact", "Treaty"),  # what is signed
    ("The Orl Circle, founded in 1967, illustrates mutual restraint.", "Orl Circle", "Institution"),  # what is founded
    ("The International Force Varnland illustrates mutual restraint.", "International Force Varnland", "Institution"),
    ("Operation Silent Harbour illustrates mutual restraint.", "Operation Silent Harbour", "HistoricalEvent"),
    ("The Eldic countries exemplify mutual restraint.", "Eldic countries", "Region"),
])
def test_classes(tmp_path, sentence, name, cls):
    assert cls in facts(read(tmp_path, examples=sentence), "type").get(name, set())


@pytest.mark.parametrize("definition,cls", [
    ("Negotiated restraints on the arms of states that remain rivals.", "Mechanism"),  # a plural head after a participle
    ("Restrictive economic measures, such as freezes, imposed on a government.", "Mechanism"),
    ("A form of conflict management in which a third party helps.", "Mechanism"),  # the head of what it is a form of
])
def test_the_definition_gives_the_class(tmp_path, definition, cls):
    assert facts(read(tmp_path, definition=definition), "type")[MR] == {cls}


def test_a_plural_of_a_name_ending_in_e_is_that_name(tmp_path):
    # "zones" is "zone" + "s", not "zon" + "es"
    x = read(tmp_path, title="Buffer Zone", examples="The Treaty of Orl serves as an illustration of buffer zones.")
    assert ("Treaty of Orl", "exemplifies", "Buffer Zone") in relations(x)


def test_spellings_are_one_name():
    from kg.names import normalise, surface_form

    assert normalise("Mutual Defence") == normalise("Mutual Defense")
    assert normalise("Council for Co-operation") == normalise("Council for Cooperation")
    assert normalise("Varnisation") == normalise("Varnization")
    assert surface_form("Mutual Defence") != surface_form("Mutual Defense")  # both kept as labels


def test_misconceptions_in_their_many_forms(tmp_path):
    x = read(tmp_path, misconceptions=(
        "It would also be wrong to conclude that restraint is weakness. Rather, it is a choice. "
        "Another is that it needs trust, whereas it is built for rivals. "
        "A third is that it is new, yet the Varnholm Accords are old. "
        "Nor is it simply disarmament; states keep their forces. "
        "It is equally mistaken to believe that it always works. In practice it often fails."))
    assert [(m.statement, m.correction) for m in x.misconceptions] == [
        ("It would also be wrong to conclude that restraint is weakness.", "Rather, it is a choice."),
        ("Another is that it needs trust", "whereas it is built for rivals."),
        ("A third is that it is new", "yet the Varnholm Accords are old."),
        ("Nor is it simply disarmament", "states keep their forces."),
        ("It is equally mistaken to believe that it always works.", "In practice it often fails."),
    ]
