"""Stage 3: merge the extractions of many articles into one set of entities.

An entity named in several articles, under the same name or an alias (from
curated data or defined in a text), becomes one node with one IRI:

* curated records keep their own IRI;
* any other entity's IRI is minted from its preferred label, which is the
  name most articles use for it (ties: the alphabetically first), so adding an
  article that merely mentions an entity does not rename it.

Types: only the strongest kind of type evidence counts (curated record, the
article's own definition, a head noun, a copula, then weak defaults), so a
default never contradicts what another article says.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .background import Background
from .errors import DocumentError
from .extract import RELATION_NAMES, TYPE_RULE_PRIORITY
from .model import Document, Evidence, Extraction, Misconception
from .names import normalise, surface_form
from .vocab import ID



@dataclass
class ResolvedEntity:
    key: str
    iri: str
    label: str
    types: list[str] = field(default_factory=list)
    type_evidence: list[tuple[str, Evidence]] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    alias_evidence: list[tuple[str, Evidence]] = field(default_factory=list)
    year: int | None = None
    year_evidence: list[Evidence] = field(default_factory=list)
    definition: str | None = None
    definition_evidence: Evidence | None = None
    background: str | None = None  # record IRI
    background_type: str | None = None  # the record's class
    background_source: str | None = None  # record's dcterms:source
    documents: set[str] = field(default_factory=set)  # slugs of articles that name it


@dataclass
class Relation:
    subject: str  # entity IRI
    predicate: str
    object: str  # entity IRI
    evidence: list[Evidence]


@dataclass
class ResolvedMisconception:
    iri: str
    document: str
    misconception: Misconception
    about: str  # entity IRI


@dataclass
class Corpus:
    documents: list[Document]
    entities: dict[str, ResolvedEntity]  # by IRI
    relations: list[Relation]
    misconceptions: list[ResolvedMisconception]
    background: Background
    warnings: list[str]


class _UnionFind:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def slugify(label: str) -> str:
    text = label.lower().replace("\u2019", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "entity"


def resolve(extractions: list[Extraction], background: Background) -> Corpus:
    """One entity per real-world thing across ``extractions``; relations and evidence re-keyed to IRIs."""
    slugs = Counter(x.document.slug for x in extractions)
    for x in extractions:
        if slugs[x.document.slug] > 1:
            raise DocumentError(x.document.path, f"another article has the same file name '{x.document.slug}'; names must be unique")
    uf = _UnionFind()
    for rec in background.records:
        for alias in rec.aliases:
            uf.union(normalise(rec.label), normalise(alias))
    label_votes: dict[str, Counter] = defaultdict(Counter)
    for x in extractions:
        for key, entity in x.entities.items():
            uf.find(key)
            label_votes[key][entity.label] += 1
            for alias in entity.aliases:
                if normalise(alias) != key:
                    uf.union(key, normalise(alias))

    # Group keys, pick the preferred label and IRI of each group.
    groups: dict[str, list[str]] = defaultdict(list)
    for x in extractions:
        for key in x.entities:
            root = uf.find(key)
            if key not in groups[root]:
                groups[root].append(key)
    bg_by_root = {uf.find(normalise(r.label)): r for r in background.records}
    iri_of_key: dict[str, str] = {}
    entities: dict[str, ResolvedEntity] = {}
    used_slugs: dict[str, str] = {}
    for root in sorted(groups):
        keys = sorted(groups[root])
        rec = bg_by_root.get(root)
        if rec is not None:
            iri, label = rec.iri, rec.label
        else:
            votes = Counter()
            for k in keys:
                votes.update({k: sum(label_votes[k].values())})
            best = sorted(keys, key=lambda k: (-votes[k], k))[0]
            label = sorted(label_votes[best].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            slug = slugify(label)
            if slug in used_slugs and used_slugs[slug] != root:
                n = 2
                while f"{slug}-{n}" in used_slugs:
                    n += 1
                slug = f"{slug}-{n}"
            used_slugs[slug] = root
            iri = str(ID[slug])
        entity = ResolvedEntity(root, iri, label)
        if rec is not None:
            entity.background = rec.iri
            entity.background_type = rec.type
            entity.background_source = rec.source
            entity.year = rec.year
            entity.aliases.update(rec.aliases)
        entities[iri] = entity
        for k in keys:
            iri_of_key[k] = iri

    # Attach facts.
    relations: dict[tuple[str, str, str], Relation] = {}
    type_facts: dict[str, list[tuple[str, Evidence]]] = defaultdict(list)
    year_facts: dict[str, list[tuple[str, Evidence]]] = defaultdict(list)
    misconceptions: list[ResolvedMisconception] = []
    warnings: list[str] = []
    for x in extractions:
        slug = x.document.slug
        warnings.extend(x.warnings)
        for key, entity in x.entities.items():
            e = entities[iri_of_key[key]]
            if entity.mentions or key == x.subject:
                e.documents.add(slug)
            e.aliases.update(entity.aliases)
        for fact in x.facts:
            s_iri = iri_of_key.get(fact.subject)
            if fact.predicate == "type":
                type_facts[s_iri].append((fact.object, fact.evidence))
            elif fact.predicate == "year":
                year_facts[s_iri].append((fact.object, fact.evidence))
            elif fact.predicate == "altLabel":
                entities[s_iri].aliases.add(fact.object)
                entities[s_iri].alias_evidence.append((fact.object, fact.evidence))
            elif fact.predicate == "definition":
                e = entities[s_iri]
                if e.definition is None or slug == _home_slug(e, extractions):
                    e.definition, e.definition_evidence = fact.object, fact.evidence
            elif fact.predicate in RELATION_NAMES:
                o_iri = iri_of_key[fact.object]
                s, o = s_iri, o_iri
                if fact.predicate == "contrastsWith" and s > o:
                    s, o = o, s  # symmetric: one triple, both directions inferred
                rel = relations.setdefault((s, fact.predicate, o), Relation(s, fact.predicate, o, []))
                if fact.evidence not in rel.evidence:
                    rel.evidence.append(fact.evidence)
        for mc in x.misconceptions:
            iri = str(ID[f"misconception/{slug}-{mc.index}"])
            misconceptions.append(ResolvedMisconception(iri, slug, mc, iri_of_key[mc.about]))

    for iri, entity in entities.items():
        _choose_types(entity, type_facts.get(iri, []), warnings)
        if entity.year is None and year_facts.get(iri):
            counts = Counter(y for y, _ in year_facts[iri])
            entity.year = int(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0])
        if entity.year is not None:
            entity.year_evidence = [ev for y, ev in year_facts.get(iri, []) if int(y) == entity.year]
        entity.aliases = {a for a in entity.aliases if surface_form(a) != surface_form(entity.label)}  # a spelling variant stays

    ordered = sorted(relations.values(), key=lambda r: (r.subject, r.predicate, r.object))
    return Corpus([x.document for x in extractions], dict(sorted(entities.items())), ordered, misconceptions, background, warnings)


def _home_slug(entity: ResolvedEntity, extractions: list[Extraction]) -> str | None:
    """The article whose subject the entity is: its definition is the one to keep."""
    for x in extractions:
        if normalise(x.document.title) == entity.key or x.subject == entity.key:
            return x.document.slug
    return None


def _choose_types(entity: ResolvedEntity, facts: list[tuple[str, Evidence]], warnings: list[str]) -> None:
    if entity.background is not None:
        # Curated classes win; the text's evidence for the same class is still kept.
        entity.types = [entity.background_type]
        entity.type_evidence = [(t, ev) for t, ev in facts if t in entity.types]
        return
    if not facts:
        return
    best = min(TYPE_RULE_PRIORITY.index(ev.rule) for _, ev in facts)
    chosen = [(t, ev) for t, ev in facts if TYPE_RULE_PRIORITY.index(ev.rule) == best]
    counts = Counter(t for t, _ in chosen)
    top = max(counts.values())
    winners = sorted(t for t, c in counts.items() if c == top)
    if len(winners) > 1 and {"Concept", "Mechanism"} != set(winners):
        warnings.append(f"{entity.label}: the articles disagree on its class ({', '.join(winners)}); kept {winners[0]}")
        winners = winners[:1]
    entity.types = winners
    entity.type_evidence = [(t, ev) for t, ev in chosen if t in winners]

