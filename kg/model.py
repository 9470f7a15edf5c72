"""Plain dataclasses passed between the stages.

parse -> :class:`Document`; extract -> :class:`Extraction`; resolve merges
extractions; assemble is the only stage that turns these into triples.
Offsets are in Unicode code points into the decoded source text, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    index: int  # 1-based position in the article
    text: str  # verbatim: text == document.text[start:end]
    start: int
    end: int
    section: str  # heading as written ("Definition" for the opening paragraph)
    kind: str  # section kind: title, definition, practice, importance, versus, examples, misconceptions, example, other


@dataclass(frozen=True)
class Section:
    kind: str
    title: str
    start: int  # offset of the heading line ("definition" has no heading: its text)
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Document:
    path: str  # as given by the user, used in messages and as seckg:sourceFile
    slug: str  # file stem, lower-case, used for IRIs
    text: str  # the whole decoded file, unchanged
    sha256: str
    title: str
    title_start: int
    updated: str | None  # ISO date of the "Updated ..." line
    sections: tuple[Section, ...]
    warnings: tuple[str, ...] = ()

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for sec in self.sections for s in sec.sentences)

    def section(self, kind: str) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: a sentence of a document, the cue and the rule."""

    document: str  # Document.slug
    sentence: Sentence
    rule: str  # ExtractionRule id, e.g. "relation/derivedFrom/derived-from"
    cue: str  # the triggering words, verbatim
    cue_start: int
    cue_end: int


@dataclass
class Entity:
    key: str  # normalised canonical label: identity within a build
    label: str  # preferred label as written
    types: set[str] = field(default_factory=set)  # local class names
    aliases: set[str] = field(default_factory=set)
    year: int | None = None
    definition: str | None = None
    background: str | None = None  # id of the curated record it matched, if any
    mentions: list[Evidence] = field(default_factory=list)  # where it is named


@dataclass(frozen=True)
class Fact:
    """subject --predicate--> object. Object is an entity key, or a literal for 'year'."""

    subject: str
    predicate: str  # local name: a relation, "type", "year"
    object: str
    evidence: Evidence


@dataclass
class Misconception:
    index: int  # 1-based within the article
    statement: str
    correction: str | None
    about: str  # entity key of the subject
    evidence: Evidence  # the statement sentence
    correction_evidence: Evidence | None = None


@dataclass
class Extraction:
    document: Document
    subject: str  # entity key of the article's subject
    entities: dict[str, Entity]
    facts: list[Fact]
    misconceptions: list[Misconception]
    warnings: list[str] = field(default_factory=list)
