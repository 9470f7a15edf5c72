"""Stage 6: SHACL validation with pySHACL, results as typed objects.

Results are read from pySHACL's report *graph* (sh:ValidationResult nodes),
never from its text, and carry the focus node's label so a person can read
them. Validation runs on the asserted graph without inference (see
``ontology/shapes.ttl``). Two engines give the same report: pySHACL, and a
fast one for large graphs (:mod:`kg.shacl`), the default.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from .assemble import to_graph
from .errors import DataError
from .paths import SHAPES


class Severity(enum.Enum):
    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @classmethod
    def from_iri(cls, iri) -> "Severity":
        return {SH.Violation: cls.VIOLATION, SH.Warning: cls.WARNING, SH.Info: cls.INFO}.get(iri, cls.VIOLATION)


@dataclass(frozen=True, order=True)
class ValidationResult:
    severity: Severity
    focus: str
    focus_label: str
    path: str
    message: str
    value: str
    shape: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity.value}: {self.focus_label} <{self.focus}>{path}: {self.message}{value}"


@dataclass
class ValidationReport:
    conforms: bool
    results: list[ValidationResult]

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity is Severity.VIOLATION]


def load_shapes(path: Path | str | None = None) -> Graph:
    path = Path(path or SHAPES)
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:
        raise DataError(f"{path}: the SHACL shapes are not valid Turtle: {exc}") from None


def _short(graph: Graph, term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:
            return str(term)
    if isinstance(term, Literal):
        return repr(str(term)) if len(str(term)) < 80 else repr(str(term)[:77] + "...")
    return "[path]"


def _path_text(graph: Graph, data: Graph, path) -> str:
    """A SHACL property path in SPARQL notation: ``oa:hasSelector/oa:start``, ``^seckg:partOf``."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return _short(data, path)
    if (path, RDF.first, None) in graph:
        return "/".join(_path_text(graph, data, p) for p in graph.items(path))
    for prop, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "({})*"), (SH.oneOrMorePath, "({})+"),
                      (SH.zeroOrOnePath, "({})?")):
        inner = graph.value(path, prop)
        if inner is not None:
            return fmt.format(_path_text(graph, data, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(graph, data, p) for p in graph.items(alternatives)) + ")"
    return "[path]"


def _shape_name(shapes: Graph, shape) -> str:
    """The IRI of the shape a result comes from; a blank property shape is named by its node shape."""
    if isinstance(shape, URIRef):
        return str(shape)
    parent = shapes.value(None, SH.property, shape)
    return str(parent) if parent is not None else ""


ENGINES = ("fast", "pyshacl")


def validate(data, shapes: Graph | None = None, *, engine: str = "fast", terms=None) -> ValidationReport:
    """Validate ``data`` (a ``Graph``, or a collection of triples) against the project's shapes (or ``shapes``).

    ``engine="pyshacl"`` runs pySHACL on the whole graph. ``engine="fast"``
    (the default) gives the same report in a fraction of the time: core
    constraints are checked over an index of the graph, SPARQL constraints
    run on Oxigraph with ``$this`` pre-bound as SHACL prescribes (see
    :mod:`kg.shacl`). Shapes that use anything the fast engine does not
    implement are validated by pySHACL, so the answer never depends on the
    engine (tests/test_scale.py compares them). ``terms`` (a
    :class:`kg.fastrdf.NTriplesWriter`) shares term conversion with the export.
    """
    shapes = shapes if shapes is not None else load_shapes()
    if not isinstance(data, Graph) and engine == "pyshacl":
        data = to_graph(data)
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "fast":
        from .shacl import FastValidator

        validator = FastValidator.for_shapes(shapes)
        if validator is not None:
            return _report(data, shapes, [(*r, shapes) for r in validator.validate(data, terms)])
    return _report(data, shapes, _pyshacl_results(data, shapes))


def _pyshacl_results(data: Graph, shapes: Graph) -> list[tuple]:
    from pyshacl import validate as shacl_validate

    conforms, report, _ = shacl_validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                         allow_warnings=True, meta_shacl=False)
    if not isinstance(report, Graph):  # pySHACL's ValidationFailure: the shapes themselves are wrong
        raise DataError(f"SHACL validation could not run: {getattr(report, 'message', report)}")
    out = []
    for node in report.subjects(SH.resultSeverity, None):
        path = report.value(node, SH.resultPath)
        out.append((report.value(node, SH.resultSeverity), report.value(node, SH.focusNode), path,
                    [str(m) for m in report.objects(node, SH.resultMessage)], report.value(node, SH.value),
                    report.value(node, SH.sourceShape), report if (path, None, None) in report else shapes))
    return out


def _report(data: Graph, shapes: Graph, raw: list[tuple]) -> ValidationReport:
    """Typed results from (severity, focus, path, messages, value, source shape, graph of the path) tuples."""
    results = []
    if raw and not isinstance(data, Graph):  # only the results' focus nodes need a label: a small graph will do
        foci = {r[1] for r in raw}
        data = to_graph(t for t in data if t[0] in foci and t[1] in (SKOS.prefLabel, RDFS.label))
    for severity, focus, path, messages, value, shape, path_graph in raw:
        # the first label in sorted order: a broken node may have two, and the report is the same every time
        label = min(data.objects(focus, SKOS.prefLabel), default=None) or min(data.objects(focus, RDFS.label), default="")
        messages = sorted(messages)
        results.append(ValidationResult(
            severity=Severity.from_iri(severity),
            focus=str(focus),
            focus_label=str(label) or _short(data, focus),
            path=_path_text(path_graph, data, path),
            message=messages[0] if messages else "",
            value=_short(data, value),
            shape=_shape_name(shapes, shape),
        ))
    results.sort(key=lambda r: (r.severity.value != "Violation", r.focus, r.path, r.message, r.value, r.shape))
    return ValidationReport(not any(r.severity is Severity.VIOLATION for r in results), results)
