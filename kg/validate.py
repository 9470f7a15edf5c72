"""Stage 6: SHACL validation with pySHACL, results as typed objects.

Results are read from pySHACL's report *graph* (sh:ValidationResult nodes),
never from its text, and carry the focus node's label so a person can read
them. Validation runs on the asserted graph without inference (see
``ontology/shapes.ttl``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

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


def validate(data: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate ``data`` against the project's shapes (or ``shapes``)."""
    from pyshacl import validate as shacl_validate

    shapes = shapes if shapes is not None else load_shapes()
    conforms, report, _ = shacl_validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                         allow_warnings=True, meta_shacl=False)
    if not isinstance(report, Graph):  # pySHACL's ValidationFailure: the shapes themselves are wrong
        raise DataError(f"SHACL validation could not run: {getattr(report, 'message', report)}")
    results = []
    for node in report.subjects(SH.resultSeverity, None):
        focus = report.value(node, SH.focusNode)
        path = report.value(node, SH.resultPath)
        label = data.value(focus, SKOS.prefLabel) or data.value(focus, RDFS.label) or ""
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        results.append(ValidationResult(
            severity=Severity.from_iri(report.value(node, SH.resultSeverity)),
            focus=str(focus),
            focus_label=str(label) or _short(data, focus),
            path=_path_text(report if (path, None, None) in report else shapes, data, path),
            message=messages[0] if messages else "",
            value=_short(data, report.value(node, SH.value)),
            shape=_shape_name(shapes, report.value(node, SH.sourceShape)),
        ))
    results.sort(key=lambda r: (r.severity.value != "Violation", r.focus, r.path, r.message))
    return ValidationReport(bool(conforms), results)
