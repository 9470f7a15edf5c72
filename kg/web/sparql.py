"""The SPARQL 1.1 Protocol, query side, for a read-only endpoint.

Two halves. :func:`read_request` runs in the server: it turns an HTTP request
(GET; POST form-encoded; POST ``application/sparql-query``) into a
:class:`ProtocolRequest`, and refuses updates (403) and malformed requests.
:func:`answer` and :func:`table` run in a query worker (see
:mod:`kg.web.worker`), under its time limit: they parse the query, pick the
result format by content negotiation (406 if none fits), evaluate, cap the
rows and serialise.

The RDF dataset of a query is made of the graphs this server holds, never of
fetched ones: FROM / FROM NAMED and the protocol's ``default-graph-uri`` /
``named-graph-uri`` name local graphs (an unknown name is an empty graph), and
the protocol parameters override the query's clauses. Without them the
default graph is the union of all graphs. SERVICE and updates are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from urllib.parse import parse_qsl

from pyparsing import ParseException
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef, Variable
from rdflib.namespace import RDF, RDFS, VOID, XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result

from ..errors import ForbiddenQuery, KgError, MissingParameter, QueryError
from ..query import walk as walk_parse_tree
from ..query import describe_parameters, get_named_query, load_named_queries, resolve_value
from ..vocab import PREFIXES
from .conneg import negotiate
from .present import Table, tabulate

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

# Result formats in the server's order of preference (the first wins for */*).
RESULT_FORMATS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
BOOLEAN_FORMATS = ("application/sparql-results+json", "application/sparql-results+xml")
GRAPH_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
FORMAT_IRIS = {
    "application/sparql-results+json": FORMATS.SPARQL_Results_JSON,
    "application/sparql-results+xml": FORMATS.SPARQL_Results_XML,
    "text/csv": FORMATS.SPARQL_Results_CSV,
    "text/tab-separated-values": FORMATS.SPARQL_Results_TSV,
    "text/turtle": FORMATS.Turtle,
    "application/n-triples": FORMATS["N-Triples"],
    "application/ld+json": FORMATS["JSON-LD"],
    "application/rdf+xml": FORMATS.RDF_XML,
}
# Names a ``format`` parameter may use (not part of the protocol: links on pages, and clients such
# as SPARQLWrapper that send ``format=csv``); a media type may be given as well.
FORMAT_NAMES = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
    "turtle": ("text/turtle",),
    "ttl": ("text/turtle",),
    "n3": ("text/turtle",),  # Turtle is a subset of N3
    "nt": ("application/n-triples",),
    "ntriples": ("application/n-triples",),
    "jsonld": ("application/ld+json",),
    "json-ld": ("application/ld+json",),
    "rdfxml": ("application/rdf+xml",),
    "rdf": ("application/rdf+xml",),
    "html": ("text/html",),
}
MAX_QUERY_BYTES = 1 << 20  # a megabyte of SPARQL is no hand-written query
TRUNCATED_HEADER = "Results-Truncated"  # present, with the row limit, when an answer was cut


class ProtocolError(KgError):
    """The HTTP request is not a SPARQL protocol query request; ``status`` is the answer's status."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class NotAcceptable(KgError):
    """The client accepts none of the formats this kind of query can be answered in (HTTP 406)."""


@dataclass(frozen=True)
class ProtocolRequest:
    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Payload:
    body: bytes
    media_type: str
    truncated: bool


# --- in the server: HTTP request -> ProtocolRequest ----------------------------------------


def _media_type(header: str | None) -> tuple[str, dict[str, str]]:
    if not header:
        return "", {}
    main, *params = header.split(";")
    parsed = {}
    for p in params:
        name, _, value = p.partition("=")
        parsed[name.strip().lower()] = value.strip().strip('"').lower()
    return main.strip().lower(), parsed


def _decode_utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(f"{what} is not valid UTF-8 (byte {exc.start})") from None


