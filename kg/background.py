"""Curated background knowledge (``data/background.ttl``): names, aliases, classes.

Each record is an entity with a fixed IRI, an English ``skos:prefLabel``,
``skos:altLabel`` aliases and acronyms, one seckg class and optionally a year.
It never holds relations between entities: those come from articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from .errors import DataError
from .paths import BACKGROUND
from .vocab import ENTITY_CLASSES, SECKG

_CLASS_NAMES = {iri: name for name, iri in ENTITY_CLASSES.items()}


@dataclass(frozen=True)
class BackgroundRecord:
    iri: str
    label: str
    aliases: tuple[str, ...]
    type: str  # seckg local class name
    year: int | None = None
    source: str | None = None  # dcterms:source of the record


@dataclass(frozen=True)
class BackgroundIndex:
    by_key: dict  # normalised label -> BackgroundRecord
    alias_of: dict  # normalised alias -> normalised label
    matcher: object  # kg.names.NameMatcher over every label and alias


@dataclass
class Background:
    source_iri: str  # the seckg:BackgroundSource node
    path: str
    graph: Graph
    records: list[BackgroundRecord] = field(default_factory=list)

    @cached_property
    def index(self) -> "BackgroundIndex":
        """Lookups and a compiled name matcher, built once and shared by every article."""
        from .names import KnownName, NameMatcher, normalise

        by_key = {normalise(r.label): r for r in self.records}
        alias_of: dict[str, str] = {}
        for rec in self.records:
            for alias in rec.aliases:
                alias_of.setdefault(normalise(alias), normalise(rec.label))
        # Curated names are proper names and acronyms: matched case-sensitively.
        matcher = NameMatcher([KnownName(name, normalise(rec.label), True) for name, rec in self.names()])
        return BackgroundIndex(by_key, alias_of, matcher)

    def names(self) -> list[tuple[str, BackgroundRecord]]:
        """(name, record) for every label and alias."""
        out = []
        for rec in self.records:
            out.append((rec.label, rec))
            out.extend((alias, rec) for alias in rec.aliases)
        return out


def load_background(path: Path | str | None = None) -> Background:
    """Read and check the curated data. Raises :class:`DataError` naming the record at fault."""
    path = Path(path or BACKGROUND)
    try:
        graph = Graph().parse(path, format="turtle")
    except FileNotFoundError:
        raise DataError(f"{path}: background data file not found") from None
    except Exception as exc:
        raise DataError(f"{path}: not valid Turtle: {exc}") from None
    sources = sorted(graph.subjects(RDF.type, SECKG.BackgroundSource))
    if len(sources) != 1:
        raise DataError(f"{path}: needs exactly one seckg:BackgroundSource node with its provenance, found {len(sources)}")
    records = []
    for subject in sorted(set(graph.subjects(SKOS.prefLabel, None))):
        if not isinstance(subject, URIRef):
            raise DataError(f"{path}: a record without an IRI has a skos:prefLabel")
        labels = [o for o in graph.objects(subject, SKOS.prefLabel) if isinstance(o, Literal)]
        if len(labels) != 1:
            raise DataError(f"{path}: {subject} must have exactly one skos:prefLabel")
        types = [_CLASS_NAMES[t] for t in graph.objects(subject, RDF.type) if t in _CLASS_NAMES]
        if len(types) != 1:
            raise DataError(f"{path}: {subject} must have exactly one seckg entity class, has {len(types)}")
        years = [int(str(y)) for y in graph.objects(subject, SECKG.year)]
        source = graph.value(subject, DCTERMS.source)
        aliases = tuple(sorted(str(a) for a in graph.objects(subject, SKOS.altLabel)))
        records.append(BackgroundRecord(str(subject), str(labels[0]), aliases, types[0],
                                        years[0] if years else None, str(source) if source else None))
    return Background(str(sources[0]), str(path), graph, records)
