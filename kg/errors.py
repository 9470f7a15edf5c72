"""One error hierarchy for seckg.

Library code raises these; only :mod:`kg.cli` turns them into a one-line
message and an exit status. Each message says what is wrong and where.
"""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error seckg reports to a user."""

    exit_code = 1


class DocumentError(KgError):
    """A source article cannot be read: not UTF-8 text, empty, or without a title."""

    def __init__(self, path: str, message: str, line: int | None = None):
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")
        self.path = str(path)
        self.message = message
        self.line = line

    def __reduce__(self):  # rebuilt from its own arguments when it crosses a process boundary
        return type(self), (self.path, self.message, self.line)


class DataError(KgError):
    """Curated background data or another project file is malformed."""


class InconsistentOntology(KgError):
    """The reasoner found the ontology plus the instances inconsistent."""

    def __init__(self, message: str, individuals: list[str] | None = None, classes: list[str] | None = None):
        super().__init__(message)
        self.individuals = individuals or []
        self.classes = classes or []


class ReasonerError(KgError):
    """The reasoner could not run at all (e.g. no Java)."""


class ValidationFailed(KgError):
    """SHACL validation found violations."""

    def __init__(self, message: str, report=None):
        super().__init__(message)
        self.report = report


class QueryError(KgError):
    """A query cannot be run: unknown name, missing parameter, syntax error, forbidden feature."""

    exit_code = 2


class UnknownQuery(QueryError):
    """No named query has this name."""


class MissingParameter(QueryError):
    """A named query was called without one of its parameters."""


class UnresolvedParameter(QueryError):
    """A parameter value matches no IRI and no label in the graph."""


class ForbiddenQuery(QueryError):
    """The query would update the graph or reach outside it (SERVICE, LOAD, FROM <url>)."""


class BuildNotFound(KgError):
    """There is no built graph where one was expected."""


class GoldError(KgError):
    """A gold file for evaluation is malformed."""
