"""Turning query results and reports into text for people and programs.

``json`` is the W3C SPARQL 1.1 Query Results JSON format and ``csv`` the
SPARQL 1.1 CSV format (rdflib's serialisers); ``table`` is for reading in a
terminal: IRIs shortened to prefixed names, columns aligned.
"""

from __future__ import annotations

import json

from rdflib import Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib import Graph

from .query import QueryResult
from .vocab import PREFIXES

FORMATS = ("table", "json", "csv")

_NM = NamespaceManager(Graph(), bind_namespaces="none")
for _p, _ns in PREFIXES.items():
    _NM.bind(_p, _ns, override=True)


def term_text(term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            return _NM.normalizeUri(term)
        except Exception:
            return str(term)
    if isinstance(term, Literal):
        return str(term)
    return str(term)


def table(variables: list[str], rows: list[tuple], max_width: int = 60) -> str:
    cells = [[term_text(v) for v in row] for row in rows]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "\u2026" for c in row] for row in cells]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def render(result: QueryResult, fmt: str = "table") -> str:
    if result.kind in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format="turtle" if fmt == "table" else ("json-ld" if fmt == "json" else "nt"))
    if result.kind == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean})
        return "true" if result.boolean else "false"
    if fmt == "json":
        return result.raw.serialize(format="json").decode("utf-8")
    if fmt == "csv":
        return result.raw.serialize(format="csv").decode("utf-8").rstrip("\r\n")
    return table(result.variables, result.rows)
