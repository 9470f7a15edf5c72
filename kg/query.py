"""Named and free SPARQL queries over a built graph.

Named queries are the files ``queries/NAME.rq``. Their header comment (lines
starting with ``#`` before the first PREFIX) says the question, the parameters
and an example call:

    # Question: What is derived from a given concept or mechanism?
    # Parameter: concept - the concept or mechanism, by label or IRI
    # Example: kg query derived-from --param concept="Mutual Restraint"

A parameter ``concept`` is the variable ``?concept`` in the query; its value is
bound with ``initBindings`` (by IRI, or by label resolved to an IRI), never
pasted into the query text. Queries that would reach outside the graph
(SERVICE, FROM/FROM NAMED, any update) are refused before they run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from pyparsing import ParseException
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from .errors import ForbiddenQuery, MissingParameter, QueryError, UnknownQuery, UnresolvedParameter
from .paths import QUERIES_DIR
from .vocab import PREFIXES, SECKG

_HEADER_FIELD = re.compile(r"^#\s*(Question|Parameters?|Example|Returns|Note)\s*:\s*(.*)$", re.I)
_PARAM = re.compile(r"^\s*(\w+)\s*(?:[-\u2013\u2014:]\s*(.*))?$")


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    question: str
    parameters: tuple[Parameter, ...]
    examples: tuple[str, ...]
    is_check: bool  # a "*-violation" query must return no rows

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)


@dataclass
class QueryResult:
    kind: str  # SELECT, ASK, CONSTRUCT, DESCRIBE
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # rdflib terms (or None), in variable order
    boolean: bool | None = None
    graph: Graph | None = None
    raw: object = None  # the rdflib Result, for the standard SPARQL result serialisers


def _parse_header(name: str, path: Path, text: str) -> NamedQuery:
    question, params, examples = "", [], []
    current = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER_FIELD.match(line)
        if m:
            current = m.group(1).lower()
            value = m.group(2).strip()
        else:
            value = line.lstrip("#").strip()
        if not value or current is None:
            continue
        if current == "question":
            question = f"{question} {value}".strip()
        elif current.startswith("parameter"):
            if value.lower() in ("none", "none."):
                continue
            pm = _PARAM.match(value)
            if pm:
                params.append(Parameter(pm.group(1), (pm.group(2) or "").strip()))
        elif current == "example":
            examples.append(value)
    if not question:
        raise QueryError(f"{path}: the header comment has no '# Question:' line")
    return NamedQuery(name, path, text, question, tuple(params), tuple(examples), name.endswith("-violation"))


def load_named_queries(directory: Path | None = None) -> dict[str, NamedQuery]:
    """All ``*.rq`` files of ``directory`` (default: the project's queries/), by name."""
    directory = Path(directory or QUERIES_DIR)
    queries = {}
    for path in sorted(directory.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        queries[path.stem] = _parse_header(path.stem, path, text)
    return queries


def get_named_query(name: str, directory: Path | None = None) -> NamedQuery:
    queries = load_named_queries(directory)
    if name not in queries:
        known = ", ".join(sorted(queries)) or "none"
        raise UnknownQuery(f"unknown query {name!r}; known queries: {known}")
    return queries[name]


def walk(node) -> Iterable:
    """Every node of a SPARQL parse tree (rdflib's CompValue / ParseResults), depth first."""
    yield node
    if isinstance(node, CompValue):
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from walk(value)


@lru_cache(maxsize=256)
def _parse(text: str):
    return parseQuery(text)


@lru_cache(maxsize=256)
def _prepare(text: str):
    # Parsing (pyparsing) costs 15-150 ms, far more than evaluating a named query: parse each text once.
    return prepareQuery(text, initNs=PREFIXES)


def check_query(text: str) -> None:
    """Refuse, before anything runs, a query that is malformed or would reach outside the graph.

    Raises :class:`QueryError` (syntax, with the parser's message) or
    :class:`ForbiddenQuery` (update, SERVICE, FROM / FROM NAMED).
    """
    try:
        tree = _parse(text)
    except ParseException as exc:
        if re.search(r"^\s*(?:PREFIX\s+\S+\s*<[^>]*>\s*|BASE\s*<[^>]*>\s*)*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", text, re.I):
            raise ForbiddenQuery("updates are not allowed: the graph is read-only") from None
        raise QueryError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from None
    for node in walk(tree):
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                raise ForbiddenQuery("SERVICE is not allowed: queries never leave the local graph")
            if node.name == "DatasetClause":
                raise ForbiddenQuery("FROM / FROM NAMED is not allowed: queries run over the built graph only")


def _labels_index(graph: Graph) -> dict[str, set[URIRef]]:
    index: dict[str, set[URIRef]] = {}
    for prop in (SKOS.prefLabel, RDFS.label, SKOS.altLabel):
        for s, o in graph.subject_objects(prop):
            if isinstance(s, URIRef) and isinstance(o, Literal):
                index.setdefault(normalise_label(str(o)), set()).add(s)
    return index


def normalise_label(label: str) -> str:
    """Case-, article- and punctuation-insensitive form of a label, for lookup."""
    text = label.strip().lower().replace("\u2019", "'")
    text = re.sub(r"^(the|a|an)\s+", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def resolve_value(graph: Graph, value: str, name: str = "value") -> URIRef:
    """Turn a parameter value into an IRI: an IRI as is, a CURIE by the project prefixes, or a label."""
    value = value.strip()
    if re.match(r"^https?://", value):
        return URIRef(value)
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    prefix, _, local = value.partition(":")
    if local and prefix in PREFIXES and " " not in value:
        return URIRef(PREFIXES[prefix] + local)
    matches = _labels_index(graph).get(normalise_label(value), set())
    preferred = {m for m in matches if (m, SKOS.prefLabel, None) in graph}
    matches = preferred or matches
    # An article is titled like its subject: the label names the subject.
    subjects = {m for m in matches if (m, RDF.type, SECKG.Article) not in graph}
    matches = subjects or matches
    if not matches:
        raise UnresolvedParameter(f"parameter {name}: no entity is labelled {value!r}")
    if len(matches) > 1:
        listed = ", ".join(sorted(str(m) for m in matches))
        raise UnresolvedParameter(f"parameter {name}: {value!r} names more than one entity: {listed}")
    return next(iter(matches))


def _to_result(result) -> QueryResult:
    if result.type == "SELECT":
        variables = [str(v) for v in result.vars]
        return QueryResult("SELECT", variables, [tuple(row) for row in result], raw=result)
    if result.type == "ASK":
        return QueryResult("ASK", boolean=bool(result.askAnswer), raw=result)
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for triple in result:
        g.add(triple)
    return QueryResult(result.type, graph=g)


def run_sparql(graph: Graph, text: str, bindings: dict[str, object] | None = None) -> QueryResult:
    """Run a free SPARQL query (query forms only) over ``graph``."""
    check_query(text)
    try:
        prepared = _prepare(text)
    except ParseException as exc:  # pragma: no cover - check_query parsed it already
        raise QueryError(f"SPARQL syntax error: {exc.msg}") from None
    init = {Variable(k): v for k, v in (bindings or {}).items()}
    try:
        return _to_result(graph.query(prepared, initBindings=init))
    except Exception as exc:  # rdflib raises plain exceptions for evaluation errors
        raise QueryError(f"query failed: {exc}") from None


def run_named(graph: Graph, name: str, params: dict[str, str] | None = None,
              directory: Path | None = None) -> QueryResult:
    """Run the named query ``name`` with ``params`` bound by ``initBindings``.

    Raises :class:`UnknownQuery`, :class:`MissingParameter` (the message lists
    the parameters) or :class:`UnresolvedParameter`.
    """
    query = get_named_query(name, directory)
    params = dict(params or {})
    unknown = sorted(set(params) - set(query.parameter_names))
    if unknown:
        raise QueryError(f"query {name!r} has no parameter {unknown[0]!r}; parameters: {describe_parameters(query)}")
    missing = [p for p in query.parameter_names if p not in params]
    if missing:
        raise MissingParameter(f"query {name!r} needs --param {missing[0]}=...; parameters: {describe_parameters(query)}")
    bindings = {k: resolve_value(graph, v, k) for k, v in params.items()}
    return run_sparql(graph, query.text, bindings)


def describe_parameters(query: NamedQuery) -> str:
    if not query.parameters:
        return "none"
    return "; ".join(f"{p.name} ({p.description})" if p.description else p.name for p in query.parameters)
