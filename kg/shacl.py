"""A fast SHACL engine for the subset of SHACL Core (and SHACL-SPARQL) the project's shapes use.

pySHACL takes about a minute on the graph of 1,000 articles (it evaluates each
constraint of each focus node through several layers of Python objects, and a
SPARQL constraint through rdflib's SPARQL engine, once per focus node). This
engine gives the same results -- the same focus nodes, paths, values,
messages, severities and source shapes, as :mod:`kg.validate` reads them from
pySHACL's report -- in seconds:

* the data graph is indexed once (subject -> predicate -> objects, and
  predicate -> subjects and objects);
* core constraints (cardinality, datatype, languageIn, class, nodeKind,
  minInclusive, minLength, ``sh:or`` of ``sh:class`` shapes) are checked with
  the rules pySHACL applies, over that index;
* SPARQL constraints run on Oxigraph, once for all focus nodes where that
  equals SHACL's pre-binding of ``$this`` (see :class:`_SparqlConstraint`),
  their messages filled in as pySHACL does.

:meth:`FastValidator.for_shapes` refuses (returns None) a shapes graph that
uses anything else -- another constraint component, a complex path, a shape
without its own ``sh:message`` (pySHACL would make up a message) -- and the
caller then uses pySHACL. tests/test_scale.py shows both engines agree, on the
dev corpus and on graphs broken to make every shape fire.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from collections import defaultdict
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from .fastrdf import NTriplesWriter, from_oxigraph, oxigraph_store


_DESCRIPTIVE = {RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description, SH.message, SH.severity}
_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
_NODE_KEYS = _DESCRIPTIVE | set(_TARGETS) | {SH.property, SH["or"], SH.sparql}
_PROPERTY_KEYS = _DESCRIPTIVE | {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.languageIn, SH["class"],
                                 SH.nodeKind, SH.minInclusive, SH.minLength, SH["or"]}
_SPARQL_KEYS = {RDF.type, SH.message, SH.prefixes, SH.select}
# Variables pySHACL binds or treats specially that this engine does not.
_SPECIAL_VARIABLES = re.compile(r"[?$](?:currentShape|shapesGraph|failure)\b")
_NODE_KINDS = {
    SH.IRI: (URIRef,), SH.BlankNode: (BNode,), SH.Literal: (Literal,), SH.BlankNodeOrIRI: (BNode, URIRef),
    SH.BlankNodeOrLiteral: (BNode, Literal), SH.IRIOrLiteral: (URIRef, Literal),
}


class _Unsupported(Exception):
    """The shapes use something only pySHACL implements."""


@dataclass
class _PropertyShape:
    node: object
    path_node: object  # sh:path as written: what pySHACL reports as sh:resultPath
    path: tuple  # one IRI, or a sequence of IRIs
    severity: URIRef
    messages: list[str]
    min_count: int | None = None
    max_count: int | None = None
    datatypes: list = field(default_factory=list)
    languages: list[set[str]] = field(default_factory=list)
    classes: list = field(default_factory=list)
    node_kinds: list = field(default_factory=list)
    min_inclusive: list = field(default_factory=list)
    min_length: list = field(default_factory=list)
    ors: list[list] = field(default_factory=list)  # each: the classes of the member shapes


@dataclass
class _SparqlConstraint:
    """A SELECT constraint, run once on Oxigraph for every focus node together.

    SHACL evaluates the query once per focus node with ``$this`` pre-bound.
    When ``$this`` is projected and certainly bound by a triple pattern of the
    query's top-level group (and nothing evaluates in a scope of its own:
    no sub-query, aggregate, LIMIT, VALUES, MINUS or SERVICE, see
    :func:`_one_run_suffices`), that is the same as one run with ``$this``
    free, its solutions grouped by ``?this``: every solution binds ``$this``,
    and every part of the pattern sees that binding, as the pre-bound value.
    One run is linear in the graph; per focus node, Oxigraph scans the whole
    graph each time. Other queries are refused (pySHACL runs them).
    """

    node: object
    query: str
    prefixes: dict[str, str]
    messages: list[Literal]

    def __post_init__(self):
        from rdflib.plugins.sparql import prepareQuery

        try:
            algebra = prepareQuery(self.query, initNs=self.prefixes).algebra
        except Exception as exc:
            raise _Unsupported(f"{self.node}: {exc}") from None
        if not _one_run_suffices(algebra):
            raise _Unsupported(f"{self.node}: $this is not certainly bound by the query's top-level pattern")
        self.selectors = _selectors(algebra)

    def rows_by_focus(self, store: ox.Store) -> dict:
        """{focus node: its solutions as {variable name: rdflib term}}, from one run of the query."""
        solutions = store.query(self.query, prefixes=self.prefixes)
        names = [v.value for v in solutions.variables]
        out: dict = defaultdict(list)
        for solution in solutions:
            row = {name: from_oxigraph(solution[name]) for name in names if solution[name] is not None}
            out[row["this"]].append(row)
        return out


_THIS = Variable("this")
# Algebra nodes whose result is the same whether $this is pre-bound or filtered afterwards.
_SPINE = {"SelectQuery": ("p",), "Project": ("p",), "Filter": ("p",), "Distinct": ("p",), "Reduced": ("p",),
          "OrderBy": ("p",), "Extend": ("p",), "Join": ("p1", "p2"), "LeftJoin": ("p1",)}
# Algebra nodes that evaluate in a scope of their own, or that SHACL forbids with pre-binding.
_OWN_SCOPE = {"ToMultiSet", "Group", "AggregateJoin", "Slice", "values", "Minus", "ServiceGraphPattern"}


def _one_run_suffices(algebra) -> bool:
    """True if evaluating with ``$this`` free, then grouping by it, equals pre-binding it (see _SparqlConstraint)."""
    from rdflib.plugins.sparql.algebra import traverse
    from rdflib.plugins.sparql.parserutils import CompValue

    if _THIS not in (algebra.get("PV") or ()):
        return False
    scoped = []

    def visit(node):
        if isinstance(node, CompValue) and (node.name in _OWN_SCOPE or (node.name == "Extend" and node.var == _THIS)):
            scoped.append(node.name)

    traverse(algebra, visitPre=visit)
    if scoped:
        return False

    def binds_this(node) -> bool:
        if not isinstance(node, CompValue):
            return False
        if node.name == "BGP":
            return any(_THIS in triple for triple in node.triples)
        return any(binds_this(node.get(part)) for part in _SPINE.get(node.name, ()))

    return binds_this(algebra)


def _matching(data, constraints: list[_SparqlConstraint]):
    """The triples of ``data`` some pattern of ``constraints`` can match (all of them if any pattern can match any)."""
    if any(c.selectors is None for c in constraints):
        return data
    objects: dict = {}  # predicate -> the objects a pattern with it names, or None: any object
    for c in constraints:
        for predicates, obj in c.selectors:
            for p in predicates:
                if obj is None:
                    objects[p] = None
                elif objects.get(p, ()) is not None:
                    objects.setdefault(p, set()).add(obj)
    out = []
    for triple in data:
        if triple[1] in objects:
            allowed = objects[triple[1]]
            if allowed is None or triple[2] in allowed:
                out.append(triple)
    return out


def _selectors(algebra) -> list[tuple[frozenset, object]] | None:
    """Which triples the query can match: (predicates, object or None) for each triple pattern; None: any.

    A pattern with an IRI predicate matches only triples with that predicate
    (and that object, if it is an IRI). A pattern with a variable predicate
    matches any triple, unless a FILTER above it on the query's spine (so
    applying to every solution the pattern contributes to) restricts the
    variable with ``IN`` to IRIs. Anything else (a property path, a variable
    predicate not so restricted, a pattern inside an expression's EXISTS) can
    match any triple. The SPARQL store then needs only the triples some
    pattern can match: the answer is the same.
    """
    from rdflib.plugins.sparql.algebra import traverse
    from rdflib.plugins.sparql.parserutils import CompValue

    exists = []
    traverse(algebra, visitPre=lambda n: exists.append(n) if isinstance(n, CompValue) and "EXISTS" in n.name else None)
    if exists:
        return None
    out: list[tuple[frozenset, object]] = []

    def restrictions(expr) -> dict:
        if isinstance(expr, CompValue) and expr.name == "ConditionalAndExpression":
            found = {}
            for part in [expr.expr, *(expr.other or ())]:
                found.update(restrictions(part))
            return found
        if isinstance(expr, CompValue) and expr.name == "RelationalExpression" and expr.op == "IN" \
                and isinstance(expr.expr, Variable) and all(isinstance(x, URIRef) for x in expr.other):
            return {expr.expr: frozenset(expr.other)}
        return {}

    def visit(node, allowed: dict) -> bool:
        """False if some pattern under ``node`` can match any triple."""
        if isinstance(node, (list, tuple)):
            return all(visit(x, {}) for x in node)
        if not isinstance(node, CompValue):
            return True
        if node.name == "BGP":
            for _, p, o in node.triples:
                if isinstance(p, URIRef):
                    out.append((frozenset((p,)), o if isinstance(o, URIRef) else None))
                elif isinstance(p, Variable) and p in allowed:
                    out.append((allowed[p], o if isinstance(o, URIRef) else None))
                else:
                    return False
            return True
        if node.name == "Filter":
            allowed = {**allowed, **restrictions(node.expr)}
        spine = _SPINE.get(node.name, ())
        return all(visit(value, allowed if key in spine else {}) for key, value in node.items()
                   if key not in ("expr", "_vars", "PV", "datasetClause"))

    return out if visit(algebra, {}) else None


@dataclass
class _NodeShape:
    node: object
    severity: URIRef
    messages: list[str]
    target_classes: list = field(default_factory=list)
    target_subjects_of: list = field(default_factory=list)
    target_objects_of: list = field(default_factory=list)
    target_nodes: list = field(default_factory=list)
    properties: list[_PropertyShape] = field(default_factory=list)
    ors: list[list] = field(default_factory=list)
    sparql: list[_SparqlConstraint] = field(default_factory=list)


def _one(graph: Graph, node, predicate):
    values = list(graph.objects(node, predicate))
    if len(values) > 1:
        raise _Unsupported(f"{node} has {len(values)} values for {predicate}")
    return values[0] if values else None


def _keys(graph: Graph, node, allowed: set) -> None:
    for p in set(graph.predicates(node, None)):
        if p not in allowed:
            raise _Unsupported(f"{node} uses {p}")


def _messages(graph: Graph, node) -> list:
    return list(graph.objects(node, SH.message))


def _or_classes(shapes: Graph, node, list_head) -> list:
    """The classes of an ``sh:or`` whose members are each exactly ``[ sh:class C ]``."""
    out = []
    for member in Collection(shapes, list_head):
        _keys(shapes, member, {RDF.type, SH["class"]})
        cls = _one(shapes, member, SH["class"])
        if cls is None or set(shapes.objects(member, RDF.type)) - {SH.NodeShape}:
            raise _Unsupported(f"{node}: an sh:or member is not a plain sh:class shape")
        out.append(cls)
    return out


def _property_shape(shapes: Graph, node) -> _PropertyShape:
    _keys(shapes, node, _PROPERTY_KEYS)
    messages = _messages(shapes, node)
    if not messages:
        raise _Unsupported(f"{node} has no sh:message")
    raw_path = _one(shapes, node, SH.path)
    if isinstance(raw_path, URIRef):
        path = (raw_path,)
    elif isinstance(raw_path, BNode) and shapes.value(raw_path, RDF.first) is not None:
        path = tuple(Collection(shapes, raw_path))
        if not path or not all(isinstance(p, URIRef) for p in path):
            raise _Unsupported(f"{node}: a sequence path of other paths")
    else:
        raise _Unsupported(f"{node}: path {raw_path!r}")
    shape = _PropertyShape(node, raw_path, path, _one(shapes, node, SH.severity) or SH.Violation, messages)
    for name, predicate in (("min_count", SH.minCount), ("max_count", SH.maxCount)):
        value = _one(shapes, node, predicate)
        if value is not None:
            setattr(shape, name, int(value))
    shape.datatypes = list(shapes.objects(node, SH.datatype))
    shape.languages = [{str(x).lower() for x in Collection(shapes, head)} for head in shapes.objects(node, SH.languageIn)]
    shape.classes = list(shapes.objects(node, SH["class"]))
    shape.node_kinds = list(shapes.objects(node, SH.nodeKind))
    if any(k not in _NODE_KINDS for k in shape.node_kinds):
        raise _Unsupported(f"{node}: sh:nodeKind {shape.node_kinds}")
    shape.min_inclusive = list(shapes.objects(node, SH.minInclusive))
    shape.min_length = [int(x) for x in shapes.objects(node, SH.minLength)]
    shape.ors = [_or_classes(shapes, node, head) for head in shapes.objects(node, SH["or"])]
    return shape


def _sparql_constraint(shapes: Graph, node) -> _SparqlConstraint:
    _keys(shapes, node, _SPARQL_KEYS)
    query = _one(shapes, node, SH.select)
    if query is None or _SPECIAL_VARIABLES.search(str(query)):
        raise _Unsupported(f"{node}: not a plain SELECT constraint")
    prefixes = {}
    for declarer in shapes.objects(node, SH.prefixes):
        for decl in shapes.objects(declarer, SH.declare):
            prefixes[str(shapes.value(decl, SH.prefix))] = str(shapes.value(decl, SH.namespace))
    return _SparqlConstraint(node, str(query), prefixes, _messages(shapes, node))


def _node_shape(shapes: Graph, node) -> _NodeShape:
    _keys(shapes, node, _NODE_KEYS)
    if set(shapes.objects(node, RDF.type)) & {RDFS.Class, OWL.Class}:
        raise _Unsupported(f"{node} is a class as well as a shape (implicit target)")
    shape = _NodeShape(node, _one(shapes, node, SH.severity) or SH.Violation, _messages(shapes, node))
    shape.target_classes = list(shapes.objects(node, SH.targetClass))
    shape.target_subjects_of = list(shapes.objects(node, SH.targetSubjectsOf))
    shape.target_objects_of = list(shapes.objects(node, SH.targetObjectsOf))
    shape.target_nodes = list(shapes.objects(node, SH.targetNode))
    shape.properties = [_property_shape(shapes, p) for p in shapes.objects(node, SH.property)]
    shape.ors = [_or_classes(shapes, node, head) for head in shapes.objects(node, SH["or"])]
    if shape.ors and not shape.messages:
        raise _Unsupported(f"{node}: sh:or without sh:message")
    shape.sparql = [_sparql_constraint(shapes, c) for c in shapes.objects(node, SH.sparql)]
    if any(not c.messages and not shape.messages for c in shape.sparql):
        raise _Unsupported(f"{node}: SPARQL constraint without sh:message")
    return shape


# Module constants for the per-triple code: an rdflib namespace attribute lookup costs about 2 µs.
_RDF_TYPE, _LANGSTRING, _SUBCLASS_OF = RDF.type, RDF.langString, RDFS.subClassOf
_RDFS_LITERAL, _RDFS_DATATYPE, _XSD_STRING = RDFS.Literal, RDFS.Datatype, XSD.string
_PYTHON_TYPES = {XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
                 XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime}


class _Index:
    """The triples of the data graph the shapes can look at, by predicate and subject: one pass over them.

    ``data`` is a ``Graph`` or any collection of triples; a collection that is
    not a set is made one first. Each subject's objects are kept in a list, in
    the order the triples come: the triples are distinct, so the lists are
    too, and no ``Literal`` (whose hash is Python code) is hashed. Only the
    ``predicates`` given are indexed (with rdf:type and rdfs:subClassOf).
    Focus nodes come in the order their triples do, which keeps the checks of
    one article's nodes together in memory.
    """

    def __init__(self, data, predicates=None):
        if not isinstance(data, (Graph, AbstractSet)):
            data = dict.fromkeys(data)
        wanted = None if predicates is None else {*predicates, _RDF_TYPE, _SUBCLASS_OF}
        pso: dict = {}  # p -> s -> [o]
        for s, p, o in data:
            by_subject = pso.get(p)
            if by_subject is None:
                if wanted is not None and p not in wanted:
                    continue
                by_subject = pso[p] = {}
            objects = by_subject.get(s)
            if objects is None:
                by_subject[s] = [o]
            else:
                objects.append(o)
        self.pso = pso
        self.instances: dict = {}  # class -> {subject typed with it: None}, in order
        for s, classes in pso.get(_RDF_TYPE, {}).items():
            for cls in classes:
                members = self.instances.get(cls)
                if members is None:
                    self.instances[cls] = {s: None}
                else:
                    members[s] = None
        self._subclasses: dict = {}
        self._superclasses: dict = {}

    def by_subject(self, p) -> dict:
        """{subject: [its objects]} of predicate ``p``."""
        return self.pso.get(p, _NO_VALUES_BY_SUBJECT)

    def objects(self, s, p):
        return self.pso.get(p, _NO_VALUES_BY_SUBJECT).get(s, ())

    def values(self, focus, path: tuple):
        """The value nodes of ``focus`` for ``path`` (one predicate, or a sequence of them), each once."""
        if len(path) == 1:
            return self.objects(focus, path[0])
        nodes = {focus}
        for p in path:
            nodes = {o for n in nodes for o in self.objects(n, p)}
        return nodes

    def superclasses(self, cls) -> set:
        """``cls`` and every class it is a sub-class of (rdfs:subClassOf*), as rdflib's transitive_objects."""
        if cls not in self._superclasses:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in self.objects(todo.pop(), _SUBCLASS_OF):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self._superclasses[cls] = seen
        return self._superclasses[cls]

    def subclasses(self, cls) -> set:
        if cls not in self._subclasses:
            children = defaultdict(set)
            for s, parents in self.by_subject(_SUBCLASS_OF).items():
                for o in parents:
                    children[o].add(s)
            seen, todo = {cls}, [cls]
            while todo:
                for child in children.get(todo.pop(), ()):
                    if child not in seen:
                        seen.add(child)
                        todo.append(child)
            self._subclasses[cls] = seen
        return self._subclasses[cls]

    def is_instance(self, node, cls) -> bool:
        if isinstance(node, Literal):
            return False
        return any(cls in self.superclasses(t) for t in self.objects(node, _RDF_TYPE))

    def focus_nodes(self, shape: _NodeShape) -> dict:
        """The shape's focus nodes, as the keys of a dict, in the order of the data."""
        found = dict.fromkeys(shape.target_nodes)
        for tc in shape.target_classes:
            for cls in sorted(self.subclasses(tc), key=str):
                found.update(self.instances.get(cls, {}))
        for p in shape.target_subjects_of:
            found.update(dict.fromkeys(self.by_subject(p)))
        for p in shape.target_objects_of:
            for objects in self.by_subject(p).values():
                found.update(dict.fromkeys(objects))
        return found


_NO_VALUES_BY_SUBJECT: dict = {}


def _is_datatype(value, datatype) -> bool:
    """pySHACL's DatatypeConstraintComponent, for one value."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        return getattr(value, "ill_typed", None) is not True and _actual_datatype(value, datatype)
    if datatype == _RDFS_LITERAL:
        return True
    if datatype == _RDFS_DATATYPE and value.datatype:
        return True
    if value.datatype is None and value.language is None and datatype == _XSD_STRING:
        return _actual_datatype(value, datatype)
    if datatype == _LANGSTRING and value.language:
        return _actual_datatype(value, datatype)
    return False


def _actual_datatype(value: Literal, datatype) -> bool:
    python_type = _PYTHON_TYPES.get(datatype)
    return python_type is None or isinstance(value.value, python_type)


def _in_languages(value, languages: set[str]) -> bool:
    if not isinstance(value, Literal) or not value.language:
        return False
    lang = str(value.language).lower()
    return "*" in languages or lang in languages or lang.split("-")[0] in languages


def _min_inclusive(value, bound: Literal) -> bool:
    from pyshacl.rdfutil.compare import compare_literal

    if not isinstance(value, Literal):
        return False
    if isinstance(bound.value, str) != isinstance(value.value, str):
        return False
    try:
        return compare_literal(value, bound) >= 0
    except (TypeError, NotImplementedError):
        return False


def _min_length(value, length: int) -> bool:
    if length == 0:
        return True
    if isinstance(value, BNode):
        return False
    if isinstance(value, Literal) and value.value is not None and value.datatype in (None, _LANGSTRING, _XSD_STRING):
        return len(str(value.value)) >= length
    return len(str(value)) >= length


def _format(message: str, bindings: dict) -> str:
    """pySHACL's substitution of ``{?var}`` / ``{$var}`` in a SPARQL constraint's message."""
    for var, val in bindings.items():
        message = re.sub("{{[?$]{}}}".format(var), str(val), message)
    return message


class FastValidator:
    """Validates data graphs against one shapes graph; build it with :meth:`for_shapes`."""

    def __init__(self, shapes: list[_NodeShape]):
        self.shapes = shapes
        # The predicates the core checks look at (the index needs no others)
        self.predicates = {p for shape in shapes for prop in shape.properties for p in prop.path}
        self.predicates.update(p for shape in shapes for p in (*shape.target_subjects_of, *shape.target_objects_of))

    @classmethod
    def for_shapes(cls, shapes: Graph) -> "FastValidator | None":
        """The validator, or None when ``shapes`` uses something only pySHACL implements."""
        nodes = {s for t in _TARGETS for s in shapes.subjects(t, None)}
        nodes |= set(shapes.subjects(RDF.type, SH.NodeShape))
        nodes -= {o for head in shapes.objects(None, SH["or"]) for o in Collection(shapes, head)}
        try:
            if any(shapes.value(n, SH.path) is not None for n in nodes) or set(shapes.subjects(RDF.type, SH.PropertyShape)) \
                    - set(shapes.objects(None, SH.property)):
                raise _Unsupported("a property shape with its own targets")
            if any(shapes.triples((None, SH.deactivated, None))) or any(shapes.triples((None, SH.rule, None))) \
                    or any(shapes.triples((None, SH.target, None))):
                raise _Unsupported("deactivated shapes, rules or custom targets")
            return cls([_node_shape(shapes, n) for n in sorted(nodes, key=str)])
        except _Unsupported:
            return None

    def validate(self, data, terms: NTriplesWriter | None = None) -> list[tuple]:
        """(severity, focus, path, messages, value, source shape) for every result, as pySHACL reports them.

        ``data`` is a ``Graph`` or any collection of triples. SPARQL
        constraints run on an Oxigraph copy of it, made only if a shape has
        one; ``terms`` shares the rdflib-to-Oxigraph conversion with the caller.
        """
        store = None
        constraints = [c for shape in self.shapes for c in shape.sparql]
        if constraints:
            # Only the triples the queries can match; Oxigraph loads them without holding the GIL:
            # in a thread, beside the core checks.
            pool = ThreadPoolExecutor(max_workers=1)
            store = pool.submit(lambda: oxigraph_store(_matching(data, constraints), terms))
            pool.shutdown(wait=False)
        index = _Index(data, self.predicates)
        results: list[tuple] = []
        for shape in self.shapes:
            focus_nodes = index.focus_nodes(shape)
            if not focus_nodes:
                continue
            for classes in shape.ors:
                for f in focus_nodes:
                    if not any(index.is_instance(f, c) for c in classes):
                        results.append((shape.severity, f, None, [str(m) for m in shape.messages], f, shape.node))
            for prop in shape.properties:
                results.extend(self._property(index, prop, focus_nodes))
            for constraint in shape.sparql:
                results.extend(self._sparql(store.result(), shape, constraint, focus_nodes))
        return results

    @staticmethod
    def _property(index: _Index, prop: _PropertyShape, focus_nodes: dict) -> list[tuple]:
        out = []
        path = prop.path_node
        messages = [str(m) for m in prop.messages]

        def result(focus, value=None):
            out.append((prop.severity, focus, path, messages, value, prop.node))

        # (the constraint's parameters, the test each value must pass for each parameter)
        value_checks = (
            (prop.datatypes, _is_datatype),
            (prop.languages, _in_languages),
            (prop.classes, index.is_instance),
            (prop.node_kinds, lambda v, kind: isinstance(v, _NODE_KINDS[kind])),
            (prop.min_inclusive, _min_inclusive),
            (prop.min_length, _min_length),
            (prop.ors, lambda v, classes: any(index.is_instance(v, c) for c in classes)),
        )
        checks = [(parameter, passes) for parameters, passes in value_checks for parameter in parameters]
        # The parameters each value fails, by value object: a value (a year, an offset) recurs, and the
        # index holds every value while this runs, so an id is not reused.
        failed: dict[int, list] = {}
        one_step = index.by_subject(prop.path[0]) if len(prop.path) == 1 else None  # the common case, inlined
        for f in focus_nodes:
            values = one_step.get(f, ()) if one_step is not None else index.values(f, prop.path)
            if prop.min_count is not None and len(values) < prop.min_count:
                result(f)
            if prop.max_count is not None and len(values) > prop.max_count:
                result(f)
            if not checks:
                continue
            for v in values:
                fails = failed.get(id(v))
                if fails is None:
                    fails = failed[id(v)] = [parameter for parameter, passes in checks if not passes(v, parameter)]
                for _ in fails:
                    result(f, v)
        return out

    @staticmethod
    def _sparql(store: ox.Store, shape: _NodeShape, constraint: _SparqlConstraint, focus_nodes: dict) -> list[tuple]:
        out = []
        rows = constraint.rows_by_focus(store)
        for f in sorted(focus_nodes.keys() & rows.keys()):
            seen = []
            for bound in rows[f]:
                t, p, v = bound.pop("this", None), bound.pop("path", None), bound.pop("value", None)
                if t is None and p is None and v is None:
                    continue
                if (t, p, v, bound) in seen:
                    continue
                seen.append((t, p, v, bound))
                v = f if v is None else v  # a node shape's result is about the focus node itself
                fill = dict(bound)
                fill.update({k: x for k, x in (("this", t or f), ("path", p), ("value", v)) if x is not None})
                messages = [_format(str(m), fill) for m in shape.messages]
                messages += [_format(str(m), fill) for m in constraint.messages if m not in shape.messages]
                out.append((shape.severity, t or f, p, messages, v, shape.node))
        return out