def read_request(method: str, content_type: str | None, url_params: list[tuple[str, str]],
                 body: bytes = b"") -> ProtocolRequest | None:
    """The query an HTTP request carries, or ``None`` for a GET without one (the service description).

    Raises :class:`ProtocolError`: 403 for any update, 415 for a POST body
    that is neither form-encoded nor ``application/sparql-query`` in UTF-8,
    413 for an oversized body, 400 for zero or several queries.
    """
    if len(body) > MAX_QUERY_BYTES:
        raise ProtocolError(f"the request body is larger than {MAX_QUERY_BYTES} bytes", 413)
    params = list(url_params)
    direct_query = None
    if method == "POST":
        media, media_params = _media_type(content_type)
        if media == "application/sparql-update":
            raise ProtocolError("this endpoint is read-only: SPARQL Update is not accepted", 403)
        if media not in ("application/x-www-form-urlencoded", "application/sparql-query"):
            raise ProtocolError("a query POST must be application/x-www-form-urlencoded or "
                                f"application/sparql-query, not {media or 'untyped'}", 415)
        if media_params.get("charset", "utf-8") != "utf-8":
            raise ProtocolError(f"the request body must be UTF-8, not {media_params['charset']}", 415)
        text = _decode_utf8(body, "the request body")
        if media == "application/sparql-query":
            direct_query = text
        else:
            params += parse_qsl(text, keep_blank_values=True)
    if any(name in ("update", "using-graph-uri", "using-named-graph-uri") for name, _ in params):
        raise ProtocolError("this endpoint is read-only: SPARQL Update is not accepted", 403)
    queries = [value for name, value in params if name == "query"]
    if direct_query is not None:
        if queries:
            raise ProtocolError("a direct POST carries its query in the body, not also in a 'query' parameter")
        queries = [direct_query]
    if len(queries) > 1:
        raise ProtocolError("the request has more than one query")
    if not queries:
        if method == "POST":
            raise ProtocolError("the request has no query")
        return None
    return ProtocolRequest(
        queries[0],
        tuple(v for n, v in params if n == "default-graph-uri"),
        tuple(v for n, v in params if n == "named-graph-uri"),
    )


# --- in a worker: parse, negotiate, evaluate, serialise -----------------------------------


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


@lru_cache(maxsize=256)
def prepare(text: str) -> Query:
    """The parsed and translated query (cached: the common queries repeat). Raises QueryError / ForbiddenQuery."""
    try:
        tree = parseQuery(text)
    except ParseException as exc:
        if _is_update(text):
            raise ForbiddenQuery("this endpoint is read-only: SPARQL Update is not accepted") from None
        raise QueryError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from None
    for node in walk_parse_tree(tree):
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            raise ForbiddenQuery("SERVICE is not allowed: queries never leave this server")
    try:
        return translateQuery(tree, initNs=PREFIXES)
    except Exception as exc:  # rdflib raises plain exceptions, e.g. for an undeclared prefix
        raise QueryError(f"SPARQL error: {exc}") from None


def prepare_named(ds: Dataset, directory: Path | None = None) -> int:
    """Parse every named query into the cache, so that no first caller waits for pyparsing; returns how many."""
    queries = load_named_queries(directory)
    for query in queries.values():
        prepare(query.text)
    return len(queries)


