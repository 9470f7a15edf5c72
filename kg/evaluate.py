"""Scoring a built graph against gold files (format: tests/data/gold/README.md).

Per article and overall: precision, recall and F1 of derivedFrom /
exemplifies (sub-properties included) / contrastsWith (unordered); entity type
accuracy; year accuracy; misconception counts; gold entities that ended up as
more than one node. A predicted relation counts for an article when the
article is among its evidence. Labels are compared case-insensitively,
ignoring a leading article and punctuation.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from .errors import GoldError
from .names import normalise
from .vocab import ENTITY_CLASSES, OA, SECKG

SCORED = ("derivedFrom", "exemplifies", "contrastsWith")
_EXEMPLIFY = {SECKG.exemplifies, SECKG.embodies, SECKG.reflects, SECKG.illustrates}
_PREDICATE_NAME = {SECKG.derivedFrom: "derivedFrom", SECKG.contrastsWith: "contrastsWith",
                   **{p: "exemplifies" for p in _EXEMPLIFY}}
_CLASS_NAME = {iri: name for name, iri in ENTITY_CLASSES.items()}


@dataclass(frozen=True)
class GoldEntity:
    label: str
    types: tuple[str, ...]
    aliases: tuple[str, ...]
    year: int | None


@dataclass
class Gold:
    document: str  # file stem
    subject: str
    entities: list[GoldEntity]
    relations: list[tuple[str, str, str]]
    optional: list[tuple[str, str, str]]
    misconceptions: int


@dataclass
class ArticleScore:
    document: str
    tp: int = 0
    predicted: int = 0  # scored relations predicted, optional ones left out
    required: int = 0
    missed: list[tuple[str, str, str]] = field(default_factory=list)
    spurious: list[tuple[str, str, str]] = field(default_factory=list)
    types_correct: int = 0
    types_total: int = 0
    type_errors: list[str] = field(default_factory=list)
    years_correct: int = 0
    years_total: int = 0
    year_errors: list[str] = field(default_factory=list)
    misconceptions_found: int = 0
    misconceptions_gold: int = 0
    split: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.required if self.required else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.types_correct / self.types_total if self.types_total else 1.0

    @property
    def year_accuracy(self) -> float:
        return self.years_correct / self.years_total if self.years_total else 1.0


@dataclass
class EvalReport:
    articles: list[ArticleScore]

    @property
    def overall(self) -> ArticleScore:
        total = ArticleScore("overall")
        for a in self.articles:
            for name in ("tp", "predicted", "required", "types_correct", "types_total", "years_correct",
                         "years_total", "misconceptions_found", "misconceptions_gold"):
                setattr(total, name, getattr(total, name) + getattr(a, name))
            total.missed += a.missed
            total.spurious += a.spurious
            total.split += a.split
        return total

    @property
    def misconceptions_exact(self) -> bool:
        return all(a.misconceptions_found == a.misconceptions_gold for a in self.articles)


def load_gold(directory: Path | str) -> list[Gold]:
    directory = Path(directory)
    files = sorted(directory.glob("*.json"))
    if not files:
        raise GoldError(f"{directory}: no gold files (*.json)")
    out = []
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entities = [GoldEntity(e["label"], tuple(e.get("types", [])), tuple(e.get("aliases", [])), e.get("year"))
                        for e in data.get("entities", [])]
            out.append(Gold(Path(data["document"]).stem, data["subject"]["label"], entities,
                            [tuple(r) for r in data.get("relations", [])],
                            [tuple(r) for r in data.get("optional_relations", [])], int(data.get("misconceptions", 0))))
        except (ValueError, KeyError, TypeError) as exc:
            raise GoldError(f"{path}: not a gold file: {exc}") from None
    return out


class _Index:
    """Label lookup and per-article relations of a built graph."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.by_label: dict[str, set[URIRef]] = defaultdict(set)
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for s, o in graph.subject_objects(prop):
                if (s, RDF.type, SECKG.Article) in graph or (s, RDF.type, SECKG.Misconception) in graph:
                    continue
                self.by_label[normalise(str(o))].add(s)
        self.article_relations: dict[str, set[tuple[URIRef, str, URIRef]]] = defaultdict(set)
        for ev in graph.subjects(RDF.type, SECKG.Evidence):
            p = graph.value(ev, SECKG.factPredicate)
            if p not in _PREDICATE_NAME:
                continue
            s, o = graph.value(ev, SECKG.factSubject), graph.value(ev, SECKG.factObject)
            doc = graph.value(graph.value(ev, SECKG.statedIn), OA.hasSource)
            slug = str(doc).rsplit("/", 1)[-1]
            self.article_relations[slug].add(_key(s, _PREDICATE_NAME[p], o))
        self.misconceptions: dict[str, int] = defaultdict(int)
        for m in graph.subjects(RDF.type, SECKG.Misconception):
            slug = str(m).rsplit("/", 1)[-1].rsplit("-", 1)[0]
            self.misconceptions[slug] += 1

    def nodes(self, *names: str) -> set[URIRef]:
        out = set()
        for n in names:
            out |= self.by_label.get(normalise(n), set())
        return out