def query_form(query: Query) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE."""
    return query.algebra.name.removesuffix("Query").upper()


def offers_for(form: str) -> tuple[str, ...]:
    if form == "SELECT":
        return tuple(RESULT_FORMATS)
    if form == "ASK":
        return BOOLEAN_FORMATS
    return tuple(GRAPH_FORMATS)


def format_by_name(names: list[str], offers: tuple[str, ...]) -> str | None:
    """The first offer that a ``format`` value names (short name or media type); unknown values are ignored."""
    for name in names:
        name = name.strip().lower()
        for media_type in FORMAT_NAMES.get(name, (name,)):
            if media_type in offers:
                return media_type
    return None


def choose_format(form: str, accept: str | None, format_names: list[str] = ()) -> str:
    """The media type to answer in: one named by ``format`` if any, else by ``Accept``; NotAcceptable if none fits."""
    offers = offers_for(form)
    chosen = format_by_name(list(format_names), offers) or negotiate(accept, offers)
    if chosen is None:
        raise NotAcceptable(f"{form} queries can be answered as {', '.join(offers)}")
    return chosen


def _with_dataset(query: Query, request: ProtocolRequest) -> Query:
    """The query with its dataset replaced by the protocol's graphs (the cached query is not changed)."""
    algebra = CompValue(query.algebra.name)
    algebra.update(query.algebra)
    algebra["datasetClause"] = (
        [CompValue("DatasetClause", default=URIRef(g)) for g in request.default_graphs]
        + [CompValue("DatasetClause", named=URIRef(g)) for g in request.named_graphs]
    )
    return Query(query.prologue, algebra)


@dataclass
class Outcome:
    form: str
    variables: list[str]
    rows: list[tuple]
    boolean: bool | None
    graph: Graph | None
    truncated: bool


def evaluate(ds: Dataset, request: ProtocolRequest, max_rows: int, query: Query | None = None,
             bindings: dict | None = None) -> Outcome:
    """Run the query, ``bindings`` given by ``initBindings``.

    SELECT rows and CONSTRUCT/DESCRIBE triples are cut at ``max_rows``.
    """
    query = query or prepare(request.query)
    if request.default_graphs or request.named_graphs:
        query = _with_dataset(query, request)
    form = query_form(query)
    try:
        result = ds.query(query, initBindings=bindings)
        if form == "SELECT":
            rows = [tuple(row) for row in islice(result, max_rows + 1)]  # lazily: stops the work at the cap
            return Outcome(form, [str(v) for v in result.vars], rows[:max_rows], None, None, len(rows) > max_rows)
        if form == "ASK":
            return Outcome(form, [], [], bool(result.askAnswer), None, False)
        graph = result.graph
    except KgError:
        raise
    except Exception as exc:  # an evaluation error of rdflib, e.g. a bad regular expression
        raise QueryError(f"the query failed: {exc}") from None
    return _graph_outcome(form, graph, max_rows)


def _graph_outcome(form: str, graph: Graph, max_rows: int) -> Outcome:
    """A CONSTRUCT or DESCRIBE answer, cut to its first ``max_rows`` triples in sorted order."""
    truncated = len(graph) > max_rows
    if truncated:
        kept = Graph()
        for triple in islice(sorted(graph), max_rows):
            kept.add(triple)
        graph = kept
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return Outcome(form, [], [], None, graph, truncated)


def evaluate_named(ds: Dataset, name: str, params: dict[str, str], max_rows: int,
                   directory: Path | None = None) -> Outcome:
    """Run the named query ``name`` of ``queries/``, its parameters (IRIs or labels) bound by ``initBindings``.

    Like :func:`kg.query.run_named`, but the parsed query is cached: pyparsing
    takes 15-150 ms per parse, far longer than evaluating these queries.
    """
    query = get_named_query(name, directory)
    missing = [p for p in query.parameter_names if not params.get(p)]
    if missing:
        raise MissingParameter(f"query {name!r} needs a value for {missing[0]!r}; "
                               f"parameters: {describe_parameters(query)}")
    bindings = {p: resolve_value(ds, params[p], p) for p in query.parameter_names}
    return evaluate(ds, ProtocolRequest(query.text), max_rows, bindings=bindings)


def _tsv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        lexical = (str(term).replace("\\", "\\\\").replace('"', '\\"')
                   .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))
        if term.language:
            return f'"{lexical}"@{term.language}'
        if term.datatype and term.datatype != XSD.string:
            return f'"{lexical}"^^<{term.datatype}>'
        return f'"{lexical}"'
    return term.n3()