def _key(s, p, o):
    if p == "contrastsWith" and str(s) > str(o):
        s, o = o, s
    return (s, p, o)


def evaluate(graph: Graph, gold: list[Gold]) -> EvalReport:
    """Score ``graph`` (asserted triples, with evidence) against ``gold``."""
    index = _Index(graph)
    articles = []
    for g in gold:
        score = ArticleScore(g.document)
        names_of = {normalise(e.label): (e.label, *e.aliases) for e in g.entities}

        def nodes(label: str) -> set[URIRef]:
            return index.nodes(*names_of.get(normalise(label), (label,)))

        predicted = {r for r in index.article_relations.get(g.document, set()) if r[1] in SCORED}
        matched = set()
        for s, p, o in g.relations:
            if p not in SCORED:
                continue
            score.required += 1
            hits = {r for r in predicted if r[1] == p and _matches(r, nodes(s), nodes(o), p)}
            if hits:
                score.tp += 1
                matched |= hits
            else:
                score.missed.append((s, p, o))
        optional = {r for r in predicted for s, p, o in g.optional
                    if r[1] == p and _matches(r, nodes(s), nodes(o), p)}
        for r in sorted(predicted - matched - optional, key=str):
            score.spurious.append((_label(graph, r[0]), r[1], _label(graph, r[2])))
        score.predicted = len(predicted - optional)
        for e in g.entities:
            found = index.nodes(e.label, *e.aliases)
            if len(found) > 1:
                score.split.append(f"{e.label}: {', '.join(sorted(str(n) for n in found))}")
            score.types_total += 1
            types = {_CLASS_NAME[t] for n in found for t in graph.objects(n, RDF.type) if t in _CLASS_NAME}
            if found and types and types <= set(e.types):
                score.types_correct += 1
            else:
                score.type_errors.append(f"{e.label}: {'/'.join(sorted(types)) or ('no class' if found else 'not found')}"
                                         f" (gold: {'/'.join(e.types)})")
            if e.year is not None:
                score.years_total += 1
                years = {int(str(y)[:4]) for n in found for y in graph.objects(n, SECKG.year)}
                if years == {e.year}:
                    score.years_correct += 1
                else:
                    score.year_errors.append(f"{e.label}: {sorted(years) or 'none'} (gold: {e.year})")
        score.misconceptions_found = index.misconceptions.get(g.document, 0)
        score.misconceptions_gold = g.misconceptions
        articles.append(score)
    return EvalReport(articles)


def _matches(r, subjects: set, objects: set, p: str) -> bool:
    s, _, o = r
    if s in subjects and o in objects:
        return True
    return p == "contrastsWith" and o in subjects and s in objects


def _label(graph: Graph, node) -> str:
    return str(graph.value(node, SKOS.prefLabel) or node)


def format_report(report: EvalReport) -> str:
    head = f"{'article':32} {'P':>5} {'R':>5} {'F1':>5} {'types':>7} {'years':>7} {'miscon.':>8} {'split':>5}"
    lines = [head, "-" * len(head)]
    rows = report.articles + [report.overall]
    for a in rows:
        if a.document == "overall":
            lines.append("-" * len(head))
        lines.append(f"{a.document[:32]:32} {a.precision:5.2f} {a.recall:5.2f} {a.f1:5.2f} "
                     f"{a.type_accuracy:7.2f} {a.year_accuracy:7.2f} "
                     f"{f'{a.misconceptions_found}/{a.misconceptions_gold}':>8} {len(a.split):5d}")
    for a in report.articles:
        for s, p, o in a.missed:
            lines.append(f"missed    [{a.document}] {s} --{p}--> {o}")
        for s, p, o in a.spurious:
            lines.append(f"spurious  [{a.document}] {s} --{p}--> {o}")
        for t in a.type_errors:
            lines.append(f"type      [{a.document}] {t}")
        for y in a.year_errors:
            lines.append(f"year      [{a.document}] {y}")
        for sp in a.split:
            lines.append(f"split     [{a.document}] {sp}")
    return "\n".join(lines)