def serialize(outcome: Outcome, media_type: str) -> bytes:
    if outcome.graph is not None:
        return outcome.graph.serialize(format=GRAPH_FORMATS[media_type], encoding="utf-8")
    if RESULT_FORMATS[media_type] == "tsv":
        lines = ["\t".join("?" + v for v in outcome.variables)]
        lines += ["\t".join(_tsv_term(t) for t in row) for row in outcome.rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    result = Result(outcome.form)
    if outcome.form == "ASK":
        result.askAnswer = outcome.boolean
    else:
        result.vars = [Variable(v) for v in outcome.variables]
        result.bindings = [
            {var: term for var, term in zip(result.vars, row) if term is not None} for row in outcome.rows
        ]
    return result.serialize(format=RESULT_FORMATS[media_type], encoding="utf-8")


def answer(ds: Dataset, request: ProtocolRequest, accept: str | None, format_names: list[str],
           max_rows: int) -> Payload:
    """The protocol answer: negotiated before any work is done, then evaluated and serialised."""
    query = prepare(request.query)
    media_type = choose_format(query_form(query), accept, format_names)
    outcome = evaluate(ds, request, max_rows, query)
    return Payload(serialize(outcome, media_type), media_type, outcome.truncated)


def _table(ds: Dataset, outcome: Outcome, max_rows: int) -> Table:
    if outcome.graph is not None:
        rows = sorted(outcome.graph)
        return tabulate(ds, outcome.form, ["subject", "predicate", "object"], rows, None, outcome.truncated, max_rows)
    return tabulate(ds, outcome.form, outcome.variables, outcome.rows, outcome.boolean, outcome.truncated, max_rows)


def table(ds: Dataset, request: ProtocolRequest, max_rows: int) -> Table:
    """The answer as an HTML table: SELECT rows, the ASK boolean, or CONSTRUCT triples sorted."""
    return _table(ds, evaluate(ds, request, max_rows), max_rows)


def named_table(ds: Dataset, name: str, params: dict[str, str], max_rows: int, directory: Path | None = None) -> Table:
    """A named query's answer as an HTML table (parameters by IRI or label)."""
    return _table(ds, evaluate_named(ds, name, params, max_rows, directory), max_rows)


def named_answer(ds: Dataset, name: str, params: dict[str, str], accept: str | None, format_names: list[str],
                 max_rows: int, directory: Path | None = None) -> Payload:
    """A named query's answer in a SPARQL results (or RDF) format, negotiated like the endpoint's."""
    outcome = evaluate_named(ds, name, params, max_rows, directory)
    media_type = choose_format(outcome.form, accept, format_names)
    return Payload(serialize(outcome, media_type), media_type, outcome.truncated)


# --- the service description ---------------------------------------------------------------


@dataclass(frozen=True)
class DatasetSummary:
    graphs: tuple[tuple[str, int], ...]  # each non-empty named graph and its size, by name
    union_size: int  # triples in the default graph, the union of all graphs


def dataset_summary(ds: Dataset) -> DatasetSummary:
    graphs = sorted((str(g.identifier), len(g)) for g in ds.graphs()
                    if len(g) and not str(g.identifier).startswith("urn:x-rdflib:"))
    return DatasetSummary(tuple(graphs), len(set(ds.triples((None, None, None)))))


def service_description(endpoint: str, summary: DatasetSummary, timeout: float, max_rows: int) -> Graph:
    """SPARQL 1.1 Service Description of this endpoint (https://www.w3.org/TR/sparql11-service-description/)."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    g.bind("formats", FORMATS)
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for iri in FORMAT_IRIS.values():
        g.add((service, SD.resultFormat, iri))
    g.add((service, RDFS.comment, Literal(
        f"Read-only. Each query is stopped after {timeout:g} s; answers are cut at {max_rows} rows "
        f"(the response then carries a {TRUNCATED_HEADER} header). FROM, FROM NAMED and the protocol's "
        "dataset parameters name graphs held here; nothing is fetched. SERVICE and updates are refused.", lang="en")))
    dataset, default = BNode(), BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(summary.union_size)))
    for name, size in summary.graphs:
        named, graph = BNode(), BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(size)))
    return g
